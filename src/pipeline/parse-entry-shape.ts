// The parse cache is a folder of the site, so a cloned site can bring one written by hand, with
// entries whose digest matches the text it ships. An entry is used only if it has the shape
// Casebook writes: a field of the wrong type (`tags: 5`) otherwise ended the build with an
// internal error (found by a hostile session), or reached the model unvalidated. Checked for
// the fields of a Casebook post (sites of other tools are never parse-cached), by type: values
// the schema would refuse but whose type is right stay the author's text, shown escaped.

import { arrayOf, isNumber, isObject, isString, optional } from '../util/value-shape.js';
import { isCode } from '../errors/index.js';
import { warning } from './build-stamp-shape.js';

const isBoolean = (v: unknown): boolean => typeof v === 'boolean';
const strings = (v: unknown): boolean => arrayOf(v, isString);
const within = (v: unknown, min: number, max: number): boolean => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
/** A date as dates.ts makes it: a four-digit year, each field in range, an epoch a Date can hold. */
const date = (d: unknown): boolean =>
  isObject(d) &&
  within(d.year, 0, 9999) &&
  within(d.month, 1, 12) &&
  within(d.day, 1, 31) &&
  within(d.hour, 0, 23) &&
  within(d.minute, 0, 59) &&
  within(d.second, 0, 60) &&
  within(d.offset, -1440, 1440) &&
  isNumber(d.epoch) &&
  Math.abs(d.epoch) <= 8.64e15 &&
  isBoolean(d.dateOnly);
const decision = (d: unknown): boolean => isObject(d) && isString(d.decision) && strings(d.alternatives) && optional(d.why, isString);
const outcome = (o: unknown): boolean =>
  isObject(o) && isString(o.metric) && isNumber(o.before) && isNumber(o.after) && optional(o.unit, isString) && (o.better === 'lower' || o.better === 'higher');
const moment = (t: unknown): boolean => isObject(t) && isString(t.at) && isString(t.event);
const TEXT_KEYS = ['role', 'period', 'context', 'problem', 'severity', 'impact', 'detection', 'rootCause'];
const LIST_KEYS = ['stack', 'constraints', 'tradeoffs', 'lessons', 'actionItems'];
const caseStudy = (c: unknown): boolean =>
  isObject(c) &&
  TEXT_KEYS.every((k) => optional(c[k], isString)) &&
  LIST_KEYS.every((k) => optional(c[k], strings)) &&
  optional(c.decisions, (d) => arrayOf(d, decision)) &&
  optional(c.outcomes, (o) => arrayOf(o, outcome)) &&
  optional(c.timeline, (t) => arrayOf(t, moment));

/** The post's fields as the parse cache keeps them (a SourcePost without text, body and derived keys). */
function fields(f: unknown): boolean {
  return (
    isObject(f) &&
    // JSON.parse makes `__proto__` an own key, and copying the fields onto a post (Object.assign) would set the post's prototype.
    !Object.hasOwn(f, '__proto__') &&
    isString(f.kind) &&
    isString(f.title) &&
    isString(f.slug) &&
    optional(f.date, date) &&
    optional(f.updated, date) &&
    optional(f.description, isString) &&
    optional(f.descriptionMarkdown, isString) &&
    strings(f.tags) &&
    strings(f.categories) &&
    optional(f.series, (s) => isObject(s) && isString(s.name) && optional(s.part, isNumber)) &&
    isBoolean(f.draft) &&
    isBoolean(f.featured) &&
    strings(f.aliases) &&
    optional(f.image, isString) &&
    optional(f.imageAlt, isString) &&
    optional(f.canonical, isString) &&
    isBoolean(f.toc) &&
    optional(f.lang, isString) &&
    caseStudy(f.caseStudy) &&
    isNumber(f.bodyLine) &&
    isBoolean(f.bundle) &&
    optional(f.outputPath, isString) &&
    optional(f.foreignBody, () => false) &&
    optional(f.edition, isString) &&
    optional(f.excluded, isString)
  );
}

/** Whether `e` is a parse-cache entry as Casebook writes it. */
export function isParseEntry(e: unknown): boolean {
  return (
    isObject(e) &&
    isString(e.digest) &&
    fields(e.fields) &&
    (isString(e.body) || (isNumber(e.body) && e.body >= 0)) &&
    isObject(e.lines) &&
    Object.values(e.lines).every(isNumber) &&
    arrayOf(e.warnings, (w) => warning(w) && isCode((w as { code: unknown }).code)) &&
    optional(e.stamp, (s) => Array.isArray(s) && s.length === 4 && s.every(isNumber))
  );
}
