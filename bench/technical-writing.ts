// What build-time math and code-block options cost per post. Two measurements on the same
// generated corpus (bench/generate.ts), one copy as generated and one where every post also has
// four inline formulas, two display formulas and a titled code block with marked lines:
//   1. renderMarkdown over every body on one thread, in this process (the per-post cost itself);
//   2. clean CLI builds (--no-cache --skip og,search) of both copies, and with --baseline BIN
//      the same builds with another checkout's bin/casebook.js (the code before the change).
//   npx tsx bench/technical-writing.ts [--posts 4000] [--runs 2] [--baseline /path/to/bin/casebook.js]
import { execFileSync } from 'node:child_process';
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeGeneratedSite } from './generate.js';
import { compileCasebook, compiledModule } from './compiled.js';
import { benchWorkFolder } from './work-folder.js';

// The compiled renderer, as the CLI runs it (compiled afresh first), not the source through tsx.
compileCasebook();
const { renderMarkdown } = await compiledModule<typeof import('../src/markdown/render.js')>('markdown/render');

const { values } = parseArgs({
  options: {
    posts: { type: 'string', default: '4000' },
    runs: { type: 'string', default: '2' },
    baseline: { type: 'string' },
    'builds-only': { type: 'boolean', default: false },
  },
});
const count = Number(values.posts);
const runs = Number(values.runs);
const bin = fileURLToPath(new URL('../bin/casebook.js', import.meta.url));
const root = benchWorkFolder(undefined, `casebook-bench-tech-${process.pid}`).folder;

function mathSection(i: number): string {
  return `## Error budget ${i}

With a target $T = 0.99${i % 10}$ over $N_{${i}}$ requests the budget is $B = (1 - T)\\,N$, and a burn rate of $r$ empties it in $\\frac{28}{r}$ days.

$$
B_{${i}} = \\left(1 - T\\right) \\cdot \\sum_{d=1}^{28} n_d
$$

$$
r = \\frac{b(t)}{1 - T} \\quad\\text{for } t \\in [0, ${i % 60}]
$$
`;
}

async function withMath(dir: string): Promise<void> {
  const posts = join(dir, 'content', 'writing');
  let i = 0;
  for (const file of (await readdir(posts)).sort()) {
    const path = join(posts, file);
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.replace(/```(ts|go|sql|rust)\n/, '```$1 title="example.$1" {2-3}\n') + '\n' + mathSection(i++));
  }
}

async function bodies(dir: string): Promise<{ body: string; file: string }[]> {
  const posts = join(dir, 'content', 'writing');
  const out: { body: string; file: string }[] = [];
  for (const file of (await readdir(posts)).sort()) {
    const text = await readFile(join(posts, file), 'utf8');
    out.push({ file: join(posts, file), body: text.slice(text.indexOf('\n---\n', 4) + 5) });
  }
  return out;
}

function renderAll(list: { body: string; file: string }[]): number {
  const start = performance.now();
  for (const { body, file } of list) {
    renderMarkdown({ body, file, source: body, bodyLine: 1, pagePath: 'writing/x/', base: '/', wordsPerMinute: 220 });
  }
  return performance.now() - start;
}

function cliBuild(which: string, site: string): number {
  const out = join(root, 'out');
  const start = performance.now();
  execFileSync(process.execPath, [which, 'build', site, '--out', out, '--no-cache', '--skip', 'og,search', '--quiet'], { stdio: 'inherit' });
  const ms = performance.now() - start;
  return ms;
}

const plain = join(root, 'plain');
const math = join(root, 'math');
await writeGeneratedSite(plain, count, 'casebook');
await writeGeneratedSite(math, count, 'casebook');
await withMath(math);

// 1. In-process, one thread: warm up both paths first (grammar and KaTeX loading is not per post).
if (!values['builds-only']) {
  const plainBodies = await bodies(plain);
  const mathBodies = await bodies(math);
  renderAll(plainBodies.slice(0, 50));
  renderAll(mathBodies.slice(0, 50));
  const inProcess = { plain: Infinity, math: Infinity };
  for (let r = 0; r < runs; r++) {
    inProcess.plain = Math.min(inProcess.plain, renderAll(plainBodies));
    inProcess.math = Math.min(inProcess.math, renderAll(mathBodies));
  }
  console.log(
    `renderMarkdown, ${count} posts, one thread: plain ${(inProcess.plain / count).toFixed(3)} ms/post, with math and code options ${(inProcess.math / count).toFixed(3)} ms/post → +${((inProcess.math - inProcess.plain) / count).toFixed(3)} ms/post`,
  );
}

// 2. Whole clean builds (best of `runs`).
const best = (f: () => number) => Math.min(...Array.from({ length: runs }, f));
const row = (name: string, which: string, site: string) => {
  const ms = best(() => cliBuild(which, site));
  console.log(`clean build, ${count} posts, ${name}: ${(ms / 1000).toFixed(2)} s (${(ms / count).toFixed(2)} ms/post)`);
};
if (values.baseline) row('baseline, plain corpus', values.baseline, plain);
row('this code, plain corpus', bin, plain);
row('this code, math corpus', bin, math);
if (values.baseline) row('baseline, math corpus (TeX left as text)', values.baseline, math);
await rm(root, { recursive: true, force: true });
