/**
 * Builds every blog checkout in a folder with the real CLI and prints, per blog, whether
 * everything in the repository made it into the output (issue 17). Run as
 * `npm run real-blogs -- DIR [--timeout SECONDS] [--only NAME,…] [--cli PATH]` (`--cli`: another
 * build of Casebook's bin/casebook.js, to compare before and after a change).
 *
 * The checkouts are only read: each builds into a temporary folder with `--no-cache`, so nothing
 * is written into them; their own build scripts are never run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
let cli = join(here, '..', 'bin', 'casebook.js');

/** Files that document a repository rather than being content of the site. */
const NOT_CONTENT = /^(_index|readme|changelog|license|licence|contributing|code_of_conduct|security|claude|agents)(\.[a-z]+)?\.(md|mdx|markdown)$/i;
const SKIP_DIRS = new Set(['node_modules', '.git', '.casebook', 'dist', '.next', '_site', 'vendor', 'themes']);

interface Row {
  blog: string;
  generator: string;
  exit: number | string;
  markdown: number;
  posts: number | string;
  listed: number;
  feed: number;
  images: string;
  leaks: number;
  /** Images missing and embeds or template blocks removed, as the build counts them (CB1540), else from its warnings. */
  lost: string;
  note: string;
}

function walk(dir: string, keep: (name: string) => boolean, out: string[] = []): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    if (e.name.startsWith('.') && e.name !== '.eleventy.js') continue;
    const abs = join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) walk(abs, keep, out);
    } else if (e.isFile() && keep(e.name)) out.push(abs);
  }
  return out;
}

const countMarkdown = (root: string): number => walk(root, (n) => /\.(md|mdx|markdown)$/i.test(n) && !NOT_CONTENT.test(n)).length;

/** Top folders of a multilingual site's language editions (`es/`, `pt-br/`), each with its own list and feeds. */
const editionDirs = (out: string): string[] =>
  existsSync(out) ? readdirSync(out).filter((n) => /^[a-z]{2,3}(?:-[a-z]{2,4})?$/i.test(n) && existsSync(join(out, n, 'index.html'))) : [];

/** Post links on the list pages: /writing/, each language edition's list, and their numbered pages; a card counts when it carries a date. */
function countListed(out: string): number {
  const pages: string[] = [];
  for (const list of ['writing', ...editionDirs(out)]) {
    pages.push(join(out, list, 'index.html'));
    const paged = join(out, list, 'page');
    if (existsSync(paged)) for (const n of readdirSync(paged)) pages.push(join(paged, n, 'index.html'));
  }
  const links = new Set<string>();
  for (const p of pages) {
    if (!existsSync(p)) continue;
    for (const m of readFileSync(p, 'utf8').matchAll(/<article class="card(?: [^"]*)?">([\s\S]*?)<\/article>/g)) {
      const href = /<a href="([^"]+)"/.exec(m[1]!)?.[1];
      if (href && /<time /.test(m[1]!)) links.add(href);
    }
  }
  return links.size;
}

function countFeed(out: string): number {
  let n = 0;
  // The site's feed, then each language edition's.
  for (const dir of [out, ...editionDirs(out).map((d) => join(out, d))]) {
    // feed.xml is Atom where the old site's was (jekyll-feed): entries count as items. The fullest
    // feed counts: an old feed kept at its URL carries as many posts as the old tool put in it.
    const counts = ['feed.xml', 'atom.xml', 'rss.xml']
      .map((f) => join(dir, f))
      .filter((f) => existsSync(f))
      .map((f) => (readFileSync(f, 'utf8').match(/<item>|<entry>/g) ?? []).length);
    n += Math.max(0, ...counts);
  }
  return n;
}

/** Local images referenced by <img src> in the built pages, and how many of them exist in the output. */
function countImages(out: string, html: string[]): { refs: number; present: number; missing: string[] } {
  const seen = new Map<string, boolean>();
  for (const file of html) {
    const pageDir = dirname(file);
    for (const m of readFileSync(file, 'utf8').matchAll(/<img\b[^>]*?\ssrc="([^"]+)"/g)) {
      const src = m[1]!.replace(/&amp;/g, '&');
      if (/^(?:[a-z]+:|\/\/|#)/i.test(src)) continue;
      const path = decodeURIComponent(src.split(/[?#]/)[0]!);
      const abs = path.startsWith('/') ? join(out, path) : resolve(pageDir, path);
      if (seen.has(abs)) continue;
      seen.set(abs, existsSync(abs) && statSync(abs).isFile());
    }
  }
  const missing = [...seen].filter(([, ok]) => !ok).map(([p]) => relative(out, p));
  return { refs: seen.size, present: seen.size - missing.length, missing };
}

/** Template syntax of the old tool left in the text a reader sees (code blocks excepted). */
function countLeaks(html: string[]): { count: number; sample: string } {
  let count = 0;
  let sample = '';
  for (const file of html) {
    const text = readFileSync(file, 'utf8')
      .replace(/<(script|style|pre|code|template)\b[\s\S]*?<\/\1>/gi, ' ')
      // Empty braces in prose ("the {{ }} elements are variables") are the author's words, no call of a template.
      .replace(/\{\{\s*\}\}/g, ' ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&')
      .replace(/&#123;|&lbrace;/g, '{');
    for (const m of text.matchAll(/\{\{<?|\{%|<%|\{\{%/g)) {
      count++;
      if (!sample)
        sample = `${relative(dirname(dirname(file)), file)}: ${text
          .slice(Math.max(0, m.index! - 20), m.index! + 40)
          .replace(/\s+/g, ' ')
          .trim()}`;
    }
  }
  return { count, sample };
}

/**
 * "images/embeds" lost: the summary's count when the build gives one; otherwise (an older
 * Casebook) missing images (CB1210) and removed template constructs (CB1205 "removed N times").
 */
function lostOf(text: string): string {
  const counted = /lost: (\d+) images? and (\d+) embeds?/.exec(text);
  if (counted) return `${counted[1]}/${counted[2]}`;
  const images = Number(/warning CB1210: [^\n]*\((\d+)\)/.exec(text)?.[1] ?? 0);
  let embeds = 0;
  for (const m of text.matchAll(/removed (once|(\d+) times)/g)) embeds += m[2] ? Number(m[2]) : 1;
  return `${images}/${embeds}`;
}

function buildOne(root: string, name: string, timeoutSec: number): Row {
  const out = mkdtempSync(join(tmpdir(), 'real-blogs-'));
  try {
    const run = spawnSync(process.execPath, [cli, 'build', root, '--out', out, '--no-cache', '--skip', 'og,search', '--verbose'], {
      encoding: 'utf8',
      timeout: timeoutSec * 1000,
      maxBuffer: 64 * 1024 * 1024,
    });
    const text = `${run.stdout ?? ''}\n${run.stderr ?? ''}`;
    const exit = run.error ? 'timeout' : (run.status ?? `signal ${run.signal}`);
    const detected = /Detected (.+?) site \(/.exec(text)?.[1];
    const built = /Built \d+ pages? \((\d+) posts?/.exec(text)?.[1];
    const errorCode = /error (CB\d{4})/.exec(text)?.[1] ?? /\b(CB\d{4})\b/.exec(run.stderr ?? '')?.[1];
    const html = existsSync(out) ? walk(out, (n) => n.endsWith('.html')) : [];
    const images = countImages(out, html);
    const leaks = countLeaks(html);
    const notes: string[] = [];
    if (exit !== 0 && errorCode) notes.push(errorCode);
    if (exit === 70) notes.push('INTERNAL ERROR');
    if (images.missing.length) notes.push(`missing e.g. ${images.missing[0]}`);
    if (leaks.sample) notes.push(`leak e.g. ${leaks.sample.slice(0, 90)}`);
    if (exit !== 0 && !errorCode) notes.push((run.stderr ?? '').trim().split('\n')[0]?.slice(0, 100) ?? '');
    return {
      blog: name,
      generator: detected ?? (exit === 0 ? 'native' : '-'),
      exit,
      markdown: countMarkdown(root),
      posts: built ?? '-',
      listed: countListed(out),
      feed: countFeed(out),
      images: `${images.present}/${images.refs}`,
      leaks: leaks.count,
      lost: lostOf(text),
      note: notes.join('; '),
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function table(rows: Row[]): string {
  const head = ['blog', 'generator', 'exit', 'md files', 'posts', 'listed', 'feed', 'images ok/refs', 'leaks', 'lost img/embeds', 'notes'];
  const cells = rows.map((r) => [
    r.blog,
    r.generator,
    String(r.exit),
    String(r.markdown),
    String(r.posts),
    String(r.listed),
    String(r.feed),
    r.images,
    String(r.leaks),
    r.lost,
    r.note,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => (i === head.length - 1 ? 0 : c[i]!.length))));
  const line = (c: string[]) => c.map((v, i) => (i === c.length - 1 ? v : v.padEnd(widths[i]!))).join(' | ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('-|-'), ...cells.map(line)].join('\n');
}

function main(argv: string[]): number {
  const dir = argv.find((a) => !a.startsWith('--') && !['--timeout', '--only', '--cli'].includes(argv[argv.indexOf(a) - 1] ?? ''));
  const c = argv.indexOf('--cli');
  if (c >= 0) cli = resolve(argv[c + 1]!);
  if (!dir) {
    process.stderr.write('usage: npm run real-blogs -- DIR [--timeout SECONDS] [--only NAME,…]\n');
    return 2;
  }
  const t = argv.indexOf('--timeout');
  const timeoutSec = t >= 0 ? Number(argv[t + 1]) : 300;
  const o = argv.indexOf('--only');
  const only = o >= 0 ? new Set(argv[o + 1]!.split(',')) : undefined;
  const root = resolve(dir);
  const blogs = readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && (!only || only.has(e.name)))
    .map((e) => e.name)
    .sort();
  const rows: Row[] = [];
  for (const name of blogs) {
    const started = Date.now();
    rows.push(buildOne(join(root, name), name, timeoutSec));
    process.stderr.write(`${name}: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
  process.stdout.write(`${table(rows)}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
