// Time from starting a command to the first page it serves: `casebook dev` on the demo and
// `npm start` on a fresh copy of the project. Used by bench/run.ts.
import { spawn } from 'node:child_process';
import { cp, mkdir, rm, symlink } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** A port free on 127.0.0.1 right now (the OS picks it; the command binds it a moment later). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts `cmd args` in a process group of its own, requests http://127.0.0.1:port/ every 5 ms
 * until it answers 200, and returns the milliseconds from the start; the whole group is then
 * stopped (npm start runs a shell that runs node).
 */
export async function firstResponseMs(
  cmd: string,
  args: string[],
  opts: { cwd: string; port: number; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<number> {
  const started = performance.now();
  const child = spawn(cmd, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  try {
    const deadline = started + (opts.timeoutMs ?? 300_000);
    for (;;) {
      if (exited !== undefined) throw new Error(`${cmd} ${args.join(' ')} exited with ${exited} before serving:\n${stderr}`);
      if (performance.now() > deadline) throw new Error(`${cmd} ${args.join(' ')} served nothing in ${opts.timeoutMs ?? 300_000} ms:\n${stderr}`);
      const status = await fetch(`http://127.0.0.1:${opts.port}/`).then(
        (r) => r.status,
        () => 0,
      );
      if (status === 200) return performance.now() - started;
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    if (exited === undefined) {
      const gone = new Promise((r) => child.once('exit', r));
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // Already gone.
      }
      await gone;
    }
  }
}

/**
 * The project as `git clone` + `npm ci` leaves it: the tracked files and the compiled dist/
 * (npm ci runs `prepare`, whose cache warming bench/run.ts runs after this), node_modules linked,
 * and no demo output or build cache yet.
 */
export async function freshCopy(root: string, into: string, tracked: string[]): Promise<void> {
  await rm(into, { recursive: true, force: true });
  await mkdir(into, { recursive: true });
  for (const file of tracked) await cp(join(root, file), join(into, file), { recursive: true });
  await cp(join(root, 'dist'), join(into, 'dist'), { recursive: true });
  await symlink(join(root, 'node_modules'), join(into, 'node_modules'));
}
