import { createHash } from 'node:crypto';
import { readCacheText } from '../util/cache-file.js';
import { mkdirSync, statSync } from 'node:fs';
import { writeFileAtomically } from '../util/write-atomically.js';
import { join } from 'node:path';
import { codeDigest } from '../util/code-digest.js';
import { sameAsStamp, stampOf, type FileStamp } from '../util/file-stamp.js';
import { joinPlain } from '../util/join-plain.js';

interface Entry {
  /** Digest of everything the page shows (its memo key). */
  key: string;
  /** Site paths of the pages it produced, and whether the search index reads them. */
  pages: [path: string, indexed: boolean][];
  /** Every file it wrote, social cards included. */
  files: FileStamp[];
}

export interface Reusable {
  pages: [path: string, indexed: boolean][];
  files: string[];
}

interface Stored {
  version: string;
  outDir: string;
  entries: Record<string, Entry>;
}

/**
 * What the previous build wrote for each page and feed, by memo key, so a warm build can take an
 * unchanged page from the previous output (a hard link, no rendering, no writing) instead of
 * rendering it again. A file is taken only if its size, modification time and inode are exactly
 * as recorded: anything that touched the output since (a hand edit, another tool) makes Casebook
 * render it again.
 */
export class PageManifest {
  private readonly file: string;
  private readonly previous: Record<string, Entry>;
  private readonly next: Record<string, Entry> = {};
  private readonly pending: { id: string; key: string; pages: [string, boolean][]; paths: string[] }[] = [];
  /** Key of the entry behind each page path in this build, for keys that depend on pages (the search index). */
  private readonly keys = new Map<string, string>();
  /** Pages rendered by other code are not these pages: the manifest holds only for the same Casebook. */
  private readonly version = codeDigest();

  constructor(
    cacheDir: string,
    private readonly outDir: string,
  ) {
    this.file = join(cacheDir, 'pages.json');
    let stored: Stored | undefined;
    try {
      stored = JSON.parse(readCacheText(this.file)) as Stored;
    } catch {
      stored = undefined;
    }
    this.previous = stored && stored.version === this.version && stored.outDir === outDir ? stored.entries : {};
  }

  /** Whether the previous build of this output left entries this build may reuse. */
  get hasPrevious(): boolean {
    for (const _ in this.previous) return true;
    return false;
  }

  /** The files of `id` from the previous build, if its key is unchanged and they are untouched. */
  reusable(id: string, key: string): Reusable | undefined {
    const entry = this.previous[id];
    if (!entry || entry.key !== key) return undefined;
    for (const stamp of entry.files) {
      try {
        if (!sameAsStamp(statSync(joinPlain(this.outDir, stamp[0])), stamp)) return undefined;
      } catch {
        return undefined;
      }
    }
    this.next[id] = entry;
    for (const [path] of entry.pages) this.keys.set(path, key);
    return { pages: entry.pages, files: entry.files.map((f) => f[0]) };
  }

  /** `id` was rendered into `paths` in this build; their stamps are taken after the output is in place. */
  rendered(id: string, key: string, pages: [string, boolean][], paths: string[]): void {
    this.pending.push({ id, key, pages, paths });
    for (const [path] of pages) this.keys.set(path, key);
  }

  /** The key of the page at `path` in this build. */
  keyOf(path: string): string | undefined {
    return this.keys.get(path);
  }

  /** Where a file of the previous build is (until the new output replaces it). */
  previousFile(path: string): string {
    return joinPlain(this.outDir, path);
  }

  /** Call after the new output replaced the old one. */
  save(): void {
    for (const { id, key, pages, paths } of this.pending) {
      try {
        this.next[id] = {
          key,
          pages,
          files: paths.map((p) => stampOf(p, statSync(joinPlain(this.outDir, p)))),
        };
      } catch {
        // A file overwritten by a static file or removed: not reusable next time.
      }
    }
    mkdirSync(join(this.file, '..'), { recursive: true });
    writeFileAtomically(this.file, JSON.stringify({ version: this.version, outDir: this.outDir, entries: this.next } satisfies Stored));
  }
}

export function keyDigest(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
