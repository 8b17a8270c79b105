import { createHash } from 'node:crypto';
import { openInside, reopenPath } from '../util/open-inside.js';
import { closeSync, mkdirSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { writeFileAtomically } from '../util/write-atomically.js';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import type { Asset, ImageFormat } from '../markdown/images.js';
import { CasebookError } from '../errors/index.js';
import { importModule } from '../util/import-module.js';

/**
 * Makes the resized variants responsive images ask for, with sharp, into a content-addressed
 * folder of the cache: the key is a digest of the source bytes and the recipe, so a warm build,
 * a renamed file or a second post using the same picture encodes nothing.
 */

/** Bump when the settings below change: old entries are then simply never asked for again. */
const RECIPE_VERSION = 2;
/** AVIF at effort 2 encodes in ~50 ms instead of ~700 ms at the default, for a few percent of size. */
const SETTINGS: Record<ImageFormat, Record<string, unknown>> = {
  avif: { quality: 55, effort: 2 },
  webp: { quality: 75, effort: 4 },
  jpeg: { quality: 78, mozjpeg: true },
  png: { compressionLevel: 9, palette: true, quality: 90 },
};
/** A variant still larger than this at the widest size is reported: it costs a phone dearly. */
export const IMAGE_BUDGET_BYTES = 400_000;

type Sharp = typeof import('sharp');
let sharpModule: Promise<Sharp> | undefined;
const loadSharp = () => (sharpModule ??= importModule<Sharp & { default?: Sharp }>('sharp').then((m) => (m.default ?? m) as unknown as Sharp));

export interface EncodedImage {
  /** The variant's file in the cache. */
  file: string;
  bytes: number;
}

export class ImageEncoder {
  encoded = 0;
  reused = 0;
  private readonly sourceDigests = new Map<string, Promise<string>>();
  private readonly pending = new Map<string, Promise<EncodedImage>>();

  /** `dir` undefined (`--no-cache`): variants are made in a temporary folder and not kept between builds. */
  /** `within`: the site folder's real path, which source images are read from only while they lie in it (util/open-inside.ts). */
  constructor(
    private readonly dir: string,
    private readonly within?: string | undefined,
  ) {}

  /** The source image, opened through openInside when the site folder is known. */
  private open(from: string): number {
    return this.within ? openInside(from, this.within) : openSync(from, 'r');
  }

  /**
   * The source image for sharp: a path that reopens the very file opened where the system has
   * one (sharp then reads it as it reads any file), else its bytes.
   */
  private async withSource<T>(from: string, use: (source: string | Buffer) => Promise<T>): Promise<T> {
    const fd = this.open(from);
    try {
      return await use(reopenPath(fd) ?? readFileSync(fd));
    } finally {
      closeSync(fd);
    }
  }

  private digestOf(from: string): Promise<string> {
    let d = this.sourceDigests.get(from);
    if (!d) {
      // A megabyte at a time: a large picture is never held whole for its digest.
      d = Promise.resolve().then(() => {
        const fd = this.open(from);
        try {
          const hash = createHash('sha256');
          const chunk = Buffer.allocUnsafe(1 << 20);
          for (let n: number; (n = readSync(fd, chunk, 0, chunk.length, null)) > 0; ) hash.update(chunk.subarray(0, n));
          return hash.digest('hex');
        } finally {
          closeSync(fd);
        }
      });
      this.sourceDigests.set(from, d);
    }
    return d;
  }

  /** The variant `asset.encode` describes, from the cache or encoded now. */
  async get(asset: Asset & { encode: NonNullable<Asset['encode']> }): Promise<EncodedImage> {
    const { width, format } = asset.encode;
    const key = createHash('sha256')
      .update(`${RECIPE_VERSION}\0${await this.digestOf(asset.from)}\0${width}\0${format}`)
      .digest('hex');
    const file = join(this.dir, key.slice(0, 2), `${key}.${format}`);
    let job = this.pending.get(file);
    if (!job) {
      job = this.make(asset.from, file, width, format);
      this.pending.set(file, job);
    }
    return job;
  }

  private async make(from: string, file: string, width: number, format: ImageFormat): Promise<EncodedImage> {
    try {
      const bytes = statSync(file).size;
      this.reused++;
      return { file, bytes };
    } catch {
      // Not in the cache yet.
    }
    const sharp = await loadSharp();
    // rotate(): apply the EXIF orientation before the metadata (EXIF, GPS, ICC comments) is dropped.
    let data: Buffer;
    try {
      data = await this.withSource(from, (source) =>
        sharp(source, { failOn: 'error' }).rotate().resize({ width, withoutEnlargement: true }).toFormat(format, SETTINGS[format]).toBuffer(),
      );
    } catch (e) {
      if (!(e instanceof Error) || typeof (e as NodeJS.ErrnoException).code === 'string') throw e;
      throw new CasebookError('CB1431', `${from} cannot be decoded as an image: ${(e as Error).message}.`, { file: from });
    }
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileAtomically(file, data);
    this.encoded++;
    return { file, bytes: data.length };
  }

  /** Encodes every variant, a few at a time (sharp uses its own threads within each). */
  async all(assets: (Asset & { encode: NonNullable<Asset['encode']> })[]): Promise<Map<Asset, EncodedImage>> {
    const out = new Map<Asset, EncodedImage>();
    let next = 0;
    const lanes = Math.max(1, Math.min(4, availableParallelism()));
    await Promise.all(
      Array.from({ length: lanes }, async () => {
        while (next < assets.length) {
          const a = assets[next++]!;
          out.set(a, await this.get(a));
        }
      }),
    );
    return out;
  }
}
