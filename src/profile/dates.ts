const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2021-03-15" → "Mar 2021"; "2021" → "2021". JSON Resume dates are calendar dates, no zone. */
export function resumeDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const [y, m] = value.split('-');
  return m ? `${MONTHS[Number(m) - 1]} ${y}` : y;
}

/** "Mar 2021 – present", "2016 – 2020", or a single date. */
export function resumeRange(start: string | undefined, end: string | undefined, ongoing = 'present'): string | undefined {
  const a = resumeDate(start);
  const b = resumeDate(end);
  if (a && b) return a === b ? a : `${a} – ${b}`;
  if (a) return `${a} – ${ongoing}`;
  return b;
}
