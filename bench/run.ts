// Builds the same generated site with Casebook, Hugo and Eleventy in one run and prints the
// times side by side with ratios. Usage: npm run bench -- [--posts 1000,4000] [--runs 3]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeGeneratedSite } from './generate.js';

const root = new URL('..', import.meta.url).pathname;
const { values } = parseArgs({ options: { posts: { type: 'string', default: '1000' }, runs: { type: 'string', default: '3' } } });
const sizes = values.posts!.split(',').map(Number);
const runs = Number(values.runs);
const work = join(tmpdir(), 'casebook-bench');

function has(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

/** Hugo comes from Debian's package; Eleventy from npm into bench/.tools (kept out of the project's dependencies). */
function ensureTools(): { hugo?: string; eleventy?: string } {
  const tools: { hugo?: string; eleventy?: string } = {};
  if (!has('hugo') && process.getuid?.() === 0) {
    spawnSync('sh', ['-c', 'DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo >/dev/null 2>&1)'], { stdio: 'inherit' });
  }
  if (has('hugo')) tools.hugo = 'hugo';
  const eleventy = join(root, 'bench/.tools/node_modules/@11ty/eleventy/cmd.cjs');
  if (!existsSync(eleventy)) {
    spawnSync('npm', ['install', '--prefix', join(root, 'bench/.tools'), '--no-audit', '--no-fund', '@11ty/eleventy@3'], { stdio: 'ignore' });
  }
  if (existsSync(eleventy)) tools.eleventy = eleventy;
  return tools;
}

const HUGO_LAYOUTS: Record<string, string> = {
  'layouts/_default/baseof.html': '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><main>{{ block "main" . }}{{ end }}</main></body></html>',
  'layouts/_default/single.html': '{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Date.Format "January 2, 2006" }} · {{ .ReadingTime }} min read</p>{{ .TableOfContents }}{{ .Content }}<ul>{{ range .Params.tags }}<li>{{ . }}</li>{{ end }}</ul></article>{{ end }}',
  'layouts/_default/list.html': '{{ define "main" }}<h1>{{ .Title }}</h1>{{ range .Paginator.Pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><p>{{ .Summary }}</p></article>{{ end }}{{ end }}',
};

async function hugoSite(dir: string, n: number): Promise<void> {
  await writeGeneratedSite(dir, n, 'hugo');
  await writeFile(join(dir, 'hugo.toml'), [
    'baseURL = "https://bench.example.com/"', 'title = "Generated site"', 'paginate = 10',
    '[taxonomies]', '  tag = "tags"', '  category = "categories"',
    '[markup.highlight]', '  codeFences = true', '  noClasses = false',
  ].join('\n'));
  for (const [file, text] of Object.entries(HUGO_LAYOUTS)) {
    await mkdir(join(dir, file, '..'), { recursive: true });
    await writeFile(join(dir, file), text);
  }
}

async function eleventySite(dir: string, n: number): Promise<void> {
  await writeGeneratedSite(dir, n, 'eleventy');
  await mkdir(join(dir, '_includes'), { recursive: true });
  await writeFile(join(dir, '_includes/post.njk'), '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title></head><body><article><h1>{{ title }}</h1>{{ content | safe }}</article></body></html>');
  await writeFile(join(dir, 'index.njk'), '---\npagination:\n  data: collections.all\n  size: 10\n---\n{% for p in pagination.items %}<a href="{{ p.url }}">{{ p.data.title }}</a>{% endfor %}');
}

function time(cmd: string, args: string[]): number {
  const start = performance.now();
  execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  return performance.now() - start;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const tools = ensureTools();
const casebookBin = join(root, 'bin/casebook.js');
if (!existsSync(join(root, 'dist/cli/main.js'))) execFileSync('node', [join(root, 'scripts/compile.mjs')]);

console.log(`Benchmark: ${runs} run(s) per tool, median of clean builds; Casebook with --skip og,search; ${tools.hugo ? 'Hugo with highlighting, RSS, sitemap, tags and categories' : 'Hugo not available'}; ${tools.eleventy ? 'Eleventy 3 without highlighting' : 'Eleventy not available'}.`);
const rows: string[][] = [];
for (const n of sizes) {
  const base = join(work, String(n));
  await writeGeneratedSite(join(base, 'casebook'), n, 'casebook');
  const cb = median(Array.from({ length: runs }, () => {
    return time('node', [casebookBin, 'build', join(base, 'casebook'), '--out', join(base, 'out-casebook'), '--quiet', '--skip', 'og,search']);
  }));
  let hugo: number | undefined;
  if (tools.hugo) {
    await hugoSite(join(base, 'hugo'), n);
    hugo = median(Array.from({ length: runs }, () => {
      execFileSync('rm', ['-rf', join(base, 'out-hugo')]);
      return time('hugo', ['--source', join(base, 'hugo'), '--destination', join(base, 'out-hugo'), '--quiet']);
    }));
  }
  let eleventy: number | undefined;
  if (tools.eleventy) {
    await eleventySite(join(base, 'eleventy'), n);
    eleventy = median(Array.from({ length: runs }, () => {
      execFileSync('rm', ['-rf', join(base, 'out-eleventy')]);
      return time('node', [tools.eleventy!, `--input=${join(base, 'eleventy')}`, `--output=${join(base, 'out-eleventy')}`, '--quiet']);
    }));
  }
  const fmt = (ms: number | undefined) => (ms === undefined ? 'n/a' : `${(ms / 1000).toFixed(2)} s`);
  const ratio = (ms: number | undefined) => (ms === undefined ? 'n/a' : `${(cb / ms).toFixed(2)}×`);
  rows.push([String(n), fmt(cb), fmt(hugo), ratio(hugo), fmt(eleventy), ratio(eleventy)]);
}
const head = ['posts', 'Casebook', 'Hugo', 'Casebook/Hugo', 'Eleventy', 'Casebook/Eleventy'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
console.log(line(head));
for (const r of rows) console.log(line(r));
await rm(work, { recursive: true, force: true });
