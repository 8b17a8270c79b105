import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { version as validatorVersion } from 'html-validate';
import { codeDigest } from '../util/code-digest.js';
import { writeFileAtomically } from '../util/write-atomically.js';
import type { Finding } from './finding.js';

/** A finding as kept: everything but the file, which the same HTML may have at any path. */
type KeptFinding = Omit<Finding, 'file'>;

interface Stored {
  version: string;
  entries: Record<string, KeptFinding[]>;
}

/**
 * html-validate's findings by page, kept in the site's cache folder (`check-html.json`) between
 * runs of `casebook check`: validating took about 12 ms a page, 22 s for a site of 1,400 pages,
 * every run, though an edit changes a handful of pages. A page is looked up by a digest of its
 * exact HTML; the record holds for the Casebook code and html-validate version that wrote it
 * (the rules are configured in html-validity.ts), and keeps only the pages of the last run.
 * Reading or writing it is best effort: a damaged or unwritable record costs the validation.
 */
export class ValidityCache {
  private readonly version = `${codeDigest()}\0${validatorVersion}`;
  private readonly previous: Record<string, KeptFinding[]>;
  private readonly next: Record<string, KeptFinding[]> = Object.create(null) as Record<string, KeptFinding[]>;

  constructor(private readonly file: string) {
    let stored: Partial<Stored> | undefined;
    try {
      stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<Stored>;
    } catch {
      stored = undefined;
    }
    const entries = stored?.version === this.version ? stored.entries : undefined;
    this.previous = typeof entries === 'object' && entries !== null && !Array.isArray(entries) ? entries : {};
  }

  /** The key of a page's HTML. */
  keyOf(html: string): string {
    return createHash('sha1').update(html).digest('hex');
  }

  /** The findings a previous run recorded for HTML with this key, as findings of `file`; undefined when it must be validated. */
  lookup(key: string, file: string): Finding[] | undefined {
    const kept = Object.hasOwn(this.previous, key) ? this.previous[key] : undefined;
    if (!Array.isArray(kept) || !kept.every(isKeptFinding)) return undefined;
    this.next[key] = kept;
    return kept.map((f) => ({ ...f, file }));
  }

  /** Records the findings of a page validated in this run. */
  store(key: string, found: readonly Finding[]): void {
    this.next[key] = found.map(({ file: _, ...rest }) => rest);
  }

  save(): void {
    try {
      writeFileAtomically(this.file, JSON.stringify({ version: this.version, entries: this.next } satisfies Stored));
    } catch {
      // Not written: the next check validates every page again.
    }
  }
}

function isKeptFinding(x: unknown): x is KeptFinding {
  const f = x as Partial<KeptFinding> | null;
  return (
    typeof f === 'object' &&
    f !== null &&
    (f.severity === 'error' || f.severity === 'warning') &&
    typeof f.rule === 'string' &&
    typeof f.message === 'string' &&
    (f.line === undefined || typeof f.line === 'number') &&
    (f.column === undefined || typeof f.column === 'number')
  );
}
