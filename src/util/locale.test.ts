import { describe, expect, it } from 'vitest';
import { normaliseLocale } from './locale.js';

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
