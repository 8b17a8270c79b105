import { CasebookError, CasebookErrors } from '../errors/index.js';

/** Gathers content errors so a phase reports every broken file at once; anything else is a bug and is rethrown. */
export function collect(errors: CasebookError[], e: unknown): void {
  if (e instanceof CasebookErrors) errors.push(...e.errors);
  else if (e instanceof CasebookError) errors.push(e);
  else throw e;
}
