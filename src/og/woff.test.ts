import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as hb from 'harfbuzzjs';
import { describe, expect, it } from 'vitest';
import { woffToSfnt } from './woff.js';

const woff = readFileSync(createRequire(import.meta.url).resolve('@fontsource/inter/files/inter-latin-400-normal.woff'));

describe('woffToSfnt', () => {
  it('gives a font HarfBuzz reads, with its tables intact', () => {
    const sfnt = woffToSfnt(woff);
    const face = new hb.Face(new hb.Blob(sfnt.slice().buffer as ArrayBuffer));
    expect(face.upem).toBe(2048);
    expect(face.collectUnicodes()).toContain(0x41);
    expect(new hb.Font(face).glyphToPath(new hb.Font(face).nominalGlyph(0x41)!)).toMatch(/^M/);
    // The table directory: as many tables as the WOFF header names, each within the file.
    const view = Buffer.from(sfnt);
    const count = view.readUInt16BE(4);
    expect(count).toBe(woff.readUInt16BE(12));
    for (let i = 0; i < count; i++) expect(view.readUInt32BE(12 + i * 16 + 8) + view.readUInt32BE(12 + i * 16 + 12)).toBeLessThanOrEqual(view.length);
  });

  it('refuses what is not a whole WOFF file', () => {
    expect(() => woffToSfnt(Buffer.from('wOF2 not this'))).toThrow(/not a WOFF/);
    expect(() => woffToSfnt(woff.subarray(0, 60))).toThrow(/past the end/);
    expect(() => woffToSfnt(woff.subarray(0, woff.length - 100))).toThrow(/past the end/);
    const damaged = Buffer.from(woff);
    // The first table's stored bytes, flipped: it no longer inflates.
    const offset = damaged.readUInt32BE(44 + 4);
    damaged.fill(0xff, offset, offset + 8);
    expect(() => woffToSfnt(damaged)).toThrow();
  });
});
