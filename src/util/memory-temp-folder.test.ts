import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempSites } from '../../test/helpers/site.js';
import { memoryTempFolder } from './memory-temp-folder.js';

const site = useTempSites();
const tmpdir = process.env.TMPDIR;
afterEach(() => {
  if (tmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = tmpdir;
});

/** The id of a process that has exited. */
const deadPid = () => spawnSync('true').pid!;

describe('memoryTempFolder', () => {
  it('makes a private folder under $TMPDIR when it is set, named with the process id', async () => {
    process.env.TMPDIR = await site('');
    const made = memoryTempFolder('cb-test-');
    expect(dirname(made)).toBe(process.env.TMPDIR);
    expect(basename(made)).toMatch(new RegExp(`^cb-test-${process.pid}-`));
    expect(statSync(made).mode & 0o777).toBe(0o700);
  });

  it('uses a tmpfs when $TMPDIR is not set and one has room', () => {
    delete process.env.TMPDIR;
    const made = memoryTempFolder('cb-test-');
    try {
      // This machine's /dev/shm is a tmpfs with gigabytes free; elsewhere the system's folder.
      if (process.platform === 'linux' && existsSync('/dev/shm')) expect(dirname(made)).toMatch(/^(\/dev\/shm|\/run\/user\/\d+)$/);
    } finally {
      spawnSync('rm', ['-rf', made]);
    }
  });

  it('removes folders left by processes that are gone, and nothing else', async () => {
    const base = (process.env.TMPDIR = await site(''));
    const dead = deadPid();
    const left = join(base, `cb-test-${dead}-aaaaaa`);
    mkdirSync(join(left, 'deep'), { recursive: true });
    writeFileSync(join(left, 'deep', 'index.html'), 'x');
    // A live process's folder (the test runner's parent), a file and a link named like leftovers,
    // and another prefix's folder stay.
    const live = join(base, `cb-test-${process.ppid}-bbbbbb`);
    mkdirSync(live);
    const file = join(base, `cb-test-${dead}-cccccc`);
    writeFileSync(file, 'not a folder');
    const target = join(base, 'kept');
    mkdirSync(target);
    const link = join(base, `cb-test-${dead}-dddddd`);
    symlinkSync(target, link);
    const other = join(base, `other-${dead}-eeeeee`);
    mkdirSync(other);
    memoryTempFolder('cb-test-');
    expect(existsSync(left)).toBe(false);
    for (const kept of [live, file, link, target, other]) expect(existsSync(kept)).toBe(true);
  });
});
