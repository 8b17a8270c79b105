import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface BodyFont {
  /** Site-relative path of the woff2 file, named by its content digest. */
  path: string;
  /** Where the file comes from, to copy into the output. */
  from: string;
  /** The @font-face rule, with a URL relative to the stylesheet in assets/. */
  css: string;
}

let cached: BodyFont | undefined;

/**
 * Inter's variable font, Latin subset, one woff2 for every weight the theme uses (400 to 750),
 * self-hosted from @fontsource-variable/inter. `font-display: swap` shows text in the system
 * font until it arrives; the unicode-range keeps browsers from fetching it for a page in
 * another script, which falls back to the system stack. Read once per process.
 */
export function bodyFont(): BodyFont {
  if (cached) return cached;
  const from = createRequire(import.meta.url).resolve('@fontsource-variable/inter/files/inter-latin-wght-normal.woff2');
  const digest = createHash('sha256').update(readFileSync(from)).digest('hex').slice(0, 10);
  const path = `assets/inter-latin-${digest}.woff2`;
  const css = `@font-face{font-family:"Inter Variable";font-style:normal;font-display:swap;font-weight:100 900;src:url(${path.slice('assets/'.length)}) format("woff2");unicode-range:U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD}`;
  cached = { path, from, css };
  return cached;
}
