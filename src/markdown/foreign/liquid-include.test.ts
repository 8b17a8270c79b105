import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { includeExists, renderInclude } from './liquid-include.js';

const root = mkdtempSync(join(tmpdir(), 'casebook-includes-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const dir = join(root, '_includes');
mkdirSync(dir);
writeFileSync(join(root, 'secret.txt'), 'outside the includes folder');
writeFileSync(join(dir, 'badge.html'), '<span class="badge">{{ include.label | upcase }} · {{ site.title }} · {{ page.title }}</span>');
writeFileSync(join(dir, 'nested.html'), '{% include badge.html label=include.label %}!');
writeFileSync(join(dir, 'escape.html'), '{% include ../secret.txt %}');
symlinkSync(join(root, 'secret.txt'), join(dir, 'linked.html'));
const scope = { site: { title: 'S' }, page: { title: 'P' }, baseurl: '/b', origin: 'https://x.org' };

describe('Jekyll includes with liquidjs', () => {
  it('renders include.* parameters, site and page values, nested includes', () => {
    expect(renderInclude(dir, 'badge.html label="new"', scope, (s) => s)).toBe('<span class="badge">NEW · S · P</span>');
    expect(renderInclude(dir, 'nested.html label="x"', scope, (s) => s)).toBe('<span class="badge">X · S · P</span>!');
  });

  it('reads nothing outside the includes folder, by path or through a symbolic link', () => {
    expect(includeExists(dir, '../secret.txt')).toBe(false);
    expect(renderInclude(dir, 'escape.html', scope, (s) => s)).toBeInstanceOf(Error);
    const linked = renderInclude(dir, 'linked.html', scope, (s) => s);
    expect(linked).toBeInstanceOf(Error);
  });
});
