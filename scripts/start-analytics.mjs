// `npm run start:analytics`: the demo of `npm start` with reader analytics switched on. Runs the
// collector on 127.0.0.1:4322 (SQLite in examples/demo/.casebook/analytics.db, so numbers add up
// across runs), builds a copy of the demo whose config sets analytics.endpoint to it, serves the
// site on http://localhost:4321 and prints the dashboard's address and token. The demo folder
// itself is not changed: `npm start` stays without analytics.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const demo = join(root, 'examples/demo');
const work = join(demo, '.casebook');
const site = join(work, 'analytics-site');
const bin = join(root, 'bin/casebook.js');
const port = Number(process.env.PORT ?? 4321);
const collectorPort = Number(process.env.ANALYTICS_PORT ?? 4322);
const token = process.env.CASEBOOK_ANALYTICS_TOKEN ?? randomBytes(12).toString('hex');

// A fresh copy of the demo's sources; its own .casebook (the build cache) is kept between runs.
mkdirSync(site, { recursive: true });
for (const entry of readdirSync(site)) if (entry !== '.casebook') rmSync(join(site, entry), { recursive: true, force: true });
for (const entry of readdirSync(demo)) {
  if (entry === 'dist' || entry.startsWith('.') || entry.startsWith('casebook.config.')) continue;
  cpSync(join(demo, entry), join(site, entry), { recursive: true });
}
const config = readFileSync(join(demo, 'casebook.config.yaml'), 'utf8');
writeFileSync(
  join(site, 'casebook.config.yaml'),
  `${config.trimEnd()}\n# Added by npm run start:analytics\nanalytics:\n  endpoint: http://127.0.0.1:${collectorPort}/\n  site: demo\n`,
);

const children = [];
function run(args, opts = {}) {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'inherit', 'inherit'], ...opts });
  children.push(child);
  return child;
}
function stop(code) {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  process.exitCode = code;
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

const built = await new Promise((resolve) => {
  run(['build', site, '--out', join(site, 'dist'), '--base-url', `http://localhost:${port}/`, '--quiet']).on('exit', (code) => resolve(code === 0));
});
if (!built) {
  stop(1);
} else {
  const collector = run(
    [
      'analytics',
      'serve',
      '--db',
      `sqlite:${join(work, 'analytics.db')}`,
      '--port',
      String(collectorPort),
      '--token',
      token,
      '--origin',
      `http://localhost:${port}`,
      '--origin',
      `http://127.0.0.1:${port}`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let printed = '';
  let told = false;
  collector.stdout.on('data', (d) => {
    process.stdout.write(d);
    printed += d;
    // Once the collector is listening, say what to do next.
    if (!told && printed.includes('dashboard:')) {
      told = true;
      process.stdout.write(
        `\nRead a post at http://localhost:${port}/writing/, then open http://127.0.0.1:${collectorPort}/dashboard\n` +
          `(any user name; password ${token}). The numbers are in ${join(work, 'analytics.db')}.\n`,
      );
    }
  });
  const preview = run(['preview', join(site, 'dist'), '--port', String(port)]);
  for (const child of [collector, preview]) {
    child.on('exit', (code) => {
      if (children.every((c) => c.exitCode !== null || c.signalCode !== null)) return;
      // One of the two stopped on its own (a port in use, say): stop the other as well.
      stop(code ?? 1);
    });
  }
}
