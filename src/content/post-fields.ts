import { createHash } from 'node:crypto';
import type { Warning } from '../errors/index.js';
import { normaliseLocale } from '../util/locale.js';
import type { CaseStudyFields } from './post.js';
import type { FrontMatter } from './schema.js';

/** The shared parts of building a post, for Casebook's strict reader and the lenient one for other tools' sites. */

const CASE_STUDY_KEYS = [
  'role',
  'period',
  'stack',
  'context',
  'problem',
  'constraints',
  'decisions',
  'tradeoffs',
  'outcomes',
  'lessons',
  'severity',
  'impact',
  'detection',
  'timeline',
  'rootCause',
  'actionItems',
] as const;

/** Changes exactly when the file (its path or its text) does: the key of every content cache. */
export function sourceDigest(rel: string, source: string): string {
  return createHash('sha1').update(rel).update('\0').update(source).digest('hex');
}

/** The structured case-study fields a post set, and only those. */
export function caseStudyFields(fm: FrontMatter): CaseStudyFields {
  const caseStudy: CaseStudyFields = {};
  for (const key of CASE_STUDY_KEYS) {
    if (fm[key] !== undefined) (caseStudy as Record<string, unknown>)[key] = fm[key];
  }
  return caseStudy;
}

/** Tags and categories compare case-insensitively; the first spelling stays. */
export function dedupe(list: string[]): string[] {
  const seen = new Set<string>();
  return list.filter((x) => {
    const k = x.toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * A body that starts with a `# Heading` gives the title; the heading leaves the body, which
 * would otherwise show it twice.
 */
export function titleFromHeading(body: string): { title: string; body: string } | undefined {
  const h1 = /^[ \t]{0,3}#[ \t]+(.+?)[ \t#]*$/m.exec(body);
  if (!h1 || body.slice(0, h1.index).trim() !== '') return undefined;
  return { title: h1[1]!, body: body.slice(0, h1.index) + body.slice(h1.index + h1[0].length) };
}

/**
 * The body without a first heading that repeats the post's title (`# Title`, `Title` over
 * `====`, or the old tool's `{{ page.title }}` in either form): the layout already shows the
 * title, so it would be there twice. The heading's lines become blank, keeping line numbers.
 * Undefined when the body does not start with its title.
 */
export function withoutRepeatedTitle(body: string, title: string): string | undefined {
  const lines = body.split('\n');
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0) return undefined;
  const line = lines[first]!;
  const atx = /^[ \t]{0,3}#[ \t]+(.+?)[ \t#]*$/.exec(line);
  const setext = !atx && /^[ \t]{0,3}=+[ \t]*$/.test(lines[first + 1] ?? '') && !/^[ \t]{4}|^[ \t]*[<>|-]/.test(line);
  const text = atx ? atx[1]! : setext ? line.trim() : undefined;
  if (text === undefined || !sameTitle(text, title)) return undefined;
  const count = setext ? 2 : 1;
  return [...lines.slice(0, first), ...Array<string>(count).fill(''), ...lines.slice(first + count)].join('\n');
}

const TITLE_VARIABLE = /^\{\{-?\s*(?:page\.|post\.)?title\s*-?\}\}$/;

function sameTitle(heading: string, title: string): boolean {
  if (TITLE_VARIABLE.test(heading.trim())) return true;
  const norm = (s: string) =>
    s
      .replace(/[*_`]|\[|\]\([^)]*\)/g, '')
      .replace(/&amp;/g, '&')
      .replace(/[\s\u00a0]+/g, ' ')
      .replace(/[.:!?\s]+$/, '')
      .trim()
      .toLowerCase();
  return norm(heading) !== '' && norm(heading) === norm(title);
}

/**
 * A post's `lang` as BCP 47 (`pt_BR` → `pt-BR`); one no language tag can be made of is dropped
 * with a warning, so the post is in the site's language instead of crashing Intl.
 */
export function postLang(written: string | undefined, file: string, lineOf: () => number | undefined, warnings: Warning[]): string | undefined {
  if (written === undefined || written.trim() === '') return undefined;
  const locale = normaliseLocale(written);
  if (locale.ok) return locale.tag;
  // Looked up only for the warning: finding a key's line on every post was 9 ms of a 1,000-post parse.
  const line = lineOf();
  warnings.push({
    code: 'CB1320',
    message: `lang "${written}" cannot be used: ${locale.reason}. The post is in the site's language.`,
    location: { file, ...(line ? { line, column: 1 } : {}) },
  });
  return undefined;
}
