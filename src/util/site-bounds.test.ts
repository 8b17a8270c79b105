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
    // A link that points out of the site is outside whether or not its target exists.
    await symlink(join(root, 'no-such-file'), join(site, 'content/dangling.pdf'));
    await symlink(join(root, 'no-such-folder'), join(site, 'content/gone'));
    await symlink('up/no-such-file', join(site, 'content/via-up.pdf'));
    await symlink('nothing-here.png', join(site, 'content/dangling-inside.png'));
    await symlink('loop-b', join(site, 'content/loop-a'));
    await symlink('loop-a', join(site, 'content/loop-b'));
    expect(b.place(join(site, 'content/dangling.pdf')).kind).toBe('outside');
    expect(b.place(join(site, 'content/gone/y.pdf')).kind).toBe('outside');
    expect(b.place(join(site, 'content/gone/y.pdf'), false).kind).toBe('outside');
    expect(b.place(join(site, 'content/via-up.pdf')).kind).toBe('outside');
    expect(b.place(join(site, 'content/dangling-inside.png')).kind).toBe('missing');
    expect(b.place(join(site, 'content/loop-a')).kind).toBe('missing');
    // `..` after a link is taken from where the link leads, as the kernel does, not from the text.
    await mkdir(join(root, 'outdir'));
    await symlink(join(root, 'outdir'), join(site, 'lnk'));
    await symlink('../lnk/../secret.txt', join(site, 'content/evil.md'));
    await symlink('../lnk/../nothing.txt', join(site, 'content/evil-missing.md'));
    expect(b.place(join(site, 'content/evil.md'))).toEqual({ kind: 'outside', real: join(b.realRoot, '..', 'secret.txt') });
    expect(b.place(join(site, 'content/evil-missing.md')).kind).toBe('outside');
    expect(new SiteBounds(join(root, 'no-such-site')).place(join(root, 'no-such-site/a.png')).kind).toBe('missing');
  });
});
