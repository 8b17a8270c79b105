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
writeFileSync(join(dir, 'self.html'), 'again {% include self.html %}');
writeFileSync(join(dir, 'forever.html'), '{% for i in (1..100000000) %}{% endfor %}done');
// Ten includes of ten includes … five levels deep: 100 000 renders of one line.
for (const [name, next] of [
  ['m1', 'm2'],
  ['m2', 'm3'],
  ['m3', 'm4'],
  ['m4', 'm5'],
]) {
  writeFileSync(join(dir, `${name}.html`), `{% include ${next}.html %}`.repeat(10));
}
writeFileSync(join(dir, 'm5.html'), `{% include m6.html %}`.repeat(10));
writeFileSync(join(dir, 'm6.html'), 'x'.repeat(60));
writeFileSync(join(dir, 'huge.html'), 'y'.repeat(2_000_001));
// A capture that doubles itself: 16 characters × 2^24 is a 256 MB page.
writeFileSync(
  join(dir, 'doubling.html'),
  '{% capture s %}xxxxxxxxxxxxxxxx{% endcapture %}{% for i in (1..24) %}{% capture s %}{{ s }}{{ s }}{% endcapture %}{% endfor %}{{ s }}',
);
writeFileSync(join(dir, 'captured.html'), '{% capture who %}{{ include.name | upcase }}{% endcapture %}Hello {{ who }}');
const scope = { site: { title: 'S' }, page: { title: 'P' }, baseurl: '/b', origin: 'https://x.org' };

describe('Jekyll includes with liquidjs', () => {
  it('renders include.* parameters, site and page values, nested includes', () => {
    expect(renderInclude(dir, 'badge.html label="new"', scope, (s) => s)).toBe('<span class="badge">NEW · S · P</span>');
    expect(renderInclude(dir, 'nested.html label="x"', scope, (s) => s)).toBe('<span class="badge">X · S · P</span>!');
  });

  it('reads nothing outside the includes folder, by path or through a symbolic link', () => {
    expect(includeExists(dir, '../secret.txt')).toBe(false);
    // Outside files are "not found" like missing ones: the build's notes do not tell what exists elsewhere.
    expect(includeExists(dir, join(root, 'secret.txt'))).toBe(false);
    expect(includeExists(dir, 'linked.html')).toBe(false);
    expect(includeExists(dir, 'badge.html')).toBe(true);
    expect(renderInclude(dir, 'escape.html', scope, (s) => s)).toBeInstanceOf(Error);
    const linked = renderInclude(dir, 'linked.html', scope, (s) => s);
    expect(linked).toBeInstanceOf(Error);
  });

  it('stops an include that includes itself, loops a hundred million times or multiplies, within seconds', () => {
    const huge = renderInclude(dir, 'huge.html', scope, (s) => s);
    expect(huge).toBeInstanceOf(Error);
    expect((huge as Error).message).toMatch(/larger than/);
    for (const tag of ['self.html', 'forever.html', 'm1.html', 'doubling.html']) {
      const started = Date.now();
      const out = renderInclude(dir, tag, scope, (s) => s);
      expect(out, tag).toBeInstanceOf(Error);
      expect((out as Error).message, tag).toMatch(/limit exceeded|call stack/);
      expect(Date.now() - started, tag).toBeLessThan(10_000);
    }
    // An ordinary capture still works.
    expect(renderInclude(dir, 'captured.html name="ada"', scope, (s) => s)).toBe('Hello ADA');
    // The same runaway include again costs nothing: it is not rendered a second time.
    const again = Date.now();
    expect(renderInclude(dir, 'm1.html', scope, (s) => s)).toBeInstanceOf(Error);
    expect(Date.now() - again).toBeLessThan(500);
  });
});
