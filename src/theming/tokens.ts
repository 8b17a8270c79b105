import { CasebookError, catalog, type Location } from '../errors/index.js';
import { contrastRatio, formatRatio, mix, nearestPassingShade, parseHex, toHex, type Rgb } from './color.js';
import { DARK_CODE_THEMES, LIGHT_CODE_THEMES } from './code-themes.js';
import type { ThemeTokens } from '../config/theme-schema.js';

export { themeSchema, type ThemeTokens } from '../config/theme-schema.js';
import { presetOf } from './presets.js';

export const DEFAULT_FONTS = {
  // Inter's variable Latin subset ships with the theme (src/render/body-font.ts); the system stack
  // shows while it loads (font-display: swap) and for characters outside Latin.
  body: '"Inter Variable", system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif',
  heading: 'var(--font-body)',
  mono: 'ui-monospace, SFMono-Regular, "JetBrains Mono", Menlo, Consolas, "Liberation Mono", monospace',
};

/** Both schemes' base colours; the accent and code colours are layered on by themeCss. */
export const BASE_PALETTES = {
  light: {
    'color-scheme': 'light',
    '--bg': '#fdfcfa',
    '--surface': '#f4f2ee',
    '--text': '#1d1c1a',
    '--muted': '#57534d',
    '--border': '#dcd8d0',
    '--accent': '#5b3fc4',
    '--accent-soft': '#eae5f4',
    '--focus': '#b3261e',
    '--good': '#176339',
    '--bad': '#a3271b',
  },
  dark: {
    'color-scheme': 'dark',
    '--bg': '#15161a',
    '--surface': '#1e2026',
    '--text': '#e9e7e3',
    '--muted': '#aaa59d',
    '--border': '#3a3d45',
    '--accent': '#b4a4ff',
    '--accent-soft': '#282735',
    '--focus': '#ffb4a9',
    '--good': '#7ddc9b',
    '--bad': '#ff9d92',
  },
} as const;

/**
 * The scale, rhythm and shape of the default theme. Not config keys: a preset swaps the whole set
 * (the type scale, spacing and radii) and the stylesheet uses nothing else.
 */
export const DESIGN_TOKENS: Record<string, string> = {
  // A 1.2 (minor third) type scale on a fluid base: step 0 is body text.
  '--step--1': 'clamp(.84rem, .82rem + .1vw, .9rem)',
  '--step-0': 'clamp(1rem, .96rem + .2vw, 1.0625rem)',
  '--step-1': 'clamp(1.17rem, 1.1rem + .35vw, 1.3rem)',
  '--step-2': 'clamp(1.38rem, 1.25rem + .6vw, 1.6rem)',
  '--step-3': 'clamp(1.65rem, 1.4rem + 1.2vw, 2.1rem)',
  '--step-4': 'clamp(1.95rem, 1.55rem + 2vw, 2.75rem)',
  '--leading': '1.65',
  '--leading-tight': '1.2',
  // Vertical rhythm: every block margin is a multiple of --space.
  '--space': '1.5rem',
  '--radius': '.6rem',
  '--radius-sm': '.35rem',
  '--heading-weight': '700',
  '--heading-tracking': '-.02em',
  '--shadow': '0 1px 2px rgb(0 0 0/.06), 0 4px 14px rgb(0 0 0/.05)',
  '--header-height': '3.75rem',
  '--wide-width': '72rem',
};

const AA = 4.5;
type Scheme = 'light' | 'dark';

/** The soft tint behind current filters and search matches: the accent at 12% over the page. */
function softOf(accent: Rgb, bg: Rgb): Rgb {
  return mix(accent, bg, 0.12);
}

type Palettes = { light: Record<string, string>; dark: Record<string, string> };

/** The lowest contrast of an accent against what it is drawn on (or draws on) in one scheme. */
function worstContrast(accent: Rgb, scheme: Scheme, palettes: Palettes = BASE_PALETTES): { ratio: number; against: string } {
  const p = palettes[scheme] as Record<'--bg' | '--surface', string>;
  const against: [string, Rgb][] = [
    ['the page background ' + p['--bg'], parseHex(p['--bg'])],
    ['the surface colour ' + p['--surface'], parseHex(p['--surface'])],
    ['its own tint ' + toHex(softOf(accent, parseHex(p['--bg']))), softOf(accent, parseHex(p['--bg']))],
  ];
  return against.map(([name, c]) => ({ ratio: contrastRatio(accent, c), against: name })).sort((a, b) => a.ratio - b.ratio)[0]!;
}

/**
 * A dark-scheme accent from a light one: mixed towards white until it reads on the dark
 * background, so a site that sets one colour gets a legible pair.
 */
export function deriveDarkAccent(light: Rgb, palettes: Palettes = BASE_PALETTES): Rgb {
  for (let w = 0; w <= 1; w += 0.05) {
    const c = mix([255, 255, 255], light, w);
    if (worstContrast(c, 'dark', palettes).ratio >= AA) return c;
  }
  return [255, 255, 255];
}

export interface ResolvedTheme {
  css: string;
  /** Whether the preset's rules (theme/presets.css) follow the default theme. */
  preset: boolean;
  light: Record<string, string>;
  dark: Record<string, string>;
}

/**
 * The palette, fonts and width as custom properties, after checking that every accent meets
 * WCAG AA. `where(key)` points an error at the config line that set the colour.
 */
export function resolveTheme(tokens: ThemeTokens, where: (key: string) => Location | undefined): ResolvedTheme {
  const accent = tokens.accent;
  const lightHex = typeof accent === 'string' ? accent : accent?.light;
  const darkHex = typeof accent === 'object' ? accent.dark : undefined;
  const preset = presetOf(tokens.preset);
  const palettes: Palettes = preset ?? BASE_PALETTES;
  const check = (hex: string, scheme: Scheme, key: string) => {
    const { ratio, against } = worstContrast(parseHex(hex), scheme, palettes);
    if (ratio < AA) {
      const shade = nearestPassingShade(parseHex(hex), (c) => worstContrast(c, scheme, palettes).ratio >= AA);
      const proposal = shade
        ? ` The nearest shade of the same hue that passes is ${shade} (${formatRatio(worstContrast(parseHex(shade), scheme, palettes).ratio)}).`
        : '';
      throw new CasebookError(
        'CB2300',
        `${key} ${hex} has a contrast of ${formatRatio(ratio)} against ${against} in the ${scheme} scheme; WCAG AA needs ${AA}:1.${proposal}`,
        where(key),
        shade ? `Set ${key} to ${shade}, or pick another colour that reaches ${AA}:1. ${catalog.CB2300.hint}` : undefined,
      );
    }
  };
  const light: Record<string, string> = { ...palettes.light, ...LIGHT_CODE_THEMES[tokens.codeTheme.light] };
  const dark: Record<string, string> = { ...palettes.dark, ...DARK_CODE_THEMES[tokens.codeTheme.dark] };
  if (lightHex) {
    check(lightHex, 'light', typeof accent === 'string' ? 'theme.accent' : 'theme.accent.light');
    const c = parseHex(lightHex);
    light['--accent'] = toHex(c);
    light['--accent-soft'] = toHex(softOf(c, parseHex(palettes.light['--bg']!)));
    const d = darkHex ? parseHex(darkHex) : deriveDarkAccent(c, palettes);
    if (darkHex) check(darkHex, 'dark', 'theme.accent.dark');
    dark['--accent'] = toHex(d);
    dark['--accent-soft'] = toHex(softOf(d, parseHex(palettes.dark['--bg']!)));
  }
  const shared = {
    '--font-body': tokens.fonts.body ?? preset?.fonts.body ?? DEFAULT_FONTS.body,
    '--font-heading': tokens.fonts.heading ?? preset?.fonts.heading ?? DEFAULT_FONTS.heading,
    '--font-mono': tokens.fonts.mono ?? preset?.fonts.mono ?? DEFAULT_FONTS.mono,
    '--content-width': tokens.contentWidth ?? preset?.contentWidth ?? '46rem',
    ...DESIGN_TOKENS,
    ...preset?.shape,
  };
  const block = (selector: string, vars: Record<string, string>) =>
    `${selector}{${Object.entries(vars)
      .map(([k, v]) => `${k}:${v}`)
      .join(';')}}`;
  // The system preference picks the palette unless the reader chose one: the Light/Dark radios
  // (CSS :has, so it works with JavaScript off) or, across pages, the choice the inline script in
  // <head> restored to html[data-theme] before the first paint.
  const chose = (scheme: Scheme) => `:root:has(#theme-${scheme}:checked),:root[data-theme=${scheme}]`;
  const css = [
    block(':root', { ...shared, ...light }),
    '@media (prefers-color-scheme: dark){',
    block(':root', dark),
    '}',
    block(chose('light'), light),
    block(chose('dark'), dark),
  ].join('\n');
  return { css, preset: preset !== undefined, light, dark };
}
