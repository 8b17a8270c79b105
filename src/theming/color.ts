/** sRGB colours as WCAG 2 measures them. */
export type Rgb = [number, number, number];

export function parseHex(hex: string): Rgb {
  let h = hex.slice(1);
  if (h.length === 3) h = [...h].map((c) => c + c).join('');
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as Rgb;
}

export function toHex(c: Rgb): string {
  return (
    '#' +
    c
      .map((v) =>
        Math.round(Math.min(255, Math.max(0, v)))
          .toString(16)
          .padStart(2, '0'),
      )
      .join('')
  );
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

/** OKLCH (Björn Ottosson's OKLab in polar form): lightness 0–1, chroma, hue in radians. */
export type Oklch = [number, number, number];

const toLinear = (v: number) => {
  const s = v / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
};
const fromLinear = (v: number) => 255 * (v <= 0.0031308 ? 12.92 * v : 1.055 * v ** (1 / 2.4) - 0.055);

export function toOklch(c: Rgb): Oklch {
  const [r, g, b] = c.map(toLinear) as Rgb;
  const l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
  const m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
  const s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
  const L = 0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s;
  const A = 1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s;
  const B = 0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s;
  return [L, Math.hypot(A, B), Math.atan2(B, A)];
}

/** The sRGB colour of an OKLCH value, or undefined when it lies outside sRGB. */
export function fromOklch([L, C, h]: Oklch): Rgb | undefined {
  const A = C * Math.cos(h);
  const B = C * Math.sin(h);
  const l = (L + 0.3963377774 * A + 0.2158037573 * B) ** 3;
  const m = (L - 0.1055613458 * A - 0.0638541728 * B) ** 3;
  const s = (L - 0.0894841775 * A - 1.291485548 * B) ** 3;
  const lin = [
    4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s,
    -1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s,
    -0.0041960863 * l - 0.7034186147 * m + 1.707614701 * s,
  ];
  const eps = 1e-6;
  if (lin.some((v) => v < -eps || v > 1 + eps)) return undefined;
  return lin.map((v) => fromLinear(Math.min(1, Math.max(0, v)))) as Rgb;
}

/** At lightness L, the colour of hue h with the most chroma up to C that sRGB can show. */
function inGamut(L: number, C: number, h: number): Rgb {
  let lo = 0;
  let hi = C;
  let best = fromOklch([L, 0, h])!;
  for (let i = 0; i < 20; i++) {
    const mid = (lo + hi) / 2;
    const c = fromOklch([L, mid, h]);
    if (c) {
      best = c;
      lo = mid;
    } else hi = mid;
  }
  return fromOklch([L, C, h]) ?? best;
}

/**
 * The colour nearest to `c` in OKLCH lightness, same hue and (as far as sRGB allows) chroma,
 * for which `passes` holds, as the hex a config can take; undefined when no lightness passes.
 * It is what a designer would do by hand: darken or lighten the brand colour just enough.
 */
export function nearestPassingShade(c: Rgb, passes: (c: Rgb) => boolean): string | undefined {
  if (passes(parseHex(toHex(c)))) return toHex(c);
  const [L, C, h] = toOklch(c);
  for (let step = 1; step <= 1000; step++) {
    for (const l of [L - step / 1000, L + step / 1000]) {
      if (l < 0 || l > 1) continue;
      const hex = toHex(inGamut(l, C, h));
      // Judged as written (rounded to whole channels), so the proposal itself passes the check.
      if (passes(parseHex(hex))) return hex;
    }
  }
  return undefined;
}
