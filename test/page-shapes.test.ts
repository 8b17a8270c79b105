import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, spawnCli } from './helpers/cli.js';

const ROOT = new URL('..', import.meta.url).pathname;
const temps: string[] = [];
afterAll(async () => {
  for (const d of temps) await rm(d, { recursive: true, force: true });
});

/** Builds examples/<name> with the CLI into a fresh folder; with `env`, in a new process that has it. */
async function buildExample(name: string, env: Record<string, string> = {}): Promise<(path: string) => Promise<string>> {
  const out = await mkdtemp(join(tmpdir(), `casebook-shape-${name}-`));
  temps.push(out);
  // The shapes are the pages' HTML and CSS; social cards are tested in test/discovery.test.ts.
  const args = ['build', join(ROOT, 'examples', name), '--out', out, '--quiet', '--skip', 'og'];
  // A time zone reaches only a new process.
  const r = Object.keys(env).length ? await spawnCli(args, env) : await runCli(args);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return (path) => readFile(join(out, path, path.endsWith('.html') || path.endsWith('.css') ? '' : 'index.html'), 'utf8');
}

/** The visible text of the first element matching `cls`, tags stripped and spaces collapsed. */
function texts(html: string, re: RegExp): string[] {
  return [...html.matchAll(re)].map((m) =>
    m[1]!
      .replace(/<[^>]+>/g, '')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}
const metaLines = (html: string) => texts(html, /<p class="meta" data-pagefind-ignore>([\s\S]*?)<\/p>/g);
const cardTitles = (html: string) => texts(html, /<h[23] class="card-title"[^>]*>([\s\S]*?)<\/h[23]>/g);

describe('page shapes from config alone (examples/*)', () => {
  it('(a) retrospectives: a titled list with title, summary, date and "N min read", in the notebook preset', async () => {
    const page = await buildExample('retrospectives');
    const list = await page('writing/');
    expect(list).toContain('<h1>Retrospectives</h1>');
    expect(list).toContain('What we planned, what happened, and what I would do differently.');
    expect(cardTitles(list)).toEqual([
      'What a year of written on-call handoffs changed',
      'Six months of trunk-based development',
      'Retro: rewriting the billing export in a quarter',
      'The search cluster migration took eleven weeks, not four',
    ]);
    // Exactly date · reading time: no kind or category.
    for (const line of metaLines(list)) expect(line).toMatch(/^[A-Z][a-z]+ \d{1,2}, \d{4} · \d+ min read$/);
    expect(metaLines(list)[0]).toMatch(/^October 22, 2025 · [1-9] min read$/);
    expect(list).toContain('<p class="card-summary" dir="auto">We moved 2.1 billion shipment events');
    expect(list).toMatch(/<a href="\/writing\/"[^>]*>Retrospectives<\/a>/);
    const home = await page('');
    expect(home).toContain('<h2 id="latest-title">Recent retrospectives</h2>');
    expect(cardTitles(home)).toHaveLength(4);
    const css = await page(/href="\/(assets\/casebook-[0-9a-f]+\.css)"/.exec(home)![1]!);
    expect(css).toContain('--font-heading:ui-monospace');
    expect(css).toContain('--card-rule:1px dashed var(--border)');
  });

  it('(b) portfolio home: headline, bio, stack, timeline, "Latest articles" and a category filter with an empty state', async () => {
    const page = await buildExample('portfolio');
    const home = await page('');
    expect(home).toContain('<h1 id="hero-title" dir="auto">Kwame Mensah</h1>');
    expect(home).toContain('Full-stack engineer: Go services, React front ends');
    expect(home).toContain('I have spent eight years building software that moves parcels');
    expect(home).toMatch(/<h2 id="stack-title">[^<]+<\/h2>[\s\S]*<li><span>Redis<\/span><\/li>/);
    expect(texts(home, /<span class="what">([\s\S]*?)<\/span><\/li>/g)).toEqual([
      'Senior Software Engineer · Sahel Freight',
      'Software Engineer · Okada Parcel',
      'Junior Developer · Volta Data Labs',
    ]);
    expect(home).toContain('<h2 id="latest-title">Latest articles</h2>');
    // The filter: All, then the configured categories in order, with counts; links to in-page panels.
    const filter = /<nav class="filters home-filter"[\s\S]*?<\/nav>/.exec(home)![0];
    expect(texts(filter, /<li>([\s\S]*?)<\/li>/g)).toEqual(['All', 'Backend 2', 'Frontend 2', 'DevOps 1', 'Career 0']);
    expect(filter).toContain('href="#in-backend"');
    const panel = (slug: string) => new RegExp(`<section class="filter-panel" id="in-${slug}"[\\s\\S]*?</section>`).exec(home)![0];
    expect(cardTitles(panel('backend'))).toEqual(['Partitioning the tracking table by week', 'Making dispatch requests idempotent with one table']);
    expect(cardTitles(panel('devops'))).toEqual(['Three Terraform modules instead of thirty']);
    expect(panel('career')).toContain('<p class="empty">No posts in this category yet.</p>');
    expect(cardTitles(panel('career'))).toEqual([]);
  });

  it('(c) a "Writing" page of long-form essays in the essay preset', async () => {
    const page = await buildExample('essays');
    const list = await page('writing/');
    expect(list).toContain('<h1>Writing</h1>');
    expect(list).toContain('<ul class="post-list list-essays" role="list">');
    expect(cardTitles(list)).toEqual(['On deleting code', 'Legibility, and why senior engineers write so much', 'The cost of a meeting is the afternoon']);
    // The whole description is the dek, and long essays say how long they are.
    expect(list).toContain('Why removal is harder than addition, and how teams can make it routine.</p>');
    for (const line of metaLines(list)) expect(line).toMatch(/^[A-Z][a-z]+ \d{1,2}, \d{4} · \d+ min read$/);
    const css = await page(/href="\/(assets\/casebook-[0-9a-f]+\.css)"/.exec(list)![1]!);
    expect(css).toMatch(/--font-body:Charter/);
    expect(css).toContain('--content-width:38rem');
  });

  it('(d) case studies grouped Featured / Optimization & Migration Wins / Failure Analysis / Architecture & Design under a tagline', async () => {
    const page = await buildExample('case-studies');
    const index = await page('case-studies/');
    expect(index).toContain('<p class="lede">Measured results, honest failures, and the designs behind them.</p>');
    const groups = [
      ...index.matchAll(/<section class="cs-group" aria-labelledby="group-[^"]+">\s*<h2[^>]*><a[^>]*>([^<]+)<\/a><\/h2>([\s\S]*?)<\/section>/g),
    ].map((m) => [m[1]!.replace('&amp;', '&'), cardTitles(m[2]!)]);
    expect(groups.map((g) => g[0])).toEqual(['Featured', 'Optimization & Migration Wins', 'Failure Analysis', 'Architecture & Design']);
    expect(groups[0]![1]).toEqual(['Cutting ledger query p99 from 820 ms to 140 ms']);
    expect(groups[2]![1]).toEqual(['Postmortem: settlements delayed by nine hours']);
    expect(groups[3]![1]).toEqual(['Designing refunds as events, not updates']);
  });

  it('(e) cards labelled "Category · Month Year", in the site zone whatever the build machine zone', async () => {
    // Honolulu is UTC-10: a formatter that re-read the instant in the machine's zone would put
    // the 2024-03-01T00:30 New York post (05:30 UTC) on February 29.
    const page = await buildExample('cards', { TZ: 'Pacific/Honolulu' });
    const list = await page('writing/');
    expect(list).toContain('<h1>Posts</h1>');
    expect(metaLines(list)).toEqual([
      'Databases · December 2025',
      'Testing · April 2025',
      'Tooling · November 2024',
      'Databases · June 2024',
      'Testing · March 2024',
    ]);
    const category = await page('categories/testing/');
    expect(metaLines(category)).toEqual(['Testing · April 2025', 'Testing · March 2024']);
  });
});

describe('page-shape config errors', () => {
  async function siteWith(config: string): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'casebook-shape-bad-'));
    temps.push(dir);
    await cp(join(ROOT, 'examples/cards/content'), join(dir, 'content'), { recursive: true });
    await writeFile(join(dir, 'casebook.config.yaml'), config);
    return dir;
  }

  it.each([
    ['a category named twice in home.categoryFilter (CB1650)', 'title: T\nhome:\n  categoryFilter:\n    - Backend\n    - backend\n', 'CB1650', ':5:'],
    ['a field named twice in lists.meta (CB1651)', 'title: T\nlists:\n  meta: [date, month, date]\n', 'CB1651', ':3:'],
    ['an unknown preset (CB2003)', 'title: T\ntheme:\n  preset: brutalist\n', 'CB2003', ':3:'],
    ['an unknown list style (CB2003)', 'title: T\nlists:\n  style: grid\n', 'CB2003', ':3:'],
  ])('%s: exit 1 with the code and the config line, nothing written', async (_name, config, code, line) => {
    const dir = await siteWith(config);
    const r = await runCli(['build', dir, '--out', join(dir, 'out')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(code);
    expect(r.stderr).toContain(`casebook.config.yaml${line}`);
  });
});
