/**
 * Syntax colours for code blocks. Highlighting writes class names only, so a code theme is a
 * set of custom properties; every colour meets WCAG AA (4.5:1) on its own --code-bg, which
 * src/theming/tokens.test.ts measures.
 */
import type { DarkCodeTheme, LightCodeTheme } from '../config/theme-schema.js';

export type CodePalette = Record<
  | '--code-bg'
  | '--code-text'
  | '--hl-keyword'
  | '--hl-string'
  | '--hl-comment'
  | '--hl-number'
  | '--hl-title'
  | '--hl-builtin'
  | '--hl-add-bg'
  | '--hl-add'
  | '--hl-del-bg'
  | '--hl-del',
  string
>;

export const LIGHT_CODE_THEMES = {
  casebook: {
    '--code-bg': '#f4f2ee',
    '--code-text': '#1d1c1a',
    '--hl-keyword': '#b3261e',
    '--hl-string': '#0b4a7d',
    '--hl-comment': '#5b6068',
    '--hl-number': '#0b57a4',
    '--hl-title': '#6a3bc0',
    '--hl-builtin': '#8a3b00',
    '--hl-add-bg': '#dff5e3',
    '--hl-add': '#125228',
    '--hl-del-bg': '#fbe4e2',
    '--hl-del': '#87101c',
  },
  paper: {
    '--code-bg': '#ffffff',
    '--code-text': '#222222',
    '--hl-keyword': '#000000',
    '--hl-string': '#3d5a1e',
    '--hl-comment': '#6b6b6b',
    '--hl-number': '#5c3d00',
    '--hl-title': '#1f3f77',
    '--hl-builtin': '#4a4a4a',
    '--hl-add-bg': '#e8f5e9',
    '--hl-add': '#1b4d20',
    '--hl-del-bg': '#fdecea',
    '--hl-del': '#7a1616',
  },
  solarized: {
    '--code-bg': '#fdf6e3',
    '--code-text': '#3b4a50',
    '--hl-keyword': '#4f6300',
    '--hl-string': '#1f6e68',
    '--hl-comment': '#5e6b6e',
    '--hl-number': '#a3231f',
    '--hl-title': '#1f5f9e',
    '--hl-builtin': '#8f4a00',
    '--hl-add-bg': '#eaf2d3',
    '--hl-add': '#3c4d00',
    '--hl-del-bg': '#f9e1d8',
    '--hl-del': '#8c1d19',
  },
} satisfies Record<LightCodeTheme, CodePalette>;

export const DARK_CODE_THEMES = {
  casebook: {
    '--code-bg': '#1e2026',
    '--code-text': '#e9e7e3',
    '--hl-keyword': '#ff8a80',
    '--hl-string': '#a8d4ff',
    '--hl-comment': '#9aa1ab',
    '--hl-number': '#86c1ff',
    '--hl-title': '#d4b0ff',
    '--hl-builtin': '#ffb26b',
    '--hl-add-bg': '#0d3a1c',
    '--hl-add': '#b2f2bd',
    '--hl-del-bg': '#4a1015',
    '--hl-del': '#ffd3ce',
  },
  midnight: {
    '--code-bg': '#0b1020',
    '--code-text': '#d6deeb',
    '--hl-keyword': '#c792ea',
    '--hl-string': '#addb67',
    '--hl-comment': '#8a96ab',
    '--hl-number': '#f78c6c',
    '--hl-title': '#82aaff',
    '--hl-builtin': '#7fdbca',
    '--hl-add-bg': '#10301f',
    '--hl-add': '#a6e3b5',
    '--hl-del-bg': '#3a1218',
    '--hl-del': '#ffb3b8',
  },
  solarized: {
    '--code-bg': '#002b36',
    '--code-text': '#c5d1d3',
    '--hl-keyword': '#a9bd3a',
    '--hl-string': '#4fc4b9',
    '--hl-comment': '#8a9a9c',
    '--hl-number': '#f08a80',
    '--hl-title': '#6fb3ea',
    '--hl-builtin': '#e0a040',
    '--hl-add-bg': '#0e3d2a',
    '--hl-add': '#b5e0a0',
    '--hl-del-bg': '#4a1a1c',
    '--hl-del': '#ffc0b8',
  },
} satisfies Record<DarkCodeTheme, CodePalette>;
