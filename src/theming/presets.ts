/**
 * Theme presets: whole looks as sets of design tokens. A preset replaces the palettes, fonts and
 * column width the default theme reads, and sets the shape tokens (type scale, leading, spacing,
 * corners, rules) that theme/presets.css applies; that file has no value of its own, so the
 * tokens carry the whole look. The default preset sets nothing and loads no extra rules.
 */
import type { PresetName } from '../config/theme-schema.js';
export { PRESET_NAMES, type PresetName } from '../config/theme-schema.js';

type Palette = Record<string, string>;

export interface Preset {
  light: Palette;
  dark: Palette;
  fonts: { body: string; heading: string; mono: string };
  contentWidth: string;
  /** Type scale, rhythm and shape, shared by both schemes. */
  shape: Record<string, string>;
}

const SERIF = 'Charter, "Bitstream Charter", "Sitka Text", Cambria, "Iowan Old Style", Georgia, "DejaVu Serif", serif';
const SANS = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif';
const MONO = 'ui-monospace, SFMono-Regular, "JetBrains Mono", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace';

export const PRESETS: Record<Exclude<PresetName, 'default'>, Preset> = {
  /** Long-form reading: warm paper, a serif throughout, a narrow column, generous leading, no boxes. */
  essay: {
    light: {
      'color-scheme': 'light',
      '--bg': '#fbf8f1',
      '--surface': '#f2ede1',
      '--text': '#24201a',
      '--muted': '#5e554a',
      '--border': '#dcd3c2',
      '--accent': '#8c2f1b',
      '--accent-soft': '#eee0d7',
      '--focus': '#1d4ed8',
      '--good': '#1f5e2e',
      '--bad': '#9b2619',
    },
    dark: {
      'color-scheme': 'dark',
      '--bg': '#1b1814',
      '--surface': '#252019',
      '--text': '#ede6d9',
      '--muted': '#b5aa98',
      '--border': '#453d31',
      '--accent': '#f0a48a',
      '--accent-soft': '#352922',
      '--focus': '#9ec1ff',
      '--good': '#8fd6a0',
      '--bad': '#ffa094',
    },
    fonts: { body: SERIF, heading: SERIF, mono: MONO },
    contentWidth: '38rem',
    shape: {
      '--step-0': '1.1875rem',
      '--step-1': '1.3rem',
      '--step-2': '1.6rem',
      '--step-3': 'clamp(2.1rem, 1.5rem + 2.6vw, 3rem)',
      '--leading': '1.75',
      '--heading-weight': '600',
      '--heading-tracking': '-0.01em',
      '--heading-style': 'normal',
      '--card-pad': '1.75rem',
      '--card-rule': '1px solid var(--border)',
      '--card-title': '1.5rem',
      '--radius': '0',
      '--chrome-size': '1rem',
      '--target-pad': '0',
      '--meta-font': SANS,
      '--meta-size': '0.85rem',
      '--meta-tracking': '0.02em',
      '--texture': 'none',
    },
  },
  /** A dense working notebook: a wide column, small type, monospace headings and meta, ruled cards on faint graph paper. */
  notebook: {
    light: {
      'color-scheme': 'light',
      '--bg': '#f7f9f8',
      '--surface': '#eaf0ed',
      '--text': '#14201b',
      '--muted': '#4a5953',
      '--border': '#c9d4cf',
      '--accent': '#0b6146',
      '--accent-soft': '#dbe7e3',
      '--focus': '#b3261e',
      '--good': '#1c6332',
      '--bad': '#a3271b',
    },
    dark: {
      'color-scheme': 'dark',
      '--bg': '#101614',
      '--surface': '#18201d',
      '--text': '#dfe8e3',
      '--muted': '#9fb0a8',
      '--border': '#34423c',
      '--accent': '#6fd3aa',
      '--accent-soft': '#1b2d26',
      '--focus': '#ffb4a9',
      '--good': '#86dca0',
      '--bad': '#ff9d92',
    },
    fonts: { body: SANS, heading: MONO, mono: MONO },
    contentWidth: '54rem',
    shape: {
      '--step-0': '0.9375rem',
      '--step-1': '1.05rem',
      '--step-2': '1.2rem',
      '--step-3': 'clamp(1.45rem, 1.2rem + 1.2vw, 1.85rem)',
      '--leading': '1.55',
      '--heading-weight': '700',
      '--heading-tracking': '0',
      '--heading-style': 'normal',
      '--card-pad': '0.6rem',
      '--card-rule': '1px dashed var(--border)',
      '--card-title': '1.05rem',
      '--radius': '2px',
      '--chrome-size': '0.9375rem',
      '--target-pad': '0.2rem',
      '--meta-font': MONO,
      '--meta-size': '0.8rem',
      '--meta-tracking': '0',
      '--texture': 'linear-gradient(var(--surface) 1px, transparent 1px) 0 0 / 100% 1.55rem',
    },
  },
};

export function presetOf(name: PresetName): Preset | undefined {
  return name === 'default' ? undefined : PRESETS[name];
}
