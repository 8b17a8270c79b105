const monthFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * "2021-03-15" → "Mar 2021" (in `lang`: "März 2021", "مارس 2021"); "2021" → "2021".
 * JSON Resume dates are calendar dates, no zone.
 */
export function resumeDate(value: string | undefined, lang = 'en'): string | undefined {
  if (!value) return undefined;
  const [y, m] = value.split('-');
  if (!m) return y;
  let f = monthFormats.get(lang);
  if (!f) monthFormats.set(lang, (f = new Intl.DateTimeFormat(lang, { month: 'short', year: 'numeric', timeZone: 'UTC' })));
  return f.format(new Date(Date.UTC(Number(y), Number(m) - 1, 1)));
}

/** "Mar 2021 – present", "2016 – 2020", or a single date. */
export function resumeRange(start: string | undefined, end: string | undefined, ongoing = 'present', lang = 'en'): string | undefined {
  const a = resumeDate(start, lang);
  const b = resumeDate(end, lang);
  if (a && b) return a === b ? a : `${a} – ${b}`;
  if (a) return `${a} – ${ongoing}`;
  return b;
}
