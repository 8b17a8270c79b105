import { existsSync, readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload, type SourceMapping } from 'node:module';
import { dirname, resolve, sep } from 'node:path';
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
  let map: SourceMap | undefined;
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
      // Not written: the name only places the source map, which maps an error the module throws
      // while loading back to the line of the site's file.
      outfile: `${file}.casebook.js`,
      sourcemap: 'external',
    });
    const js = result.outputFiles.find((f) => f.path.endsWith('.js'))!;
    const mapFile = result.outputFiles.find((f) => f.path.endsWith('.js.map'));
    map = mapFile ? new SourceMap(JSON.parse(mapFile.text) as SourceMapPayload) : undefined;
    // Without the pointer to a file that is not written (Node follows it with --enable-source-maps).
    text = js.text.replace(/\/\/# sourceMappingURL=\S*\s*$/, '');
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
  const url = `data:text/javascript;base64,${Buffer.from(text).toString('base64')}`;
  try {
    return await importModule(url);
  } catch (e) {
    const at = map ? thrownAt(e, url, map, dirname(file)) : undefined;
    throw new CasebookError(codes.run, `Loading the file threw: ${(e as Error)?.message ?? String(e)}`, {
      file,
      ...(at ? { file: at.file, line: at.line, column: at.column, source: readFileSync(at.file, 'utf8') } : {}),
    });
  }
}

/**
 * Where in the site's files `error` was thrown: the first frame of its stack in the bundle (`url`)
 * that the source map places in a file of the site, else in any file (a package it imports).
 */
function thrownAt(error: unknown, url: string, map: SourceMap, dir: string): { file: string; line: number; column: number } | undefined {
  const stack = (error as Error | undefined)?.stack;
  if (typeof stack !== 'string') return undefined;
  const places: { file: string; line: number; column: number }[] = [];
  for (let at = stack.indexOf(`${url}:`); at >= 0; at = stack.indexOf(`${url}:`, at + url.length)) {
    const frame = /^:(\d+):(\d+)/.exec(stack.slice(at + url.length, at + url.length + 24));
    const found = frame ? map.findEntry(Number(frame[1]) - 1, Number(frame[2]) - 1) : {};
    const entry = 'originalSource' in found ? (found as SourceMapping) : undefined;
    if (!entry?.originalSource) continue;
    const source = entry.originalSource.startsWith('file:') ? fileURLToPath(entry.originalSource) : resolve(dir, entry.originalSource);
    if (existsSync(source)) places.push({ file: source, line: entry.originalLine + 1, column: entry.originalColumn + 1 });
  }
  return places.find((p) => !p.file.split(sep).includes('node_modules')) ?? places[0];
}
