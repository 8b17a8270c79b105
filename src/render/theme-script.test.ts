import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { THEME_SCRIPT, THEME_SCRIPT_HASH } from './theme-script.js';

describe('the inline theme script', () => {
  it('stays under 600 bytes', () => {
    expect(Buffer.byteLength(THEME_SCRIPT)).toBeLessThanOrEqual(600);
  });

  it('is allowed by the CSP hash the theming guide prints', () => {
    const guide = readFileSync(new URL('../../docs/theming.md', import.meta.url), 'utf8');
    expect(guide).toContain(`'${THEME_SCRIPT_HASH}'`);
  });
});
