import { parseDocument } from 'yaml';

/** Line of a top-level key in YAML, TOML or JSON text (1-based), for pointing errors at it. */
export function findKeyLine(source: string, key: string, firstLine = 1): { line: number; column: number } | undefined {
  const lines = source.split(/\r?\n/);
  const esc = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`^(\\s*)(?:${esc}|"${esc}"|'${esc}')\\s*[:=]`);
  for (let i = 0; i < lines.length; i++) {
    const m = re.exec(lines[i]!);
    if (m) return { line: i + firstLine, column: m[1]!.length + 1 };
  }
  return undefined;
}

export function offsetToLineColumn(source: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: offset - last };
}

/** V8's JSON.parse messages carry "position N" and sometimes "(line L column C)". */
export function jsonErrorPosition(source: string, err: Error): { line: number; column: number } {
  const lc = /line (\d+) column (\d+)/.exec(err.message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const pos = /position (\d+)/.exec(err.message);
  if (pos) return offsetToLineColumn(source, Number(pos[1]));
  return offsetToLineColumn(source, source.length);
}

/**
 * Line and column of the value at `path` in YAML or JSON text (JSON is read as YAML, which keeps
 * node positions), or of its nearest existing parent; undefined when the text does not parse.
 */
export function yamlPathPosition(source: string, path: readonly PropertyKey[]): { line: number; column: number } | undefined {
  const doc = parseDocument(source, { prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length) return undefined;
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n) as (string | number)[], true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return offsetToLineColumn(source, node.range[0]);
  }
  return undefined;
}
