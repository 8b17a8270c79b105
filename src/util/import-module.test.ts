import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importModule } from './import-module.js';

const SRC = fileURLToPath(new URL('..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts')
        ? [join(dir, e.name)]
        : [],
  );
}

describe('importModule', () => {
  it('imports packages and data: URLs', async () => {
    expect(typeof (await importModule<typeof import('node:path')>('node:path')).join).toBe('function');
    expect((await importModule(`data:text/javascript,export default 42`)).default).toBe(42);
  });

  it('is the only import() of a package or computed specifier in src/ (a vm script cannot import; see code-cache.ts)', () => {
    const offenders: string[] = [];
    for (const file of sources(SRC)) {
      // The swapped module itself, and the loader that runs the script (an ES module of its own).
      if (file.endsWith('/util/import-module.ts') || file.endsWith('/cli/code-cache.ts')) continue;
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?<![\w.$])import\(\s*([^)]*)\)/g)) {
        const before = text.slice(Math.max(0, m.index - 7), m.index);
        // Types (`typeof import('x')`, `import('x').T`) and Casebook's own modules are fine.
        if (before.endsWith('typeof ') || text[m.index + m[0].length] === '.' || /^['"`]\.\.?\//.test(m[1]!)) continue;
        offenders.push(`${relative(SRC, file)}: ${m[0]}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
