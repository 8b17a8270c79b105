import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { RenderedBody } from '../markdown/render.js';
import { codeDigest } from '../util/code-digest.js';

interface Entry {
  key: string;
  body: RenderedBody;
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
  /** Digest of the code and settings; part of every key. */
  private readonly scope: string;
  /** False when a `share` user found the cache kept for other settings: it neither reads nor writes. */
  private readonly enabled: boolean = true;

  /**
   * `own` (a disk build) clears a cache kept for other settings and takes it over. `share` (the
   * dev server, whose base path may differ from the site's) uses it only if it was kept for the
   * same settings or is new, and otherwise leaves it alone: dev and build never wipe each other's.
   */
  constructor(root: string, settings: unknown, mode: 'own' | 'share' = 'own') {
    this.dir = join(root, 'posts');
    const meta = JSON.stringify({ version: codeDigest(), settings: createHash('sha256').update(JSON.stringify(settings)).digest('hex') });
    this.scope = createHash('sha256').update(meta).digest('hex');
    let current: string | undefined;
    try {
      current = readFileSync(join(root, 'meta.json'), 'utf8');
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
        writeTextAtomically(join(root, 'meta.json'), meta);
      } catch {
        // Not writable: the next build clears the folder again.
      }
    }
  }

  private keyOf(digest: string, path: string): string {
    return createHash('sha256').update(`${this.scope}\0${digest}\0${path}`).digest('hex');
  }

  get(digest: string, path: string): RenderedBody | undefined {
    if (!this.enabled) return undefined;
    const key = this.keyOf(digest, path);
    try {
      const entry = JSON.parse(readFileSync(join(this.dir, key.slice(0, 2), `${key}.json`), 'utf8')) as Entry;
      if (entry.key !== key) throw new Error('foreign entry');
      for (const a of entry.assets) {
        const st = statSync(a.from);
        if (st.size !== a.size || st.mtimeMs !== a.mtimeMs) throw new Error('image changed');
      }
      this.hits++;
      return entry.body;
    } catch {
      this.misses++;
      return undefined;
    }
  }

  set(digest: string, path: string, body: RenderedBody): void {
    if (!this.enabled) return;
    const key = this.keyOf(digest, path);
    try {
      const assets = body.assets.map((a) => {
        const st = statSync(a.from);
        return { from: a.from, size: st.size, mtimeMs: st.mtimeMs };
      });
      const dir = join(this.dir, key.slice(0, 2));
      mkdirSync(dir, { recursive: true });
      writeTextAtomically(join(dir, `${key}.json`), JSON.stringify({ key, body, assets } satisfies Entry));
    } catch {
      // A full disk, or the folder cleared by another process meanwhile: the entry is rendered next time.
    }
  }
}

function writeTextAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
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
