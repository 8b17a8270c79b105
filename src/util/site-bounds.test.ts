import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isWithin, SiteBounds } from './site-bounds.js';

const dirs: string[] = [];
afterEach(async () => {
  while (dirs.length) await rm(dirs.pop()!, { recursive: true, force: true });
});

describe('SiteBounds', () => {
  it('isWithin compares whole path segments', () => {
    expect(isWithin('/a/b', '/a/b')).toBe(true);
    expect(isWithin('/a/b', '/a/b/c')).toBe(true);
    expect(isWithin('/a/b', '/a/bc')).toBe(false);
    expect(isWithin('/a/b', '/a')).toBe(false);
    expect(isWithin('/', '/etc')).toBe(true);
  });

  it('tells inside, outside (as written or through a link) and missing apart', async () => {
    const root = await mkdtemp(join(tmpdir(), 'cb-bounds-'));
    dirs.push(root);
    const site = join(root, 'site');
    await mkdir(join(site, 'content'), { recursive: true });
    await writeFile(join(root, 'secret.txt'), 's');
    await writeFile(join(site, 'content/a.png'), 'a');
    await symlink(join(root, 'secret.txt'), join(site, 'content/leak.png'));
    await symlink(root, join(site, 'content/up'));
    await symlink('a.png', join(site, 'content/b.png'));
    const b = new SiteBounds(site);
    expect(b.place(join(site, 'content/a.png')).kind).toBe('inside');
    expect(b.place(join(site, 'content/b.png')).kind).toBe('inside');
    expect(b.place(join(site, 'content/leak.png'))).toEqual({ kind: 'outside', real: join(b.realRoot, '..', 'secret.txt') });
    expect(b.place(join(site, 'content/up/secret.txt')).kind).toBe('outside');
    // A folder link is caught even when the file itself is not checked as a link.
    expect(b.place(join(site, 'content/up/secret.txt'), false).kind).toBe('outside');
    // Climbing out is outside whether or not something exists there.
    expect(b.place(join(site, '../nothing-here.png')).kind).toBe('outside');
    expect(b.place(join(site, 'content/nothing.png')).kind).toBe('missing');
    // Through a link to a folder elsewhere, a missing file is outside too, as an existing one is:
    // the errors must not tell which files exist there.
    expect(b.place(join(site, 'content/up/no-such-file.txt')).kind).toBe('outside');
    expect(b.place(join(site, 'content/up/no-such-folder/x.txt'), false).kind).toBe('outside');
    expect(b.place(join(site, 'content/no-such-folder/x.txt')).kind).toBe('missing');
    expect(new SiteBounds(join(root, 'no-such-site')).place(join(root, 'no-such-site/a.png')).kind).toBe('missing');
  });
});
