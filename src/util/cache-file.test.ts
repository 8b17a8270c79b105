import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempSites } from '../../test/helpers/site.js';
import { readCacheBytes, readCacheText } from './cache-file.js';

const site = useTempSites();
/** An empty folder, removed after the test. */
const folder = () => site('');

describe('readCacheText', () => {
  it('reads a regular file', async () => {
    const d = await folder();
    writeFileSync(join(d, 'a.json'), '{"a":1}');
    expect(readCacheText(join(d, 'a.json'))).toBe('{"a":1}');
    expect(readCacheBytes(join(d, 'a.json')).length).toBe(7);
  });

  it('refuses a link (inside the folder or out of it), a folder, a FIFO, /dev/zero behind a link, and a file over the limit', async () => {
    const d = await folder();
    const outside = await folder();
    writeFileSync(join(outside, 'secret.json'), '{"forged":true}');
    symlinkSync(join(outside, 'secret.json'), join(d, 'out.json'));
    writeFileSync(join(d, 'real.json'), '{}');
    symlinkSync('real.json', join(d, 'in.json'));
    symlinkSync('/dev/zero', join(d, 'zero.json'));
    mkdirSync(join(d, 'dir.json'));
    execFileSync('mkfifo', [join(d, 'fifo.json')]);
    writeFileSync(join(d, 'big.json'), 'x'.repeat(100));
    for (const name of ['out.json', 'in.json', 'zero.json', 'dir.json', 'fifo.json', 'missing.json'])
      expect(() => readCacheText(join(d, name)), name).toThrow();
    expect(() => readCacheText(join(d, 'big.json'), 99)).toThrow(/larger than/);
    expect(readCacheText(join(d, 'big.json'), 100)).toHaveLength(100);
  });
});
