/**
 * The candidates of a `srcset` as HTML reads them: a URL runs to the next ASCII whitespace (a
 * comma at its end ends the candidate; a no-break space is part of the URL), then its
 * descriptors run to the next comma outside parentheses (which do not nest). So a URL with a
 * comma in it (`/a,b.png 2x`) stays whole, where splitting at every comma would look for a file
 * named `/a`.
 */
export function parseSrcset(srcset: string): { url: string; descriptor: string }[] {
  const out: { url: string; descriptor: string }[] = [];
  let i = 0;
  while (i < srcset.length) {
    while (i < srcset.length && /[ \t\n\f\r,]/.test(srcset[i]!)) i++;
    const start = i;
    while (i < srcset.length && !/[ \t\n\f\r]/.test(srcset[i]!)) i++;
    const url = srcset.slice(start, i);
    if (url.endsWith(',')) {
      const bare = url.replace(/,+$/, '');
      if (bare) out.push({ url: bare, descriptor: '' });
      continue;
    }
    const from = i;
    for (let inParens = false; i < srcset.length && (srcset[i] !== ',' || inParens); i++) {
      if (srcset[i] === '(') inParens = true;
      else if (srcset[i] === ')') inParens = false;
    }
    if (url) out.push({ url, descriptor: srcset.slice(from, i).replace(/^[ \t\n\f\r]+|[ \t\n\f\r]+$/g, '') });
  }
  return out;
}

/** A srcset written back from its candidates, each URL replaced by what `rewrite` makes of it. */
export function mapSrcset(srcset: string, rewrite: (url: string) => string): string {
  return parseSrcset(srcset)
    .map(({ url, descriptor }) => (descriptor ? `${rewrite(url)} ${descriptor}` : rewrite(url)))
    .join(', ');
}
