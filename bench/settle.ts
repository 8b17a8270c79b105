// A quiet disk before each timed command. Casebook replaces its output by renaming folders and
// deletes the old one in a background process after it exits; sync(1) and the kernel write
// the files every tool left behind for seconds after. Timed back to back, each command paid for
// its predecessor's leftovers: on this VM's disk a 100-post Casebook build took 588 ms right
// after the previous one and 306 ms a second later, and Hugo's 394 ms right after a Casebook build.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const folders = new Set<string>();

/** Folders whose old outputs (`<out>.casebook-old-*`) settle() waits for. */
export function watchForOldOutputs(folder: string): void {
  folders.add(folder);
}

function leftovers(): string[] {
  return [...folders].filter(existsSync).flatMap((f) => readdirSync(f).filter((name) => name.includes('.casebook-old-')));
}

/** Waits (up to a minute) until Casebook's background removals of old outputs are done, then writes out what is dirty. */
export function settle(): void {
  const deadline = Date.now() + 60_000;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (leftovers().length && Date.now() < deadline) Atomics.wait(pause, 0, 0, 20);
  execFileSync('sync');
}
