import { CST, Parser, type YAMLError } from 'yaml';

/**
 * Where to point for a YAML error. The parser reports an unclosed quote where it gave up, at the
 * end of the front matter; the mistake is the opening quote, possibly many lines earlier. For
 * that error the offset of the quoted value that runs to the error is returned instead.
 */
export function yamlErrorOffset(raw: string, err: YAMLError): number {
  const at = err.pos[0];
  if (err.code !== 'MISSING_CHAR' || !/quote/i.test(err.message)) return at;
  let opening: number | undefined;
  for (const token of new Parser().parse(raw)) {
    if (token.type !== 'document') continue;
    CST.visit(token, (item) => {
      for (const t of [item.key, item.value]) {
        if (!t || (t.type !== 'double-quoted-scalar' && t.type !== 'single-quoted-scalar')) continue;
        // The unclosed value is the one that reaches the position the parser gave up at.
        if (t.offset <= at && t.offset + t.source.length >= at) opening = t.offset;
      }
    });
  }
  return opening ?? at;
}
