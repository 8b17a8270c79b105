import { closeSync, constants, fstatSync, openSync, readFileSync, readSync, statSync, type Stats } from 'node:fs';
import { openInsideStat } from '../util/open-inside.js';
import { basename, dirname, extname } from 'node:path';
import { CasebookError, type Location, type Warning } from '../errors/index.js';
import { parseDate, type SiteDate } from '../util/dates.js';
import { fitSegment, slugify, stripDatePrefix } from '../util/slug.js';
import { closest } from '../util/suggest.js';
import { readFailure } from '../util/read-failure.js';
import { findKeyLine, yamlPathPosition } from '../util/source-position.js';
import { issueToSentence } from '../util/zod-sentence.js';
import { applyAliases, FIELD_ALIASES } from './aliases.js';
import type { ContentFile } from './discover.js';
import { splitFrontMatter } from './front-matter.js';
import { FRONT_MATTER_KEYS, frontMatterSchema } from './schema.js';
import { kindOfFolder } from './kinds.js';
import type { SourcePost } from './post.js';
import { caseStudyFields, postLang, dedupe, sourceDigest, titleFromHeading } from './post-fields.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const KNOWN_NAMES = [...FRONT_MATTER_KEYS, ...Object.keys(FIELD_ALIASES), 'published'];

export interface ReadOptions {
  timezone: string;
}

/**
 * Synchronous on purpose: for files of a few KB, promise-based reads spend more time opening,
 * stat-ing and closing handles through the thread pool than reading (measured: 2.3x slower here).
 */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export function readPost(entry: ContentFile, opts: ReadOptions, warnings: Warning[]): SourcePost {
  return parsePostSource(entry, readSourceText(entry), opts, warnings);
}

/** The file as text: size limit, UTF-8 and NUL checks, BOM dropped, line endings normalised to LF. */
/** The file opened without a site folder to stay in (a caller outside a build), with its stats. */
function openPlain(path: string): { fd: number; stats: Stats } {
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    return { fd, stats: fstatSync(fd) };
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The open file's bytes, `size` as its fstat just said: readFileSync(fd) asked fstat again, one
 * more system call per post (a tenth of reading a 1,000-post site's files). Like readFileSync, it
 * reads until `size` bytes or the end; a size of 0 (a file that does not know it) reads to the end.
 */
function readOpened(fd: number, size: number): Buffer {
  if (size === 0) return readFileSync(fd);
  const buffer = Buffer.allocUnsafe(size);
  let at = 0;
  for (let n = -1; n !== 0 && at < size; at += n) n = readSync(fd, buffer, at, size - at, null);
  return at < size ? buffer.subarray(0, at) : buffer;
}

export function readSourceText(entry: Pick<ContentFile, 'file' | 'within'>): string {
  let bytes: Buffer;
  // Opened once, checked on what was opened: a regular file (a FIFO would block the build), of
  // at most MAX_FILE_BYTES, inside the site when the build says where that is.
  let fd: number | undefined;
  try {
    const opened = entry.within ? openInsideStat(entry.file, entry.within) : openPlain(entry.file);
    fd = opened.fd;
    const st = opened.stats;
    if (st.isDirectory()) throw Object.assign(new Error('a folder'), { code: 'EISDIR' });
    if (!st.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'ECHANGED' });
    if (st.size > MAX_FILE_BYTES) {
      throw new CasebookError('CB1032', `The file is ${(st.size / 1024 / 1024).toFixed(1)} MB; the limit is ${MAX_FILE_BYTES / 1024 / 1024} MB.`, {
        file: entry.file,
      });
    }
    bytes = readOpened(fd, st.size);
  } catch (e) {
    if (e instanceof CasebookError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EOUTSIDE') throw new CasebookError('CB1313', `${entry.file} now leads outside the site folder ${entry.within}.`, { file: entry.file });
    const folder = code === 'EISDIR' || (code === 'ECHANGED' && isFolder(entry.file));
    const why = folder ? 'it is a folder' : code === 'ECHANGED' ? 'it is not a regular file' : (readFailure(code) ?? (e as Error).message);
    throw new CasebookError('CB1033', `The file cannot be read: ${why}.`, { file: entry.file });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  let source: string;
  try {
    source = utf8.decode(bytes);
  } catch {
    throw new CasebookError('CB1031', 'The file contains bytes that are not UTF-8 text.', { file: entry.file });
  }
  if (source.includes('\u0000')) {
    throw new CasebookError('CB1031', 'The file contains NUL bytes: it looks like a binary file with a Markdown name.', { file: entry.file });
  }
  source = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  return source;
}

/** Everything after reading the bytes; separate so tests can feed strings. */
export function parsePostSource(entry: ContentFile, source: string, opts: ReadOptions, warnings: Warning[]): SourcePost {
  const { file } = entry;
  const split = splitFrontMatter(source, file, warnings);
  const keyLine = (key: string) => findKeyLine(split.raw, key, split.rawLine)?.line;
  const at = (key: string): Location => {
    const pos = findKeyLine(split.raw, key, split.rawLine);
    return pos ? { file, ...pos, source } : { file, line: 1, column: 1, source };
  };

  for (const key of Object.keys(split.data)) {
    if (!KNOWN_NAMES.includes(key)) {
      const near = closest(key, KNOWN_NAMES);
      throw new CasebookError(
        'CB1010',
        `"${key}" is not a front matter field Casebook knows.${near ? ` Did you mean "${near}"?` : ''}`,
        at(key),
        near ? `Rename "${key}" to "${near}", or remove it.` : undefined,
      );
    }
  }
  const aliased = applyAliases(split.data);
  if (aliased.conflict) {
    const { key, other } = aliased.conflict;
    throw new CasebookError('CB1013', `"${key}" and "${other}" both set the same field.`, at(key));
  }
  const parsed = frontMatterSchema.safeParse(aliased.data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const top = String(issue.path[0] ?? '');
    // Report the key as the author wrote it, not its canonical name.
    const written = Object.keys(split.data).find((k) => (FIELD_ALIASES[k] ?? k) === top) ?? top;
    // YAML and JSON keep node positions, so a nested problem (outcomes[2].before) gets its own line.
    const nested = split.format === 'yaml' || split.format === 'json' ? yamlPathPosition(split.raw, [written, ...issue.path.slice(1)]) : undefined;
    const where = nested ? { file, line: nested.line + split.rawLine - 1, column: nested.column, source } : at(written);
    throw new CasebookError('CB1011', issueToSentence(issue, aliased.data).replace(`\`${top}`, `\`${written}`), where);
  }
  const fm = parsed.data;

  const readDate = (key: 'date' | 'updated'): SiteDate | undefined => {
    const value = fm[key];
    if (value === undefined || value === null || value === '') return undefined;
    const result = parseDate(value, opts.timezone);
    if (!result.ok) {
      const written = Object.keys(split.data).find((k) => (FIELD_ALIASES[k] ?? (k === 'published' ? 'date' : k)) === key) ?? key;
      throw new CasebookError('CB1012', `\`${written}\`: ${result.reason}.`, at(written));
    }
    return result.date;
  };

  const isIndex = /^(index|_index)$/i.test(basename(file, extname(file)));
  const stem = isIndex ? basename(dirname(file)) : basename(file, extname(file));
  const fromName = stripDatePrefix(stem);

  let date = readDate('date');
  if (!date && fromName.date) {
    const r = parseDate(fromName.date, opts.timezone);
    if (!r.ok) throw new CasebookError('CB1012', `The file name starts with ${fromName.date}: ${r.reason}.`, { file });
    date = r.date;
  }
  const updated = readDate('updated');

  let body = split.body;
  let title = fm.title;
  if (!title) {
    const heading = titleFromHeading(body);
    if (heading) {
      ({ title, body } = heading);
    } else {
      title = fromName.name.replace(/[-_]+/g, ' ').replace(/^\w/, (c) => c.toUpperCase()) || 'Untitled';
      warnings.push({ code: 'CB1101', message: `No title; using "${title}" from the file name.`, location: { file } });
    }
  }

  let slug: string;
  if (fm.slug !== undefined) {
    slug = fm.slug.trim();
    if (!/^[\p{L}\p{N}_.~-]+$/u.test(slug) || /^\.+$/.test(slug)) {
      throw new CasebookError('CB1021', `The slug "${fm.slug}" cannot be used in a URL.`, at('slug'));
    }
    const fitted = fitSegment(slug);
    if (fitted !== slug) {
      const line = keyLine('slug');
      warnings.push({
        code: 'CB1325',
        message: `The slug is ${Buffer.byteLength(slug)} bytes, too long for a file name; the post is published as "${fitted}".`,
        location: { file, ...(line ? { line, column: 1 } : {}) },
      });
      slug = fitted;
    }
  } else {
    slug = slugify(fromName.name);
    if (!slug) throw new CasebookError('CB1021', `The file name "${stem}" gives an empty slug.`, { file }, 'Rename the file or add a `slug` field.');
  }

  const caseStudy = caseStudyFields(fm);

  return {
    file,
    within: entry.within,
    rel: entry.rel,
    source,
    digest: sourceDigest(entry.rel, source),
    keyLine,
    kind: fm.kind ?? kindOfFolder(entry.rel),
    title,
    slug,
    date,
    updated,
    description: fm.description?.trim() || undefined,
    tags: dedupe(fm.tags),
    categories: dedupe(fm.categories),
    series: fm.series ? { name: fm.series, part: fm.seriesPart } : undefined,
    draft: fm.draft,
    featured: fm.featured,
    aliases: fm.aliases,
    image: fm.image,
    imageAlt: fm.imageAlt,
    canonical: fm.canonical,
    toc: fm.toc,
    lang: postLang(fm.lang, file, () => keyLine('lang'), warnings),
    caseStudy,
    body,
    bodyLine: split.bodyLine,
    bundle: isIndex,
  };
}
