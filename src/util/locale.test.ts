import { describe, expect, it } from 'vitest';
import { COMMON_LANGUAGES, normaliseLocale } from './locale.js';

describe('normaliseLocale', () => {
  it.each([
    ['en_US', 'en-US'],
    ['en-us', 'en-US'],
    ['EN', 'en'],
    ['pt_BR', 'pt-BR'],
    ['zh_Hans_CN', 'zh-Hans-CN'],
    ['sr_Latn_RS', 'sr-Latn-RS'],
    ['de_DE.UTF-8', 'de-DE'],
    ['ca_ES@valencia', 'ca-ES'],
    [' fr ', 'fr'],
  ])('%j → %s, a tag Intl.PluralRules accepts', (written, tag) => {
    const r = normaliseLocale(written);
    expect(r).toEqual({ ok: true, tag });
    expect(() => new Intl.PluralRules(tag)).not.toThrow();
  });

  it.each(['english', 'x', 'en--US', 'i-klingon', '123', 'C', 'zz', 'und', '', '../../etc/passwd', 'en US'])('%j is refused with a reason', (written) => {
    const r = normaliseLocale(written);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/language/);
  });
});

describe('COMMON_LANGUAGES', () => {
  it('holds only languages ICU names, so skipping the lookup for them changes no answer', () => {
    const names = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });
    for (const code of COMMON_LANGUAGES) expect(names.of(code), code).toMatch(/^[A-Z]/);
  });

  it('still refuses what is not a language, outside the common set', () => {
    expect(normaliseLocale('zz').ok).toBe(false);
    expect(normaliseLocale('qq-XX').ok).toBe(false);
    expect(normaliseLocale('haw')).toEqual({ ok: true, tag: 'haw' });
  });
});
