import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { listAll } from './helpers/output.js';

const FIXTURES = new URL('./fixtures/import/', import.meta.url).pathname;
const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'casebook-import-cli-'));
  dirs.push(d);
  return d;
}

/** Markup and template syntax from the old platform that must never reach a reader as text. */
const LEAKS =
  /&lt;\/?(?:p|div|span|img|a|pre|code|figure|figcaption|strong|em|br|iframe|table|ul|li|h[1-6])\b|\[\/?(?:caption|code|sourcecode|gallery|embed|contact-form-7|audio)\b|\{%|__GHOST_URL__|<!-- \/?wp:|graf--/;

async function importAndBuild(source: string, input: string, extra: string[] = []) {
  const site = join(tempDir(), 'site');
  const imported = await runCli(['import', source, join(FIXTURES, input), '--out', site, ...extra]);
  // Platform warnings (CB31xx) and what the raw HTML policy removed (CB13xx, test/sanitize.browser.test.ts) are expected.
  expect(imported.stderr.replace(/warning CB(?:31|13)\d\d[^]*/, '')).toBe('');
  expect(imported.code).toBe(0);
  const built = await runCli(['build', site, '--skip', 'og,search', '--no-cache']);
  expect(built.code, built.stderr).toBe(0);
  return { site, dist: join(site, 'dist'), imported, built };
}

function page(dist: string, path: string): string {
  return readFileSync(join(dist, path, 'index.html'), 'utf8');
}

function proseOf(html: string): string {
  return /<div class="prose">([^]*?)<\/div>\s*<footer/.exec(html)?.[1] ?? html;
}

describe('casebook import wordpress', () => {
  it('imports a WXR export into a site that builds: drafts stay drafts, pages, redirects, code languages, uploads, no leaked markup', async () => {
    const uploads = join(tempDir(), 'uploads');
    mkdirSync(join(uploads, '2021/03'), { recursive: true });
    writeFileSync(join(uploads, '2021/03/pgbouncer-diagram.png'), 'the diagram');
    const { site, dist, imported, built } = await importAndBuild('wordpress', 'wordpress.xml', ['--media', uploads]);
    expect(imported.stdout).toContain(`note: copied 1 of the 5 files the posts use from ${uploads} into static/wp-content/uploads/`);
    expect(existsSync(join(dist, 'wp-content/uploads/2021/03/pgbouncer-diagram.png'))).toBe(true);
    expect(imported.stdout).toContain('Imported WordPress into');
    expect(imported.stdout).toContain('6 posts, 2 pages (3 drafts among them)');
    expect(imported.stdout).toContain('not imported: attachments (3), menu items (1), revisions (1), "portfolio" items (1)');
    expect(imported.stderr).toContain('warning CB3122: Non-public post imported as a draft (1)');
    expect(imported.stderr).toMatch(/wordpress\.xml:\d+: Removed shortcode \[contact-form-7\]/);
    expect(built.stdout).toContain('(4 posts,');

    const files = await listAll(dist);
    // Drafts (draft, private) are not published without --drafts.
    expect(files.some((f) => f.includes('salary-bands') || f.includes('why-result') || f.startsWith('writing/uses/'))).toBe(false);
    // The page is a standalone page at its old address, not a post.
    expect(page(dist, 'about')).toContain('I run the platform team');
    expect(page(dist, 'writing/about')).toContain('First post: what this blog will be about.');
    expect(readFileSync(join(dist, 'feed.xml'), 'utf8')).not.toContain('I run the platform team');
    // Old permalinks and an earlier slug redirect to the new pages.
    for (const old of ['2021/03/zero-downtime-migrations', '2021/03/renaming-columns-safely']) {
      expect(page(dist, old)).toContain('<meta http-equiv="refresh" content="0; url=/writing/zero-downtime-migrations/">');
      expect(page(dist, old)).toContain('<link rel="canonical" href="https://fieldnotes.example.com/writing/zero-downtime-migrations/">');
    }
    expect(readFileSync(join(dist, '_redirects'), 'utf8')).toContain('/2020/11/what-the-lock-queue-taught-us/ /writing/what-the-lock-queue-taught-us/ 301');

    const post = page(dist, 'writing/zero-downtime-migrations');
    for (const lang of ['sql', 'python'])
      expect(post).toContain(`<pre class="code" data-lang="${lang}" tabindex="0"><code class="language-${lang}"><span class="hljs-`);
    expect(post).toContain('<p><em>How connections reach the primary</em></p>');
    expect(post).toContain('<a href="/writing/what-the-lock-queue-taught-us/">what the lock queue taught us</a>');
    expect(post).toContain('<img class="cover" src="/wp-content/uploads/2021/03/pgbouncer-diagram.png"');
    expect(post).toContain('Result&lt;T, E&gt; is written as-is');
    const blocks = page(dist, 'writing/what-the-lock-queue-taught-us');
    expect(blocks).toContain('data-lang="bash"');
    expect(blocks).toContain('data-lang="go"');
    expect(blocks).toMatch(/<table>[^]*<th>Setting<\/th>/);
    for (const f of files.filter((x) => x.endsWith('index.html') && x.startsWith('writing/'))) {
      expect(proseOf(readFileSync(join(dist, f), 'utf8')), f).not.toMatch(LEAKS);
    }

    const withDrafts = await runCli(['build', site, '--drafts', '--skip', 'og,search', '--out', join(site, 'dist-drafts')]);
    expect(withDrafts.code).toBe(0);
    expect(existsSync(join(site, 'dist-drafts/writing/salary-bands/index.html'))).toBe(true);
    expect(page(join(site, 'dist-drafts'), 'writing/why-result-t-e-beats-exceptions-draft')).toContain('data-lang="rust"');
  });

  it('refuses to overwrite on a second import, then replaces with --force', async () => {
    const site = join(tempDir(), 'site');
    expect((await runCli(['import', 'wordpress', join(FIXTURES, 'wordpress.xml'), '--out', site])).code).toBe(0);
    const again = await runCli(['import', 'wordpress', join(FIXTURES, 'wordpress.xml'), '--out', site]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('error CB3107: Import would overwrite existing files');
    expect(again.stderr).toContain('8 files already exist; nothing was written');
    const aliasesOf = () =>
      readdirSync(join(site, 'content/writing'))
        .sort()
        .map((f) => [f, /^aliases:[\s\S]*?(?=^\w)/m.exec(readFileSync(join(site, 'content/writing', f), 'utf8'))?.[0] ?? '']);
    const before = aliasesOf();
    expect(before.some(([, a]) => a!.includes('/'))).toBe(true);
    const forced = await runCli(['import', 'wordpress', join(FIXTURES, 'wordpress.xml'), '--out', site, '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('replaced 8 existing files (--force)');
    // The replaced posts keep their redirects: their own old aliases are not "another post's".
    expect(forced.stdout + forced.stderr).not.toContain('another post already redirects from it');
    expect(aliasesOf()).toEqual(before);
  });

  it('never imports into /, the home folder or a content/ folder (CB3109)', async () => {
    for (const out of ['/', homedir(), join(tempDir(), 'site/content')]) {
      const r = await runCli(['import', 'wordpress', join(FIXTURES, 'wordpress.xml'), '--out', out]);
      expect(r.code, out).toBe(1);
      expect(r.stderr).toContain('error CB3109');
    }
    expect(existsSync('/casebook.config.yaml')).toBe(false);
  });

  it('points at the line and column of malformed XML', async () => {
    const dir = tempDir();
    const broken = readFileSync(join(FIXTURES, 'wordpress.xml'), 'utf8').replace(
      '<wp:status><![CDATA[publish]]></wp:status>',
      '<wp:status><![CDATA[publish]]></wp:stat>',
    );
    writeFileSync(join(dir, 'broken.xml'), broken);
    const r = await runCli(['import', 'wordpress', join(dir, 'broken.xml'), '--out', join(dir, 'site')]);
    expect(r.code).toBe(1);
    const line = broken.split('\n').findIndex((l) => l.includes('</wp:stat>')) + 1;
    expect(r.stderr).toContain('error CB3101: Malformed XML in the export');
    expect(r.stderr).toMatch(new RegExp(`broken\\.xml:${line}:\\d+`));
    expect(r.stderr).toContain(`> ${line} |`);
    expect(existsSync(join(dir, 'site'))).toBe(false);
  });
});

describe('casebook import ghost', () => {
  it('imports a Ghost export into a site that builds, without internal tags, with drafts as drafts', async () => {
    const { dist, imported } = await importAndBuild('ghost', 'ghost.json', ['--base-url', 'https://incidents.example.org/']);
    expect(imported.stdout).toContain('4 posts, 2 pages (3 drafts among them)');
    expect(imported.stdout).toContain('not imported: internal #tags (1)');
    const files = await listAll(dist);
    expect(files.some((f) => /feature-flags|incident-review|writing\/now\//.test(f))).toBe(false);
    expect(files.some((f) => f.includes('wide-layout'))).toBe(false);
    expect(files).toContain('tags/performance/index.html');
    const post = page(dist, 'writing/connection-pooling');
    expect(post).toContain('data-lang="javascript"');
    expect(post).toContain('<span class="hljs-keyword">const</span>');
    expect(post).toContain('<a href="/writing/retries-without-thundering-herds/">retry policy</a>');
    expect(post).toContain('<img src="/content/images/2023/11/latency.png" alt="p99 latency before and after"');
    expect(proseOf(post)).not.toMatch(LEAKS);
    // Built from mobiledoc: there was no HTML in the export.
    expect(page(dist, 'writing/retries-without-thundering-herds')).toContain('data-lang="python"');
    expect(page(dist, 'connection-pooling')).toContain('url=/writing/connection-pooling/');
    expect(page(dist, 'about')).toContain('I build payment systems');
    expect(readFileSync(join(dist, '..', 'casebook.config.yaml'), 'utf8')).toContain('timezone: Europe/Berlin');
  });
});

describe('casebook import medium and devto', () => {
  it('imports a Medium export folder', async () => {
    const { dist, imported } = await importAndBuild('medium', 'medium');
    expect(imported.stdout).toContain('not imported: responses to other stories (1)');
    const post = page(dist, 'writing/debugging-a-memory-leak-in-node-js');
    expect(post).toContain('data-lang="javascript"');
    expect(proseOf(post)).not.toMatch(LEAKS);
    expect(page(dist, 'why-we-moved-off-kafka-8a3e1c0d5b2f')).toContain('url=/writing/why-we-moved-off-kafka/');
  });

  it('imports dev.to articles', async () => {
    const { dist } = await importAndBuild('devto', 'devto.json');
    const post = page(dist, 'writing/typed-errors-in-typescript-with-result');
    expect(post).toContain('<details>\n<summary>Why not a class?</summary>');
    expect(post).toContain('<a href="https://github.com/supermacro/neverthrow">');
    expect(proseOf(post)).not.toMatch(LEAKS);
    expect(page(dist, 'blog/typed-errors')).toContain('url=/writing/typed-errors-in-typescript-with-result/');
    expect(page(dist, 'series/error-handling')).toContain('Async Results in TypeScript');
  });

  it('answers usage errors with exit 2', async () => {
    expect((await runCli(['import'])).code).toBe(2);
    expect((await runCli(['import', 'blogger', 'x.xml', '--out', 's'])).stderr).toContain(
      'import needs a source: wordpress, ghost, medium, devto; "blogger" is not one of them.',
    );
    expect((await runCli(['import', 'ghost', 'x.json'])).stderr).toContain('import needs --out SITE');
    expect((await runCli(['import', 'ghost', '--out', 's'])).code).toBe(2);
    expect((await runCli(['import', 'ghost', 'x.json', '--out', 's', '--base-url', 'nope'])).code).toBe(2);
    expect((await runCli(['import', 'medium', 'dir', '--out', 's', '--media', 'm'])).stderr).toContain('--media is for wordpress and ghost');
    expect((await runCli(['export', 'medium'])).stderr).toContain('export needs a platform: devto, hashnode');
    expect((await runCli(['export', 'devto', '.', '--domain', 'x.dev'])).stderr).toContain('--domain is for hashnode only.');
  });
});

describe('casebook export', () => {
  it('cross-posts an imported site to dev.to and Hashnode', async () => {
    const { site } = await importAndBuild('wordpress', 'wordpress.xml');
    const devto = await runCli(['export', 'devto', site]);
    expect(devto.code, devto.stderr).toBe(0);
    // Pages are not cross-posted; the draft page is no post either.
    expect(devto.stdout).toContain(`Wrote 4 posts for dev.to → ${join(site, 'export/devto')}`);
    expect(devto.stdout).toContain('left out 2 drafts and scheduled posts');
    const md = readFileSync(join(site, 'export/devto/zero-downtime-migrations.md'), 'utf8');
    expect(md).toMatch(
      /^---\n# Written by casebook export; the next export replaces this file.\ntitle: Zero-downtime migrations on PostgreSQL\npublished: true\n/,
    );
    expect(md).toContain('tags: postgresql, migrations, databases\n');
    expect(md).toContain('canonical_url: https://fieldnotes.example.com/writing/zero-downtime-migrations/\n');
    expect(md).toContain('[what the lock queue taught us](https://fieldnotes.example.com/writing/what-the-lock-queue-taught-us/)');
    expect(md).not.toContain('<!--more-->');

    const hashnode = await runCli(['export', 'hashnode', site, '--out', join(site, 'hn'), '--domain', 'dana.hashnode.dev']);
    expect(hashnode.code, hashnode.stderr).toBe(0);
    expect(readFileSync(join(site, 'hn/zero-downtime-migrations.md'), 'utf8')).toContain(
      'canonical: https://fieldnotes.example.com/writing/zero-downtime-migrations/\ndomain: dana.hashnode.dev\n',
    );
  });
});
