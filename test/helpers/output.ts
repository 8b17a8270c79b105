import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** Every file under `dir` → sha256, so tests can prove an output folder did not change. */
export async function snapshot(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  async function walk(d: string): Promise<void> {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else
        out.set(
          relative(dir, p),
          createHash('sha256')
            .update(await readFile(p))
            .digest('hex'),
        );
    }
  }
  await walk(dir);
  return out;
}

export async function listAll(dir: string): Promise<string[]> {
  return [...(await snapshot(dir)).keys()].sort();
}

export function assertWellFormedXml(xml: string): Record<string, unknown> {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`invalid XML: ${JSON.stringify(valid.err)}`);
  return new XMLParser({ ignoreAttributes: false }).parse(xml) as Record<string, unknown>;
}

/** Parses every JSON-LD block of a page; throws if one is not valid JSON. */
export function jsonLdBlocks(html: string): unknown[] {
  return [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]!));
}
