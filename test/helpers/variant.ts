import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

const ROOT = new URL('../..', import.meta.url).pathname;

function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] =
      b && v && typeof b === 'object' && typeof v === 'object' && !Array.isArray(b) && !Array.isArray(v)
        ? merge(b as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}

/**
 * A copy of examples/demo customised by examples/variants/<name>: its config.yaml merged over the
 * demo's config, its theme/ and content/ added. The demo itself is never touched.
 */
export async function materializeVariant(name: string): Promise<string> {
  const variant = join(ROOT, 'examples/variants', name);
  const dir = await mkdtemp(join(tmpdir(), `casebook-variant-${name}-`));
  await cp(join(ROOT, 'examples/demo'), dir, { recursive: true, filter: (src) => !/\/(dist|\.casebook)(\/|$)/.test(src.slice(ROOT.length)) });
  const base = parse(await readFile(join(dir, 'casebook.config.yaml'), 'utf8')) as Record<string, unknown>;
  const over = parse(await readFile(join(variant, 'config.yaml'), 'utf8')) as Record<string, unknown>;
  await writeFile(join(dir, 'casebook.config.yaml'), stringify(merge(base, over)));
  for (const sub of ['theme', 'content', 'static']) {
    if (existsSync(join(variant, sub))) await cp(join(variant, sub), join(dir, sub), { recursive: true });
  }
  return dir;
}
