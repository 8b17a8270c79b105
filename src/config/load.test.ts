import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ForeignProfile } from '../foreign-types/index.js';
import { loadConfig, type ConfigOverrides } from './load.js';

/** A Casebook site: no other tool's config to merge. */
const load = (dir: string, overrides: ConfigOverrides = {}) => loadConfig(dir, overrides, () => undefined);

async function siteWith(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cb-config-'));
  await writeFile(join(dir, name), text);
  return dir;
}

describe('loadConfig', () => {
  it('uses defaults without a config file', async () => {
    const { config } = await load(await mkdtemp(join(tmpdir(), 'cb-config-')));
    expect(config).toMatchObject({ title: 'My site', timezone: 'UTC', paginate: 10, baseUrl: 'http://localhost:4321/' });
  });

  it('reads YAML, JSON and TypeScript configs (defineConfig from casebook)', async () => {
    expect((await load(await siteWith('casebook.config.yaml', 'title: Y\nbaseUrl: https://y.dev'))).config).toMatchObject({
      title: 'Y',
      baseUrl: 'https://y.dev/',
    });
    expect((await load(await siteWith('casebook.config.json', '{"title":"J"}'))).config.title).toBe('J');
    const ts = await siteWith(
      'casebook.config.ts',
      "import { defineConfig } from 'casebook';\nconst t: string = 'T';\nexport default defineConfig({ title: t, timezone: 'Europe/Amsterdam' });\n",
    );
    expect((await load(ts)).config).toMatchObject({ title: 'T', timezone: 'Europe/Amsterdam' });
  });

  it('applies --base-url over the file', async () => {
    const dir = await siteWith('casebook.config.yaml', 'baseUrl: https://y.dev/');
    expect((await load(dir, { baseUrl: 'https://z.dev/sub' })).config.baseUrl).toBe('https://z.dev/sub/');
  });

  it('rejects unknown keys, bad values, bad time zones and syntax errors with positions', async () => {
    await expect(load(await siteWith('casebook.config.yaml', 'title: X\npaginat: 5\n'))).rejects.toMatchObject({
      code: 'CB2002',
      message: '"paginat" is not a config key. Did you mean "paginate"?',
      location: { line: 2 },
    });
    await expect(load(await siteWith('casebook.config.yaml', 'paginate: many\n'))).rejects.toMatchObject({ code: 'CB2003', location: { line: 1 } });
    await expect(load(await siteWith('casebook.config.yaml', 'timezone: Mars/Olympus\n'))).rejects.toMatchObject({
      code: 'CB2004',
      message: '"Mars/Olympus" is not a time zone this machine knows.',
    });
    await expect(load(await siteWith('casebook.config.yaml', 'title: X\ntimezone: Europe/Amsterdm\n'))).rejects.toMatchObject({
      code: 'CB2004',
      message: '"Europe/Amsterdm" is not a time zone this machine knows. Did you mean "Europe/Amsterdam"?',
      location: { line: 2, column: 11 },
    });
    await expect(load(await siteWith('casebook.config.json', '{\n "title": "x",\n}'))).rejects.toMatchObject({ code: 'CB2001', location: { line: 3 } });
    await expect(load(await siteWith('casebook.config.ts', 'export default {\n  title: ,\n};\n'))).rejects.toMatchObject({
      code: 'CB2001',
      location: { line: 2 },
    });
  });

  it('points a config that throws while loading at the line that threw, in the config or a file it imports', async () => {
    const dir = await siteWith(
      'casebook.config.ts',
      "import { defineConfig } from 'casebook';\nimport { title } from './site-title';\n\nconst env: Record<string, string> = {};\nexport default defineConfig({ title, baseUrl: env.URL!.trim() });\n",
    );
    await writeFile(join(dir, 'site-title.ts'), "export const title: string = 'T';\n");
    await expect(load(dir)).rejects.toMatchObject({
      code: 'CB2005',
      message: expect.stringContaining("Cannot read properties of undefined (reading 'trim')"),
      location: { file: join(dir, 'casebook.config.ts'), line: 5, column: expect.any(Number) },
    });
    await writeFile(join(dir, 'site-title.ts'), 'const parts: string[] = [];\nexport const title: string = parts[0]!.toUpperCase();\n');
    await expect(load(dir)).rejects.toMatchObject({ code: 'CB2005', location: { file: join(dir, 'site-title.ts'), line: 2 } });
    // A file name esbuild writes into the source map as %-escapes.
    await writeFile(join(dir, 'site-title.ts'), "export { title } from './naïve title';\n");
    await writeFile(join(dir, 'naïve title.ts'), 'const parts: string[] = [];\nexport const title: string = parts[0]!.toUpperCase();\n');
    await expect(load(dir)).rejects.toMatchObject({ code: 'CB2005', location: { file: join(dir, 'naïve title.ts'), line: 2 } });
    // A package whose own source map names a file that was not bundled: not shown as the place.
    await mkdir(join(dir, 'node_modules/mapped'), { recursive: true });
    await writeFile(join(dir, 'node_modules/mapped/package.json'), '{"name":"mapped","main":"index.js"}');
    await writeFile(
      join(dir, 'node_modules/mapped/index.js'),
      `throw new Error('mapped');\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify({ version: 3, sources: ['/etc/hostname'], names: [], mappings: 'AAAA' })).toString('base64')}\n`,
    );
    await writeFile(join(dir, 'site-title.ts'), "import 'mapped';\nexport const title = 'T';\n");
    const mapped = await load(dir).catch((e: unknown) => e);
    expect(mapped).toMatchObject({ code: 'CB2005', message: 'Loading the file threw: mapped' });
    expect((mapped as { location: { file: string } }).location.file).not.toBe('/etc/hostname');
    // Values that are not Errors, down to one that cannot even be printed.
    await writeFile(join(dir, 'site-title.ts'), 'throw Object.create(null);\n');
    await expect(load(dir)).rejects.toMatchObject({ code: 'CB2005', message: 'Loading the file threw: a value that is neither an Error nor printable' });
    await writeFile(join(dir, 'site-title.ts'), "throw 'not an Error';\n");
    await expect(load(dir)).rejects.toMatchObject({
      code: 'CB2005',
      message: 'Loading the file threw: not an Error',
      location: { file: join(dir, 'casebook.config.ts') },
    });
  });

  it("merges what the detector of other tools found under the site's own config, telling it whether that config exists", async () => {
    const seen: boolean[] = [];
    const profile = {
      tool: 'hugo',
      name: 'Hugo',
      configFile: 'hugo.toml',
      config: { title: 'From Hugo', timezone: 'Europe/Oslo', lang: 'nb_NO', baseUrl: 'not a url' },
      warnings: [{ code: 'CB2100', message: 'an unreadable bit', location: { file: 'hugo.toml' } }],
    } as unknown as ForeignProfile;
    const detect = (_root: string, hasConfigFile: boolean) => (seen.push(hasConfigFile), profile);
    const bare = await mkdtemp(join(tmpdir(), 'cb-config-'));
    const loaded = await loadConfig(bare, {}, detect);
    expect(loaded.config).toMatchObject({ title: 'From Hugo', timezone: 'Europe/Oslo', lang: 'nb-NO', baseUrl: 'http://localhost:4321/' });
    expect(loaded.foreign).toBe(profile);
    expect(loaded.warnings.map((w) => [w.code, w.location?.file])).toEqual([
      ['CB2100', join(bare, 'hugo.toml')],
      ['CB2101', join(bare, 'hugo.toml')],
    ]);
    const own = await loadConfig(await siteWith('casebook.config.yaml', 'title: Own\n'), {}, detect);
    expect(own.config).toMatchObject({ title: 'Own', timezone: 'Europe/Oslo' });
    expect(seen).toEqual([false, true]);
  });
});
