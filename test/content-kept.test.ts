import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, type RunResult } from './helpers/cli.js';

/**
 * Issue 17, classes 4 and 7, through the real CLI: what another tool's site showed survives the
 * removal of its template syntax (theme shortcodes naming images, Jekyll includes, front matter
 * data, page-bundle files named from raw HTML), what is lost is named per post and counted, and
 * Markdown renders as the old tool rendered it.
 */
const FIXTURES = new URL('./fixtures/kept/', import.meta.url).pathname;
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function buildFixture(name: string): Promise<{ run: RunResult; out: string; page: (p: string) => string }> {
  const site = await mkdtemp(join(tmpdir(), `casebook-kept-${name}-`));
  dirs.push(site);
  await cp(join(FIXTURES, name), site, { recursive: true });
  const out = join(site, '_out');
  const run = await runCli(['build', site, '--out', out, '--no-cache', '--skip', 'og,search']);
  return { run, out, page: (p) => readFileSync(join(out, p), 'utf8') };
}

/** The text of the element with `class` (first match), tags removed. */
function textOf(html: string, cls: string): string {
  const m = new RegExp(`<p class="${cls}"[^>]*>([\\s\\S]*?)</p>`).exec(html);
  return m ? m[1]!.replace(/<[^>]+>/g, '') : '';
}

describe('content kept from another tool (issue 17, class 4)', () => {
  it('Hugo: a theme shortcode naming an image keeps it; page-bundle files named from raw HTML are copied; losses are named and counted', async () => {
    const { run, out, page } = await buildFixture('hugo');
    expect(run.stderr).not.toContain('internal error');
    expect(run.code).toBe(0);
    const post = page('2022/measuring-tides/index.html');
    // {{< photo src=… >}} of the theme and {{% shot file=… %}} of the site: figures with their images.
    expect(post).toMatch(
      /<figure><img src="\/media\/harbour-map\.png" alt="Map of the harbour"[^>]*><figcaption>Where the pipe is bolted<\/figcaption><\/figure>/,
    );
    expect(post).toMatch(/<img src="\/2022\/measuring-tides\/pulley\.png"/);
    // Raw HTML of the bundle: img, picture sources, video and poster, links to files.
    expect(post).toContain('src="/2022/measuring-tides/week-chart.png" alt="One week of readings"');
    expect(post).toContain('srcset="/2022/measuring-tides/week-chart.webp 1x, /2022/measuring-tides/week-chart.png 2x"');
    expect(post).toMatch(/<video src="\/2022\/measuring-tides\/float-timelapse\.mp4" poster="\/2022\/measuring-tides\/pulley\.png"/);
    expect(post).toContain('href="/2022/measuring-tides/readings.csv"');
    expect(post).toContain('href="/2022/measuring-tides/wiring.svg"');
    for (const f of ['week-chart.png', 'week-chart.webp', 'float-timelapse.mp4', 'pulley.png', 'readings.csv', 'wiring.svg']) {
      expect(existsSync(join(out, '2022/measuring-tides', f)), f).toBe(true);
    }
    expect(existsSync(join(out, 'media/harbour-map.png'))).toBe(true);
    // The site's own shortcode template that only prints its arguments is evaluated (escaped); the embed is kept.
    expect(post).toMatch(
      /<div class="deck">\s*<iframe src="https:\/\/docs\.google\.com\/presentation\/d\/1AbC-dEf_9\/embed\?start=false" title="Floats &amp; pulleys"/,
    );
    // No template syntax left, and the missing chart and unknown shortcode are named for the post and counted.
    expect(post).not.toMatch(/\{\{[<%]/);
    expect(run.stderr).toMatch(/CB1540[\s\S]*?index\.md lost 1 image \(spring-tide\.png\) and 1 embed or template block \(\{\{< gauge >\}\}\)/);
    // A root path that names no static file is an image lost too.
    expect(run.stderr).toMatch(/calibration\.md lost 1 image \(\/media\/first-scan\.png\)/);
    expect(run.stdout).toMatch(/lost: 2 images and 1 embed in 2 posts \(CB1540\)/);
  });

  it('Jekyll: {% include %} files of _includes/ render with Liquid (include.* params, site data, filters, conditions) through the HTML policy', async () => {
    const { run, page } = await buildFixture('jekyll');
    expect(run.code).toBe(0);
    const post = page('2021/trimming-the-wick/index.html');
    expect(post).toMatch(
      /<figure class="wide">\s*<img src="\/logs\/assets\/wick\.png" alt="A trimmed wick"[^>]*>\s*<figcaption>Trimmed to five millimetres<\/figcaption>\s*<\/figure>/,
    );
    expect(post).toMatch(/<aside class="callout callout-warn">\s*<p>Let the lamp cool first \(Lantern Logs\)<\/p>\s*<\/aside>/);
    expect(post).not.toContain('{%');
    // An include the engine cannot render (a plugin's tag) and one that does not exist are named, not shown.
    expect(run.stderr).toMatch(
      /trimming-the-wick\.md lost 2 embeds or template blocks \(\{% include clock\.html %\} \(.*render_time.*\), \{% include sidebar\.html %\}\)/,
    );
  });

  it('Eleventy: front matter data printed at top level ({{ book.title }}) is filled in', async () => {
    const { run, page } = await buildFixture('eleventy');
    expect(run.code).toBe(0);
    const post = page('reviews/slow-rivers/index.html');
    expect(post).toContain('<cite>The Patience of Water</cite>, rated 4 of 5.');
    expect(post).toContain('<a href="https://books.example.org/patience-of-water">Find it here</a>');
    expect(post).not.toContain('<cite></cite>');
  });
});

describe('Markdown rendered as the old tool rendered it (issue 17, class 7)', () => {
  it('kramdown parse_block_html and markdown="span"; a body that starts with {{ page.title }} over ==== shows the title once', async () => {
    const { page } = await buildFixture('jekyll');
    const post = page('2021/trimming-the-wick/index.html');
    expect(post).toMatch(/<div class="tip">\s*<p>Keep a <strong>spare<\/strong> wick in the drawer\.<\/p>\s*<\/div>/);
    expect(post).toContain('<p>Soak it in <em>paraffin</em> overnight.</p>');
    expect(post.match(/Trimming the wick<\/h1>/g)).toHaveLength(1);
    expect(post).not.toMatch(/<h1[^>]*>\s*Trimming the wick\s*<\/h1>[\s\S]*<h1/);
  });

  it('markdown-it plugins the Eleventy config loaded (sup, sub) are on', async () => {
    const { page } = await buildFixture('eleventy');
    const post = page('reviews/slow-rivers/index.html');
    expect(post).toContain('H<sub>2</sub>O');
    expect(post).toContain('10<sup>3</sup> metres');
  });

  it('Hugo: Markdown in description/summary is inline HTML on cards and under the title, plain text in meta and feeds; a repeated # Title goes', async () => {
    const { page, out } = await buildFixture('hugo');
    const post = page('2022/measuring-tides/index.html');
    expect(post).toContain('<p class="lede">A float, a pulley and <a href="https://encoders.example.org/">a cheap encoder</a> – <em>no</em> cloud needed</p>');
    expect(post).toContain('<meta name="description" content="A float, a pulley and a cheap encoder -- no cloud needed">');
    expect(post.match(/Measuring tides with a float<\/h1>/g)).toHaveLength(1);
    expect(post).not.toContain('id="measuring-tides-with-a-float"');
    const list = page('writing/index.html');
    expect(list).toContain('<a href="https://encoders.example.org/">a cheap encoder</a>');
    expect(list).toContain('Why the <strong>zero</strong> drifts');
    expect(list).not.toContain('[a cheap encoder]');
    expect(textOf(list, 'card-summary')).not.toContain('**');
    const feed = readFileSync(join(out, existsSync(join(out, 'feed.xml')) ? 'feed.xml' : 'atom.xml'), 'utf8');
    expect(feed).toContain('A float, a pulley and a cheap encoder -- no cloud needed');
    expect(feed).not.toContain('[a cheap encoder]');
    // A setext heading that is not the title stays.
    expect(page('2022/calibration/index.html')).toMatch(/<h1[^>]*>Title<\/h1>|<h1 id="title"/);
  });
});
