import { catalog, type ErrorCode } from './catalog.js';

/** Where a problem is: a file, and optionally a 1-based line and column with the source for a code frame. */
export interface Location {
  file: string;
  line?: number;
  column?: number;
  /** Full text of the file, so a code frame can be cut from it when the error is printed. */
  source?: string;
}

export class CasebookError extends Error {
  readonly code: ErrorCode;
  readonly location: Location | undefined;
  readonly hint: string;

  constructor(code: ErrorCode, message: string, location?: Location, hint?: string) {
    super(message);
    this.name = 'CasebookError';
    this.code = code;
    this.location = location;
    this.hint = hint ?? catalog[code].hint;
  }

  get title(): string {
    return catalog[this.code].title;
  }
}

/** A build can report many problems at once: all content errors are collected before failing. */
export class CasebookErrors extends Error {
  readonly errors: CasebookError[];
  constructor(errors: CasebookError[]) {
    super(errors.map((e) => `${e.code}: ${e.message}`).join('\n'));
    this.name = 'CasebookErrors';
    this.errors = errors;
  }
}

export interface Warning {
  code: ErrorCode;
  message: string;
  location?: Location;
}

export function isCasebookError(e: unknown): e is CasebookError {
  return e instanceof CasebookError;
}
