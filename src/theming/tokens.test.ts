import { describe, expect, it } from 'vitest';
import { DARK_CODE_THEMES, LIGHT_CODE_THEMES } from './code-themes.js';
import { contrastRatio, formatRatio, parseHex } from './color.js';
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
