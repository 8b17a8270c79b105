import { CasebookError } from '../errors/index.js';
import { offsetToLineColumn } from '../util/source-position.js';

/**
 * Where JSON text first breaks the grammar, and why. Node 20's JSON.parse says what it did
 * not expect but not where, and export files are megabytes long: this walks the text once (only
 * after JSON.parse has failed) to find the offset.
 */
export function jsonSyntaxError(text: string): { offset: number; message: string } | undefined {
  let i = 0;
  const fail = (message: string): never => {
    throw { offset: i, message };
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const describe = () => (i >= text.length ? 'the end of the file' : `"${text[i]}"`);
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(`Unexpected ${describe()}`);
  };
  const string = () => {
    i++;
    while (i < text.length) {
      const c = text[i]!;
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            i += 2;
            fail('Bad \\u escape in a string');
          }
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else {
          i++;
          fail('Bad escape in a string');
        }
      } else if (c.charCodeAt(0) < 0x20) fail('Unescaped control character (a raw line break?) in a string');
      else i++;
    }
    fail('Unterminated string');
  };
  const number = () => {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) fail(`Unexpected ${describe()}`);
    i += m![0].length;
  };
  const value = (depth: number): void => {
    if (depth > 5000) fail('Nested too deeply');
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail(`Expected a "quoted" key, found ${describe()}`);
        string();
        ws();
        if (text[i] !== ':') fail(`Expected ":" after the key, found ${describe()}`);
        i++;
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          ws();
          if (text[i] === '}') fail('Trailing comma before "}"');
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail(`Expected "," or "}", found ${describe()}`);
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          ws();
          if (text[i] === ']') fail('Trailing comma before "]"');
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail(`Expected "," or "]", found ${describe()}`);
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    fail(`Unexpected ${describe()}: expected a value`);
  };
  try {
    value(0);
    ws();
    if (i < text.length) fail(`Unexpected ${describe()} after the end of the JSON value`);
    return undefined;
  } catch (e) {
    if (e && typeof e === 'object' && 'offset' in e) return e as { offset: number; message: string };
    throw e;
  }
}

/** JSON.parse with CB3102 at the line and column of a syntax error. */
export function parseJsonFile(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const found = jsonSyntaxError(text);
    const pos = offsetToLineColumn(text, found?.offset ?? text.length);
    const message = found?.message ?? (e as Error).message.replace(/\s*in JSON at position \d+.*$/, '');
    throw new CasebookError('CB3102', `${message}.`, { file, ...pos, source: text });
  }
}
