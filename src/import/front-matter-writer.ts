import { Document, isSeq } from 'yaml';

/** Values written to front matter, in the order they appear; undefined, false-y lists and empty strings are left out. */
export type FrontMatterFields = [key: string, value: string | boolean | string[] | undefined][];

/**
 * YAML front matter that Casebook's strict schema reads back to exactly these values: strings
 * that YAML would read as something else (`yes`, `1984`, `: x`, `#tag`) are quoted by the YAML
 * library, lists are written inline, nothing is folded across lines.
 */
export function writeFrontMatter(fields: FrontMatterFields): string {
  const data: Record<string, unknown> = {};
  for (const [key, value] of fields) {
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    data[key] = value;
  }
  const doc = new Document(data);
  if (doc.contents && 'items' in doc.contents) {
    for (const pair of doc.contents.items as { value: unknown }[]) {
      if (isSeq(pair.value)) pair.value.flow = true;
    }
  }
  return `---\n${doc.toString({ lineWidth: 0, flowCollectionPadding: false })}---\n`;
}
