import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
 * its path on the site and the Markdown settings. The whole cache is wiped when Casebook's
 * code (codeDigest) or the settings change (`meta.json`). Entries are written to a temp name and renamed;
 * an entry that does not parse, names another key, or whose images changed is rendered again.
 */
export class RenderCache {
  hits = 0;
  misses = 0;
  private readonly dir: string;
  /** False when a `share` user found the cache kept for other settings: it neither reads nor writes. */
  private readonly enabled: boolean = true;

  /**
   * `own` (a disk build) wipes a cache kept for other settings and takes it over. `share` (the
   * dev server, whose base path may differ from the site's) uses it only if it was kept for the
   * same settings or is new, and otherwise leaves it alone: dev and build never wipe each other's.
   */
  constructor(root: string, settings: unknown, mode: 'own' | 'share' = 'own') {
    this.dir = join(root, 'posts');
    const meta = JSON.stringify({ version: codeDigest(), settings: createHash('sha256').update(JSON.stringify(settings)).digest('hex') });
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
      rmSync(this.dir, { recursive: true, force: true });
      mkdirSync(root, { recursive: true });
      writeFileSync(join(root, 'meta.json'), meta);
    }
  }

  private keyOf(digest: string, path: string): string {
    return createHash('sha256').update(`${digest}\0${path}`).digest('hex');
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
    const assets = body.assets.map((a) => {
      const st = statSync(a.from);
      return { from: a.from, size: st.size, mtimeMs: st.mtimeMs };
    });
    const dir = join(this.dir, key.slice(0, 2));
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${key}.json`);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ key, body, assets } satisfies Entry));
    renameSync(tmp, file);
  }
}
