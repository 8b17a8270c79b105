import { createHash } from 'node:crypto';
import { readCacheBytes } from '../util/cache-file.js';
import { mkdirSync } from 'node:fs';
import { writeFileAtomically } from '../util/write-atomically.js';
import { crc32 } from 'node:zlib';
import { join } from 'node:path';
import { CARD_VERSION, type CardInput } from './card-input.js';
import { CardPool } from './pool.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Every complete PNG ends with this IEND chunk (length 0, type, fixed CRC). */
const PNG_END = Buffer.from([0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);

/**
 * A cached card is used only if it is an intact PNG: the signature, every chunk's CRC-32, and the
 * IEND chunk at the very end. A torn write, a flipped byte or a foreign file is drawn again.
 */
export function isCompletePng(png: Buffer): boolean {
  if (png.length < PNG_SIGNATURE.length + PNG_END.length || !png.subarray(0, 8).equals(PNG_SIGNATURE)) return false;
  let at = 8;
  while (at + 12 <= png.length) {
    const length = png.readUInt32BE(at);
    const end = at + 12 + length;
    if (end > png.length) return false;
    if (crc32(png.subarray(at + 4, at + 8 + length)) !== png.readUInt32BE(at + 8 + length)) return false;
    if (png.toString('latin1', at + 4, at + 8) === 'IEND') return end === png.length && png.subarray(at).equals(PNG_END);
    at = end;
  }
  return false;
}

export function cardDigest(card: CardInput): string {
  return createHash('sha256')
    .update(JSON.stringify([CARD_VERSION, card]))
    .digest('hex');
}

/**
 * Social cards cached on disk by a digest of their inputs: an unchanged card is read, never
 * rendered again. Entries are written to a temp name and renamed, and a file that is not a
 * complete PNG (signature and IEND chunk) is treated as missing.
 */
export class CardCache {
  rendered = 0;
  reused = 0;
  private pool: CardPool | undefined;

  /** `useDisk` false (`--no-cache`): draw every card and leave the cache folder alone. */
  constructor(
    private readonly dir: string,
    private readonly useDisk = true,
  ) {}

  async get(card: CardInput): Promise<Uint8Array> {
    const file = join(this.dir, `${cardDigest(card)}.png`);
    if (this.useDisk)
      try {
        const png = readCacheBytes(file);
        if (isCompletePng(png)) {
          this.reused++;
          return png;
        }
      } catch {
        // Not cached yet.
      }
    this.pool ??= new CardPool();
    const png = await this.pool.render(card);
    this.rendered++;
    if (!this.useDisk) return png;
    mkdirSync(this.dir, { recursive: true });
    writeFileAtomically(file, png);
    return png;
  }

  async close(): Promise<void> {
    await this.pool?.close();
  }
}
