// Pagefind indexes in a process of its own. When that process is gone (killed, out of memory, a
// broken binary), Pagefind's library leaves requests unanswered or rejects them with a plain
// Error: the build must fail with CB4021 and keep the previous output, never exit 0 having
// written nothing, and never exit 70. Real processes: fake Pagefind binaries named through the
// variable Pagefind's library reads (PAGEFIND_EXTENDED_BINARY_PATH).
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCli } from './helpers/cli.js';
import { useTempSites } from './helpers/site.js';

const site = useTempSites();
let bin: string;

const POSTS = Array.from(
  { length: 40 },
  (_, i) => `-- content/writing/p${i}.md --\n---\ntitle: Post ${i}\ndate: 2024-01-${String((i % 28) + 1).padStart(2, '0')}\n---\nWords of post ${i}.\n`,
).join('');

beforeAll(async () => {
  bin = await mkdtemp(join(tmpdir(), 'cb-fake-pagefind-'));
  // Gone at once: its pipe is closed before the first request.
  await writeFile(join(bin, 'gone'), '#!/bin/sh\nexit 3\n');
  // Reads the first request, then stops without answering.
  await writeFile(join(bin, 'silent'), '#!/bin/sh\nhead -c 1 >/dev/null\nexit 0\n');
  for (const f of ['gone', 'silent']) await chmod(join(bin, f), 0o755);
});

afterAll(async () => {
  await rm(bin, { recursive: true, force: true });
});

describe('a Pagefind process that stops', () => {
  for (const fake of ['gone', 'silent']) {
    it(`fails the build with CB4021 and keeps the previous output (${fake})`, async () => {
      const dir = await site(`-- casebook.config.yaml --\ntitle: T\nbaseUrl: https://example.com/\n${POSTS}`);
      const out = join(dir, 'dist');
      const first = await spawnCli(['build', dir, '--skip', 'og', '--no-cache']);
      expect(first.code, first.stderr).toBe(0);
      const before = await readFile(join(out, 'index.html'), 'utf8');
      await writeFile(join(dir, 'content/writing/p0.md'), '---\ntitle: Post 0, edited\ndate: 2024-01-01\n---\nNew words.\n');
      const r = await spawnCli(['build', dir, '--skip', 'og', '--no-cache'], { PAGEFIND_EXTENDED_BINARY_PATH: join(bin, fake) });
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain('error CB4021');
      expect(r.stderr).not.toContain('internal error');
      expect(await readFile(join(out, 'index.html'), 'utf8')).toBe(before);
      expect(existsSync(join(out, 'pagefind'))).toBe(true);
    }, 60_000);
  }
});
