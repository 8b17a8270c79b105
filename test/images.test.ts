import { describe, expect, it } from 'vitest';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { randomBytes } from 'node:crypto';
import { useTempSites } from './helpers/site.js';
import { runCli } from './helpers/cli.js';

const site = useTempSites();

describe('responsive images', () => {
  it('reports an image that stays heavy after processing, and fails with CB1431 on a damaged one', { timeout: 180_000 }, async () => {
    const dir = await site(`-- content/writing/noise/index.md --
---
title: Noise
date: 2024-03-01
---
![Static](noise.png)
`);
    // Random pixels: no encoder can make them small.
    await sharp(randomBytes(700 * 500 * 3), { raw: { width: 700, height: 500, channels: 3 } })
      .png()
      .toFile(join(dir, 'content/writing/noise/noise.png'));
    const heavy = await runCli(['build', dir, '--out', join(dir, 'dist')]);
    expect(heavy.code, heavy.stderr).toBe(0);
    expect(heavy.stdout + heavy.stderr).toContain('CB1430');

    const broken = await site(`-- content/writing/broken/index.md --
---
title: Broken
date: 2024-03-01
---
![Cut off](cut.png)
`);
    const png = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#345' } })
      .png()
      .toBuffer();
    await writeFile(join(broken, 'content/writing/broken/cut.png'), png.subarray(0, 200));
    const r = await runCli(['build', broken, '--out', join(broken, 'dist')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('CB1431');
    expect(r.stderr).toContain('cut.png');
  });

  it("shortens a long image name so every variant's file name fits (no ENAMETOOLONG)", { timeout: 120_000 }, async () => {
    const name = 'L'.repeat(240);
    const dir = await site(`-- content/writing/long/index.md --
---
title: Long
date: 2024-03-01
---
![Long name](${name}.png)
`);
    await sharp({ create: { width: 600, height: 300, channels: 3, background: '#abc' } })
      .png()
      .toFile(join(dir, `content/writing/long/${name}.png`));
    const r = await runCli(['build', dir, '--out', join(dir, 'dist'), '--skip', 'og,search']);
    expect(r.code, r.stderr).toBe(0);
    const files = await readdir(join(dir, 'dist/writing/long'));
    expect(files.filter((f) => f.endsWith('.avif'))).toHaveLength(2);
    for (const f of files) expect(Buffer.byteLength(f)).toBeLessThanOrEqual(255);
    const page = await readFile(join(dir, 'dist/writing/long/index.html'), 'utf8');
    for (const f of files.filter((x) => x.endsWith('.webp'))) expect(page).toContain(`/writing/long/${f} `);
  });
});
