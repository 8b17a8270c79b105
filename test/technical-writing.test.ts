import { existsSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { build } from '../src/pipeline/index.js';
import { runCli, spawnCli } from './helpers/cli.js';
import { snapshot } from './helpers/output.js';
import { useTempSites } from './helpers/site.js';
import { TECHNICAL_SITE } from './helpers/technical-site.js';

const site = useTempSites();

/** What a reader sees: no tags, no MathML (KaTeX hides it visually), no scripts or styles. */
function visibleText(html: string): string {
  return html
    .replace(/<(script|style|head)[\s\S]*?<\/\1>/gi, '')
    .replace(/<span class="katex-mathml">[\s\S]*?<\/math><\/span>/g, '')
    .replace(/<span class="visually-hidden">[\s\S]*?<\/span>/g, '')
    .replace(/<[^>]+>/g, '');
}

afterEach(() => {
  delete process.env.CASEBOOK_THREADS;
  delete process.env.CASEBOOK_POOL_BODIES;
});

describe('technical writing, built by the real CLI', () => {
  it('typesets math, links KaTeX only on math pages, and renders titled, marked and diff code, tables and no script', async () => {
    const dir = await site(TECHNICAL_SITE);
    const run = await runCli(['build', dir, '--out', join(dir, 'dist'), '--skip', 'og,search']);
    expect(run.code, run.stderr).toBe(0);
    const out = join(dir, 'dist');
    const page = await readFile(join(out, 'writing/slo/index.html'), 'utf8');
    const plain = await readFile(join(out, 'writing/plain/index.html'), 'utf8');

    // Math: every delimiter typeset with MathML, and no TeX left in what a reader sees.
    const tex = [...page.matchAll(/<annotation encoding="application\/x-tex">([\s\S]*?)<\/annotation>/g)].map((m) => m[1]);
    expect(tex).toEqual(['B = (1 - T)\\,N', 'T', 'N', 'r = \\frac{b(t)}{1 - T}', '\\sum_{i=1}^{n} x_i^2', 'e^{i\\pi} + 1 = 0']);
    expect(page.match(/<math xmlns="http:\/\/www.w3.org\/1998\/Math\/MathML"/g)).toHaveLength(6);
    const text = visibleText(page);
    for (const raw of ['\\frac{b(t)}', '$$', '\\(', '\\[', '\\sum', '```math', 'e^{i', '$B =']) expect(text, raw).not.toContain(raw);
    expect(text).toContain('while $5 and $10 stay prices and $HOME stays text');
    expect(page).toContain('<code>echo $PATH$</code>');

    // The broken formula: shown as its source in a code element, and a warning with file:line.
    expect(page).toContain('<code class="math-error">$\\frac{1}{$</code>');
    expect(run.stdout + run.stderr).toMatch(/warning CB1400[\s\S]*content\/writing\/slo\.md:20: [^\n]*Unexpected end of input/);

    // KaTeX's rules: on the math page only, in the one stylesheet it links (the post rules and
    // KaTeX's, so nothing else blocks the first render), self-hosted, woff2 fonts beside it.
    const links = [...page.matchAll(/<link rel="stylesheet" href="\/(assets\/[^"]+\.css)">/g)].map((m) => m[1]!);
    expect(links).toHaveLength(1);
    expect(links[0]).toMatch(/^assets\/casebook-math-[0-9a-f]{10}\.css$/);
    expect(plain).not.toContain('katex');
    expect(plain).toMatch(/<link rel="stylesheet" href="\/assets\/casebook-post-[0-9a-f]{10}\.css">/);
    const css = await readFile(join(out, links[0]!), 'utf8');
    const postCss = await readFile(join(out, plain.match(/href="\/(assets\/casebook-post-[0-9a-f]{10}\.css)"/)![1]!), 'utf8');
    // The post rules with KaTeX's added (before any preset or site CSS; this site has neither).
    expect(css.startsWith(postCss)).toBe(true);
    expect(css).toContain('.katex');
    const fonts = [...css.slice(postCss.length).matchAll(/url\(([^)]+)\)/g)].map((m) => m[1]!);
    expect(fonts.length).toBeGreaterThan(15);
    for (const font of fonts) {
      expect(font).toMatch(/^KaTeX_[\w-]+-[0-9a-f]{10}\.woff2$/);
      expect(existsSync(join(out, 'assets', font)), font).toBe(true);
    }
    expect((await readdir(join(out, 'assets'))).filter((f) => /\.(woff|ttf)$/.test(f))).toEqual([]);

    // Code: a titled block with marked lines and numbers; diff lines with text for screen readers.
    expect(page).toContain(
      '<figure class="code-block"><figcaption class="code-title">budget.ts</figcaption>\n<pre class="code lines numbered" data-lang="ts" tabindex="0">',
    );
    expect(page.match(/<mark class="line marked">/g)).toHaveLength(2);
    expect(page).toMatch(
      /<del class="line removed"><span class="diff-sign" aria-hidden="true">-<\/span><span class="visually-hidden">removed: <\/span>[^\n]*errorBudget[^\n]*>7<\/span>\);\n<\/del>/,
    );
    expect(page).toMatch(
      /<ins class="line added"><span class="diff-sign" aria-hidden="true">\+<\/span><span class="visually-hidden">added: <\/span>[^\n]*errorBudget[^\n]*window[^\n]*\);\n<\/ins>/,
    );
    expect(page).toContain('<span class="hljs-built_in">rate</span>');
    expect(page).toContain('<span class="hljs-keyword">resource</span>');
    expect(run.stdout + run.stderr).not.toContain('CB1104');

    // The wide table: a focusable, named scroll region.
    expect(page).toContain('<section class="table-scroll" tabindex="0" aria-label="Table: Alert"><table>');

    // No JavaScript: the only script elements are JSON-LD data.
    const scripts = [...page.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    // Only data and the inline colour-scheme script (theme-script.ts).
    expect(scripts.filter((s) => s !== '<script type="application/ld+json">' && s !== '<script>')).toEqual([]);
  });

  it('adds a Copy-button script only with codeCopyButton: true, and only to pages with code', async () => {
    const dir = await site(TECHNICAL_SITE.replace('title: Tech fixture\n', 'title: Tech fixture\ncodeCopyButton: true\n'));
    const run = await runCli(['build', dir, '--out', join(dir, 'dist'), '--skip', 'og,search']);
    expect(run.code, run.stderr).toBe(0);
    const page = await readFile(join(dir, 'dist/writing/slo/index.html'), 'utf8');
    const plain = await readFile(join(dir, 'dist/writing/plain/index.html'), 'utf8');
    const tag = /<script type="module" src="\/(assets\/copy-code-[0-9a-f]{10}\.js)" data-copy-label="Copy" data-copied-label="Copied"><\/script>/.exec(page);
    expect(tag).not.toBeNull();
    expect(existsSync(join(dir, 'dist', tag![1]!))).toBe(true);
    expect(plain).not.toContain('copy-code');
  });

  it("passes casebook check: KaTeX's generated inline styles and the table region are valid HTML", async () => {
    const dir = await site(TECHNICAL_SITE);
    const run = await runCli(['check', dir]);
    expect(run.stdout + run.stderr).toMatch(/\b0 errors\b/);
    expect(run.stdout + run.stderr).not.toContain('html/');
    expect(run.code).toBe(0);
  });

  // More bodies than the pool's threshold (lowered to 150 here) on a machine with more than one core: the CLI renders them on workers.
  it.skipIf(availableParallelism() < 2)('renders math on worker threads byte-identically to one thread, and warns the same', async () => {
    process.env.CASEBOOK_POOL_BODIES = '150';
    let files = TECHNICAL_SITE;
    for (let i = 0; i < 160; i++) {
      files += `-- content/writing/m-${i}.md --\n---\ntitle: M ${i}\ndate: 2024-02-${String((i % 28) + 1).padStart(2, '0')}\n---\nPost ${i}: $x_{${i}}^2 + \\sqrt{${i}}$ and\n\n$$\n\\frac{${i}}{n}\n$$\n`;
    }
    const dir = await site(files);
    const pooled = await runCli(['build', dir, '--out', join(dir, 'pooled'), '--skip', 'og,search', '--no-cache']);
    const single = await spawnCli(['build', dir, '--out', join(dir, 'single'), '--skip', 'og,search', '--no-cache'], { CASEBOOK_THREADS: '1' });
    expect(pooled.code, pooled.stderr).toBe(0);
    expect(single.code, single.stderr).toBe(0);
    expect(await snapshot(join(dir, 'pooled'))).toEqual(await snapshot(join(dir, 'single')));
    expect(await readFile(join(dir, 'pooled/writing/m-7/index.html'), 'utf8')).toContain('<annotation encoding="application/x-tex">\\frac{7}{n}</annotation>');
    for (const r of [pooled, single]) expect(r.stdout + r.stderr).toMatch(/slo\.md:20: /);
  });

  it('keeps "has math" in the render cache: a body taken from the cache still gets the stylesheet', async () => {
    const dir = await site(TECHNICAL_SITE);
    const out = join(dir, 'dist');
    const first = await build({ site: dir, out, skip: ['og', 'search'] });
    expect(first.markdownRendered).toBe(2);
    // A new output folder: every page is rendered again, every body comes from .casebook/cache/posts.
    await rm(out, { recursive: true });
    const second = await build({ site: dir, out, skip: ['og', 'search'] });
    expect(second.markdownRendered).toBe(0);
    const page = await readFile(join(out, 'writing/slo/index.html'), 'utf8');
    expect(page).toMatch(/<link rel="stylesheet" href="\/assets\/casebook-math-[0-9a-f]{10}\.css">/);
    expect(second.warnings.map((w) => w.code)).toContain('CB1400');
  });
});
