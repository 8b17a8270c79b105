import { build } from '../../src/pipeline/index.js';
import { CasebookError, CasebookErrors } from '../../src/errors/index.js';

/** Builds `dir` in memory and returns the first error it fails with; a build that succeeds fails the test. */
export async function buildError(dir: string): Promise<CasebookError> {
  try {
    await build({ site: dir, memory: true, skip: ['og', 'search'] });
  } catch (e) {
    if (e instanceof CasebookErrors) return e.errors[0]!;
    if (e instanceof CasebookError) return e;
    throw e;
  }
  throw new Error('the build succeeded');
}

/** The CasebookError `fn` throws; anything else it throws fails the test, and so does not throwing. */
export function thrown(fn: () => unknown): CasebookError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CasebookError) return e;
    throw e;
  }
  throw new Error('expected a CasebookError');
}
