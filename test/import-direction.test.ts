import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LAYERS, collectImports, formatLayers, importReport, layerViolations, type FolderImport } from '../scripts/import-layers.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const srcDir = join(repo, 'src');

/** A throw-away src/ tree: path → text. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'cb-imports-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const edge = (from: string, to: string): FolderImport => ({ from, to, file: `${from}/x.ts`, line: 1, specifier: `../${to}/index.js` });

describe('the import direction of src/', () => {
  it('has no import that goes against the declared layer order', () => {
    const imports = collectImports(srcDir);
    // The parser really read the tree: the build reaches a dozen folders.
    expect(new Set(imports.filter((i) => i.from === 'pipeline').map((i) => i.to)).size).toBeGreaterThan(10);
    const { upward, unlisted } = layerViolations(imports);
    expect(unlisted).toEqual([]);
    expect(upward.map((u) => `src/${u.file}:${u.line} ${u.from} → ${u.to}`)).toEqual([]);
  });

  it('names every folder of src/ in exactly one layer', () => {
    const folders = readdirSync(srcDir)
      .filter((n) => statSync(join(srcDir, n)).isDirectory())
      .sort();
    const listed = LAYERS.flat();
    expect(listed.length).toBe(new Set(listed).size);
    expect(listed.filter((f) => f !== '(root)').sort()).toEqual(folders);
  });

  it('is the order docs/architecture.md shows', () => {
    const doc = readFileSync(join(repo, 'docs/architecture.md'), 'utf8');
    const block = /<!-- layers -->\n```\n([\s\S]*?)\n```/.exec(doc)?.[1];
    expect(block).toBe(formatLayers());
  });
});

describe('layerViolations', () => {
  const layers = [['util'], ['config', 'i18n'], ['content'], ['detect']];

  it('reports an import of a higher layer, and of a folder on the same line', () => {
    const { upward } = layerViolations([edge('content', 'util'), edge('config', 'detect'), edge('config', 'i18n'), edge('detect', 'content')], layers);
    expect(upward.map((u) => `${u.from}→${u.to}`)).toEqual(['config→detect', 'config→i18n']);
  });

  it('reports folders the order does not name', () => {
    expect(layerViolations([edge('content', 'newthing'), edge('util', 'util')], layers)).toMatchObject({ unlisted: ['newthing'] });
  });
});

describe('collectImports', () => {
  it('reads static, type-only, re-exported and dynamic imports, nested files and files at the root of src/', () => {
    const root = tree({
      'config/load.ts':
        "import { a } from '../util/a.js';\nimport type { P } from '../detect/index.js';\n// import { z } from '../cli/z.js';\nexport const x = 1;\n",
      'config/index.ts': "export * from './load.js';\nexport { b } from '../util/b.js';\n",
      'markdown/foreign/context.ts': "\n\nconst m = await import('../../detect/index.js');\n",
      'util/a.ts': "import data from '../../locales/en.json';\nimport { z } from 'zod';\n",
      'public.ts': "export { defineConfig } from './config/index.js';\n",
    });
    const found = collectImports(root)
      .map((i) => `${i.file}:${i.line} ${i.from}→${i.to}`)
      .sort();
    expect(found).toEqual([
      'config/index.ts:2 config→util',
      'config/load.ts:1 config→util',
      'config/load.ts:2 config→detect',
      'markdown/foreign/context.ts:3 markdown→detect',
      'public.ts:1 (root)→config',
    ]);
  });

  it('fails a tree with an upward import, and `npm run imports` exits 1 naming it', () => {
    const root = tree({
      'config/load.ts': "import { detectForeignSite } from '../detect/index.js';\n",
      'detect/index.ts': "import { loadConfig } from '../config/load.js';\n",
    });
    expect(layerViolations(collectImports(root)).upward.map((u) => `${u.file}:${u.line} ${u.from}→${u.to}`)).toEqual(['config/load.ts:1 config→detect']);
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(repo, 'scripts/import-graph.ts'), root], { cwd: repo, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(1);
    expect(run.stdout).toContain('config/load.ts:1  config → detect  (../detect/index.js)');
  });

  it('reports the table of the real tree with nothing against the order (`npm run imports`)', () => {
    const { text, ok } = importReport(srcDir);
    expect(ok).toBe(true);
    expect(text).toContain(formatLayers());
    expect(text).toMatch(/^\| pipeline \| .*detect \(\d+\).* \|$/m);
    expect(text).toMatch(/^\| config \| errors \(\d+\), util \(\d+\), foreign-types \(\d+\) \|$/m);
    expect(text).not.toContain('against the layer order');
  });
});
