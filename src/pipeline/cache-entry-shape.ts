import { isAbsolute } from 'node:path';
import { isCode } from '../errors/index.js';
import { isSitePath } from '../output/index.js';
import { arrayOf, isNumber, isObject, isString, optional } from '../util/value-shape.js';

// The render cache is a folder of the site, so a cloned site can bring one written by hand. An
// entry is used only if it has exactly the shape Casebook writes: a wrong type would otherwise
// surface later as an internal error, and an asset's `to` is joined to the output folder.

const tocEntry = (t: unknown) => isObject(t) && isNumber(t.level) && isString(t.id) && isString(t.text);
const asset = (a: unknown) =>
  isObject(a) &&
  isString(a.from) &&
  isAbsolute(a.from) &&
  isString(a.to) &&
  isSitePath(a.to) &&
  optional(a.encode, (e) => isObject(e) && isNumber(e.width) && isString(e.format));
// A diagram's key and language go into a regular expression and into attributes unescaped: only what diagramKey() and diagramLanguage() make.
const diagram = (d: unknown) =>
  isObject(d) &&
  isString(d.key) &&
  /^[0-9a-f]{20}$/.test(d.key) &&
  (d.lang === 'mermaid' || d.lang === 'dot') &&
  isString(d.source) &&
  isString(d.title) &&
  optional(d.line, isNumber);
const mathError = (m: unknown) => isObject(m) && isNumber(m.line) && isString(m.message);
const note = (n: unknown) => isObject(n) && isString(n.kind) && isString(n.construct) && isNumber(n.line);
const removal = (r: unknown) => isObject(r) && isCode(r.code) && isString(r.message) && optional(r.line, isNumber);
const probe = (p: unknown) =>
  isObject(p) && isString(p.path) && isAbsolute(p.path) && (p.is === 'file' || p.is === 'folder' || p.is === 'none' || p.is === 'other');
const imageStamp = (a: unknown) => isObject(a) && isString(a.from) && isNumber(a.size) && isNumber(a.mtimeMs);

/**
 * Whether `entry` is a render-cache entry as Casebook writes it, for `key`: every field of the
 * body of the right type, every asset inside the output, and each image the body uses stamped
 * (so the check that it did not change cannot be skipped by leaving its stamp out).
 */
export function isCacheEntry(entry: unknown, key: string): boolean {
  if (!isObject(entry) || entry.key !== key || !isObject(entry.body) || !arrayOf(entry.assets, imageStamp)) return false;
  const b = entry.body;
  const ok =
    isString(b.digest) &&
    optional(b.excerptHtml, isString) &&
    isString(b.summary) &&
    arrayOf(b.toc, tocEntry) &&
    isNumber(b.words) &&
    isNumber(b.readingMinutes) &&
    arrayOf(b.assets, asset) &&
    optional(b.probes, (p) => arrayOf(p, probe)) &&
    arrayOf(b.unknownLanguages, isString) &&
    optional(b.diagrams, (d) => arrayOf(d, diagram)) &&
    optional(b.math, (m) => typeof m === 'boolean') &&
    optional(b.mathErrors, (m) => arrayOf(m, mathError)) &&
    optional(b.foreignNotes, (n) => arrayOf(n, note)) &&
    optional(b.htmlRemovals, (r) => arrayOf(r, removal)) &&
    !('html' in b);
  if (!ok) return false;
  const stamped = new Set((entry.assets as { from: string }[]).map((a) => a.from));
  return (b.assets as { from: string }[]).every((a) => stamped.has(a.from));
}
