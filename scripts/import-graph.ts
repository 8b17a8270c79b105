// Prints which folders of src/ import which (`npm run imports`, or `npm run imports -- <dir>` for
// another tree), in the declared layer order, and any import that goes against that order (exit 1 then).
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importReport } from './import-layers.js';

const srcDir = process.argv[2] ? resolve(process.argv[2]) : fileURLToPath(new URL('../src/', import.meta.url));
const { text, ok } = importReport(srcDir);
console.log(text);
if (!ok) process.exitCode = 1;
