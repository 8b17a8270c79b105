import * as z from 'zod';

// The `theme` key of the site config. It lives in config, below theming, so that validating a
// config needs nothing from the theme; theming/tokens.ts resolves the values it allows.

export const HEX_COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

/** The code palettes theming/code-themes.ts defines, by name (its types require one palette per name). */
export const LIGHT_CODE_THEME_NAMES = ['casebook', 'paper', 'solarized'] as const;
export const DARK_CODE_THEME_NAMES = ['casebook', 'midnight', 'solarized'] as const;
export type LightCodeTheme = (typeof LIGHT_CODE_THEME_NAMES)[number];
export type DarkCodeTheme = (typeof DARK_CODE_THEME_NAMES)[number];

/** The looks theming/presets.ts defines as token sets, by name. */
export const PRESET_NAMES = ['default', 'essay', 'notebook'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

const color = z.string().regex(HEX_COLOR, 'must be a hex colour such as #0f766e');
/** Font names, commas, quotes and spaces only: a value cannot close the declaration and add CSS. */
const fontStack = z
  .string()
  .min(1)
  .regex(/^[\p{L}\p{N} ,'"_.-]+$/u, 'must be a font list such as "Iowan Old Style", Georgia, serif');
const length = z.string().regex(/^\d+(\.\d+)?(rem|em|ch|px)$/, 'must be a length such as 44rem, 70ch or 720px');

/** Design tokens in the site config: the default theme's look without touching its CSS. */
export const themeSchema = z
  .object({
    /** A whole look as a set of tokens: default, essay (serif, long-form) or notebook (dense). The keys below refine it. */
    preset: z.enum(PRESET_NAMES).default('default'),
    /** Links, buttons and highlights. One colour for both schemes, or one per scheme. */
    accent: z.union([color, z.object({ light: color, dark: color.optional() }).strict()]).optional(),
    fonts: z.object({ body: fontStack.optional(), heading: fontStack.optional(), mono: fontStack.optional() }).strict().default({}),
    /** Width of the text column (default 46rem, or the preset's). */
    contentWidth: length.optional(),
    codeTheme: z
      .object({ light: z.enum(LIGHT_CODE_THEME_NAMES).default('casebook'), dark: z.enum(DARK_CODE_THEME_NAMES).default('casebook') })
      .strict()
      .default({ light: 'casebook', dark: 'casebook' }),
    /** An image beside the site title: a file under static/ (`/logo.svg`) or a URL. */
    logo: z.string().min(1).optional(),
    /** The browser tab icon: a file under static/ (`/icon.png`). Default: a monogram of the title. */
    favicon: z.string().min(1).optional(),
  })
  .strict();

export type ThemeTokens = z.output<typeof themeSchema>;
