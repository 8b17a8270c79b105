import { isWithin, realOrParent } from '../util/site-bounds.js';
import { readCacheText } from '../util/cache-file.js';
import { mkdirSync, readdirSync, realpathSync, rmSync, statSync, type Dirent, type Stats } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Warning } from '../errors/index.js';
import type { BuildOptions } from './build.js';
import { codeDigest, codeStamps, sameCode, vouchForCodeDigest } from '../util/code-digest.js';
import { isInputStamp, isStoredStamp } from './build-stamp-shape.js';
import { inputStampOf, sameAsStamp, stampOf, tooRecent, type FileStamp, type InputStamp } from '../util/file-stamp.js';
import { writeFileAtomically } from '../util/write-atomically.js';
import { joinPlain } from '../util/join-plain.js';

/**
 * A file or folder as the build saw it (see FileStamp; inputs as InputStamp). A folder the build
 * itself writes into (the one holding the output or the cache) is recorded by the names in it
 * instead (size -2), since its modification time changes with every build.
 */
type Stamp = FileStamp | InputStamp | [path: string, size: -2, mtimeMs: 0, ino: 0, names: string];

/** What a build was asked for: any difference means the output may differ. */
export interface StampRequest {
  outDir: string;
  baseUrl: string | undefined;
  drafts: boolean;
  future: boolean;
  skip: string[];
  deferSearchIndex: boolean;
}

/** What a build that patched its output in place changed there (site paths). */
export interface OutputChanges {
  written: string[];
  removed: string[];
}

/** What the command line prints for a build, kept so an up-to-date run can print it again. */
export interface BuildSummary {
  pages: number;
  posts: number;
  fileCount: number;
  warnings: Warning[];
  foreign?: { tool: string; name: string; configFile: string; posts: number; pages: number; permalinks: string };
}

/** How `casebook build` was run: its working folder and the arguments after `build`. */
export interface CommandLine {
  cwd: string;
  args: string[];
}

/**
 * What lets the next identical `casebook build` answer "up to date" before loading the rest of
 * Casebook (cli/build-shortcut.ts): on this machine's Node, 0.1 s of the 0.3 s an up-to-date
 * check took went to loading the config reader and the bundle, and reading the code to digest it.
 * The same command line from the same folder, with the config file unchanged (it is one of the
 * inputs), asks for the same build; the code is vouched for by the stamps of the files the
 * digest read.
 */
interface Shortcut {
  key: string;
  code: FileStamp[];
  /** The cache folder's real path: a link swapped for another folder is not this cache. */
  cacheDir: string;
  root: string;
  exclude: string[];
}

interface Stored {
  shortcut?: Shortcut;
  version: string;
  request: string;
  /** Until when the output holds: the earliest date of a post still in the future when it was built. */
  validUntil: number | null;
  inputs: Stamp[];
  outputs: Stamp[];
  summary: BuildSummary;
}

const FILE = 'build-stamp.json';
/**
 * The newest few input stamps of the last build, beside the stamp: the shortcut checks them
 * before parsing the whole stamp (2.4 MB at 10,000 posts, 55 ms), since a run right after an
 * edit almost always finds the edited file among them. It can only send a run to the full
 * check, never answer one, so a stale or edited hint costs time, not correctness.
 */
const HINT = 'build-stamp-newest.json';
const HINT_SIZE = 16;
/** The site's top-level files and their modification times, taken before the config is read. */
export function topLevelFiles(root: string): Map<string, number> {
  const out = new Map<string, number>();
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return out; // No such folder: loading the config reports it (CB2006).
  }
  for (const name of names) {
    try {
      const s = statSync(join(root, name));
      if (!s.isDirectory()) out.set(name, s.mtimeMs);
    } catch {
      // Dangling link: not a file the build can read.
    }
  }
  return out;
}

/** Never inputs of a build: other tools' package and version-control folders. */
const SKIPPED = new Set(['node_modules', '.git']);

/** Which paths are not inputs: the output and cache folders, and the output's temporary siblings. */
class Exclusions {
  constructor(readonly paths: readonly string[]) {}

  has(path: string): boolean {
    return this.paths.some((x) => path === x || path.startsWith(x + sep) || path.startsWith(`${x}.casebook-`));
  }

  /** A folder that holds an excluded one changes with every build. */
  holdsOne(dir: string): boolean {
    return this.paths.some((x) => x.startsWith(dir + sep));
  }

  /**
   * The names in such a folder that are inputs. Folders on the way to the output or cache are
   * left out: a build creates them, and they are walked (and listed) themselves.
   */
  names(dir: string): string {
    return readdirSync(dir)
      .filter((n) => !SKIPPED.has(n) && !this.has(join(dir, n)) && !this.holdsOne(join(dir, n)))
      .sort()
      .join('\0');
  }
}

/**
 * Every file and folder under `root` except the excluded ones, following links that stay inside
 * it (a linked folder's contents are inputs too) but each real folder once. A folder's
 * modification time changes when an entry is added, removed or renamed in it, so stamps of
 * folders catch new files. A link out of `root` is not followed (the build refuses what it
 * would publish through one; a link to `/` would walk the whole machine), and a folder that
 * cannot be listed is stamped without its contents (the build cannot read them either).
 */
function walk(root: string, exclude: Exclusions, files?: Map<string, Stats>, stamp: (path: string, s: Stats) => Stamp = stampOf): Stamp[] {
  const out: Stamp[] = [];
  const seen = new Set<string>();
  const realRoot = realOrParent(root);
  const visit = (dir: string, rel: string): void => {
    const s = statSync(dir);
    const id = `${s.dev}:${s.ino}`;
    if (seen.has(id)) return;
    seen.add(id);
    out.push(exclude.holdsOne(dir) ? [rel, -2, 0, 0, exclude.names(dir)] : stamp(rel, s));
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const name = entry.name;
      const path = joinPlain(dir, name);
      if (SKIPPED.has(name) || exclude.has(path)) continue;
      let child: Stats;
      try {
        if (entry.isSymbolicLink() && !isWithin(realRoot, realpathSync.native(path))) continue;
        child = statSync(path);
      } catch {
        continue; // A dangling link: the build reports the file if it needs it.
      }
      const childRel = rel ? `${rel}/${name}` : name;
      if (child.isDirectory()) visit(path, childRel);
      else {
        out.push(stamp(childRel, child));
        files?.set(path, child);
      }
    }
  };
  visit(root, '');
  return out;
}

/**
 * `paths`, each also as the walk of `root` meets it when a link leads there another way: an
 * output named through a link to the site folder (`--out /link-to-site/public`) is the site's
 * `public/` to the walk, and walked as an input it changed with every build.
 */
function withAliases(root: string, paths: readonly string[]): string[] {
  const realRoot = realOrParent(root);
  const out = new Set(paths);
  for (const path of paths) {
    const rel = relative(realRoot, realOrParent(path));
    if (rel && !rel.startsWith('..') && !isAbsolute(rel)) out.add(join(root, rel));
  }
  return [...out];
}

/** The stamp in `file`, if it has exactly the shape Casebook writes (build-stamp-shape.ts). */
function readStored(file: string): Stored | undefined {
  let x: unknown;
  try {
    x = JSON.parse(readCacheText(file));
  } catch {
    return undefined;
  }
  return isStoredStamp(x) ? (x as Stored) : undefined;
}

/** The site folder walked at `at` (ms since the epoch). */
interface Walked {
  at: number;
  inputs: Stamp[];
  /** Each file the walk met (links followed), by the path it met it at (root joined with the names on the way). */
  files: Map<string, Stats>;
}

/**
 * Whether the stamps a build recorded are those of the folder walked now, and each file used
 * from outside the folder (an absolute path, not walked) is unchanged. An entry added since is
 * caught by its folder's stamp, as unchanged() catches it.
 */
function sameInputs(stored: readonly Stamp[], walked: readonly Stamp[]): boolean {
  const now = new Map<string, Stamp>();
  for (const stamp of walked) now.set(stamp[0], stamp);
  const outside: Stamp[] = [];
  for (const stamp of stored) {
    if (isAbsolute(stamp[0])) outside.push(stamp);
    else {
      const seen = now.get(stamp[0]);
      if (!seen || seen.length !== stamp.length || seen.some((v, i) => v !== stamp[i])) return false;
    }
  }
  return unchanged('', outside, new Exclusions([]));
}

/**
 * `stamps`, the most recently changed first: the file a writer saved last is the one most likely
 * saved again, so a shortcut that is going to fail fails at its first stat instead of after
 * stat-ing the whole site (150 ms of an edited 10,000-post build). The order decides nothing else.
 */
function newestFirst(stamps: readonly Stamp[]): Stamp[] {
  return [...stamps].sort((a, b) => b[2] - a[2]);
}

function unchanged(base: string, stamps: readonly Stamp[], exclude: Exclusions): boolean {
  for (const stamp of stamps) {
    // Concatenated, not path.join: stamp paths are already normal, and normalising a few
    // thousand of them was a third of the up-to-date shortcut's own time.
    const rel = stamp[0];
    const full = isAbsolute(rel) ? rel : rel === '' ? base : `${base.endsWith(sep) ? base : base + sep}${rel}`;
    try {
      if (stamp[1] === -2 ? exclude.names(full) !== stamp[4] : !sameAsStamp(statSync(full), stamp)) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/**
 * Knows when a build would produce exactly the output already on disk, so `casebook build` can
 * stop after a few thousand stat calls instead of building (the way make says "nothing to do").
 * The previous build recorded the site folder as it read it (every file and folder, plus files
 * it used from outside the folder), the output as it wrote it, the request, the code that built
 * it, and the first moment a scheduled post becomes due. Any difference in any of these, an
 * output file touched by hand included, means a real build.
 */
export class BuildStamp {
  private readonly file: string;
  private readonly exclude: Exclusions;
  /** The site folder as check() walked it, for the build that follows (takeInputs). */
  private walked: Walked | undefined;
  /**
   * The stamp check() read, for save() to carry the output's stamps over from: parsing it again
   * cost 60 ms at 10,000 posts. Another build may have replaced it since; its stamps then fail
   * the next check, which builds.
   */
  private read: Stored | undefined;

  /**
   * `configOutDir`: the output folder the config names, not an input even when `--out` points
   * elsewhere. `commandLine`: how the CLI was run, recorded for the shortcut; left out for a
   * config that is code (casebook.config.ts), whose values may come from the environment.
   */
  constructor(
    private readonly cacheDir: string,
    private readonly root: string,
    private readonly request: StampRequest,
    configOutDir: string,
    private readonly commandLine?: CommandLine,
  ) {
    this.file = join(cacheDir, FILE);
    this.exclude = new Exclusions(withAliases(root, [cacheDir, request.outDir, configOutDir]));
  }

  /**
   * The summary of the build whose output is still exactly right, if there is one. The site
   * folder is walked whatever the answer: a build that follows takes its inputs from this walk
   * (`walked`) instead of walking the folder again, which cost a tenth of one edit's rebuild at
   * 1,000 posts.
   */
  check(now: number): BuildSummary | undefined {
    this.walked = this.walkNow();
    const walked = this.walked;
    const stored = readStored(this.file);
    this.read = stored;
    if (!stored) return undefined;
    // The stamp holds the digest of the code that wrote it and that code's file stamps.
    if (stored.shortcut) vouchForCodeDigest(stored.version, stored.shortcut.code, shortcutNode(stored.shortcut.key));
    if (stored.version !== codeDigest() || stored.request !== JSON.stringify(this.request)) return undefined;
    if (stored.validUntil !== null && now >= stored.validUntil) return undefined;
    if (!sameInputs(stored.inputs, walked.inputs) || !unchanged(this.request.outDir, stored.outputs, this.exclude)) return undefined;
    // A stamp from an older Casebook, from another command line asking for the same build, or
    // with code files touched since (a reinstall of the same code): record this run's, so the
    // next identical run takes the shortcut.
    const shortcut = this.shortcut();
    if (shortcut && JSON.stringify(stored.shortcut) !== JSON.stringify(shortcut)) {
      try {
        this.write({ ...stored, shortcut });
      } catch {
        // A read-only cache still answers; only the shortcut is missed.
      }
    } else if (shortcut && hintSaysChanged(join(this.cacheDir, HINT))) this.writeHint(stored);
    return stored.summary;
  }

  private walkNow(): Walked {
    const files = new Map<string, Stats>();
    const at = Date.now();
    return { at, inputs: walk(this.root, this.exclude, files, inputStampOf), files };
  }

  /**
   * The stats of `file` as the walk took them moments ago, if it did: the parse cache takes them
   * instead of asking again (100 ms of an edited 10,000-post build). A file changed since was
   * stamped as it was, so the next build sees the change. (Whether a file is a link is asked
   * again where it matters: content-links.ts.)
   */
  walkedStats(file: string): Stats | undefined {
    return this.walked?.files.get(file);
  }

  private write(stored: Stored): void {
    mkdirSync(join(this.file, '..'), { recursive: true });
    writeFileAtomically(this.file, JSON.stringify(stored));
    this.writeHint(stored);
  }

  private writeHint(stored: Stored): void {
    const newest = newestFirst(stored.inputs.filter((x) => x[1] !== -2 && !isAbsolute(x[0]))).slice(0, HINT_SIZE);
    try {
      writeFileAtomically(join(this.cacheDir, HINT), JSON.stringify({ root: this.root, newest }));
    } catch {
      // No hint: the shortcut parses the stamp, as it did before there were hints.
    }
  }

  /**
   * The site folder as the build is about to read it. Taken before the content is read: a file
   * saved while the build runs then differs from its stamp, and the next build is a real one.
   * `before` are the site's top-level files as they were before the config was read; if one
   * changed since, there is nothing reliable to record (undefined).
   */
  takeInputs(before: ReadonlyMap<string, number>): Stamp[] | undefined {
    // File times come from a coarse clock: a file saved again within the same tick as the time
    // recorded here would look unchanged. Like git's "racily clean" entries, a stamp holding a
    // time that recent is not trusted, and the next build is a real one.
    this.walked ??= this.walkNow();
    const { at: now, inputs } = this.walked;
    for (const [path, size, mtimeMs] of inputs) {
      if (tooRecent(now, mtimeMs)) return undefined;
      if (size >= 0 && !path.includes('/') && before.get(path) !== mtimeMs) return undefined;
    }
    return inputs;
  }

  /**
   * Records a finished build; call after its output replaced the previous one. `usedFiles` are
   * files the build read by path (images, bundled modules); those the folder walk does not
   * cover (outside the site, or in node_modules) are stamped as well.
   */
  save(inputs: Stamp[], usedFiles: Iterable<string>, validUntil: number | null, summary: BuildSummary, patched?: OutputChanges): void {
    const extra: Stamp[] = [];
    for (const file of new Set(usedFiles)) {
      const rel = relative(this.root, file);
      const walked = !rel.startsWith('..') && !isAbsolute(rel) && !rel.split(sep).some((part) => SKIPPED.has(part));
      if (walked) continue;
      try {
        extra.push(inputStampOf(file, statSync(file)));
      } catch {
        return this.forget();
      }
    }
    const shortcut = this.shortcut();
    const stored: Stored = {
      ...(shortcut ? { shortcut } : {}),
      version: codeDigest(),
      request: JSON.stringify(this.request),
      validUntil,
      inputs: [...inputs, ...extra],
      outputs: (patched && this.patchedOutputs(patched)) ?? walk(this.request.outDir, new Exclusions([])),
      summary,
    };
    this.write(stored);
  }

  private shortcut(): Shortcut | undefined {
    if (!this.commandLine) return undefined;
    const code = codeStamps();
    if (code.some(([, , mtimeMs]) => tooRecent(Date.now(), mtimeMs))) return undefined;
    let cacheDir: string;
    try {
      cacheDir = realpathSync(this.cacheDir);
    } catch {
      return undefined; // No cache folder to vouch for: the stamp is kept without a shortcut.
    }
    return { key: shortcutKey(this.commandLine), code, cacheDir, root: this.root, exclude: [...this.exclude.paths] };
  }

  /**
   * The output's stamps after a build that patched it in place: the previous build's, with the
   * files it wrote, the folders they (and removed files) sit in, and new folders stamped again,
   * and what it removed dropped. Walking 14,000 files to stamp the 20 that changed cost more
   * than the rest of the rebuild. A stamp carried over that no longer matches (a file touched by
   * hand) only makes the next check build. Undefined (walk instead) when the previous stamp is
   * not this output's.
   */
  private patchedOutputs(changes: OutputChanges): Stamp[] | undefined {
    const stored = this.read ?? readStored(this.file);
    if (!stored) return undefined;
    if (stored.version !== codeDigest() || JSON.parse(stored.request).outDir !== this.request.outDir) return undefined;
    const outputs = new Map(stored.outputs.map((s) => [s[0], s]));
    // The output's top-level entries too (a handful): the marker, CNAME and .nojekyll are not
    // written by a patch, and a --no-cache build in between, which keeps no stamp, replaced
    // them. Carried over stale, their stamps made every later check fail, and every patched
    // rebuild carried them over again.
    const restamp = new Set<string>(stored.outputs.filter((s) => !s[0].includes('/')).map((s) => s[0]));
    const folderOf = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');
    for (const path of changes.removed) {
      outputs.delete(path);
      restamp.add(folderOf(path));
    }
    for (const path of changes.written) {
      restamp.add(path);
      // Every folder up to the root: new ones were made on the way.
      for (let f = folderOf(path); ; f = folderOf(f)) {
        restamp.add(f);
        if (f === '') break;
      }
    }
    for (const path of restamp) {
      try {
        outputs.set(path, stampOf(path, statSync(join(this.request.outDir, path))));
      } catch {
        outputs.delete(path); // A removed folder's parent that went too.
      }
    }
    return [...outputs.values()];
  }

  /** The next build must be a real one: this one could not be recorded (dates from git, a file gone). */
  forget(): void {
    rmSync(this.file, { force: true });
  }
}

/**
 * The stamp of a disk build of the site `loaded` into `outDir`: what `casebook build` checks, and
 * then hands to the build it runs, so the check's walk of the site is the build's input stamps.
 */
export function buildStampFor(
  opts: BuildOptions,
  loaded: { root: string; config: { cacheDir: string; outDir: string }; file?: string | undefined },
  outDir: string,
): BuildStamp {
  const { root, config } = loaded;
  return new BuildStamp(resolve(root, config.cacheDir), root, stampRequest(opts, outDir), resolve(root, config.outDir), shortcutCommandLine(opts, loaded.file));
}

/** Everything about a disk build's request that can change its output. */
export function stampRequest(opts: BuildOptions, outDir: string): StampRequest {
  return {
    outDir,
    baseUrl: opts.baseUrl,
    drafts: opts.drafts === true,
    future: opts.future === true,
    skip: [...new Set(opts.skip ?? [])].sort(),
    deferSearchIndex: opts.deferSearchIndex === true,
  };
}

/** The command line a build stamp may record for the shortcut: none for a config that is code, whose values may come from the environment. */
function shortcutCommandLine(opts: { commandLine?: CommandLine }, configFile: string | undefined): CommandLine | undefined {
  return configFile && !/\.(ya?ml|json)$/.test(configFile) ? undefined : opts.commandLine;
}

function shortcutKey(line: CommandLine): string {
  return JSON.stringify([line.cwd, line.args, process.version]);
}

/** The Node version a shortcut key was made under ('' when the key is not one). */
function shortcutNode(key: string): string {
  try {
    const parsed = JSON.parse(key) as unknown;
    return Array.isArray(parsed) && typeof parsed[2] === 'string' ? parsed[2] : '';
  } catch {
    return '';
  }
}

/**
 * The summary of the last build, if `commandLine` is how it was run and its output is still
 * exactly right, judged from the build stamp in `cacheDir` alone: no config, no code read (see
 * Shortcut). Undefined whenever anything is in doubt: the full check then decides.
 */
export function upToDateByShortcut(cacheDir: string, commandLine: CommandLine, now: number): { summary: BuildSummary; outDir: string } | undefined {
  if (hintSaysChanged(join(cacheDir, HINT))) return undefined;
  const stored = readStored(join(cacheDir, FILE));
  const s = stored?.shortcut;
  if (!stored || !s || s.key !== shortcutKey(commandLine)) return undefined;
  if (stored.validUntil !== null && !(now < stored.validUntil)) return undefined;
  try {
    // The code that runs now must be the code that built: this install's files, none added.
    if (realpathSync(cacheDir) !== s.cacheDir || !sameCode(s.code)) return undefined;
    const { outDir } = JSON.parse(stored.request) as StampRequest;
    const exclude = new Exclusions(s.exclude);
    if (!unchanged(s.root, newestFirst(stored.inputs), exclude) || !unchanged(outDir, stored.outputs, exclude)) return undefined;
    return { summary: stored.summary, outDir };
  } catch {
    return undefined;
  }
}

/** Whether one of the newest inputs the last build recorded (HINT) has changed since. */
function hintSaysChanged(file: string): boolean {
  let hint: { root?: unknown; newest?: unknown };
  try {
    hint = JSON.parse(readCacheText(file)) as typeof hint;
  } catch {
    return false; // No hint: the stamp decides.
  }
  if (typeof hint?.root !== 'string' || !Array.isArray(hint.newest) || !hint.newest.every(isInputStamp)) return false;
  return !unchanged(hint.root, hint.newest as Stamp[], new Exclusions([]));
}
