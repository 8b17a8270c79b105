// Prints which folders of src/ import which (`npm run imports`), in the declared layer order, and
// any import that goes against that order (exit 1 then).
import { fileURLToPath } from 'node:url';
import { LAYERS, collectImports, folderTable, layerViolations } from './import-layers.js';

const srcDir = fileURLToPath(new URL('../src/', import.meta.url));
const imports = collectImports(srcDir);
const table = folderTable(imports);
const order = LAYERS.flat();
const rank = (f: string) => (order.includes(f) ? order.indexOf(f) : order.length);

console.log('layers, lowest first (a folder imports only folders on earlier lines):');
LAYERS.forEach((line, i) => console.log(`  ${String(i + 1).padStart(2)}. ${line.join(', ')}`));
console.log('');
console.log('| folder | imports (import statements) |');
console.log('|---|---|');
const folders = [...new Set([...table.keys(), ...order])].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
for (const folder of folders) {
  const row = [...(table.get(folder) ?? new Map<string, number>())].sort((a, b) => rank(a[0]) - rank(b[0]) || a[0].localeCompare(b[0]));
  console.log(`| ${folder} | ${row.map(([to, n]) => `${to} (${n})`).join(', ') || '—'} |`);
}

const { upward, unlisted } = layerViolations(imports);
if (unlisted.length > 0) console.log(`\nfolders the layer order does not name: ${unlisted.join(', ')}`);
if (upward.length > 0) {
  console.log(`\n${upward.length} import(s) against the layer order:`);
  for (const u of upward) console.log(`  src/${u.file}:${u.line}  ${u.from} → ${u.to}  (${u.specifier})`);
}
if (upward.length > 0 || unlisted.length > 0) process.exitCode = 1;
