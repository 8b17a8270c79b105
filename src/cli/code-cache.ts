// Node 20 keeps no compiled code between runs for ES modules: every `casebook build` parsed and
// compiled the CLI bundle again (about 30 ms) and compiled each function it called on first use.
// Node 22.1+ has `module.enableCompileCache()`, which bin/casebook.js turns on instead. Here the
// CLI runs from `dist/bundle/main.vm.js`, the same code as one classic script that
// scripts/compile.mjs wraps in a function, through `vm.Script` with V8's code cache: the bytecode
// of every function the command compiled, saved after the command ran, so the next run of that
// command starts with it.
//
// The cache lives in the user's cache folder ($XDG_CACHE_HOME or ~/.cache, then casebook/code),
// one file per command (`build` by kind, see buildCacheKind), bundle and Node binary. V8 trusts a code cache it accepts: bytes that
// are not what it wrote crash the process, and crafted ones could run as the user. So a cache is
// read only from a folder chain and a file no one else may change, through a descriptor checked
// after opening, and only when its CRC-32 matches. Anything else wrong with the cache (missing,
// another V8, unwritable) costs only speed: the bundle compiles as it would without it.
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, type BigIntStats } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Script } from 'node:vm';
import zlib from 'node:zlib';
import { privateFolder, readPrivateFile, writePrivateFile } from '../util/private-files.js';
import { codeCacheDir } from '../util/user-cache-dir.js';

export { codeCacheDir };

/** Commands with a cache file of their own (each compiles different functions); the rest share one. */
const OWN_CACHE = new Set(['build', 'build-clean', 'build-incremental', 'dev', 'preview', 'check', 'new', 'import', 'export', 'init', 'analytics', 'help']);

/** How many bundles (installs, versions) keep a cache per command: two installs used in turn both stay warm. */
const KEPT_PER_COMMAND = 3;

/** A temporary file this old was left by a process killed while it wrote. */
const STALE_TMP_MS = 10 * 60_000;

interface LoadedMain {
  main: (argv: string[]) => Promise<number>;
  /** Writes the code cache when this run had none V8 accepted. Never throws. */
  save: () => void;
}

const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;

/** What names a cache: the bundle file as read (its identity, below) and the Node binary that ran it. */
function cacheFileName(bundle: string, command: string | undefined): string {
  const which = command && OWN_CACHE.has(command) ? command : 'other';
  // V8 checks only its version and the source's length; a bundle edited in place, or another
  // build of the same Node version, must not meet this cache.
  let node = `${process.execPath}\0${JSON.stringify(process.versions)}\0${process.arch}`;
  try {
    const st = statSync(process.execPath);
    node += `\0${st.size}\0${st.mtimeMs}\0${st.ino}`;
  } catch {
    // No binary to stat (an embedded Node): its versions still name it.
  }
  const id = createHash('sha256').update(bundle).update(`\0${node}`).digest('hex').slice(0, 24);
  return `main-${id}-${which}.v8`;
}

// Each file begins with a magic number and a CRC-32 of the rest: V8 checks that a cache was made
// by the same V8 for a source of the same length, not that its bytes are intact.
const crc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;
const HEADER = 8;
const MAGIC = 0x43424331; // "CBC1"

/** The cache's data, when the file is this user's, private, a regular file, and intact. */
function readCache(dir: string, name: string): Buffer | undefined {
  const file = readPrivateFile(dir, name);
  if (!file || file.length <= HEADER || file.readUInt32BE(0) !== MAGIC) return undefined;
  const data = file.subarray(HEADER);
  return crc32!(data) === file.readUInt32BE(4) ? data : undefined;
}

/**
 * Makes the missing folders of `dir`, one level at a time, each only inside a folder of this user
 * or a sticky one: root running with someone's HOME must not leave root's folders in their home,
 * and a recursive mkdir under /proc never ends on Node 20.
 */
function makeFolders(dir: string): void {
  const missing: string[] = [];
  for (let at = dir; !existsSync(at); at = dirname(at)) {
    if (dirname(at) === at) return;
    missing.unshift(at);
  }
  for (const folder of missing) {
    const parent = statSync(dirname(folder));
    if (uid !== undefined && parent.uid !== uid && !(parent.mode & 0o1000)) throw new Error(`${dirname(folder)} is not this user's`);
    mkdirSync(folder, { mode: 0o700 });
  }
}

/** Writes the cache atomically; keeps the newest few per command and drops temporary files of killed runs. */
function writeCache(folder: string, name: string, data: Buffer): void {
  const header = Buffer.alloc(HEADER);
  header.writeUInt32BE(MAGIC, 0);
  header.writeUInt32BE(crc32!(data), 4);
  makeFolders(folder);
  const dir = privateFolder(folder);
  if (!dir) return;
  writePrivateFile(dir, name, Buffer.concat([header, data]));
  const suffix = name.slice(name.lastIndexOf('-'));
  const same: { file: string; mtime: number }[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = join(dir, entry.name);
    try {
      const mtime = statSync(file).mtimeMs;
      if (/^\.(main|digest)-.*\.tmp$/.test(entry.name) && Date.now() - mtime > STALE_TMP_MS) rmSync(file, { force: true });
      else if (entry.name.startsWith('main-') && entry.name.endsWith(suffix)) same.push({ file, mtime });
    } catch {
      // Gone already (another run cleaned up): nothing to do.
    }
  }
  same.sort((a, b) => b.mtime - a.mtime);
  for (const old of same.slice(KEPT_PER_COMMAND)) rmSync(old.file, { force: true });
}

/**
 * The folder and file name of `command`'s cache for a bundle of this identity. None without an
 * identity (Node before 20.15 has no zlib.crc32, or the bundle was written while it was read) or
 * without a cache folder.
 */
function cacheLocation(identity: string | undefined, command: string | undefined, env: NodeJS.ProcessEnv): { folder: string; name: string } | undefined {
  const folder = identity ? codeCacheDir(env) : undefined;
  return folder && identity ? { folder, name: cacheFileName(identity, command) } : undefined;
}

/** The cache file a run of `command` reads for `bundleFile`: scripts/warm-code-cache.mjs checks it was written. */
export function codeCacheFile(bundleFile: string, command: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const at = cacheLocation(readBundle(bundleFile).identity, command, env);
  return at && join(at.folder, at.name);
}

/**
 * The folder for Node 22.1+'s own compile cache (`module.enableCompileCache(dir)`, which
 * bin/casebook.js calls there instead of using this file's cache): `node/` in this cache's folder,
 * made and checked as private as it is. Node's default is `node-compile-cache` in the temporary
 * folder, shared by every user of the machine: one of them could leave compiled code there that
 * another's Casebook would run. Undefined (no compile cache) when no private folder can be had.
 */
export function nodeCompileCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const folder = codeCacheDir(env);
  if (!folder) return undefined;
  try {
    makeFolders(join(folder, 'node'));
  } catch {
    return undefined;
  }
  return privateFolder(join(folder, 'node'));
}

/**
 * The bundle's bytes and what identifies them: its device, inode, size and modification and
 * change times (nanoseconds), the same before and after reading (else undefined: it was being
 * written), and a CRC-32 of the bytes. A bundle rewritten in place gets a new change time where
 * times are fine-grained; where they are coarse (FAT, a ctime ticking in jiffies) the CRC still
 * tells a same-length edit within one tick. 0.5 ms, where a SHA-256 of the 3.6 MB took 2 ms of
 * every command's start.
 */
function readBundle(file: string): { bytes: Buffer; identity: string | undefined } {
  const fd = openSync(file, 'r');
  try {
    const id = (s: BigIntStats) => `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
    const before = id(fstatSync(fd, { bigint: true }));
    const bytes = readFileSync(fd);
    const same = id(fstatSync(fd, { bigint: true })) === before;
    return { bytes, identity: same && crc32 ? `${file}\0${before}\0${crc32(bytes)}` : undefined };
  } finally {
    closeSync(fd);
  }
}

/**
 * Compiles and runs `bundleFile` (dist/bundle/main.vm.js) with the code cache for `command`,
 * and returns the CLI's `main`.
 */
export function loadWithCodeCache(bundleFile: string, command: string | undefined, env: NodeJS.ProcessEnv = process.env): LoadedMain {
  const { bytes, identity } = readBundle(bundleFile);
  const source = bytes.toString('utf8');
  const at = cacheLocation(identity, command, env);
  const dir = at && privateFolder(at.folder);
  const cachedData = at && dir ? readCache(dir, at.name) : undefined;
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
    save() {
      if (saved || !at || (cachedData && !script.cachedDataRejected)) return;
      saved = true;
      try {
        writeCache(at.folder, at.name, script.createCachedData());
      } catch {
        // Only speed is lost: the next run compiles the bundle again.
      }
    },
  };
}
