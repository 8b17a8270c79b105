// Slow: it copies the package and builds 160 posts and the demo twice (bundle, then per-module).
// The fast loop runs the bundle too: runCli (test/helpers/cli.ts) calls its main.
// The CLI bundle (dist/bundle/, written by scripts/compile.mjs and run by bin/casebook.js) on a
// copy of the package that has no one-file-per-module build at all: every command must work from
// the bundle alone, and a build must write exactly what the one-file-per-module build writes.
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeGeneratedSite } from '../bench/generate.js';
import { freePort } from '../bench/first-response.js';
import { runProcess } from './helpers/cli.js';
import { ageInputs } from './helpers/site.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
let work: string;
let pkg: string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Promise<Run> {
  return runProcess(cmd, args, { cwd: opts.cwd ?? work, env: opts.env });
}

/** The bundled CLI of the stripped copy. */
const bundled = (args: string[], env?: Record<string, string>) => run(process.execPath, [join(pkg, 'bin/casebook.js'), ...args], env ? { env } : {});
/** The one-file-per-module CLI of the working tree, bypassing the bundle. */
const perModule = (args: string[], env?: Record<string, string>) => run(process.execPath, [join(work, 'per-module.mjs'), ...args], env ? { env } : {});

async function tree(dir: string, prefix = ''): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const rel = prefix + e.name;
    if (e.isDirectory()) for (const [k, v] of await tree(join(dir, e.name), rel + '/')) out.set(k, v);
    else out.set(rel, await readFile(join(dir, e.name)));
  }
  return out;
}

async function expectSameTree(a: string, b: string): Promise<void> {
  const [ta, tb] = [await tree(a), await tree(b)];
  expect([...ta.keys()].sort()).toEqual([...tb.keys()].sort());
  const differing = [...ta.keys()].filter((k) => !ta.get(k)!.equals(tb.get(k)!));
  expect(differing).toEqual([]);
}

/** Starts a server command, waits for its first 200 on /, then stops it. */
async function firstPage(args: string[]): Promise<{ status: number; body: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(pkg, 'bin/casebook.js'), ...args, '--port', String(port)], { cwd: work, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise((r) => child.once('exit', r));
  try {
    for (let i = 0; i < 3000; i++) {
      const got = await fetch(`http://127.0.0.1:${port}/`).then(
        async (r) => ({ status: r.status, body: await r.text() }),
        () => undefined,
      );
      if (got?.status === 200) return got;
      if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no page: ${stderr}`);
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

beforeAll(async () => {
  expect(existsSync(join(ROOT, 'dist/bundle/main.js')), 'run node scripts/compile.mjs first').toBe(true);
  work = await mkdtemp(join(tmpdir(), 'casebook-bundle-'));
  // The package with the bundle only: no dist/cli, dist/markdown, dist/og… to fall back on.
  pkg = join(work, 'pkg');
  await mkdir(join(pkg, 'dist'), { recursive: true });
  for (const part of ['package.json', 'bin', 'theme', 'locales', 'dist/bundle']) await cp(join(ROOT, part), join(pkg, part), { recursive: true });
  await symlink(join(ROOT, 'node_modules'), join(pkg, 'node_modules'));
  // A file, not `node -e`: worker threads inherit the parent's flags, and --input-type stops them.
  await writeFile(
    join(work, 'per-module.mjs'),
    `const { main } = await import(${JSON.stringify(join(ROOT, 'dist/cli/main.js'))});\nprocess.exitCode = await main(process.argv.slice(2));\n`,
  );
}, 120_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('the CLI bundle', () => {
  it('bin/casebook.js runs the bundle, not the one-file-per-module build', async () => {
    expect(existsSync(join(pkg, 'dist/cli'))).toBe(false);
    const version = await bundled(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')).version);
    const help = await bundled(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('casebook build [site]');
  });

  it('writes the Node 20 script in ASCII, so it loads as a one-byte string', async () => {
    const script = await readFile(join(pkg, 'dist/bundle/main.vm.js'));
    // The source has non-ASCII characters the site prints (the "·" between a post's date and read time).
    expect(script.findIndex((b) => b > 0x7f)).toBe(-1);
    expect(script.toString('latin1')).toContain('\\u00b7');
  });

  it('builds 160 posts on the bundled Markdown workers, byte for byte as the per-module build', async () => {
    const site = join(work, 'many');
    await writeGeneratedSite(site, 160);
    const a = await bundled(['build', site, '--out', join(work, 'many-bundle'), '--no-cache', '--skip', 'og,search', '--verbose'], {
      CASEBOOK_THREADS: '2',
      CASEBOOK_POOL_BODIES: '150',
    });
    expect(a.stderr).toBe('');
    expect(a.code).toBe(0);
    // 160 bodies are above the pool's threshold (lowered to 150): they rendered on two threads, the worker's
    // script exists only as the bundle's entry in this copy.
    expect(a.stdout).toContain('markdown: 160 of 160 bodies rendered on 2 threads');
    const b = await perModule(['build', site, '--out', join(work, 'many-modules'), '--no-cache', '--skip', 'og,search'], { CASEBOOK_THREADS: '2' });
    expect(b.code, b.stderr).toBe(0);
    await expectSameTree(join(work, 'many-bundle'), join(work, 'many-modules'));
  }, 300_000);

  it('loads what it loads on first use (entities, the HTML policy, grammars) and writes what the per-module build writes', async () => {
    // The bundles load markdown-it's entity decoder and sanitize-html when first needed and carry
    // highlight.js's common grammars (scripts/compile.mjs); the per-module build imports them all.
    const site = join(work, 'lazy');
    await mkdir(join(site, 'content/writing'), { recursive: true });
    await writeFile(join(site, 'casebook.config.yaml'), 'title: Lazy parts\nbaseUrl: https://lazy.example.com/\n');
    const fence = (lang: string, code: string) => `\`\`\`${lang}\n${code}\n\`\`\`\n`;
    await writeFile(
      join(site, 'content/writing/2024-05-01-parts.md'),
      [
        '---\ntitle: "Parts &amp; pieces"\ndate: 2024-05-01\n---\n',
        'Entities: &copy; 2024, &frac12; a cup, &#x263A; and &notanentity; stay as written.\n',
        '<details><summary>Raw <em>HTML</em></summary><p onclick="x()">kept, without its handler</p><script>alert(1)</script></details>\n',
        fence('ts', 'const a: number = 1; // typescript, bundled'),
        fence('python', 'def f(x):\n    return x * 2  # python, bundled'),
        fence('elixir', 'defmodule A do\n  def f(x), do: x # elixir, from node_modules\nend'),
        fence('html', '<div class="x">&amp;</div>'),
      ].join('\n'),
    );
    await ageInputs(site);
    const a = await bundled(['build', site, '--out', join(work, 'lazy-bundle'), '--no-cache', '--skip', 'og,search']);
    expect(a.code, a.stderr).toBe(0);
    const b = await perModule(['build', site, '--out', join(work, 'lazy-modules'), '--no-cache', '--skip', 'og,search']);
    expect(b.code, b.stderr).toBe(0);
    await expectSameTree(join(work, 'lazy-bundle'), join(work, 'lazy-modules'));
    const page = await readFile(join(work, 'lazy-bundle/writing/parts/index.html'), 'utf8');
    expect(page).toContain('© 2024, ½ a cup, ☺ and &amp;notanentity;');
    expect(page).toContain('<details><summary>Raw <em>HTML</em></summary><p>kept, without its handler</p></details>');
    expect(page).not.toContain('alert(1)');
    for (const grammar of ['hljs-keyword', 'hljs-comment']) expect(page).toContain(grammar);
    expect(page).toMatch(/class="hljs-title[^"]*">A</);
  }, 120_000);

  it('renders cached bodies again when a chunk of the bundle changes (the code digest covers the bundle)', async () => {
    const site = join(work, 'digest');
    await writeGeneratedSite(site, 3);
    const args = ['build', site, '--out', join(work, 'digest-out'), '--skip', 'og,search', '--verbose'];
    expect((await bundled(args)).stdout).toContain('markdown: 3 of 3 bodies rendered');
    // One post edited: the other two come from the render cache.
    const post = join(site, 'content/writing', (await readdir(join(site, 'content/writing')))[0]!);
    await writeFile(post, (await readFile(post, 'utf8')) + '\nEdited.\n');
    expect((await bundled(args)).stdout).toContain('markdown: 1 of 3 bodies rendered');
    const chunk = join(pkg, 'dist/bundle', (await readdir(join(pkg, 'dist/bundle'))).find((f) => f.startsWith('chunk-') && f.endsWith('.js'))!);
    const code = await readFile(chunk, 'utf8');
    try {
      await writeFile(chunk, `${code}\n// changed\n`);
      await writeFile(post, (await readFile(post, 'utf8')) + '\nEdited again.\n');
      expect((await bundled(args)).stdout).toContain('markdown: 3 of 3 bodies rendered');
    } finally {
      await writeFile(chunk, code);
    }
  }, 120_000);

  it('answers an unchanged build from the build stamp without loading the CLI bundle, and builds once anything changes', async () => {
    const site = join(work, 'shortcut');
    await writeGeneratedSite(site, 3);
    await ageInputs(site);
    const args = ['build', site, '--skip', 'og,search'];
    expect((await bundled(args)).stdout).toMatch(/^Built 1\d pages \(3 posts/);
    // The copy's code files are seconds old, too recent for the build to vouch for them; the
    // full check that answers this run records the shortcut.
    expect((await bundled(args)).stdout).toMatch(/^Up to date: /);
    // Which modules and files the run loads, recorded by hooks on both loaders (the bin and what
    // it loads first are CommonJS).
    const loaded = join(work, 'shortcut-loaded.txt');
    await writeFile(
      join(work, 'trace-hooks.mjs'),
      `import { appendFileSync } from 'node:fs';\nexport async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(${JSON.stringify(loaded)}, r.url + '\\n'); return r; }\n`,
    );
    await writeFile(join(work, 'trace.mjs'), `import { register } from 'node:module';\nregister('./trace-hooks.mjs', import.meta.url);\n`);
    await writeFile(
      join(work, 'trace.cjs'),
      `const Module = require('node:module');\nconst fs = require('node:fs');\nconst load = Module._load;\nModule._load = function (request, parent, isMain) {\n  try { fs.appendFileSync(${JSON.stringify(loaded)}, 'file://' + Module._resolveFilename(request, parent, isMain) + '\\n'); } catch {}\n  return load.apply(this, arguments);\n};\nconst read = fs.readFileSync;\nfs.readFileSync = function (path, ...rest) {\n  if (typeof path === 'string') fs.appendFileSync(${JSON.stringify(loaded)}, 'file://' + path + '\\n');\n  return read.call(this, path, ...rest);\n};\n`,
    );
    const again = await run(process.execPath, [
      '--import',
      join(work, 'trace.mjs'),
      '--require',
      join(work, 'trace.cjs'),
      join(pkg, 'bin/casebook.js'),
      ...args,
    ]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(
      /^Up to date: 1\d pages \(3 posts, \d+ files\), nothing changed since the last build \(checked in 0\.\d\d s\) · 0 warnings → .*shortcut\/dist\n$/,
    );
    const urls = (await readFile(loaded, 'utf8')).split('\n').filter((u) => u.includes('/pkg/'));
    expect(urls.some((u) => u.endsWith('/dist/bundle/build-shortcut.cjs'))).toBe(true);
    // Nothing else of Casebook: not the CLI bundle (script or modules), none of its chunks, not the code cache's loader.
    expect(urls.filter((u) => !/\/(bin\/casebook\.js|dist\/bundle\/build-shortcut\.cjs)$/.test(u))).toEqual([]);
    const post = join(site, 'content/writing', (await readdir(join(site, 'content/writing')))[0]!);
    await writeFile(post, (await readFile(post, 'utf8')) + '\nEdited.\n');
    expect((await bundled(args)).stdout).toMatch(/^Built /);
  }, 120_000);

  it('builds the demo (diagrams, math, images, CV) byte for byte as the per-module build', async () => {
    // Two copies of the demo with the drawings the repository tracks, so no browser starts.
    const tracked = ['examples/demo'];
    for (const copy of ['demo-a', 'demo-b']) {
      await cp(join(ROOT, tracked[0]!), join(work, copy), { recursive: true, filter: (src) => !/\/(dist|\.casebook\/cache\/(posts|[^/]+\.json))$/.test(src) });
    }
    const a = await bundled(['build', join(work, 'demo-a'), '--out', join(work, 'demo-a-out'), '--quiet']);
    expect(a.code, a.stderr).toBe(0);
    const b = await perModule(['build', join(work, 'demo-b'), '--out', join(work, 'demo-b-out'), '--quiet']);
    expect(b.code, b.stderr).toBe(0);
    await expectSameTree(join(work, 'demo-a-out'), join(work, 'demo-b-out'));
  }, 300_000);

  it('draws social cards and writes the search index from the bundle, as the per-module build does', async () => {
    const site = join(work, 'small');
    await writeGeneratedSite(site, 3);
    const a = await bundled(['build', site, '--out', join(work, 'small-bundle'), '--no-cache', '--verbose']);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toMatch(/social cards: [1-9]\d* rendered/);
    expect(existsSync(join(work, 'small-bundle/pagefind'))).toBe(true);
    const b = await perModule(['build', site, '--out', join(work, 'small-modules'), '--no-cache']);
    expect(b.code, b.stderr).toBe(0);
    const [ta, tb] = [await tree(join(work, 'small-bundle')), await tree(join(work, 'small-modules'))];
    expect([...ta.keys()].sort()).toEqual([...tb.keys()].sort());
    // Cards are PNGs drawn by the same code: identical bytes.
    const cards = [...ta.keys()].filter((k) => k.endsWith('.png'));
    expect(cards.length).toBeGreaterThan(0);
    for (const k of cards) expect(ta.get(k)!.equals(tb.get(k)!), k).toBe(true);
  }, 300_000);

  it('runs init, new, check and export', async () => {
    const site = join(work, 'inited');
    const init = await bundled(['init', site]);
    expect(init.code, init.stderr).toBe(0);
    expect(existsSync(join(site, 'casebook.config.yaml')) || existsSync(join(site, 'casebook.config.ts'))).toBe(true);
    const made = await bundled(['new', 'article', 'Queues without tears', '--site', site]);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toMatch(/Created .*queues-without-tears/);
    const check = await bundled(['check', site, '--json']);
    expect(check.code, check.stderr).toBe(0);
    expect(JSON.parse(check.stdout).pages).toBeGreaterThan(0);
    const exported = await bundled(['export', 'devto', site, '--out', join(work, 'exported')]);
    expect(exported.code, exported.stderr).toBe(0);
    expect((await readdir(join(work, 'exported'))).length).toBeGreaterThan(0);
  }, 300_000);

  it('imports a WordPress export', async () => {
    const out = join(work, 'imported');
    const r = await bundled(['import', 'wordpress', join(ROOT, 'test/fixtures/import/wordpress.xml'), '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect((await readdir(join(out, 'content/writing'))).some((f) => f.endsWith('.md'))).toBe(true);
  }, 120_000);

  it('serves a built site with preview and a site with dev', async () => {
    const site = join(work, 'served');
    await writeGeneratedSite(site, 2);
    expect((await bundled(['build', site, '--skip', 'og,search', '--quiet'])).code).toBe(0);
    const preview = await firstPage(['preview', join(site, 'dist')]);
    expect(preview.body).toContain('Generated site');
    const dev = await firstPage(['dev', site]);
    expect(dev.body).toContain('Generated site');
  }, 300_000);

  it('reports a usage error and a content error with their codes', async () => {
    const usage = await bundled(['bulid']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('CB3001');
    const site = join(work, 'broken');
    await mkdir(join(site, 'content/writing'), { recursive: true });
    await writeFile(join(site, 'casebook.config.yaml'), 'title: Broken\n');
    await writeFile(join(site, 'content/writing/2024-01-01-x.md'), '---\ntitle: [unclosed\n---\nBody\n');
    const content = await bundled(['build', site, '--quiet']);
    expect(content.code).toBe(1);
    expect(content.stderr).toMatch(/CB\d{4}/);
  }, 120_000);
});
