import { createRequire } from 'node:module';

const nodeRequire = createRequire(import.meta.url);

/**
 * Node's child_process, loaded on first use: loading it (with the net and dgram modules it
 * pulls in) was 3 to 4 ms of every command's start, while a build starts a process only to ask
 * git for dates or to delete a large old output in the background.
 */
export function childProcess(): typeof import('node:child_process') {
  return nodeRequire('node:child_process') as typeof import('node:child_process');
}
