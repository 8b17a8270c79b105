/** sRGB colours as WCAG 2 measures them. */
export type Rgb = [number, number, number];

export const HEX_COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

export function parseHex(hex: string): Rgb {
  let h = hex.slice(1);
  if (h.length === 3) h = [...h].map((c) => c + c).join('');
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as Rgb;
}

export function toHex(c: Rgb): string {
  return '#' + c.map((v) => Math.round(Math.min(255, Math.max(0, v))).toString(16).padStart(2, '0')).join('');
}

/** WCAG 2.x relative luminance. */
export function luminance([r, g, b]: Rgb): number {
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

export function contrastRatio(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** `weight` of `a` mixed into `b`, channel by channel (what CSS color-mix in srgb does). */
export function mix(a: Rgb, b: Rgb, weight: number): Rgb {
  return a.map((v, i) => v * weight + b[i]! * (1 - weight)) as Rgb;
}

/** Ratios are reported rounded down, so "4.49" never displays as a passing "4.5". */
export function formatRatio(r: number): string {
  return `${Math.floor(r * 100) / 100}:1`;
}
