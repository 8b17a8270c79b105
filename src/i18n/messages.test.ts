import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { directionOf, englishMessages, shippedLocales, type Message } from './messages.js';
import { createTranslator } from './translator.js';
import { html } from '../util/html.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const forms = (m: Message): string[] => (typeof m === 'string' ? [m] : (Object.values(m) as string[]));

describe('shipped locales', () => {
  const english = englishMessages();
  const locales = shippedLocales();

  it('ship English and at least three others, one of them right-to-left', () => {
    expect(locales).toContain('en');
    expect(locales.length).toBeGreaterThanOrEqual(4);
    expect(locales.some((l) => directionOf(l) === 'rtl')).toBe(true);
  });

  it.each(locales.filter((l) => l !== 'en'))('%s has every string, the same placeholders, and every plural form its language needs', (lang) => {
    const messages = JSON.parse(readFileSync(new URL(`../../locales/${lang}.json`, import.meta.url), 'utf8')) as Record<string, Message>;
    expect(Object.keys(messages).sort()).toEqual(Object.keys(english).sort());
    const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories.sort();
    for (const [key, base] of Object.entries(english)) {
      const m = messages[key]!;
      expect(typeof m, key).toBe(typeof base);
      const expected = placeholders(forms(base)[0]!);
      if (typeof m === 'object') expect(Object.keys(m).sort(), key).toEqual([...categories].sort());
      for (const text of forms(m)) {
        expect(text.trim().length, key).toBeGreaterThan(0);
        expect(placeholders(text), `${lang} ${key}: ${text}`).toEqual(expected);
      }
    }
  });

  it('English plural messages have the forms English needs', () => {
    for (const [key, m] of Object.entries(english)) {
      if (typeof m === 'object') expect(Object.keys(m).sort(), key).toEqual(['one', 'other']);
    }
  });
});

describe('translator', () => {
  it('fills placeholders, picks plural forms and formats numbers in the language', () => {
    const en = createTranslator('en', englishMessages());
    expect(en.t('post.readingTime', { n: 1 })).toBe('1 min read');
    expect(en.t('list.postCount', { title: 'Go', n: 1200, site: 'S' })).toBe('Go: 1,200 posts on S.');
    const plural = createTranslator('ar', {
      ...englishMessages(),
      'series.parts': { zero: 'z {n}', one: 'o {n}', two: 't {n}', few: 'f {n}', many: 'm {n}', other: 'x {n}' },
    });
    expect([0, 1, 2, 3, 11, 100].map((n) => plural.t('series.parts', { n }).split(' ')[0])).toEqual(['z', 'o', 't', 'f', 'm', 'x']);
  });

  it('escapes message text in HTML but keeps markup parameters', () => {
    const t = createTranslator('en', { ...englishMessages(), 'redirect.movedTo': 'Moved <now> to {link} & gone' });
    expect(t.h('redirect.movedTo', { link: html`<a href="/x">X &amp; Y</a>` }).value).toBe('Moved &lt;now&gt; to <a href="/x">X &amp; Y</a> &amp; gone');
    expect(t.h('redirect.movedTo', { link: '<b>' }).value).toBe('Moved &lt;now&gt; to &lt;b&gt; &amp; gone');
    expect(t.t('redirect.movedTo', { link: html`<a href="/x">X</a>` })).toBe('Moved <now> to X & gone');
  });

  it('knows which languages are written right to left', () => {
    expect(['ar', 'he', 'fa-IR', 'ur', 'az-Arab'].map(directionOf)).toEqual(['rtl', 'rtl', 'rtl', 'rtl', 'rtl']);
    expect(['en', 'de-CH', 'ku-Latn', 'ja'].map(directionOf)).toEqual(['ltr', 'ltr', 'ltr', 'ltr']);
  });
});
