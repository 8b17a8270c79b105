// Edit-to-visible latency of `casebook dev`: edits one post's title, then polls /writing/ until the
// new title is served. Prints the median and the spread. Usage: npm run bench:dev -- [--posts 1000] [--edits 15] [--json]
// (--json adds a last line `RESULT {...}` that bench/run.ts reads).
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { compileCasebook, compiledModule } from './compiled.js';
import { writeGeneratedSite } from './generate.js';
import { benchWorkFolder } from './work-folder.js';

const { values } = parseArgs({
  options: {
    posts: { type: 'string', default: '1000' },
    edits: { type: 'string', default: '15' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(`Usage: npm run bench:dev -- [--posts N] [--edits N] [--json]

Compiles src/ into dist/ (as \`npm run compile\` does, without type declarations), starts a dev
session on a generated site of N posts (default 1000) in the bench work folder, edits the newest
post's title N times (default 15), and prints the median time from the save to /writing/ showing
the new title, and the last rebuild's phases. --json adds a line RESULT {...} for bench/run.ts.`);
  process.exit(0);
}
// What `casebook dev` runs: the compiled modules, not the source as tsx transforms it (which
// names every function it creates, a few per post per rebuild).
compileCasebook();
const { DevSession } = await compiledModule<typeof import('../src/dev/session.js')>('dev/session');
const { startDevServer } = await compiledModule<typeof import('../src/dev/server.js')>('dev/server');
const { watchSite } = await compiledModule<typeof import('../src/dev/watcher.js')>('dev/watcher');
const count = Number(values.posts);
const edits = Number(values.edits);
const dir = benchWorkFolder(undefined, `casebook-dev-bench-${count}`).folder;
const posts = await writeGeneratedSite(dir, count);
const session = new DevSession({ site: dir });
const server = await startDevServer(session, 0, '127.0.0.1');
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
session.baseUrl = `${base}/`;
let t = performance.now();
await session.rebuild();
console.log(`casebook dev, ${count} posts: first build ${Math.round(performance.now() - t)} ms`);
const watcher = watchSite({ root: dir, ignore: ['dist', '.casebook'], onChange: (files) => void session.rebuild(files) });

const newest = posts[posts.length - 1]!;
const file = join(dir, 'content/writing', newest.file);
const original = await readFile(file, 'utf8');
const times: number[] = [];
const rendered: number[] = [];
for (let i = 0; i < edits; i++) {
  const title = `Edited title number ${i}`;
  t = performance.now();
  // Saved the way most editors save: a temp file renamed over the original.
  await writeFile(`${file}.tmp~`, original.replace(`title: "${newest.title}"`, `title: "${title}"`));
  await rename(`${file}.tmp~`, file);
  for (;;) {
    // A keep-alive socket the server closed while it was rebuilding resets once; ask again.
    const html = await fetch(`${base}/writing/`).then(
      (r) => r.text(),
      () => '',
    );
    if (html.includes(title)) break;
    await new Promise((r) => setTimeout(r, 2));
  }
  times.push(performance.now() - t);
  rendered.push(session.lastResult?.pagesRendered ?? 0);
  await new Promise((r) => setTimeout(r, 100));
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)]!;
console.log(
  `edit → visible on /writing/: median ${median.toFixed(0)} ms (min ${times[0]!.toFixed(0)}, max ${times[times.length - 1]!.toFixed(0)}) over ${edits} edits; ${rendered[rendered.length - 1]} page(s) rendered to answer the request (the rest render when viewed)`,
);
const phases = Object.entries(session.lastResult?.timings ?? {})
  .map(([k, v]) => `${k} ${v!.toFixed(0)}`)
  .join(', ');
console.log(`last rebuild phases (ms): ${phases}`);
if (values.json) console.log(`RESULT ${JSON.stringify({ posts: count, edits, median, min: times[0], max: times[times.length - 1] })}`);
watcher.close();
session.close();
server.close();
server.closeAllConnections();
await rm(dir, { recursive: true, force: true });
