import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeDigest, codeStamps, dependencyManifests, sameCode } from './code-digest.js';
import { tempDir } from '../../test/helpers/temp-dir.js';

/** codeDigest() in a fresh process after vouchForCodeDigest(digest, stamps, node): the memo is per process. */
function digestAfterVouching(digest: string, stamps: unknown, node: string): string {
  const script = `
    import { codeDigest, vouchForCodeDigest } from ${JSON.stringify(new URL('./code-digest.ts', import.meta.url).href)};
    vouchForCodeDigest(${JSON.stringify(digest)}, ${JSON.stringify(stamps)}, ${JSON.stringify(node)});
    process.stdout.write(codeDigest());`;
  return execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
}

describe('the code files', () => {
  it('include the manifest of every dependency, so updating one (KaTeX, sharp, Pagefind) is new code', () => {
    const deps = Object.keys(
      (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> }).dependencies,
    );
    const stamped = codeStamps().map((s) => s[0]);
    for (const name of deps) expect(stamped.some((p) => p.endsWith(join('node_modules', name, 'package.json')))).toBe(true);
    // A manifest stamped otherwise (a reinstall or update) is not the running code.
    const stamps = codeStamps();
    const katex = stamps.findIndex((s) => s[0].endsWith(join('node_modules', 'katex', 'package.json')));
    expect(sameCode(stamps)).toBe(true);
    expect(sameCode(stamps.map((s, i) => (i === katex ? [s[0], s[1] + 1, s[2], s[3]] : s)))).toBe(false);
  });
});

describe('dependencyManifests', () => {
  it('finds dependencies and peers as Node would (own node_modules, then the parents), and leaves out a manifest that is a folder or a FIFO', () => {
    const root = tempDir('casebook-deps-');
    const pkg = join(root, 'app', 'node_modules', 'casebook');
    const manifest = (dir: string, name: string) => {
      mkdirSync(join(dir, 'node_modules', name), { recursive: true });
      return join(dir, 'node_modules', name, 'package.json');
    };
    mkdirSync(pkg, { recursive: true });
    writeFileSync(
      join(pkg, 'package.json'),
      JSON.stringify({ dependencies: { own: '1', hoisted: '1', folder: '1', fifo: '1', missing: '1' }, peerDependencies: { peer: '1' } }),
    );
    writeFileSync(manifest(pkg, 'own'), '{"version":"1.0.0"}');
    writeFileSync(manifest(join(root, 'app'), 'hoisted'), '{"version":"2.0.0"}');
    writeFileSync(manifest(root, 'peer'), '{"version":"3.0.0"}');
    mkdirSync(manifest(pkg, 'folder'));
    execFileSync('mkfifo', [manifest(pkg, 'fifo')]);
    expect(dependencyManifests(pkg).map((m) => m.path)).toEqual([
      join(root, 'app/node_modules/hoisted/package.json'),
      join(pkg, 'node_modules/own/package.json'),
      join(root, 'node_modules/peer/package.json'),
    ]);
    // No package.json of its own (or an unreadable one): no dependencies, no failure.
    rmSync(join(pkg, 'package.json'));
    expect(dependencyManifests(pkg)).toEqual([]);
  });
});

describe('vouchForCodeDigest', () => {
  it('takes a digest only for exactly the running code files under the same Node', () => {
    const real = codeDigest();
    const stamps = codeStamps();
    expect(digestAfterVouching('vouched', stamps, process.version)).toBe('vouched');
    // Another Node, one file's stamp changed, one file fewer: computed from the code.
    expect(digestAfterVouching('vouched', stamps, 'v0.0.1')).toBe(real);
    expect(
      digestAfterVouching(
        'vouched',
        stamps.map((s, i) => (i === 0 ? [s[0], s[1] + 1, s[2], s[3]] : s)),
        process.version,
      ),
    ).toBe(real);
    expect(digestAfterVouching('vouched', stamps.slice(1), process.version)).toBe(real);
  });
});

/** codeDigest() in a fresh process whose user cache folder is `cacheHome`. */
function digestWithCache(cacheHome: string): string {
  const script = `
    import { codeDigest } from ${JSON.stringify(new URL('./code-digest.ts', import.meta.url).href)};
    process.stdout.write(codeDigest());`;
  return execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { ...process.env, XDG_CACHE_HOME: cacheHome },
  });
}

/** The digest record in `cacheHome` (there is one per code folder; these tests run one). */
function recordIn(cacheHome: string): string {
  const dir = join(cacheHome, 'casebook', 'code');
  const found = readdirSync(dir).filter((n) => /^digest-[0-9a-f]{16}\.json$/.test(n));
  expect(found).toHaveLength(1);
  return join(dir, found[0]!);
}

/** A user cache folder with casebook/code in it, as the code cache leaves it after a first run. */
function cacheHome(): string {
  const home = tempDir('casebook-digest-');
  mkdirSync(join(home, 'casebook', 'code'), { recursive: true, mode: 0o700 });
  return home;
}

describe('the recorded code digest', () => {
  it('is written by a process that hashed the code and taken by the next without hashing', () => {
    const home = cacheHome();
    const real = codeDigest();
    expect(digestWithCache(home)).toBe(real);
    const file = recordIn(home);
    const recorded = JSON.parse(readFileSync(file, 'utf8')) as { node: string; digest: string; files: unknown[] };
    expect(recorded).toMatchObject({ node: process.version, digest: real });
    expect(recorded.files).toEqual(codeStamps());
    expect(statSync(file).mode & 0o077).toBe(0);
    // A record naming another digest for the same files is taken as it stands: nothing was hashed.
    writeFileSync(file, JSON.stringify({ ...recorded, digest: 'recalled' }));
    expect(digestWithCache(home)).toBe('recalled');
  });

  it('is neither written nor read with NODE_DISABLE_COMPILE_CACHE set', () => {
    const home = cacheHome();
    const real = codeDigest();
    const script = `
      import { codeDigest } from ${JSON.stringify(new URL('./code-digest.ts', import.meta.url).href)};
      process.stdout.write(codeDigest());`;
    const run = () =>
      execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        encoding: 'utf8',
        env: { ...process.env, XDG_CACHE_HOME: home, NODE_DISABLE_COMPILE_CACHE: '1' },
      });
    expect(run()).toBe(real);
    expect(readdirSync(join(home, 'casebook', 'code'))).toEqual([]);
    digestWithCache(home);
    writeFileSync(recordIn(home), JSON.stringify({ node: process.version, digest: 'recalled', files: codeStamps() }));
    expect(run()).toBe(real);
  });

  it('is written only into the folder the code cache made: no folder is created for it', () => {
    const home = tempDir('casebook-digest-');
    expect(digestWithCache(home)).toBe(codeDigest());
    expect(readdirSync(home)).toEqual([]);
  });

  it('is not trusted for another Node, other files, another shape, or a file others may write', () => {
    const home = cacheHome();
    const real = codeDigest();
    const stamps = codeStamps();
    digestWithCache(home);
    const file = recordIn(home);
    const planted = (record: unknown, mode = 0o600) => {
      writeFileSync(file, typeof record === 'string' ? record : JSON.stringify(record));
      chmodSync(file, mode);
      return digestWithCache(home);
    };
    expect(planted({ node: process.version, digest: 'ok', files: stamps })).toBe('ok');
    expect(planted({ node: process.version, digest: 'ok', files: stamps }, 0o620)).toBe(real);
    expect(planted({ node: 'v0.0.1', digest: 'stale', files: stamps })).toBe(real);
    expect(planted({ node: process.version, digest: 'stale', files: stamps.slice(1) })).toBe(real);
    expect(planted({ node: process.version, digest: 'stale', files: stamps.map((s) => [s[0], s[1], s[2] + 1, s[3]]) })).toBe(real);
    expect(planted({ node: process.version, digest: 'stale', files: stamps.map((s) => [s[0], String(s[1]), s[2], s[3]]) })).toBe(real);
    expect(planted({ node: process.version, digest: 7, files: stamps })).toBe(real);
    expect(planted('{"node":')).toBe(real);
    // Larger than any record: not read.
    expect(planted({ node: process.version, digest: 'ok', files: stamps, pad: 'x'.repeat(1 << 20) })).toBe(real);
    rmSync(file);
    expect(digestWithCache(home)).toBe(real);
  });

  it('follows no link, waits on no FIFO, and keeps out of a folder others may write', () => {
    const home = cacheHome();
    const real = codeDigest();
    digestWithCache(home);
    const file = recordIn(home);
    const good = readFileSync(file, 'utf8');
    // A link at the record's name, to a record that would be taken: not followed.
    const elsewhere = join(home, 'elsewhere.json');
    writeFileSync(elsewhere, JSON.stringify({ ...JSON.parse(good), digest: 'through-a-link' }), { mode: 0o600 });
    rmSync(file);
    symlinkSync(elsewhere, file);
    expect(digestWithCache(home)).toBe(real);
    // A FIFO at the record's name: read without blocking and refused.
    rmSync(file);
    execFileSync('mkfifo', ['-m', '600', file]);
    expect(digestWithCache(home)).toBe(real);
    rmSync(file);
    // A cache folder others may write: the record there is neither taken nor written.
    writeFileSync(file, JSON.stringify({ ...JSON.parse(good), digest: 'shared' }), { mode: 0o600 });
    chmodSync(join(home, 'casebook', 'code'), 0o777);
    expect(digestWithCache(home)).toBe(real);
    expect(JSON.parse(readFileSync(file, 'utf8')).digest).toBe('shared');
  });
});
