import { isSafeHtml, raw, type SafeHtml } from '../util/html.js';
import { escapeHtml } from '../util/escape.js';
import { normaliseLocale } from '../util/locale.js';
import type { SiteDate } from '../util/dates.js';
import { directionOf, type Message, type MessageKey, type Messages } from './messages.js';

export type Params = Record<string, string | number | SafeHtml>;

/** Theme strings, dates and numbers in one language. */
export interface Translator {
  readonly lang: string;
  readonly dir: 'ltr' | 'rtl';
  /** Plain text; `{name}` placeholders filled in, a numeric `n` picks the plural form. */
  t(key: MessageKey, params?: Params): string;
  /** The same, as HTML: the message text is escaped, SafeHtml parameters (links) are kept. */
  h(key: MessageKey, params?: Params): SafeHtml;
  date(d: SiteDate): string;
  /** The message as written (plural forms unresolved), for the search page's script. */
  message(key: MessageKey): Message;
  number(n: number, options?: Intl.NumberFormatOptions): string;
}

export function createTranslator(written: string, messages: Messages): Translator {
  // Config and front matter are normalised when read; this keeps a tag from any other caller
  // (a theme, the API) from reaching Intl, which throws a RangeError on an ill-formed one.
  const locale = normaliseLocale(written);
  const lang = locale.ok ? locale.tag : 'en';
  const plural = new Intl.PluralRules(lang);
  // Formatters are slow to call through a keyed lookup and slower to build: one per option set,
  // and the plain integer and date strings memoised (a large site formats the same few thousand).
  const plain = new Intl.NumberFormat(lang);
  const withOptions = new Map<Intl.NumberFormatOptions, Intl.NumberFormat>();
  const integers = new Map<number, string>();
  const number = (n: number, options?: Intl.NumberFormatOptions) => {
    if (options) {
      let f = withOptions.get(options);
      if (!f) withOptions.set(options, (f = new Intl.NumberFormat(lang, options)));
      return f.format(n);
    }
    let s = integers.get(n);
    if (s === undefined) {
      s = plain.format(n);
      if (Number.isInteger(n) && integers.size < 10_000) integers.set(n, s);
    }
    return s;
  };
  const dates = new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' });
  const dateTexts = new Map<number, string>();
  /** Strings asked for without parameters: the same few, thousands of times on a large site. */
  const plainTexts = new Map<MessageKey, string>();
  const pick = (key: MessageKey, params: Params | undefined): string => {
    const m = messages[key];
    if (m === undefined) throw new Error(`No theme string "${key}"`);
    if (typeof m === 'string') return m;
    const n = typeof params?.n === 'number' ? params.n : 0;
    return m[plural.select(n)] ?? m.other ?? Object.values(m)[0] ?? '';
  };
  // Most strings have no placeholder ("Contents", "No posts yet"): no regex run for them (a
  // template's default argument asks for one on every call, 8 ms of a 1,000-post build).
  const fill = (text: string, params: Params | undefined, asHtml: boolean): string =>
    !text.includes('{')
      ? text
      : text.replace(/\{(\w+)\}/g, (whole, name: string) => {
          const v = params?.[name];
          if (v === undefined) return whole;
          if (isSafeHtml(v)) return asHtml ? v.value : v.value.replace(/<[^>]*>/g, '');
          const s = typeof v === 'number' ? number(v) : v;
          return asHtml ? escapeHtml(s) : s;
        });
  return {
    lang,
    dir: directionOf(lang),
    t: (key, params) => {
      if (params) return fill(pick(key, params), params, false);
      let text = plainTexts.get(key);
      if (text === undefined) plainTexts.set(key, (text = fill(pick(key, undefined), undefined, false)));
      return text;
    },
    h: (key, params) => {
      const text = pick(key, params);
      // Escape the literal parts, then fill placeholders (already escaped or SafeHtml).
      const parts = text.split(/(\{\w+\})/);
      return raw(parts.map((p) => (/^\{\w+\}$/.test(p) ? fill(p, params, true) : escapeHtml(p))).join(''));
    },
    message: (key) => messages[key]!,
    date: (d) => {
      const day = Date.UTC(d.year, d.month - 1, d.day);
      let text = dateTexts.get(day);
      if (text === undefined) dateTexts.set(day, (text = dates.format(new Date(day))));
      return text;
    },
    number,
  };
}
