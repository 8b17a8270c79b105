import { CasebookError } from '../errors/index.js';
import { jsonErrorPosition } from '../util/source-position.js';

/** JSON.parse with CB3102 at the line and column of a syntax error. */
export function parseJsonFile(text: string, file: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    const pos = jsonErrorPosition(text, e as Error);
    const message = (e as Error).message.replace(/\s*in JSON at position \d+.*$/, '').replace(/^JSON\.parse: /, '');
    throw new CasebookError('CB3102', `${message}.`.replace(/\.\.$/, '.'), { file, ...pos, source: text });
  }
}
