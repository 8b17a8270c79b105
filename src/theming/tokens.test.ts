import { describe, expect, it } from 'vitest';
import { DARK_CODE_THEMES, LIGHT_CODE_THEMES } from './code-themes.js';
import { contrastRatio, formatRatio, fromOklch, nearestPassingShade, parseHex, toHex, toOklch } from './color.js';
import { BASE_PALETTES, deriveDarkAccent, resolveTheme, themeSchema } from './tokens.js';

describe('contrast', () => {
  it('measures WCAG ratios', () => {
    expect(contrastRatio(parseHex('#000'), parseHex('#fff'))).toBeCloseTo(21, 5);
    expect(contrastRatio(parseHex('#777'), parseHex('#fff'))).toBeCloseTo(4.48, 2);
    // Rounded down so a failing 4.48 never displays as a passing 4.5.
    expect(formatRatio(4.4999)).toBe('4.49:1');
  });

  it('every code theme colour meets AA on its own background', () => {
    for (const themes of [LIGHT_CODE_THEMES, DARK_CODE_THEMES]) {
      for (const [name, p] of Object.entries(themes) as [string, Record<string, string>][]) {
        for (const [key, value] of Object.entries(p)) {
          if (key.endsWith('-bg')) continue;
          const bg = key === '--hl-add' ? p['--hl-add-bg']! : key === '--hl-del' ? p['--hl-del-bg']! : p['--code-bg']!;
          expect(contrastRatio(parseHex(value), parseHex(bg)), `${name} ${key}`).toBeGreaterThanOrEqual(4.5);
        }
      }
    }
  });

  it('derives a dark-scheme accent that passes for any light accent that passes', () => {
    for (const hex of ['#0f6b5c', '#1a5aa6', '#8a1c7c', '#6b4e00', '#000000', '#b3261e']) {
      const dark = deriveDarkAccent(parseHex(hex));
      expect(contrastRatio(dark, parseHex(BASE_PALETTES.dark['--bg'])), hex).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(dark, parseHex(BASE_PALETTES.dark['--surface'])), hex).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('passes the default palette and checks a configured accent against every surface it meets', () => {
    expect(() => resolveTheme(themeSchema.parse({}), () => undefined)).not.toThrow();
    // #2f7d5b passes on the page background (4.87:1) but not on the tint behind current filters (4.17:1).
    expect(contrastRatio(parseHex('#2f7d5b'), parseHex(BASE_PALETTES.light['--bg']))).toBeGreaterThan(4.5);
    expect(() => resolveTheme(themeSchema.parse({ accent: '#2f7d5b' }), () => undefined)).toThrow(/#2f7d5b has a contrast of 4\.17:1 against its own tint/);
  });
});

describe('nearestPassingShade', () => {
  const onWhite = (c: [number, number, number]) => contrastRatio(c, [255, 255, 255]) >= 4.5;

  it('round-trips sRGB through OKLCH', () => {
    for (const hex of ['#7fb2e5', '#1a5aa6', '#ffff00', '#000000', '#ffffff', '#b3261e']) {
      expect(toHex(fromOklch(toOklch(parseHex(hex)))!)).toBe(hex);
    }
  });

  it('darkens a pale accent just enough, keeping its hue', () => {
    for (const hex of ['#7fb2e5', '#ffcc00', '#f43f5e', '#22c55e']) {
      expect(onWhite(parseHex(hex)), hex).toBe(false);
      const shade = nearestPassingShade(parseHex(hex), onWhite)!;
      expect(onWhite(parseHex(shade)), `${hex} → ${shade}`).toBe(true);
      const [L, , h] = toOklch(parseHex(hex));
      const [L2, C2, h2] = toOklch(parseHex(shade));
      expect(L2).toBeLessThan(L);
      if (C2 > 0.02) expect(Math.abs(Math.atan2(Math.sin(h2 - h), Math.cos(h2 - h))), `${hex} → ${shade} hue`).toBeLessThan(0.06);
      // Nearest: a hundredth of lightness back towards the original fails.
      const closer = fromOklch([L2 + 0.01, Math.min(C2, toOklch(parseHex(hex))[1]), h2]);
      if (closer) expect(onWhite(closer), `${hex} → ${shade}`).toBe(false);
    }
  });

  it('returns a passing colour unchanged and undefined when nothing passes', () => {
    expect(nearestPassingShade(parseHex('#1a5aa6'), onWhite)).toBe('#1a5aa6');
    expect(nearestPassingShade(parseHex('#1a5aa6'), () => false)).toBeUndefined();
  });

  it('proposes a shade in the error that the check accepts', () => {
    let message = '';
    try {
      resolveTheme(themeSchema.parse({ accent: { light: '#1a5aa6', dark: '#1a3a66' } }), () => undefined);
    } catch (e) {
      message = (e as Error).message;
    }
    const shade = /passes is (#[0-9a-f]{6})/.exec(message)?.[1];
    expect(shade, message).toBeDefined();
    expect(() => resolveTheme(themeSchema.parse({ accent: { light: '#1a5aa6', dark: shade } }), () => undefined)).not.toThrow();
  });
});
