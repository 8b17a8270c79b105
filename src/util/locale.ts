/**
 * Language tags as people write them (`en_US` from Jekyll and Hugo, `en-us`, `pt_BR.UTF-8` from a
 * POSIX locale) turned into BCP 47 (`en-US`), the form `Intl`, `<html lang>` and feeds need.
 * `Intl` throws a RangeError on an ill-formed tag, so nothing user-written reaches it unchecked.
 */
export type LocaleResult = { ok: true; tag: string } | { ok: false; reason: string };

// Made on the first language outside COMMON: building it loads ICU's display names (8 ms here),
// which every build paid at start-up for the site's own `en` or `de`.
let languageNames: Intl.DisplayNames | undefined;

/** Languages every ICU names (a test holds it), checked without loading display names. */
export const COMMON_LANGUAGES = new Set(
  'ar bg bn ca cs cy da de el en es et eu fa fi fr ga gl he hi hr hu hy id is it ja ka kk ko lt lv mk ms nb nl nn no pl pt ro ru sk sl sq sr sv sw ta te th tr uk ur uz vi zh'.split(
    ' ',
  ),
);

const memo = new Map<string, LocaleResult>();

export function normaliseLocale(written: string): LocaleResult {
  let result = memo.get(written);
  if (!result) {
    if (memo.size > 1000) memo.clear();
    result = compute(written);
    memo.set(written, result);
  }
  return result;
}

function compute(written: string): LocaleResult {
  // POSIX locales carry an encoding and a modifier (`de_DE.UTF-8@euro`) that BCP 47 has no place for.
  const cleaned = written
    .trim()
    .replace(/[.@].*$/, '')
    .replace(/_/g, '-');
  if (cleaned === '' || cleaned.length > 64) return { ok: false, reason: 'it is not a language tag' };
  let tag: string;
  try {
    tag = Intl.getCanonicalLocales(cleaned)[0]!;
  } catch {
    return { ok: false, reason: 'it is not a well-formed language tag' };
  }
  // `english` and `zz` are well-formed but name no language: Intl would quietly use its default.
  let language = '';
  let name: string | undefined;
  try {
    language = new Intl.Locale(tag).language;
    name = COMMON_LANGUAGES.has(language) ? language : (languageNames ??= new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' })).of(language);
  } catch {
    name = undefined;
  }
  if (name === undefined || language === 'und') return { ok: false, reason: `"${language || tag}" is not a language code` };
  return { ok: true, tag };
}
