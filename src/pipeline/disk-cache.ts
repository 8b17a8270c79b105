import { createHash } from 'node:crypto';
import { readCacheText } from '../util/cache-file.js';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { RenderedBody } from '../markdown/render.js';
import { pathState } from '../markdown/local-files.js';
import { codeDigest } from '../util/code-digest.js';
import { writeFileAtomically } from '../util/write-atomically.js';
import { CacheWrites } from './cache-writes.js';
import { isCacheEntry } from './cache-entry-shape.js';
import { ShardedRecords } from './sharded-records.js';
import { RENDER_CACHE_META } from './render-cache-meta.js';
import { joinPlain } from '../util/join-plain.js';
import { HighlightStore } from './highlight-store.js';
import { highlighterVersion } from '../markdown/highlight.js';

/** The index of one file that sharded-records.ts replaced: deleted when the shards are written. */
const OLD_INDEX = 'index.json';

interface Entry {
  key: string;
  /** The body without its HTML, which is kept beside it (`<key>.html`) and read when a page needs it. */
  body: Omit<RenderedBody, 'html'>;
  /** Size and mtime of every image the body uses: a replaced or deleted image invalidates it. */
  assets: { from: string; size: number; mtimeMs: number }[];
}

/**
 * Rendered Markdown on disk, content-addressed: the file name is a digest of the post's text,
 * its path on the site, Casebook's code (codeDigest) and the Markdown settings, so processes
 * with other settings sharing the folder (a build with another base URL, the dev server) never
 * read each other's entries. When the code or settings change (`meta.json`), the entries kept
 * for the old ones are deleted: the folder is renamed aside first, so a process writing into it
 * meanwhile loses an entry, never its build. Entries are written to a temp name and renamed; an
 * entry that does not parse, names another key, or whose images changed is rendered again.
 * Writing the cache is best effort: a full disk costs speed, not the build.
 */
export class RenderCache {
  hits = 0;
  misses = 0;
  private readonly dir: string;
  /**
   * The entries the last build used, read from sixteen files (`posts/index-0.json` …) instead of
   * one file per body: at 10,000 posts, opening ten thousand files cost more than the rest of an
   * edit's rebuild. Loaded on the first `get`.
   */
  private index: Record<string, Entry> | undefined;
  private readonly indexFiles: ShardedRecords<Entry>;
  /** The entries this build used (read or written): the next index. */
  private readonly used: Record<string, Entry> = {};
  private usedCount = 0;
  /** Keys this build added to the index. */
  private readonly added = new Set<string>();
  /** Digest of the code and settings; part of every key. */
  private readonly scope: string;
  /** False when a `share` user found the cache kept for other settings: it neither reads nor writes. */
  private readonly enabled: boolean = true;
  /** Code blocks of the bodies a disk build renders, kept for their next edit (the dev server keeps its own in memory). */
  readonly highlights: HighlightStore | undefined;

  /**
   * `own` (a disk build) clears a cache kept for other settings and takes it over. `share` (the
   * dev server, whose base path may differ from the site's) uses it only if it was kept for the
   * same settings or is new, and otherwise leaves it alone: dev and build never wipe each other's.
   * `withIndex` false: neither read nor write `index.json` (a dev rebuild asks for the one or two
   * bodies an edit changed; reading every entry's metadata for them cost more than the rebuild).
   */
  constructor(
    root: string,
    settings: unknown,
    mode: 'own' | 'share' = 'own',
    private readonly withIndex = true,
    /** Where entries and the index are written: at once, or when the dev server has served its first page. */
    private readonly writes = new CacheWrites(false),
  ) {
    this.dir = join(root, 'posts');
    const meta = JSON.stringify({ version: codeDigest(), settings: createHash('sha256').update(JSON.stringify(settings)).digest('hex') });
    this.scope = createHash('sha256').update(meta).digest('hex');
    this.indexFiles = new ShardedRecords(this.dir, 'index-', this.scope);
    this.highlights = mode === 'own' && withIndex ? new HighlightStore(this.dir, `${this.scope} highlight.js ${highlighterVersion()}`, writes) : undefined;
    let current: string | undefined;
    try {
      current = readCacheText(join(root, RENDER_CACHE_META));
    } catch {
      current = undefined;
    }
    if (current !== meta) {
      if (mode === 'share' && current !== undefined) {
        this.enabled = false;
        return;
      }
      // Only a posts/ folder this cache kept (it wrote meta.json) is deleted.
      if (current !== undefined) clearAside(this.dir);
      try {
        mkdirSync(root, { recursive: true });
        writeFileAtomically(join(root, RENDER_CACHE_META), meta);
      } catch {
        // Not writable: the next build clears the folder again.
      }
    }
  }

  private keyOf(digest: string, path: string): string {
    return createHash('sha256').update(`${this.scope}\0${digest}\0${path}`).digest('hex');
  }

  /**
   * The body kept for this text and path, if any. Its HTML is read from disk when first used: an
   * edit re-renders a handful of pages, so a rebuild of a large site reads a few bodies' HTML
   * instead of every body's. Should the file be gone by then (another build cleared the cache),
   * `rerender` makes it again.
   */
  get(digest: string, path: string, rerender: () => string): RenderedBody | undefined {
    if (!this.enabled) return undefined;
    const key = this.keyOf(digest, path);
    const file = joinPlain(this.dir, `${key.slice(0, 2)}/${key}`);
    try {
      this.index ??= this.withIndex ? this.readIndex() : {};
      const indexed = Object.hasOwn(this.index, key) ? this.index[key] : undefined;
      const entry = indexed ?? (JSON.parse(readCacheText(`${file}.json`)) as Entry);
      if (!isCacheEntry(entry, key)) throw new Error('not an entry Casebook wrote for this key');
      for (const a of entry.assets) {
        const st = statSync(a.from);
        if (st.size !== a.size || st.mtimeMs !== a.mtimeMs) throw new Error('image changed');
      }
      // A link left as written because of a folder or a static file: not once that changed.
      for (const p of entry.body.probes ?? []) if (pathState(p.path) !== p.is) throw new Error('linked path changed');
      this.hits++;
      this.use(key, entry, indexed === undefined);
      // A copy: the index entry stays as stored, whatever the build does with the body.
      return withLazyHtml({ ...entry.body }, `${file}.html`, rerender);
    } catch {
      this.misses++;
      return undefined;
    }
  }

  /**
   * Keeps `body` for this text and path. With `full` (dev's first build, whose bodies have their
   * code highlighted when first read), the body kept is `full()`, asked for when the entry is
   * written: after dev's first page, not before it; nothing if it is undefined.
   */
  set(digest: string, path: string, body: RenderedBody, full?: () => RenderedBody | undefined): void {
    if (!this.enabled) return;
    const key = this.keyOf(digest, path);
    let assets: Entry['assets'];
    try {
      // The images' sizes and times now, as this rendering saw them.
      assets = body.assets.map((a) => {
        const st = statSync(a.from);
        return { from: a.from, size: st.size, mtimeMs: st.mtimeMs };
      });
    } catch {
      return; // An image gone meanwhile: the entry is rendered next time.
    }
    const keep = (kept: RenderedBody): { html: string; entry: Entry } => {
      const { html, ...rest } = kept;
      const entry: Entry = { key, body: rest, assets };
      // Indexed even if its files fail to be written: an entry whose HTML is missing renders again.
      this.use(key, entry, true);
      return { html, entry };
    };
    const write = ({ html, entry }: { html: string; entry: Entry }) => {
      try {
        const dir = join(this.dir, key.slice(0, 2));
        mkdirSync(dir, { recursive: true });
        // The HTML first: an entry whose metadata is there has its HTML too.
        writeFileAtomically(join(dir, `${key}.html`), html);
        writeFileAtomically(join(dir, `${key}.json`), JSON.stringify(entry));
      } catch {
        // A full disk, or the folder cleared by another process meanwhile: the entry is rendered next time.
      }
    };
    if (full) {
      this.writes.run(() => {
        const highlighted = full();
        if (highlighted) write(keep(highlighted));
      });
      return;
    }
    const kept = keep(body);
    this.writes.run(() => write(kept));
  }
  private use(key: string, entry: Entry, isNew: boolean): void {
    if (Object.hasOwn(this.used, key)) return;
    this.used[key] = entry;
    this.usedCount++;
    if (isNew) this.added.add(key);
  }

  private readIndex(): Record<string, Entry> {
    return this.indexFiles.load();
  }

  /** Writes the index of the entries this build used, where it differs from the one read. Best effort, like every write here. */
  saveIndex(): void {
    if (!this.enabled || !this.withIndex || this.index === undefined) return;
    const { used, added, index } = this;
    // Decided when written: entries kept with `full` are added by writes queued before this one.
    this.writes.run(() => {
      if (!added.size && this.usedCount === Object.keys(index).length) return;
      try {
        this.indexFiles.save(used, added);
        rmSync(join(this.dir, OLD_INDEX), { force: true });
      } catch {
        // The next build reads the entries it misses one file each.
      }
    });
  }
}

/** `body` with an `html` property that reads `file` when first used (and `rerender()` if it cannot, or it is not the HTML of `body.digest`). */
function withLazyHtml(body: Omit<RenderedBody, 'html'>, file: string, rerender: () => string): RenderedBody {
  let html: string | undefined;
  return Object.defineProperty(body, 'html', {
    enumerable: true,
    configurable: true,
    get(): string {
      if (html === undefined) {
        try {
          html = readCacheText(file);
        } catch {
          html = undefined;
        }
        // The HTML the metadata describes, not a truncated or edited file.
        if (html === undefined || createHash('sha1').update(html).digest('hex') !== body.digest) html = rerender();
      }
      return html;
    },
    set(value: string) {
      html = value;
    },
  }) as RenderedBody;
}

/**
 * Renames `dir` to a unique name and deletes that, so nobody writes into a folder being deleted.
 * Folders set aside by a process killed while deleting them go too.
 */
function clearAside(dir: string): void {
  try {
    renameSync(dir, `${dir}.old-${process.pid}-${Date.now()}`);
  } catch {
    // No such folder, or cleared by another process already.
  }
  const parent = dirname(dir);
  const aside = new RegExp(`^${basename(dir)}\\.old-\\d+-\\d+$`);
  for (const name of readdirSync(parent).filter((n) => aside.test(n))) {
    try {
      rmSync(join(parent, name), { recursive: true, force: true });
    } catch {
      // Being deleted by another process as well.
    }
  }
}
