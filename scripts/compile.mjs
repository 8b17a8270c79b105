// Transpiles src/**/*.ts to dist/ one file per module (no bundling) so stack traces
// and imports keep the source layout, then writes the declarations of the public module
// ('casebook': defineConfig, defineComponent, html) to types/ for sites' editors and tsc.
// Type checking of Casebook itself is `npm run typecheck`.
import { build } from 'esbuild';
import { lstat, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

async function listTs(dir) {
  const out = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listTs(p)));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const root = fileURLToPath(new URL('..', import.meta.url));
// dist/ is written anew, all but the Node 20 script (below): V8's code cache for it is named by
// the file's identity (src/cli/code-cache.ts), so rewriting the same bytes would throw away the
// cache `npm ci` warmed (scripts/warm-code-cache.mjs) at every `npm test` or `npm run compile`.
const vmScript = join(root, 'dist/bundle/main.vm.js');
for (const entry of await readdir(join(root, 'dist'), { withFileTypes: true }).catch(() => [])) {
  if (entry.name !== 'bundle' || !entry.isDirectory()) await rm(join(root, 'dist', entry.name), { recursive: true, force: true });
}
for (const entry of await readdir(join(root, 'dist/bundle')).catch(() => [])) {
  if (entry !== 'main.vm.js') await rm(join(root, 'dist/bundle', entry), { recursive: true, force: true });
}
await build({
  entryPoints: await listTs(join(root, 'src')),
  outdir: join(root, 'dist'),
  outbase: join(root, 'src'),
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  // highlight.ts calls require() only inside the bundle (below), where esbuild bundles it.
  logOverride: { 'unsupported-require-call': 'silent' },
});

// Declarations sit in types/ at the package root so their `import('../../locales/en.json')`
// resolves to the shipped locale files, exactly as in src/. `--no-types` (npm run test:fast)
// leaves types/ as the last full compile wrote it: no fast test reads it, and emitting it is
// about half of this script's time.
const ts = process.argv.includes('--no-types') ? undefined : (await import('typescript')).default;
if (ts) {
  await rm(join(root, 'types'), { recursive: true, force: true });
  const program = ts.createProgram([join(root, 'src/public.ts')], {
    declaration: true,
    emitDeclarationOnly: true,
    outDir: join(root, 'types'),
    rootDir: join(root, 'src'),
    strict: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    skipLibCheck: true,
    resolveJsonModule: true,
    types: ['node'],
  });
  const emitted = program.emit();
  if (emitted.emitSkipped) {
    console.error(ts.formatDiagnostics(emitted.diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' }));
    process.exit(1);
  }
}

// The CLI as one bundle (plus a chunk per command and the worker entries, sharing chunks):
// `casebook build` on a small site spent more time loading ~550 modules (Casebook's own and
// the pure-JS packages it uses: highlight.js alone is 190 files) than building. bin/casebook.js
// runs it when present. Packages with native parts, WebAssembly or files read beside their code
// stay external and load from node_modules as before. Chunks sit two folders below the package
// root, as dist/<folder>/<module>.js do, so `new URL('../../theme/…', import.meta.url)` and the
// like resolve the same from both.
const BUNDLED = new Set([
  'markdown-it',
  'markdown-it-abbr',
  'markdown-it-anchor',
  'markdown-it-attrs',
  'markdown-it-deflist',
  'markdown-it-footnote',
  'markdown-it-github-alerts',
  'markdown-it-sub',
  'markdown-it-sup',
  'markdown-it-task-lists',
  'highlight.js',
  'yaml',
  'zod',
  'sanitize-html',
  'smol-toml',
  'fast-xml-parser',
  'image-size',
  // Only the Node 20 script build bundles it (src/markdown/math.ts); the ES module bundle loads it from node_modules.
  'katex',
]);
// markdown-it in the bundle, twice over:
// - One copy. markdown-it-attrs calls require('markdown-it') (its CommonJS build, a second copy
//   of the whole parser, evaluated at load) only to read the default fence renderer when it is
//   applied; it gets the ES module build that Casebook imports instead.
// - Its class fields as plain assignments. The published build sets every field of every Token
//   and parser state through a transpiler helper (`_defineProperty`: a typeof check, a
//   to-primitive conversion and Object.defineProperty per field). No markdown-it class has
//   accessors, so assigning is the same and about a tenth less time per body. The bundle and
//   the one-file-per-module build must write the same site (test/cli-bundle.slow.test.ts).
const DEFINE_PROPERTY =
  /function _defineProperty\(e, r, t\) \{\n\treturn \(r = toPropertyKey\(r\)\) in e \? Object\.defineProperty\(e, r, \{\n\t\tvalue: t,\n\t\tenumerable: !0,\n\t\tconfigurable: !0,\n\t\twritable: !0\n\t\}\) : e\[r\] = t, e;\n\}/;
const markdownItOnce = {
  name: 'markdown-it-once',
  setup(b) {
    b.onResolve({ filter: /^markdown-it$/ }, (args) =>
      args.kind === 'require-call' && args.importer.includes('/node_modules/markdown-it-attrs/')
        ? { path: join(root, 'scripts/markdown-it-require.cjs') }
        : undefined,
    );
    b.onLoad({ filter: /node_modules\/markdown-it\/dist\/markdown-it\.mjs$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      // Another markdown-it release may not use the helper: then it is bundled as published.
      if (!DEFINE_PROPERTY.test(source))
        return { contents: source, loader: 'js', warnings: [{ text: 'markdown-it has no _defineProperty helper to replace' }] };
      return { contents: source.replace(DEFINE_PROPERTY, 'function _defineProperty(e, r, t) {\n\te[r] = t;\n\treturn e;\n}'), loader: 'js' };
    });
  },
};
// markdown-it's HTML entity decoder, loaded on the first entity it decodes. Loading `entities`
// builds its decoding tables from base64 text: 5 ms of every start, for the few posts that write
// `&copy;` or the like. markdown-it imports only decodeHTMLStrict; a release that imports more
// fails the bundle here (no such export) rather than at run time.
const lazyEntities = {
  name: 'lazy-entities',
  setup(b) {
    b.onResolve({ filter: /^entities$/ }, (args) =>
      args.kind === 'import-statement' && args.importer.includes('/node_modules/markdown-it/')
        ? { path: 'entities', namespace: 'lazy-entities', pluginData: { resolveDir: args.resolveDir } }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-entities' }, async (args) => {
      // Its path as markdown-it would load it: a bare name would be left outside the bundle.
      const { resolveDir } = args.pluginData;
      const found = await b.resolve('entities', { kind: 'require-call', resolveDir, importer: join(resolveDir, 'markdown-it.mjs') });
      if (found.errors.length) return { errors: found.errors };
      return {
        contents: `let entities;\nexport function decodeHTMLStrict(text) {\n  return (entities ??= require(${JSON.stringify(found.path)})).decodeHTMLStrict(text);\n}\n`,
        resolveDir,
        loader: 'js',
      };
    });
  },
};
const packageOf = (spec) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
// What a bundled package requires is bundled from where Node would find it (its own nested
// node_modules first): left external, it would load the top-level copy, which may be another
// version (sanitize-html's htmlparser2 escapes <style> differently).
const externals = {
  name: 'externals',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:') || BUNDLED.has(packageOf(args.path)) || args.importer.includes('/node_modules/')) return undefined;
      return { path: args.path, external: true };
    });
  },
};
const bundleOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  // Pick each package's files as Node does: no "module" field or condition.
  mainFields: ['main'],
  conditions: [],
  plugins: [externals, markdownItOnce, lazyEntities],
  logLevel: 'warning',
};
await build({
  ...bundleOptions,
  entryPoints: {
    main: join(root, 'src/cli/main.ts'),
    'markdown-worker': join(root, 'src/markdown/worker.ts'),
    'og-worker': join(root, 'src/og/worker.ts'),
    'output-worker': join(root, 'src/output/worker.ts'),
    'check-worker': join(root, 'src/check/worker.ts'),
  },
  outdir: join(root, 'dist/bundle'),
  splitting: true,
  chunkNames: 'chunk-[hash]',
  format: 'esm',
  define: { CASEBOOK_BUNDLED: 'true', CASEBOOK_SCRIPT: 'false' },
  // Bundled CommonJS packages call require() for Node's built-ins.
  banner: { js: "import { createRequire as __casebookRequire } from 'node:module'; const require = __casebookRequire(import.meta.url);" },
  sourcemap: 'linked',
});

// The same CLI as one classic script for Node 20, which has no compile cache for ES modules:
// src/cli/code-cache.ts runs it through vm.Script with V8's code cache. It is one function
// expression that takes what a CommonJS module gets, plus `__casebookImport`, the loader's
// import() (a script has no module to import from), and `__casebookUrl` for import.meta.url.
// src/util/import-module.ts, through which Casebook imports every package left outside the
// bundle, is swapped for a call of `__casebookImport`.
const viaLoader = {
  name: 'import-via-loader',
  setup(b) {
    b.onResolve({ filter: /\/import-module\.js$/ }, (args) =>
      args.importer.startsWith(join(root, 'src')) ? { path: 'import-module', namespace: 'casebook-loader' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'casebook-loader' }, () => ({
      contents: 'export function importModule(specifier) { return __casebookImport(specifier); }',
      loader: 'js',
    }));
  },
};
const script = await build({
  ...bundleOptions,
  plugins: [...bundleOptions.plugins, viaLoader],
  entryPoints: [join(root, 'src/cli/main.ts')],
  write: false,
  outfile: join(root, 'dist/bundle/main.vm.js'),
  format: 'cjs',
  // Without whitespace and comments, and with shorter syntax, the script is 2.4 MB instead of
  // 3.7: less to read, decode and keep as a string at every start (`--version` 124 -> 114 ms, a
  // 100-post clean build 506 -> 492 ms, 15 and 11 alternating runs). Names stay as written, so an
  // internal error's stack trace still names the functions it passed through.
  minifyWhitespace: true,
  minifySyntax: true,
  define: { CASEBOOK_BUNDLED: 'true', CASEBOOK_SCRIPT: 'true', 'import.meta.url': '__casebookUrl' },
  metafile: true,
});
/**
 * The script with every character past ASCII written as a \\u escape. esbuild leaves some in
 * (comments, regular expressions, tagged templates), and one of them makes the whole source a
 * two-byte string: decoding the 3 MB file took 6 ms of every start, and the string twice the
 * memory. The escapes mean the same in comments, strings, regular expressions and the cooked
 * text of templates; Casebook's tags (html``) read only the cooked text, and no String.raw in
 * the bundle holds such a character (test/cli-bundle.slow.test.ts builds the same site with
 * both bundles). A line or paragraph separator would end a // comment where its escape does not.
 */
function asciiOnly(text) {
  if (/[\u2028\u2029]/.test(text)) throw new Error('main.vm.js: a line or paragraph separator (U+2028/U+2029) in the bundle cannot be escaped safely');
  return text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
const imported = Object.values(script.metafile.inputs).flatMap((input) => input.imports.filter((i) => i.external && i.kind === 'dynamic-import'));
if (imported.length > 0)
  throw new Error(`main.vm.js cannot import(): use importModule() from src/util/import-module.ts for ${imported.map((i) => i.path).join(', ')}`);
const vmText = `(function (exports, require, module, __filename, __dirname, __casebookImport, __casebookUrl) {${asciiOnly(script.outputFiles[0].text)}\n})\n`;
// Kept only as the regular file it was: a link (or anything else) in its place is removed, not
// written through, and so is a file whose bytes changed, so a read-only one is replaced too.
const kept = (await lstat(vmScript).catch(() => undefined))?.isFile() && (await readFile(vmScript, 'utf8')) === vmText;
if (!kept) {
  await rm(vmScript, { recursive: true, force: true });
  await writeFile(vmScript, vmText, { flag: 'wx' });
}

// `casebook build`'s up-to-date shortcut, which bin/casebook.js tries before loading the CLI, as
// one file of its own: it needs Node's built-ins and a few hundred lines of Casebook, and each
// shared chunk it imported cost a module load on the path it exists to make short. Both files are
// CommonJS, as bin/casebook.js is: a command that starts without Node's ES module loader starts
// sooner (a 100-post clean build 20 ms, `--version` 6 ms), and the CLI itself is a script
// (main.vm.js) or, on Node 22, imported.
for (const [entry, out] of [
  ['src/cli/build-shortcut.ts', 'build-shortcut.cjs'],
  // bin/casebook.js loads main.vm.js through it, so it must not pull in the CLI.
  ['src/cli/code-cache.ts', 'code-cache.cjs'],
])
  await build({
    entryPoints: [join(root, entry)],
    outfile: join(root, 'dist/bundle', out),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    define: { CASEBOOK_BUNDLED: 'true', CASEBOOK_SCRIPT: 'false', 'import.meta.url': '__casebookUrl' },
    banner: { js: "const __casebookUrl = require('node:url').pathToFileURL(__filename).href;" },
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
