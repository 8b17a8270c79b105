import { describe, expect, it } from 'vitest';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { build } from '../src/pipeline/index.js';
import { useTempSites } from './helpers/site.js';

const site = useTempSites();

/**
 * Issue 19's whole promise in one post: typeset math, drawn diagrams, responsive images, titled
 * and marked code and a diff, with no script file, and a warm build that encodes and draws nothing.
 */
const POST = `-- casebook.config.yaml --
title: Technical writing
baseUrl: https://example.com/
-- content/writing/retro/index.md --
---
title: Spending an error budget
date: 2024-03-01
---
The budget is $B = (1 - \\text{SLO}) \\times N$ requests, and the burn rate

$$r = \\frac{\\text{errors}/\\text{requests}}{1 - \\text{SLO}}$$

![Requests per second by hour](chart.png)

![A phone photo, taken upright](upright.jpg)

\`\`\`mermaid title="Alert path"
flowchart LR
  prom[Prometheus] --> am[Alertmanager] --> pager[Pager]
\`\`\`

\`\`\`dot
digraph services { label="Service dependencies"; api -> db; api -> cache; }
\`\`\`

\`\`\`ts title="budget.ts" {2-3}
const slo = 0.999;
const budget = (1 - slo) * requests;
const burn = errors / requests / (1 - slo);
\`\`\`

\`\`\`diff
- timeout: 30s
+ timeout: 2s
\`\`\`
`;

describe('technical writing at build time, all at once', () => {
  it('typesets math, draws diagrams, offers image variants, marks code and diffs, and loads no script file; a warm build encodes and draws nothing', {
    timeout: 240_000,
  }, async () => {
    const dir = await site(POST);
    const bundle = join(dir, 'content/writing/retro');
    const bars = Array.from(
      { length: 24 },
      (_, i) => `<rect x="${40 + i * 95}" y="${1500 - (i % 7) * 150}" width="70" height="${(i % 7) * 150 + 60}" fill="hsl(${i * 15},55%,45%)"/>`,
    ).join('');
    await sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="2400" height="1600"><rect width="100%" height="100%" fill="#fff"/>${bars}</svg>`))
      .png()
      .toFile(join(bundle, 'chart.png'));
    // Stored 600 wide and 400 high, with EXIF orientation 6: shown upright it is 400 × 600.
    await sharp({ create: { width: 600, height: 400, channels: 3, background: '#468' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toFile(join(bundle, 'upright.jpg'));

    const out = join(dir, 'dist');
    const first = await build({ site: dir, out });
    const page = await readFile(join(out, 'writing/retro/index.html'), 'utf8');

    // Math: typeset (MathML for assistive technology), no TeX left in the visible text.
    expect(page.match(/<span class="katex">/g)?.length).toBeGreaterThanOrEqual(2);
    expect(page).toContain('<math xmlns="http://www.w3.org/1998/Math/MathML"');
    const body = page.slice(page.indexOf('<body'));
    const visible = body
      .replace(/<script[\s\S]*?<\/script>/g, '')
      .replace(/<annotation[\s\S]*?<\/annotation>/g, '')
      .replace(/<[^>]+>/g, ' ');
    const raw = /\\frac|\\times|\$\$/.exec(visible);
    expect(raw && visible.slice(raw.index - 120, raw.index + 60)).toBeNull();

    // Diagrams: both drawn as SVG, light and dark, named.
    expect(page).toMatch(/<figure class="diagram" role="img" aria-label="Alert path"><div class="diagram-light"><svg/);
    expect(page).toMatch(/<figure class="diagram" role="img" aria-label="Service dependencies"><div class="diagram-light"><svg/);

    // Images: AVIF and WebP variants that exist and are far smaller than the original.
    const avif = /srcset="([^"]*chart-1472\.avif) 1472w"/.exec(page.replace(/, /g, '"\n srcset="'));
    expect(avif).not.toBeNull();
    const original = (await stat(join(bundle, 'chart.png'))).size;
    for (const f of ['chart-1472.avif', 'chart-1472.webp', 'chart-736.avif']) {
      expect((await stat(join(out, 'writing/retro', f))).size * 3).toBeLessThan(original);
    }
    // The rotated photo is described upright, and its variant really is upright.
    expect(page).toMatch(/<img src="\/writing\/retro\/upright-400\.jpg"[^>]*width="400" height="600"/);
    const variant = await sharp(join(out, 'writing/retro/upright-400.jpg')).metadata();
    expect([variant.width, variant.height, variant.orientation]).toEqual([400, 600, undefined]);

    // Code: the title, the marked lines, the diff marked in words for screen readers too.
    expect(page).toContain('<figcaption class="code-title">budget.ts</figcaption>');
    expect(page.match(/<mark class="line marked">/g)).toHaveLength(2);
    expect(page).toMatch(/<del class="line removed">[\s\S]*?<span class="visually-hidden">removed: <\/span>/);
    expect(page).toMatch(/<ins class="line added">[\s\S]*?<span class="visually-hidden">added: <\/span>/);

    // The page loads no script file (JSON-LD data blocks and the theme's inline scheme script are not files; only /search/ has one).
    expect(page).not.toMatch(/<script\b[^>]*\ssrc=/);

    expect(first.imagesEncoded).toBeGreaterThan(0);
    expect(first.diagrams.drawn).toBe(2);

    // Warm: an edited paragraph re-renders the post, but encodes no image and starts no browser.
    const post = join(bundle, 'index.md');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(post, (await readFile(post, 'utf8')) + '\nOne more paragraph.\n');
    const warm = await build({ site: dir, out });
    expect(warm.imagesEncoded).toBe(0);
    expect(warm.diagrams).toEqual({ drawn: 0, reused: 2, browsers: 0 });
  });
});
