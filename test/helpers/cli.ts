import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/casebook.js', import.meta.url));

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

type Main = (argv: string[], io: { out: NodeJS.WriteStream; err: NodeJS.WriteStream }) => Promise<number>;
let loaded: Promise<Main> | undefined;

/** The `main` bin/casebook.js runs, from the same file it loads it from (the CLI bundle when compiled). */
function loadMain(): Promise<Main> {
  const bundle = new URL('../../dist/bundle/main.js', import.meta.url);
  const entry = existsSync(bundle) ? bundle.href : new URL('../../dist/cli/main.js', import.meta.url).href;
  loaded ??= import(entry).then((m: { main: Main }) => m.main);
  return loaded;
}

function collector(): { stream: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  // `write` above runs synchronously, so the text is complete when `main` resolves.
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => chunks.join('') };
}

/**
 * Runs the CLI's `main` in this process, with the argv, exit code, stdout and stderr a user would
 * see from `node bin/casebook.js …` (not a terminal: no colour, no progress line), but without
 * starting Node and loading the bundle again: the test runner's inner loop runs hundreds of
 * commands. An exception out of `main` is exit 70, as in bin/casebook.js. Tests of what only a real
 * process shows (environment variables, time zones, signals, concurrent builds, crashes) use
 * `spawnCli`.
 */
export async function runCli(args: string[]): Promise<RunResult> {
  const main = await loadMain();
  const out = collector();
  const err = collector();
  let code: number;
  try {
    code = await main(args, { out: out.stream, err: err.stream });
  } catch (e) {
    err.stream.write(`casebook: internal error: ${(e as Error)?.stack ?? e}\n`);
    code = 70;
  }
  return { code, stdout: out.text(), stderr: err.text() };
}

/** Runs the real CLI in a child process, as a user would. */
export function spawnCli(args: string[], env: Record<string, string> = {}): Promise<RunResult> {
  return runProcess(process.execPath, [BIN, ...args], { env });
}

/** Any command in a child process, its output collected; `env` adds to this process's environment. */
export function runProcess(cmd: string, args: string[], opts: { cwd?: string | undefined; env?: Record<string, string> | undefined } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
