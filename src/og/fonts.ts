import * as hb from 'harfbuzzjs';
import { SUBSETS, subsetFont } from './subsets.js';

/**
 * Inter, shaped by HarfBuzz: kerning (Inter keeps most of it in class-based GPOS pairs behind
 * extension lookups, which opentype.js does not read), marks and ligatures as a browser would.
 * Each of @fontsource/inter's subsets is a font of its own; a character is drawn with the first
 * subset, in this order, that has it. CJK, Arabic, Hebrew and emoji are in none of them and
 * get Inter's "NO GLYPH" box.
 */

export type Weight = 400 | 700;

export interface Face {
  /** Unique per subset and weight: the glyph atlas keys on it. */
  key: number;
  font: hb.Font;
  upem: number;
  covers: Set<number>;
}

/** A glyph placed relative to the start of its text on the baseline, in pixels. */
export interface ShapedGlyph {
  face: Face;
  id: number;
  x: number;
  y: number;
}

export interface Shaped {
  glyphs: ShapedGlyph[];
  width: number;
}

let nextKey = 0;

function loadFace(subset: string, weight: Weight): Face {
  const face = new hb.Face(new hb.Blob(subsetFont(subset, weight)));
  return { key: nextKey++, font: new hb.Font(face), upem: face.upem, covers: new Set(face.collectUnicodes()) };
}

/**
 * Each weight's faces, loaded as text needs them: Latin and Latin Extended first (most cards need
 * nothing else, and they come first in the order anyway); the rest all at once on the first
 * character those two lack, so that the first subset having a character is always found.
 */
const faces = new Map<Weight, Face[]>();

function faceFor(codePoint: number, weight: Weight): Face {
  let list = faces.get(weight);
  if (!list) faces.set(weight, (list = SUBSETS.slice(0, 2).map((s) => loadFace(s, weight))));
  for (const face of list) if (face.covers.has(codePoint)) return face;
  if (list.length < SUBSETS.length) {
    list.push(...SUBSETS.slice(list.length).map((s) => loadFace(s, weight)));
    for (const face of list) if (face.covers.has(codePoint)) return face;
  }
  return list[0]!;
}

/** Spaces, joiners and variation selectors: they belong to whatever face the text around them uses. */
const neutral = (c: number) => c === 0x20 || c === 0xa0 || (c >= 0x2000 && c <= 0x200d) || c === 0x2060 || (c >= 0xfe00 && c <= 0xfe0f);

const metrics = new Map<Weight, { ascent: number; descent: number }>();

/** The font's ascent and descent (positive, below the baseline) in ems: its "normal" line box. */
export function verticalMetrics(weight: Weight): { ascent: number; descent: number } {
  let m = metrics.get(weight);
  if (!m) {
    const face = faceFor(0x41, weight);
    const { ascender, descender } = face.font.hExtents();
    metrics.set(weight, (m = { ascent: ascender / face.upem, descent: -descender / face.upem }));
  }
  return m;
}

/**
 * `text` on one line at `size` pixels, with CSS `letter-spacing` after each character: runs of
 * characters from the same subset are shaped together.
 */
export function shapeText(text: string, weight: Weight, size: number, letterSpacing = 0): Shaped {
  const glyphs: ShapedGlyph[] = [];
  let pen = 0;
  const runs: { face: Face; text: string }[] = [];
  for (const ch of text) {
    const last = runs.at(-1);
    const c = ch.codePointAt(0)!;
    // A character the current run's face has stays in the run (the subsets' glyphs are the same
    // where they overlap), so that kerning and combining marks work across it.
    const face = last && (neutral(c) || last.face.covers.has(c)) ? last.face : faceFor(c, weight);
    if (last?.face === face) last.text += ch;
    else runs.push({ face, text: ch });
  }
  for (const run of runs) {
    const scale = size / run.face.upem;
    const buffer = new hb.Buffer();
    buffer.addText(run.text);
    buffer.guessSegmentProperties();
    hb.shape(run.face.font, buffer);
    const infos = buffer.getGlyphInfos();
    const positions = buffer.getGlyphPositions();
    for (let i = 0; i < infos.length; i++) {
      const p = positions[i]!;
      glyphs.push({ face: run.face, id: infos[i]!.codepoint, x: pen + p.xOffset * scale, y: -p.yOffset * scale });
      pen += p.xAdvance * scale;
      // Letter spacing follows each character, not each glyph of one (a base and its marks).
      if (letterSpacing && infos[i + 1]?.cluster !== infos[i]!.cluster) pen += letterSpacing;
    }
  }
  return { glyphs, width: pen };
}
