import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * Both palettes, as custom properties. Every text/background pair here meets WCAG AA (4.5:1);
 * docs/architecture.md lists the measured ratios.
 */
export const PALETTES = {
  light: {
    'color-scheme': 'light',
    '--bg': '#fdfcfa', '--surface': '#f4f2ee', '--text': '#1d1c1a', '--muted': '#57534d', '--border': '#dcd8d0',
    '--accent': '#1a5aa6', '--accent-soft': '#e6eef8', '--focus': '#b3261e', '--good': '#176339', '--bad': '#a3271b',
    '--code-bg': '#f4f2ee', '--hl-keyword': '#b3261e', '--hl-string': '#0b4a7d', '--hl-comment': '#5b6068',
    '--hl-number': '#0b57a4', '--hl-title': '#6a3bc0', '--hl-builtin': '#8a3b00', '--hl-add-bg': '#dff5e3',
    '--hl-add': '#125228', '--hl-del-bg': '#fbe4e2', '--hl-del': '#87101c',
  },
  dark: {
    'color-scheme': 'dark',
    '--bg': '#15161a', '--surface': '#1e2026', '--text': '#e9e7e3', '--muted': '#aaa59d', '--border': '#3a3d45',
    '--accent': '#8cb8ff', '--accent-soft': '#1f2a3c', '--focus': '#ffb4a9', '--good': '#7ddc9b', '--bad': '#ff9d92',
    '--code-bg': '#1e2026', '--hl-keyword': '#ff8a80', '--hl-string': '#a8d4ff', '--hl-comment': '#9aa1ab',
    '--hl-number': '#86c1ff', '--hl-title': '#d4b0ff', '--hl-builtin': '#ffb26b', '--hl-add-bg': '#0d3a1c',
    '--hl-add': '#b2f2bd', '--hl-del-bg': '#4a1015', '--hl-del': '#ffd3ce',
  },
} as const;

function block(selector: string, vars: Record<string, string>): string {
  return `${selector}{${Object.entries(vars).map(([k, v]) => `${k}:${v}`).join(';')}}`;
}

/** The system preference picks the palette; the #theme-flip switch (CSS :has) inverts it. */
export function paletteCss(): string {
  const flipped = ':root:has(#theme-flip:checked)';
  return [
    block(':root', PALETTES.light),
    block(flipped, PALETTES.dark),
    '@media (prefers-color-scheme: dark){',
    block(':root', PALETTES.dark),
    block(flipped, PALETTES.light),
    '.when-light{display:none}',
    '}',
    '@media (prefers-color-scheme: light){.when-dark{display:none}}',
  ].join('\n');
}

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
export function themeAsset(file: string, name: string, ext: string, prefix = ''): { path: string; text: string } {
  let asset = assets.get(file);
  if (!asset) {
    const text = prefix + readFileSync(new URL(`../../theme/${file}`, import.meta.url), 'utf8');
    asset = { path: `assets/${name}-${createHash('sha256').update(text).digest('hex').slice(0, 10)}.${ext}`, text };
    assets.set(file, asset);
  }
  return asset;
}

export function stylesheet(): Stylesheet {
  const { path, text } = themeAsset('casebook.css', 'casebook', 'css', `${paletteCss()}\n`);
  return { path, css: text };
}

/** A monogram favicon, so browsers never request a missing /favicon.ico. */
export function monogramFavicon(title: string): string {
  const letter = [...title.trim()][0]?.toUpperCase() ?? 'C';
  const safe = letter.replace(/[<>&"']/g, 'C');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="#1a5aa6"/><text x="32" y="44" font-family="system-ui,sans-serif" font-size="36" font-weight="700" text-anchor="middle" fill="#fff">${safe}</text></svg>\n`;
}
