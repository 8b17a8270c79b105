// Node 20 keeps no compiled code between runs for ES modules: every `casebook build` parsed and
// compiled the CLI bundle again (about 30 ms) and compiled each function it called on first use.
// Node 22.1+ has `module.enableCompileCache()`, which bin/casebook.js turns on instead. Here the
// CLI runs from `dist/bundle/main.vm.js`, the same code as one classic script that
// scripts/compile.mjs wraps in a function, through `vm.Script` with V8's code cache: the bytecode
// of every function the command compiled, saved after the command ran, so the next run of that
// command starts with it.
//
// The cache lives in the user's cache folder ($XDG_CACHE_HOME or ~/.cache, then casebook/code),
// one file per command, bundle and Node version. Code read from there runs as the user, so a
// folder anyone else could write is never used. Anything wrong with the cache (missing, corrupt,
// another V8, unwritable) costs only speed: V8 rejects what does not match and the bundle
// compiles as it would without it.
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Script } from 'node:vm';
import zlib from 'node:zlib';

/** The bundle's last line, written by scripts/compile.mjs: a hash of everything above it. */
export const BUNDLE_HASH_MARK = '\n//# casebook-code ';

/** Commands with a cache file of their own (each compiles different functions); the rest share one. */
const OWN_CACHE = new Set(['build', 'dev', 'preview', 'check', 'new', 'import', 'export', 'init', 'analytics', 'help']);

interface LoadedMain {
  main: (argv: string[]) => Promise<number>;
  /** Writes the code cache when this run had none V8 accepted. Never throws. */
  save: () => void;
  /** True when V8 took the compiled code from the cache. */
  cached: boolean;
}

/** The folder for code caches, or undefined when there is no safe one. */
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

/** True when `dir` is a real folder of this user that no one else may write. */
function ownedAndPrivate(dir: string): boolean {
  try {
    const st = lstatSync(dir);
    const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
    return st.isDirectory() && (uid === undefined || st.uid === uid) && (st.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

function cacheFileName(hash: string, command: string | undefined): string {
  const which = command && OWN_CACHE.has(command) ? command : 'other';
  return `main-${hash}-${process.version}-${process.arch}-${which}.v8`;
}

// V8 checks that a code cache was made by the same V8 for a source of the same length, but not
// that its bytes are intact: a damaged cache crashes the process. Each file therefore starts with
// a CRC-32 of the rest (zlib.crc32: Node 20.15+; older Nodes cache nothing).
const crc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;
const HEADER = 8;
const MAGIC = 0x43424331; // "CBC1"

function readCache(dir: string | undefined, name: string): Buffer | undefined {
  if (!crc32 || !dir || !ownedAndPrivate(dir)) return undefined;
  let file: Buffer;
  try {
    file = readFileSync(join(dir, name));
  } catch {
    return undefined;
  }
  if (file.length <= HEADER || file.readUInt32BE(0) !== MAGIC) return undefined;
  const data = file.subarray(HEADER);
  return crc32(data) === file.readUInt32BE(4) ? data : undefined;
}

/** Writes the cache atomically and removes this command's caches for other bundles or Node versions. */
function writeCache(dir: string, name: string, data: Buffer): void {
  if (!crc32) return;
  const header = Buffer.alloc(HEADER);
  header.writeUInt32BE(MAGIC, 0);
  header.writeUInt32BE(crc32(data), 4);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!ownedAndPrivate(dir)) return;
  const tmp = join(dir, `.${name}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(tmp, Buffer.concat([header, data]), { mode: 0o600 });
    renameSync(tmp, join(dir, name));
  } finally {
    rmSync(tmp, { force: true });
  }
  const suffix = name.slice(name.lastIndexOf('-'));
  for (const other of readdirSync(dir)) {
    if (other !== name && other.startsWith('main-') && other.endsWith(suffix)) rmSync(join(dir, other), { force: true });
  }
}

/**
 * Compiles and runs `bundleFile` (dist/bundle/main.vm.js) with the code cache for `command`,
 * and returns the CLI's `main`.
 */
export function loadWithCodeCache(bundleFile: string, command: string | undefined, env: NodeJS.ProcessEnv = process.env): LoadedMain {
  const source = readFileSync(bundleFile, 'utf8');
  const at = source.lastIndexOf(BUNDLE_HASH_MARK);
  const hash = at < 0 ? undefined : source.slice(at + BUNDLE_HASH_MARK.length).trim();
  const dir = hash && /^[0-9a-f]{16,64}$/.test(hash) ? codeCacheDir(env) : undefined;
  const name = hash ? cacheFileName(hash, command) : '';
  const cachedData = dir ? readCache(dir, name) : undefined;
  const script = new Script(source, { filename: bundleFile, ...(cachedData ? { cachedData } : {}) });
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  const module = { exports: {} as { main?: LoadedMain['main'] } };
  wrapper.call(
    module.exports,
    module.exports,
    createRequire(bundleFile),
    module,
    bundleFile,
    dirname(bundleFile),
    // The bundle's import() of packages left outside it (ES modules among them) goes through here.
    (specifier: string) => import(specifier),
    pathToFileURL(bundleFile).href,
  );
  const main = module.exports.main;
  if (typeof main !== 'function') throw new Error(`${bundleFile} exports no main()`);
  let saved = false;
  return {
    main,
    cached: cachedData !== undefined && !script.cachedDataRejected,
    save() {
      if (saved || !dir || (cachedData && !script.cachedDataRejected)) return;
      saved = true;
      try {
        writeCache(dir, name, script.createCachedData());
      } catch {
        // Only speed is lost: the next run compiles the bundle again.
      }
    },
  };
}
