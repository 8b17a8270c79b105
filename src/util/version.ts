import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** The version of the installed Casebook, from its package.json (two levels above dist/util/ and src/util/). */
export function casebookVersion(): string {
  cached ??= (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return cached;
}
