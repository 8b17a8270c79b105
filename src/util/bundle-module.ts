import { existsSync, readFileSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CasebookError } from '../errors/index.js';
import { importModule } from './import-module.js';

/** The module behind `import … from 'casebook'`: compiled beside this file, or the source in tests. */
function publicModule(): string {
  for (const ext of ['js', 'ts']) {
    const file = fileURLToPath(new URL(`../public.${ext}`, import.meta.url));
    if (existsSync(file)) return file;
  }
  throw new Error('casebook public module not found');
}

/**
 * The files bundled into each site module (config, theme component) imported in this process, by
 * the module's absolute path: a build stamps those of its own site (pipeline/up-to-date.ts), so an
 * edited module outside the site folder is not missed.
 */
const bundled = new Map<string, string[]>();

/**
 * Every file bundled into a module of the site in `root`. Only that site's: a process that built
 * another site first (a test run, a tool calling build() twice) once stamped that site's files
 * too, and when they were gone the stamp could not be saved, so no later build was up to date.
 */
export function bundledFilesOf(root: string): string[] {
  const inside = resolve(root) + sep;
  const out = new Set<string>();
  for (const [entry, inputs] of bundled) if (entry.startsWith(inside)) for (const f of inputs) out.add(f);
  return [...out];
}

/**
 * Bundles a site's TypeScript or JavaScript file (config, theme component) with esbuild and
 * imports it. `import … from 'casebook'` resolves to Casebook itself, so a site folder needs no
 * node_modules. A syntax error becomes `code` with the file, line and column.
 */
export async function importSiteModule(file: string, codes: { syntax: 'CB2001' | 'CB2305'; run: 'CB2005' | 'CB2305' }): Promise<Record<string, unknown>> {
  const { build } = await importModule<typeof import('esbuild')>('esbuild');
  let text: string;
  try {
    const result = await build({
      entryPoints: [file],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      logLevel: 'silent',
      alias: { casebook: publicModule(), 'casebook/config': publicModule() },
      metafile: true,
    });
    text = result.outputFiles[0]!.text;
    bundled.set(
      resolve(file),
      Object.keys(result.metafile.inputs).map((input) => resolve(input)),
    );
  } catch (e) {
    const err = e as { errors?: { text: string; location?: { file: string; line: number; column: number; lineText: string } }[]; message: string };
    const first = err.errors?.[0];
    if (first) {
      throw new CasebookError(codes.syntax, first.text, {
        file: first.location?.file ? resolve(first.location.file) : file,
        ...(first.location ? { line: first.location.line, column: first.location.column + 1 } : {}),
        ...(first.location ? { source: readFileSync(resolve(first.location.file), 'utf8') } : {}),
      });
    }
    throw new CasebookError(codes.syntax, err.message, { file });
  }
  try {
    return await importModule(`data:text/javascript;base64,${Buffer.from(text).toString('base64')}`);
  } catch (e) {
    throw new CasebookError(codes.run, `Loading the file threw: ${(e as Error).message}`, { file });
  }
}
