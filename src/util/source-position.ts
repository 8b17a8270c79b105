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
