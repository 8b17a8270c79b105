import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { SourceMap, type SourceMapPayload, type SourceMapping } from 'node:module';
import { dirname, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
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
    const at = map ? thrownAt(e, url, map, dirname(file), new Set(bundled.get(resolve(file)))) : undefined;
    // The bundle's address is long and means nothing to the reader: the file's stands for it.
    const message = thrownMessage(e).split(url).join(pathToFileURL(file).href);
    throw new CasebookError(codes.run, `Loading the file threw: ${message}`, {
      file,
      ...(at ? { file: at.file, line: at.line, column: at.column, source: at.source } : {}),
    });
  }
}

/** The message of what a module threw, whatever it threw (a value whose message or text itself throws too). */
function thrownMessage(e: unknown): string {
  try {
    return e instanceof Error || (typeof e === 'object' && e !== null && 'message' in e) ? String((e as Error).message) : String(e);
  } catch {
    return 'a value that is neither an Error nor printable';
  }
}

/**
 * Where in the site's files `error` was thrown: the first frame of its stack in the bundle (`url`)
 * that the source map places in a file esbuild bundled (`inputs`; a package's own source map may
 * name anything), of the site first, else of a package it imports.
 */
function thrownAt(
  error: unknown,
  url: string,
  map: SourceMap,
  dir: string,
  inputs: Set<string>,
): { file: string; line: number; column: number; source: string } | undefined {
  try {
    const stack = (error as Error | undefined)?.stack;
    if (typeof stack !== 'string') return undefined;
    const places: { file: string; line: number; column: number }[] = [];
    for (let at = stack.indexOf(`${url}:`); at >= 0; at = stack.indexOf(`${url}:`, at + url.length)) {
      const frame = /^:(\d+):(\d+)/.exec(stack.slice(at + url.length, at + url.length + 24));
      const found = frame ? map.findEntry(Number(frame[1]) - 1, Number(frame[2]) - 1) : {};
      const entry = 'originalSource' in found ? (found as SourceMapping) : undefined;
      if (!entry?.originalSource) continue;
      // esbuild writes the sources of the map as URL paths: `lib ü.ts` is `lib%20%C3%BC.ts`.
      const named = entry.originalSource;
      const source = named.startsWith('file:') ? fileURLToPath(named) : resolve(dir, decodeURIComponent(named));
      if (inputs.has(source) || (existsSync(source) && inputs.has(realpathSync(source)))) {
        places.push({ file: source, line: entry.originalLine + 1, column: entry.originalColumn + 1 });
      }
    }
    const place = places.find((p) => !p.file.split(sep).includes('node_modules')) ?? places[0];
    return place && { ...place, source: readFileSync(place.file, 'utf8') };
  } catch {
    return undefined; // A stack or a map this reading cannot follow: the error names the file only.
  }
}
