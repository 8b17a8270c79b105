import { existsSync } from 'node:fs';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnCli } from './helpers/cli.js';
import { buildMeasured, scaleSiteConfig } from './helpers/scale-site.js';
import { useTempSites } from './helpers/site.js';

const site = useTempSites();

/** A table of `rows` rows of 10 columns: about 160 bytes a row. */
function table(rows: number): string {
  const out = ['|' + Array.from({ length: 10 }, (_, i) => ` h${i} |`).join(''), '|' + ' --- |'.repeat(10)];
  for (let r = 0; r < rows; r++) out.push('|' + Array.from({ length: 10 }, (_, c) => ` r${r}c${c} value |`).join(''));
  return out.join('\n') + '\n';
}

describe.runIf(existsSync('/usr/bin/time'))('a post that is one big table', () => {
  it('builds a 4.8 MB table (30,000 rows × 10 columns) with the real CLI in under 600 MB', async () => {
    const dir = await site(scaleSiteConfig('Table Site', 'One big table.', { search: true }));
    await mkdir(join(dir, 'content/writing'), { recursive: true });
    const body = table(30_000);
    expect(body.length).toBeGreaterThan(4_800_000);
    await writeFile(join(dir, 'content/writing/table.md'), `---\ntitle: Big table\ndate: 2024-01-01\n---\nIntro.\n\n${body}`);
    const out = join(dir, 'dist');
    const r = await buildMeasured(['build', dir, '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const page = await readFile(join(out, 'writing/table/index.html'), 'utf8');
    expect(page).toContain('<td>r29999c9 value</td>');
    // It was 940 MB (the tokens' garbage stayed in the main heap through the page, feed and search phases).
    expect(r.peakMb).toBeLessThan(600);
  }, 400_000);
});

describe('a post too big to render within the memory limit', () => {
  it('stops the build with CB1340 and exit 1, not a crash', async () => {
    const dir = await site(scaleSiteConfig('Table Site', 'One big table.'));
    await mkdir(join(dir, 'content/writing'), { recursive: true });
    await writeFile(join(dir, 'content/writing/table.md'), `---\ntitle: Big table\ndate: 2024-01-01\n---\n${table(20_000)}`);
    const r = await spawnCli(['build', dir, '--out', join(dir, 'dist')], { CASEBOOK_BODY_HEAP_MB: '40' });
    expect(r.stderr).toContain('CB1340');
    expect(r.stderr).toContain('table.md');
    expect(r.code).toBe(1);
    expect(existsSync(join(dir, 'dist/writing/table/index.html'))).toBe(false);
  }, 300_000);

  it("keeps the limit for a post of another tool's site (a Hugo post)", async () => {
    const dir = await site('');
    await writeFile(join(dir, 'hugo.toml'), 'title = "Old tables"\n');
    await mkdir(join(dir, 'content/posts'), { recursive: true });
    await writeFile(join(dir, 'content/posts/table.md'), `---\ntitle: Big table\ndate: 2024-01-01\n---\n${table(20_000)}`);
    await writeFile(join(dir, 'content/posts/small.md'), '---\ntitle: Small\ndate: 2024-01-02\n---\nText.\n');
    const r = await spawnCli(['build', dir, '--out', join(dir, 'dist')], { CASEBOOK_BODY_HEAP_MB: '40' });
    expect(r.stderr).toContain('CB1340');
    expect(r.stderr).toContain('table.md');
    expect(r.code).toBe(1);
  }, 300_000);

  it('keeps the limit when the other bodies render on the worker pool', async () => {
    const dir = await site(scaleSiteConfig('Table Site', 'One big table.'));
    await mkdir(join(dir, 'content/writing'), { recursive: true });
    await writeFile(join(dir, 'content/writing/table.md'), `---\ntitle: Big table\ndate: 2024-01-01\n---\n${table(20_000)}`);
    for (let i = 0; i < 4; i++)
      await writeFile(join(dir, `content/writing/small-${i}.md`), `---\ntitle: Small ${i}\ndate: 2024-01-0${i + 2}\n---\nText ${i}.\n`);
    // The pool from one body on, on two threads: the table must still render apart, within its limit.
    const r = await spawnCli(['build', dir, '--out', join(dir, 'dist'), '--no-cache', '--verbose'], {
      CASEBOOK_BODY_HEAP_MB: '40',
      CASEBOOK_POOL_BODIES: '1',
      CASEBOOK_THREADS: '2',
    });
    expect(r.stderr).toContain('CB1340');
    expect(r.stderr).toContain('table.md');
    expect(r.code).toBe(1);
  }, 300_000);
});
