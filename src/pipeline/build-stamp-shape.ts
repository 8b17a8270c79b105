// The build stamp is a file in the site's cache folder, which a cloned site can bring and anyone
// who can write the site can edit. It is used only with exactly the shape Casebook writes: a
// wrong type would otherwise surface as an internal error in the check, or in the build that
// follows it after the output was already written.

import { arrayOf, isNumber, isObject, isString, optional } from '../util/value-shape.js';

const isCount = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 0;

const stampHead = (x: unknown): x is unknown[] => Array.isArray(x) && isString(x[0]) && isNumber(x[1]) && isNumber(x[2]) && isNumber(x[3]);
/** An output or code file: [path, size, mtimeMs, ino]. */
const isFileStamp = (x: unknown): boolean => stampHead(x) && x.length === 4 && x[1] !== -2;
/** An input: [path, size, mtimeMs, ino, ctimeMs], or a folder recorded by its names: [path, -2, 0, 0, names]. */
export const isInputStamp = (x: unknown): boolean => stampHead(x) && x.length === 5 && (x[1] === -2 ? isString(x[4]) : isNumber(x[4]));

const location = (l: unknown) => isObject(l) && isString(l.file) && optional(l.line, isNumber) && optional(l.column, isNumber) && optional(l.source, isString);
/** A warning as the catalog makes it (also kept in the parse cache). */
export const warning = (w: unknown): boolean =>
  isObject(w) && isString(w.code) && isString(w.message) && optional(w.location, location) && optional(w.hint, isString);
const lost = (l: unknown) => isObject(l) && isCount(l.images) && isCount(l.embeds) && isCount(l.posts);
const foreign = (f: unknown) =>
  isObject(f) &&
  isString(f.tool) &&
  isString(f.name) &&
  isString(f.configFile) &&
  isCount(f.posts) &&
  isCount(f.pages) &&
  isString(f.permalinks) &&
  optional(f.lost, lost);
const summary = (s: unknown) =>
  isObject(s) && isCount(s.pages) && isCount(s.posts) && isCount(s.fileCount) && arrayOf(s.warnings, warning) && optional(s.foreign, foreign);
const shortcut = (s: unknown) =>
  isObject(s) && isString(s.key) && arrayOf(s.code, isFileStamp) && isString(s.cacheDir) && isString(s.root) && arrayOf(s.exclude, isString);

function request(text: unknown): boolean {
  if (!isString(text)) return false;
  try {
    const r: unknown = JSON.parse(text);
    return isObject(r) && isString(r.outDir);
  } catch {
    return false;
  }
}

/** Whether `x` is a build stamp as Casebook writes it (up-to-date.ts). */
export function isStoredStamp(x: unknown): boolean {
  return (
    isObject(x) &&
    isString(x.version) &&
    request(x.request) &&
    (x.validUntil === null || isNumber(x.validUntil)) &&
    arrayOf(x.inputs, isInputStamp) &&
    arrayOf(x.outputs, isFileStamp) &&
    summary(x.summary) &&
    optional(x.shortcut, shortcut)
  );
}
