// Transpiles src/**/*.ts to dist/ one file per module (no bundling) so stack traces
// and imports keep the source layout, then writes the declarations of the public module
// ('casebook': defineConfig, defineComponent, html) to types/ for sites' editors and tsc.
// Type checking of Casebook itself is `npm run typecheck`.
import { build } from 'esbuild';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

async function listTs(dir) {
  const out = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listTs(p)));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const root = new URL('..', import.meta.url).pathname;
await rm(join(root, 'dist'), { recursive: true, force: true });
await build({
  entryPoints: await listTs(join(root, 'src')),
  outdir: join(root, 'dist'),
  outbase: join(root, 'src'),
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
});

// Declarations sit in types/ at the package root so their `import('../../locales/en.json')`
// resolves to the shipped locale files, exactly as in src/.
const ts = (await import('typescript')).default;
await rm(join(root, 'types'), { recursive: true, force: true });
const program = ts.createProgram([join(root, 'src/public.ts')], {
  declaration: true, emitDeclarationOnly: true, outDir: join(root, 'types'), rootDir: join(root, 'src'), strict: true,
  module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022,
  skipLibCheck: true, resolveJsonModule: true, types: ['node'],
});
const emitted = program.emit();
if (emitted.emitSkipped) {
  console.error(ts.formatDiagnostics(emitted.diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' }));
  process.exit(1);
}
