// Lists the functions over 80 lines in the build and emit code (`npm run function-lengths`), or in
// all of src/ with `--all`; `--limit N` sets another limit. Exits 1 when a build or emit function is
// over the limit (with `--all`, the listing is for reading and the exit code still speaks of those).
import { fileURLToPath } from 'node:url';
import { CHECKED_FOLDERS, formatLengths, LINE_LIMIT, lengthReport } from './long-functions.js';

const args = process.argv.slice(2);
const all = args.includes('--all');
const limitAt = args.indexOf('--limit');
const limit = limitAt >= 0 ? Number(args[limitAt + 1]) : LINE_LIMIT;
if (!Number.isInteger(limit) || limit < 1) {
  console.error('usage: function-lengths [--all] [--limit N]   (N a whole number from 1)');
  process.exit(2);
}
const srcDir = fileURLToPath(new URL('../src/', import.meta.url));
const checked = lengthReport(srcDir, { limit });
const shown = all ? lengthReport(srcDir, { all: true, limit }) : checked;
const where = all ? 'src/' : CHECKED_FOLDERS.map((f) => `src/${f}`).join(', ');
console.log(
  shown.length === 0 ? `no function over ${limit} lines in ${where}` : `${shown.length} function(s) over ${limit} lines in ${where}:\n${formatLengths(shown)}`,
);
if (checked.length > 0) process.exitCode = 1;
