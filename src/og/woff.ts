import { inflateSync } from 'node:zlib';

/**
 * The font file inside a WOFF 1.0 container (W3C WOFF File Format 1.0): each table is stored
 * zlib-compressed when that made it smaller, so the SFNT is its header, its table directory and
 * the tables inflated, each at a four-byte boundary. Inter ships in @fontsource/inter as WOFF and
 * WOFF2 only, and HarfBuzz reads SFNT. Throws on anything that is not a well-formed WOFF 1.0 file
 * (the fonts are Casebook's own, so this only guards against a damaged install).
 */
export function woffToSfnt(woff: Uint8Array): Uint8Array {
  const w = Buffer.from(woff.buffer, woff.byteOffset, woff.byteLength);
  if (w.length < 44 || w.readUInt32BE(0) !== 0x774f4646) throw new Error('not a WOFF 1.0 font');
  const flavor = w.readUInt32BE(4);
  const count = w.readUInt16BE(12);
  if (44 + count * 20 > w.length) throw new Error('WOFF table directory runs past the end of the file');
  const tables: { tag: number; checksum: number; data: Uint8Array }[] = [];
  for (let i = 0; i < count; i++) {
    const at = 44 + i * 20;
    const offset = w.readUInt32BE(at + 4);
    const stored = w.readUInt32BE(at + 8);
    const length = w.readUInt32BE(at + 12);
    if (offset + stored > w.length || stored > length) throw new Error('WOFF table runs past the end of the file');
    const raw = w.subarray(offset, offset + stored);
    const data = stored < length ? inflateSync(raw) : raw;
    if (data.length !== length) throw new Error('WOFF table inflates to the wrong length');
    tables.push({ tag: w.readUInt32BE(at), checksum: w.readUInt32BE(at + 16), data });
  }
  let size = 12 + 16 * count;
  for (const t of tables) size += (t.data.length + 3) & ~3;
  const out = Buffer.alloc(size);
  // The SFNT header's binary-search fields, as the OpenType spec defines them.
  const power = 2 ** Math.floor(Math.log2(Math.max(1, count)));
  out.writeUInt32BE(flavor, 0);
  out.writeUInt16BE(count, 4);
  out.writeUInt16BE(power * 16, 6);
  out.writeUInt16BE(Math.log2(power), 8);
  out.writeUInt16BE(count * 16 - power * 16, 10);
  let at = 12 + 16 * count;
  tables.forEach((t, i) => {
    const entry = 12 + i * 16;
    out.writeUInt32BE(t.tag, entry);
    out.writeUInt32BE(t.checksum, entry + 4);
    out.writeUInt32BE(at, entry + 8);
    out.writeUInt32BE(t.data.length, entry + 12);
    out.set(t.data, at);
    at += (t.data.length + 3) & ~3;
  });
  return out;
}
