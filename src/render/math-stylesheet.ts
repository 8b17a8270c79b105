import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface MathStylesheet {
  /** Site-relative path of KaTeX's stylesheet, named by its content digest. */
  path: string;
  css: string;
  /** The woff2 fonts it refers to: where each goes in the output and where it comes from. */
  fonts: { path: string; from: string }[];
}

let cached: MathStylesheet | undefined;

/**
 * KaTeX's stylesheet and fonts, self-hosted: the fonts keep only their woff2 form (every browser
 * that runs the stylesheet's layout reads woff2) under digest names beside the stylesheet, so
 * hosts can cache all of them forever and no page asks a CDN for anything. The `swap` build of
 * the stylesheet shows formulas in a fallback font while the fonts load instead of hiding them.
 * Read once per process.
 */
export function mathStylesheet(): MathStylesheet {
  if (cached) return cached;
  const dist = join(dirname(createRequire(import.meta.url).resolve('katex/package.json')), 'dist');
  const source = readFileSync(join(dist, 'katex-swap.min.css'), 'utf8');
  const fonts = new Map<string, { path: string; from: string }>();
  const css = source.replace(/src:([^;}]*)/g, (_all, list: string) => {
    const woff2 = /url\((?:"|')?fonts\/([\w-]+)\.woff2(?:"|')?\)\s*format\((?:"|')woff2(?:"|')\)/.exec(list);
    if (!woff2) return `src:${list}`;
    const name = woff2[1]!;
    let font = fonts.get(name);
    if (!font) {
      const from = join(dist, 'fonts', `${name}.woff2`);
      const digest = createHash('sha256').update(readFileSync(from)).digest('hex').slice(0, 10);
      font = { path: `assets/${name}-${digest}.woff2`, from };
      fonts.set(name, font);
    }
    return `src:url(${font.path.slice('assets/'.length)}) format("woff2")`;
  });
  cached = { path: `assets/katex-${createHash('sha256').update(css).digest('hex').slice(0, 10)}.css`, css, fonts: [...fonts.values()] };
  return cached;
}
