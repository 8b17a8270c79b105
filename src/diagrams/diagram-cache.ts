import { createHash } from 'node:crypto';
import { readCacheText } from '../util/cache-file.js';
import { mkdirSync } from 'node:fs';
import { writeFileAtomically } from '../util/write-atomically.js';
import { join } from 'node:path';
import type { Drawing } from './mermaid-renderer.js';

/** Bump when the drawing settings in mermaid-renderer.ts change. */
const SETTINGS_VERSION = 2;

/** Drawings by a digest of the source, Mermaid's version and the drawing settings. */
export class DiagramCache {
  constructor(
    private readonly dir: string | undefined,
    private readonly version: string,
  ) {}

  private file(key: string): string {
    const digest = createHash('sha256').update(`${SETTINGS_VERSION}\0${this.version}\0${key}`).digest('hex');
    return join(this.dir!, digest.slice(0, 2), `${digest}.json`);
  }

  get(key: string): Drawing | undefined {
    if (!this.dir) return undefined;
    try {
      const d = JSON.parse(readCacheText(this.file(key))) as Drawing;
      return typeof d.light === 'string' && typeof d.dark === 'string' ? d : undefined;
    } catch {
      return undefined;
    }
  }

  set(key: string, drawing: Drawing): void {
    if (!this.dir) return;
    const file = this.file(key);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileAtomically(file, JSON.stringify(drawing));
  }
}
