import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../src/pipeline/index.js';
import { checkSite } from '../src/check/check.js';
import { runCli } from './helpers/cli.js';
import { useTempSites } from './helpers/site.js';

const site = useTempSites();

const SEEDED = `
-- casebook.config.yaml --
baseUrl: https://seeded.example.com/
search: false
-- static/pic.svg --
<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>
-- content/writing/a.md --
---
title: Post A
date: 2024-01-01
description: The post with the problems.
series: Lonely series
---
See [the missing page](/writing/nope/) and [a missing anchor](/writing/b/#no-such-heading).

<img src="/pic.svg">

## Section

#### Too deep

<p><span id="twice">one</span> <span id="twice">two</span></p>
-- content/writing/b.md --
---
title: Post B
date: 2024-01-02
---
## Real heading

Fine.
`;

/** Line (1-based) of the first line of `file` containing `needle`. */
const lineOf = (html: string, needle: string) => html.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('casebook check', () => {
  it('catches each seeded defect with its file and line', async () => {
    const dir = await site(SEEDED);
    const report = await checkSite({ target: dir });
    const a = String((await build({ site: dir, memory: true, skip: ['og'] })).files!.get('writing/a/index.html'));
    const find = (rule: string) => report.findings.filter((f) => f.rule === rule);
    expect(find('broken-link')).toEqual([
      expect.objectContaining({ severity: 'error', file: 'writing/a/index.html', line: lineOf(a, 'href="/writing/nope/"') }),
    ]);
    expect(find('missing-anchor')).toEqual([expect.objectContaining({ severity: 'error', file: 'writing/a/index.html', line: lineOf(a, '#no-such-heading') })]);
    expect(find('missing-anchor')[0]!.message).toContain('has no element with id "no-such-heading"');
    expect(find('img-alt')).toEqual([expect.objectContaining({ severity: 'error', file: 'writing/a/index.html', line: lineOf(a, '<img src="/pic.svg">') })]);
    expect(find('heading-order')).toEqual([
      expect.objectContaining({ file: 'writing/a/index.html', line: lineOf(a, '<h4'), message: '<h4> follows <h2>: heading level 3 is skipped.' }),
    ]);
    expect(find('duplicate-id')).toEqual([expect.objectContaining({ severity: 'error', file: 'writing/a/index.html' })]);
    expect(find('missing-description')).toEqual([expect.objectContaining({ file: join(dir, 'content/writing/b.md') })]);
    expect(find('orphan-series-part')).toEqual([expect.objectContaining({ file: join(dir, 'content/writing/a.md'), line: 5 })]);
    expect(report.errors).toBeGreaterThanOrEqual(5);

    const cli = await runCli(['check', dir]);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain(`writing/a/index.html:${lineOf(a, 'href="/writing/nope/"')}:`);
    expect(cli.stdout).toMatch(/error {2}broken-link {2}\/writing\/nope\/ leads nowhere/);
    expect(cli.stdout).toMatch(/\d+ errors, \d+ warnings in \d+ pages/);
    const json = await runCli(['check', dir, '--json']);
    expect(JSON.parse(json.stdout).errors).toBe(report.errors);
  });

  it('checks a built folder: an invalid feed, a sitemap entry without a page, invalid HTML', async () => {
    const dir = await site(SEEDED.replace(/-- content\/writing\/a\.md --[\s\S]*?-- content\/writing\/b\.md/, '-- content/writing/b.md'));
    await build({ site: dir, skip: ['og'] });
    const out = join(dir, 'dist');
    expect((await checkSite({ target: out })).errors).toBe(0);
    await writeFile(join(out, 'feed.xml'), (await readFile(join(out, 'feed.xml'), 'utf8')).replace('</channel>', ''));
    await writeFile(
      join(out, 'sitemap.xml'),
      (await readFile(join(out, 'sitemap.xml'), 'utf8')).replace('</urlset>', '<url><loc>https://seeded.example.com/gone/</loc></url></urlset>'),
    );
    await writeFile(join(out, 'atom.xml'), (await readFile(join(out, 'atom.xml'), 'utf8')).replace(/<id>[^<]*<\/id>/, ''));
    const post = join(out, 'writing/b/index.html');
    await writeFile(post, (await readFile(post, 'utf8')).replace('<p>Fine.</p>', '<p>Fine.<div>block in p</div></p>'));
    const report = await checkSite({ target: out });
    const byFile = (file: string) => report.findings.filter((f) => f.file === file && f.severity === 'error');
    expect(byFile('feed.xml')[0]).toMatchObject({ rule: 'invalid-feed', line: expect.any(Number) });
    expect(byFile('feed.xml')[0]!.message).toMatch(/^Not well-formed XML/);
    expect(byFile('sitemap.xml')[0]!.message).toBe('Sitemap: https://seeded.example.com/gone/ is listed but no page exists there.');
    expect(byFile('atom.xml')[0]!.message).toBe('Atom: <feed> has no <id>.');
    expect(byFile('writing/b/index.html').some((f) => f.rule.startsWith('html/'))).toBe(true);
    expect((await runCli(['check', out])).code).toBe(1);
  });

  it('says that nothing was checked when the site does not build, not that a build failed', async () => {
    const dir = await site('-- content/writing/a.md --\n---\ntitle: A\ndate: 2024-02-31\n---\nText.\n');
    const r = await runCli(['check', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('CB1012');
    expect(r.stderr).toContain('\nNothing was checked.\n');
    expect(r.stderr).not.toContain('Build failed');
    // `new` stopped by a broken config reports the error alone.
    await writeFile(join(dir, 'casebook.config.yaml'), 'title: [unclosed\n');
    const n = await runCli(['new', 'article', 'Hello', '--site', dir]);
    expect(n.code).toBe(1);
    expect(n.stderr).not.toContain('Build failed');
  });

  it('reports a file of a built folder that cannot be read as CB1033, not an internal error', async () => {
    const dir = await site('-- content/writing/a.md --\n---\ntitle: A\ndate: 2024-01-01\n---\nText.\n');
    await build({ site: dir, skip: ['og', 'search'] });
    await symlink('nowhere.html', join(dir, 'dist/gone.html'));
    const r = await runCli(['check', join(dir, 'dist')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('CB1033');
    expect(r.stderr).toContain('gone.html in the built folder cannot be read (ENOENT)');
    expect(r.stderr).not.toContain('internal error');
  });

  it('checks external links only with --external', async () => {
    const server = createServer((req, res) => {
      res.writeHead(req.url === '/ok' ? 200 : req.url === '/no-head' && req.method === 'HEAD' ? 405 : req.url === '/no-head' ? 200 : 404);
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const ext = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const dir = await site(
        `-- casebook.config.yaml --\nbaseUrl: https://seeded.example.com/\nsearch: false\n-- content/writing/x.md --\n---\ntitle: X\ndescription: Links out.\n---\n[ok](${ext}/ok) [gone](${ext}/gone) [head refused](${ext}/no-head)\n`,
      );
      expect((await checkSite({ target: dir })).findings.filter((f) => f.rule === 'broken-external-link')).toEqual([]);
      const report = await checkSite({ target: dir, external: true });
      const broken = report.findings.filter((f) => f.rule === 'broken-external-link');
      expect(broken).toEqual([expect.objectContaining({ severity: 'error', file: 'writing/x/index.html', message: `${ext}/gone answered 404.` })]);
    } finally {
      server.close();
    }
  });

  it('passes the demo site', async () => {
    const r = await runCli(['check', new URL('../examples/demo', import.meta.url).pathname]);
    expect(r.stdout).toMatch(/^0 errors, 0 warnings in \d+ pages/);
    expect(r.code).toBe(0);
  });
});
