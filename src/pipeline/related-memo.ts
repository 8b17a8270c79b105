import { mkdirSync } from 'node:fs';
import { readCacheText } from '../util/cache-file.js';
import { writeFileAtomically } from '../util/write-atomically.js';
import { join } from 'node:path';
import { RELATED_COUNT, type ModelMemo, type RelatedMemo } from '../site/index.js';
import { codeDigest } from '../util/code-digest.js';

const FILE = 'related.json';

/**
 * The "related posts" assignment of the last disk build (`<cacheDir>/related.json`), so a rebuild
 * after an edit that changed no post's path, date, kind, series, tags or categories takes it
 * instead of scoring every pair that shares a tag again (at 10,000 posts on 30 tags, the largest
 * piece of building the model). The memo is keyed by exactly those fields (assignRelated), and
 * kept only for the same Casebook code.
 */
export class RelatedMemoFile {
  private readonly file: string;
  private readonly version = codeDigest();
  private readonly loaded: RelatedMemo | undefined;
  readonly memo: ModelMemo;

  constructor(cacheDir: string) {
    this.file = join(cacheDir, FILE);
    let loaded: RelatedMemo | undefined;
    try {
      const stored = JSON.parse(readCacheText(this.file)) as { version: string; related: RelatedMemo };
      if (stored.version === this.version && isRelatedMemo(stored.related)) loaded = stored.related;
    } catch {
      loaded = undefined;
    }
    this.loaded = loaded;
    this.memo = { related: loaded };
  }

  /** Writes the assignment this build made, when it made a new one. */
  save(): void {
    const related = this.memo.related;
    if (!related || related === this.loaded) return;
    mkdirSync(join(this.file, '..'), { recursive: true });
    writeFileAtomically(this.file, JSON.stringify({ version: this.version, related }));
  }
}

/**
 * Whether `m` is an assignment as assignRelated makes it: a key per post, and for each post at
 * most RELATED_COUNT distinct other posts by index. The cache is a folder of the site, so a
 * cloned site could bring one written by hand; anything else is scored afresh.
 */
function isRelatedMemo(m: unknown): m is RelatedMemo {
  if (typeof m !== 'object' || m === null) return false;
  const { key, related } = m as Partial<RelatedMemo>;
  if (!Array.isArray(key) || !Array.isArray(related) || key.length !== related.length || !key.every((k) => typeof k === 'string')) return false;
  return related.every(
    (list, i) =>
      Array.isArray(list) &&
      list.length <= RELATED_COUNT &&
      new Set(list).size === list.length &&
      list.every((j) => Number.isInteger(j) && j >= 0 && j < key.length && j !== i),
  );
}
