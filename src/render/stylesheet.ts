import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface Stylesheet {
  /** Site-relative path with a content digest, so it can be cached forever. */
  path: string;
  css: string;
}

const assets = new Map<string, { path: string; text: string }>();

/**
 * A theme file under a content-digest name (`assets/<name>-<digest>.<ext>`), so hosts can cache
 * it forever. Read once per process.
 */
export function themeAsset(file: string, name: string, ext: string): { path: string; text: string } {
  let asset = assets.get(file);
  if (!asset) {
    const text = readFileSync(new URL(`../../theme/${file}`, import.meta.url), 'utf8');
    asset = { path: `assets/${name}-${createHash('sha256').update(text).digest('hex').slice(0, 10)}.${ext}`, text };
    assets.set(file, asset);
  }
  return asset;
}

/**
 * The site's stylesheet: its tokens (palette, fonts, width), the default theme, a preset's
 * token-driven rules when one is chosen, then the site's own `theme/*.css`, so a site rule wins
 * over a default one of the same specificity. `post` is the same with the rules of prose, code
 * and case studies added before the preset's and the site's CSS: posts and pages link it
 * instead, so list pages stay light and a post still loads one stylesheet (one compressed file
 * is smaller than two). `math` (given KaTeX's rules) is the post stylesheet for pages with math.
 */
export function stylesheet(
  tokensCss: string,
  siteCss: readonly string[] = [],
  fontFace = '',
  preset = false,
  mathCss?: string,
): Stylesheet & { post: Stylesheet; math: Stylesheet | undefined } {
  const join = (parts: string[]) => parts.filter(Boolean).join('\n');
  const presetRules = preset ? themeAsset('presets.css', 'presets', 'css').text : '';
  const css = join([fontFace, tokensCss, themeCss(), presetRules, ...siteCss]);
  const postWith = (extra: string) => join([fontFace, tokensCss, themeCss(), themeCss('casebook-post.css'), extra, presetRules, ...siteCss]);
  const post = postWith('');
  // Pages with math link the post rules with KaTeX's in one file (a second render-blocking
  // request cost the math post its Lighthouse performance score); KaTeX's rules come before the
  // preset's and the site's, so a site rule still wins over KaTeX's of the same specificity.
  const math = mathCss === undefined ? undefined : postWith(mathCss);
  const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 10);
  return {
    path: `assets/casebook-${digest(css)}.css`,
    css,
    post: { path: `assets/casebook-post-${digest(post)}.css`, css: post },
    math: math === undefined ? undefined : { path: `assets/casebook-math-${digest(math)}.css`, css: math },
  };
}

const minified = new Map<string, string>();

/**
 * A theme stylesheet without its comments and line breaks: the file is written to be read, the
 * page weight budget (home 10 KB with gzip) counts what is sent. Safe because the theme's own
 * CSS has no comment markers or line breaks inside strings; a site's CSS is left as written.
 */
export function themeCss(file: 'casebook.css' | 'casebook-post.css' = 'casebook.css'): string {
  let css = minified.get(file);
  if (css === undefined) {
    css = themeAsset(file, file.replace('.css', ''), 'css')
      .text.replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\s*\n\s*/g, '');
    minified.set(file, css);
  }
  return css;
}

/** A monogram favicon in the accent colour, so browsers never request a missing /favicon.ico. */
export function monogramFavicon(title: string, accent = '#5b3fc4'): string {
  const letter = [...title.trim()][0]?.toUpperCase() ?? 'C';
  const safe = letter.replace(/[<>&"']/g, 'C');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="${accent}"/><text x="32" y="44" font-family="system-ui,sans-serif" font-size="36" font-weight="700" text-anchor="middle" fill="#fff">${safe}</text></svg>\n`;
}
