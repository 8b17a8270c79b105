// The full-size chart and photo at every width, in AVIF, WebP and the original format (27 encodes a
// build): the heaviest image work in the suite. images.test.ts keeps the small cases.
import { describe, expect, it } from 'vitest';
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { build } from '../src/pipeline/index.js';
import { useTempSites } from './helpers/site.js';
import { runCli } from './helpers/cli.js';

const site = useTempSites();

/** A chart-like PNG: flat colours and lines, as engineers' screenshots and charts are. */
async function chartPng(file: string, width: number, height: number): Promise<void> {
  const bars = Array.from(
    { length: 12 },
    (_, i) => `<rect x="${80 + i * 180}" y="${height - 200 - i * 90}" width="120" height="${200 + i * 90 - 80}" fill="hsl(${i * 30},60%,45%)"/>`,
  ).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#fff"/>${bars}<path d="M0,${height / 2} L${width},80" stroke="#123" stroke-width="9"/></svg>`;
  await sharp(Buffer.from(svg)).png().toFile(file);
}

/** A JPEG carrying EXIF (camera make and an orientation) that must not reach the published variants. */
async function photoJpeg(file: string, width: number, height: number): Promise<void> {
  await sharp({ create: { width, height, channels: 3, background: { r: 40, g: 120, b: 200 } } })
    .jpeg({ quality: 95 })
    .withExif({ IFD0: { Make: 'SecretCam', Copyright: 'do-not-publish' } })
    .toFile(file);
}

const POST = `-- casebook.config.yaml --
title: Images
baseUrl: https://example.com/
-- content/writing/charts/index.md --
---
title: Charts
date: 2024-03-01
image: cover.jpg
---
The chart:

![Throughput by hour](chart.png)

Later, a diagram and an animation that pass through:

![Boxes](boxes.svg)

![Spinner](spin.gif)

A small badge, narrower than every step:

![Badge](badge.png)
-- content/writing/charts/boxes.svg --
<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#09c"/></svg>
`;

async function imageSite(): Promise<string> {
  const dir = await site(POST);
  const bundle = join(dir, 'content/writing/charts');
  await chartPng(join(bundle, 'chart.png'), 2400, 1600);
  await photoJpeg(join(bundle, 'cover.jpg'), 1800, 1000);
  await sharp({ create: { width: 300, height: 100, channels: 4, background: '#0a0' } })
    .png()
    .toFile(join(bundle, 'badge.png'));
  await sharp({ create: { width: 16, height: 16, channels: 3, background: '#f00' } })
    .gif()
    .toFile(join(bundle, 'spin.gif'));
  return dir;
}

describe('responsive images at full size', () => {
  it('offers AVIF, WebP and the original format at widths up to twice the content width, never upscaled', { timeout: 180_000 }, async () => {
    const dir = await imageSite();
    const out = join(dir, 'dist');
    const r = await runCli(['build', dir, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const page = await readFile(join(out, 'writing/charts/index.html'), 'utf8');
    const chart = /<picture>(?:(?!<\/picture>).)*alt="Throughput by hour"(?:(?!<\/picture>).)*<\/picture>/s.exec(page)?.[0];
    expect(chart).toBeDefined();
    expect(chart).toContain('type="image/avif"');
    expect(chart).toContain('type="image/webp"');
    expect(chart).toMatch(/sizes="[^"]+"/);
    const widths = [...chart!.matchAll(/chart-(\d+)\.avif (\d+)w/g)].map((m) => Number(m[1]));
    expect(widths).toEqual([480, 736, 1104, 1472]);
    expect(chart).toContain('width="1472" height="981"');
    // The chart is the body's first image, but the cover comes first on the page and takes the priority.
    expect(page).toMatch(/<img class="cover"[^>]*fetchpriority="high"/);

    const original = (await stat(join(dir, 'content/writing/charts/chart.png'))).size;
    for (const w of widths) {
      for (const ext of ['avif', 'webp', 'png']) {
        const file = join(out, `writing/charts/chart-${w}.${ext}`);
        const meta = await sharp(file).metadata();
        expect(meta.width).toBe(w);
        expect(meta.format).toBe(ext === 'avif' ? 'heif' : ext);
      }
    }
    const phone = (await stat(join(out, 'writing/charts/chart-1104.avif'))).size;
    expect(phone * 5).toBeLessThan(original);

    // A 300 px badge is offered at its own width only: nothing is enlarged.
    const badge = /<img[^>]*alt="Badge"[^>]*>/.exec(page)![0];
    expect(badge).toContain('badge-300.png 300w');
    expect(badge).toContain('loading="lazy"');
    expect((await readdir(join(out, 'writing/charts'))).filter((f) => f.startsWith('badge-'))).toEqual(['badge-300.avif', 'badge-300.png', 'badge-300.webp']);

    // SVG and GIF pass through untouched, as plain lazy images.
    expect(page).toMatch(/<img src="\/writing\/charts\/boxes\.svg" alt="Boxes"[^>]*loading="lazy"/);
    expect(page).toMatch(/<img src="\/writing\/charts\/spin\.gif" alt="Spinner"/);
    expect(await readFile(join(out, 'writing/charts/boxes.svg'), 'utf8')).toBe(await readFile(join(dir, 'content/writing/charts/boxes.svg'), 'utf8'));

    // The cover gets the same treatment, and its camera metadata is gone from every variant.
    expect(page).toMatch(/<picture><source type="image\/avif" srcset="\/writing\/charts\/cover-480\.avif 480w/);
    const coverVariant = await readFile(join(out, 'writing/charts/cover-1472.jpg'));
    expect((await sharp(coverVariant).metadata()).exif).toBeUndefined();
    expect(coverVariant.includes('SecretCam')).toBe(false);
    expect((await readFile(join(dir, 'content/writing/charts/cover.jpg'))).includes('SecretCam')).toBe(true);
  });

  it('encodes each variant once: a warm build, an edited post and a second build elsewhere reuse the cache', { timeout: 180_000 }, async () => {
    const dir = await imageSite();
    const first = await build({ site: dir, out: join(dir, 'dist') });
    expect(first.imagesEncoded).toBe(27);
    expect(first.imagesReused).toBe(0);
    const post = join(dir, 'content/writing/charts/index.md');
    await writeFile(post, (await readFile(post, 'utf8')) + '\nOne more paragraph.\n');
    const edited = await build({ site: dir, out: join(dir, 'dist') });
    expect(edited.imagesEncoded).toBe(0);
    expect(edited.imagesReused).toBe(27);
    // Same picture under another name in another post: the same bytes, so nothing to encode.
    await writeFile(join(dir, 'content/writing/copy.md'), '---\ntitle: Copy\ndate: 2024-03-02\n---\n![Again](charts/chart.png)\n');
    const copied = await build({ site: dir, out: join(dir, 'dist') });
    expect(copied.imagesEncoded).toBe(0);
    // --no-cache encodes afresh and leaves nothing behind in the cache folder.
    const uncached = await build({ site: dir, out: join(dir, 'elsewhere'), noCache: true });
    expect(uncached.imagesEncoded).toBeGreaterThan(0);
  });
});
