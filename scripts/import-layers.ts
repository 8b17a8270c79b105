// The declared layer order of src/ and the folder-to-folder import graph it is checked against
// (scripts/import-graph.ts prints the graph; test/import-direction.test.ts fails on an upward import).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/**
 * The layers of src/, lowest first. A folder may import only folders on an earlier line; folders
 * on one line do not import each other. `public.ts` (what a site's config and components import
 * from 'casebook') is the `(root)` entry. docs/architecture.md shows this same list.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['errors'],
  ['util'],
  ['i18n', 'foreign-types', 'preview'],
  ['config'],
  ['theming', 'content', 'profile', 'diagrams', 'analytics'],
  ['markdown'],
  ['site', 'og', 'search'],
  ['render'],
  ['emit', 'detect'],
  ['output'],
  ['pipeline'],
  ['check', 'export', 'import', 'scaffold'],
  ['dev', 'pdf'],
  ['cli', '(root)'],
];

/** The order as docs/architecture.md and `npm run imports` show it: one numbered line per layer. */
export function formatLayers(layers: readonly (readonly string[])[] = LAYERS): string {
  return layers.map((line, i) => `${String(i + 1).padStart(2)}. ${line.join(', ')}`).join('\n');
}

/** One import of one file: the folder it is in, the folder it reaches, and where it is written. */
export interface FolderImport {
  from: string;
  to: string;
  file: string;
  line: number;
  specifier: string;
}

/** `src/markdown/render.ts` → `markdown`; a file directly in src/ → `(root)`. */
export function folderOf(srcDir: string, file: string): string {
  const rel = relative(srcDir, file).split(sep);
  return rel.length > 1 ? rel[0]! : '(root)';
}

/** Every relative import, re-export and dynamic `import()` of every .ts file under `srcDir` that reaches another folder of src/. */
export function collectImports(srcDir: string): FolderImport[] {
  const root = resolve(srcDir);
  const out: FolderImport[] = [];
  for (const file of tsFiles(root)) {
    const text = readFileSync(file, 'utf8');
    const from = folderOf(root, file);
    for (const ref of ts.preProcessFile(text, true, true).importedFiles) {
      if (!ref.fileName.startsWith('.')) continue;
      const target = resolve(dirname(file), ref.fileName);
      // Files outside src/ (locales/, package.json) are data, not layers.
      if (relative(root, target).startsWith('..')) continue;
      const to = folderOf(root, target);
      if (to === from) continue;
      const line = text.slice(0, ref.pos).split('\n').length;
      out.push({ from, to, file: relative(root, file).split(sep).join('/'), line, specifier: ref.fileName });
    }
  }
  return out;
}

/** Imports that do not go to a strictly lower layer, and folders the order does not name. */
export function layerViolations(
  imports: readonly FolderImport[],
  layers: readonly (readonly string[])[] = LAYERS,
): { upward: FolderImport[]; unlisted: string[] } {
  const rank = new Map<string, number>();
  layers.forEach((line, i) => line.forEach((folder) => rank.set(folder, i)));
  const upward: FolderImport[] = [];
  const unlisted = new Set<string>();
  for (const imp of imports) {
    const a = rank.get(imp.from);
    const b = rank.get(imp.to);
    if (a === undefined) unlisted.add(imp.from);
    if (b === undefined) unlisted.add(imp.to);
    if (a !== undefined && b !== undefined && b >= a) upward.push(imp);
  }
  return { upward, unlisted: [...unlisted].sort() };
}

/** Folder → the folders it imports, with how many import statements reach each. */
export function folderTable(imports: readonly FolderImport[]): Map<string, Map<string, number>> {
  const table = new Map<string, Map<string, number>>();
  for (const imp of imports) {
    const row = table.get(imp.from) ?? new Map<string, number>();
    row.set(imp.to, (row.get(imp.to) ?? 0) + 1);
    table.set(imp.from, row);
  }
  return table;
}

/**
 * The report `npm run imports` prints: the layers, the folder-to-folder table (markdown, in layer
 * order, with how many import statements reach each folder) and every import against the order.
 */
export function importReport(srcDir: string, layers: readonly (readonly string[])[] = LAYERS): { text: string; ok: boolean } {
  const imports = collectImports(srcDir);
  const table = folderTable(imports);
  const order = layers.flat();
  const rank = (f: string) => (order.includes(f) ? order.indexOf(f) : order.length);
  const lines = [
    'layers, lowest first (a folder imports only folders on earlier lines):',
    formatLayers(layers),
    '',
    '| folder | imports (import statements) |',
    '|---|---|',
  ];
  const folders = [...new Set([...table.keys(), ...order])].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  for (const folder of folders) {
    const row = [...(table.get(folder) ?? new Map<string, number>())].sort((a, b) => rank(a[0]) - rank(b[0]) || a[0].localeCompare(b[0]));
    lines.push(`| ${folder} | ${row.map(([to, n]) => `${to} (${n})`).join(', ') || '—'} |`);
  }
  const { upward, unlisted } = layerViolations(imports, layers);
  if (unlisted.length > 0) lines.push('', `folders the layer order does not name: ${unlisted.join(', ')}`);
  if (upward.length > 0) {
    lines.push('', `${upward.length} import(s) against the layer order:`);
    for (const u of upward) lines.push(`  ${u.file}:${u.line}  ${u.from} → ${u.to}  (${u.specifier})`);
  }
  return { text: lines.join('\n'), ok: upward.length === 0 && unlisted.length === 0 };
}

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...tsFiles(path));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}
