import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/**
 * Casebook's folder in the user's cache folder ($XDG_CACHE_HOME or ~/.cache, then casebook/code):
 * what belongs to the installed code rather than to a site (V8's code cache, the code digest).
 * Undefined when there is no home folder to put it in.
 */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const xdg = env.XDG_CACHE_HOME;
  let base: string;
  try {
    base = xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.cache');
  } catch {
    return undefined;
  }
  return join(base, 'casebook', 'code');
}
