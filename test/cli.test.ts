import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, spawnCli } from './helpers/cli.js';
import { snapshot } from './helpers/output.js';
import { ageInputs, useTempSites } from './helpers/site.js';

const site = useTempSites();

describe('casebook CLI', () => {
  it('counts in --verbose what was rendered, taken from the cache and kept from the last output', async () => {
    const dir = await site(
      [
        '-- casebook.config.yaml --\nbaseUrl: https://a.example.com/',
        '-- content/writing/a.md --\n---\ntitle: A\ndate: 2024-01-01\n---\nHello.',
        '-- content/writing/b.md --\n---\ntitle: B\ndate: 2024-01-02\n---\nHello again.',
        '-- content/pages/about.md --\n---\ntitle: About\n---\nMe.',
      ].join('\n'),
    );
    await ageInputs(dir);
    const clean = await runCli(['build', dir, '--no-cache', '--skip', 'search', '--verbose']);
    expect(clean.stdout).toContain('markdown: 3 of 3 bodies rendered on 1 thread\n');
    expect(clean.stdout).toMatch(/social cards: [1-9]\d* rendered, 0 from cache\n/);
    await runCli(['build', dir, '--skip', 'search']);
    await writeFile(join(dir, 'content/writing/a.md'), '---\ntitle: A\ndate: 2024-01-01\n---\nHello, edited.\n');
    await ageInputs(dir);
    const edited = await runCli(['build', dir, '--skip', 'search', '--verbose']);
    // A's card shows what it showed (its text changed below the title): the card cache has it.
    expect(edited.stdout).toContain('markdown: 1 of 3 bodies rendered on 1 thread, 2 from cache\n');
    expect(edited.stdout).toMatch(/social cards: 0 rendered, 1 from cache, [1-9]\d* kept from the last output\n/);
  });

  it('names the command a mistyped one was probably meant to be, and only then', async () => {
    const typo = await runCli(['bild']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('error CB3001');
    expect(typo.stderr).toContain('Did you mean `casebook build`?');
    const unknown = await runCli(['zzzz']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).not.toContain('Did you mean');
    expect(unknown.stderr).toContain('casebook --help');
  });

  it('builds and prints a one-line summary', async () => {
    const dir = await site(
      `-- casebook.config.yaml --\nbaseUrl: https://a.example.com/\n-- content/writing/a.md --\n---\ntitle: A\ndate: 2024-01-01\n---\nHello.\n`,
    );
    const r = await runCli(['build', dir, '--skip', 'og']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Built \d+ pages \(1 post, \d+ files\) in \d+\.\d\d s · 0 warnings → .*dist\n$/);
  });

  it('says "Up to date" with the same counts and warnings when nothing changed, and builds with --no-cache', async () => {
    const dir = await site(`-- content/writing/a.md --\n---\ntitle: A\ndate: 2024-01-01\n---\nHello.\n`);
    await ageInputs(dir);
    const built = await runCli(['build', dir]);
    const counts = built.stdout.match(/^Built (\d+ pages \(1 post, \d+ files\))/)![1]!;
    const again = await runCli(['build', dir]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(
      new RegExp(
        `^Up to date: ${counts.replace(/[()]/g, '\\$&')}, nothing changed since the last build \\(checked in \\d+\\.\\d\\d s\\) · 1 warning → .*dist\n$`,
      ),
    );
    expect(again.stderr).toContain('warning CB1105');
    expect((await runCli(['build', dir, '--no-cache'])).stdout).toMatch(/^Built /);
  });

  it('warns when a production build has no baseUrl, but not when --base-url gives one', async () => {
    const dir = await site(`-- content/writing/a.md --\n---\ntitle: A\n---\nHello.\n`);
    const r = await runCli(['build', dir, '--skip', 'og']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning CB1105: No baseUrl for a production build (1)');
    expect(r.stdout).toContain('· 1 warning →');
    const given = await runCli(['build', dir, '--skip', 'og', '--base-url', 'https://a.example.com/']);
    expect(given.stderr).not.toContain('CB1105');
  });

  it('prints a content error with code, file:line:col, code frame and hint, and exits 1', async () => {
    const dir = await site(`-- content/writing/bad.md --\n---\ntitle: Bad\ndate: 2024-02-30\n---\nBody\n`);
    const r = await runCli(['build', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error CB1012: Invalid date');
    expect(r.stderr).toContain(`content/writing/bad.md:3:1`);
    expect(r.stderr).toContain('day 30, but that month has 29 days');
    expect(r.stderr).toMatch(/> 3 \| date: 2024-02-30/);
    expect(r.stderr).toMatch(/hint: Write dates as YYYY-MM-DD/);
    expect(r.stdout).toBe('');
  });

  it('suggests the closest name for an unknown front matter field', async () => {
    const dir = await site(`-- content/a.md --\n---\ntitle: A\ntgas: [x]\n---\n`);
    const r = await runCli(['build', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error CB1010');
    expect(r.stderr).toContain('Did you mean "tags"?');
    expect(r.stderr).toContain('a.md:3:1');
  });

  it('exits 2 on usage errors', async () => {
    expect((await runCli(['bulid'])).code).toBe(2);
    const r = await runCli(['build', '--nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('CB3002');
    expect((await runCli(['build', '--base-url', 'not a url'])).code).toBe(2);
    expect((await runCli(['preview', '--port', 'abc'])).code).toBe(2);
    expect((await runCli([])).code).toBe(2);
    expect((await runCli(['--help'])).code).toBe(0);
  });

  it('exits 1 with CB2006 for a missing site folder and CB2002 for an unknown config key', async () => {
    const missing = await runCli(['build', '/nonexistent/site']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('CB2006');
    const dir = await site(`-- casebook.config.yaml --\ntitle: X\nbaseURL: https://x.dev/\n-- content/a.md --\nHi\n`);
    const r = await runCli(['build', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('CB2002');
    expect(r.stderr).toContain('Did you mean "baseUrl"?');
    expect(r.stderr).toContain('casebook.config.yaml:2:1');
  });

  it('shows the same date and writes identical output whatever the machine time zone', async () => {
    const dir = await site(`
-- casebook.config.yaml --
baseUrl: https://example.com/
-- content/writing/a.md --
---
title: Date only
date: 2024-03-01
---
Body.
-- content/writing/b.md --
---
title: With time
date: 2024-03-01T23:30:00
updated: 2024-03-05T01:00:00-08:00
---
Body.
`);
    const a = await spawnCli(['build', dir, '--out', join(dir, 'kiritimati')], { TZ: 'Pacific/Kiritimati' });
    const b = await spawnCli(['build', dir, '--out', join(dir, 'pago')], { TZ: 'Pacific/Pago_Pago' });
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    const html = await readFile(join(dir, 'kiritimati/writing/a/index.html'), 'utf8');
    expect(html).toContain('<time datetime="2024-03-01T00:00:00Z">March 1, 2024</time>');
    const withTime = await readFile(join(dir, 'pago/writing/b/index.html'), 'utf8');
    expect(withTime).toContain('March 1, 2024');
    expect(withTime).toContain('Updated <time datetime="2024-03-05T01:00:00-08:00">March 5, 2024</time>');
    expect(await snapshot(join(dir, 'kiritimati'))).toEqual(await snapshot(join(dir, 'pago')));
  });
});
