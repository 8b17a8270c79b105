import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/**
 * Casebook's folder in the user's cache folder ($XDG_CACHE_HOME or ~/.cache, then casebook/code):
 * what belongs to the installed code rather than to a site (V8's code cache, the code digest).
 * Undefined when there is no home folder to put it in, or only a relative one (HOME=rel): that
 * would put the cache in whatever folder the command runs in.
 */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const xdg = env.XDG_CACHE_HOME;
  let base: string;
  try {
    if (xdg && isAbsolute(xdg)) base = xdg;
    else {
      const home = homedir();
      if (!isAbsolute(home)) return undefined;
      base = join(home, '.cache');
    }
  } catch {
    return undefined;
  }
  return join(base, 'casebook', 'code');
}
