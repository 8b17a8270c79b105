import { lstatSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempSites } from '../../test/helpers/site.js';
import { writeFileAtomically } from './write-atomically.js';

const site = useTempSites();
/** An empty folder, removed after the test. */
const folder = () => site('');

describe('writeFileAtomically', () => {
  it('never writes through a link planted at its temporary name, and leaves no temporary file', async () => {
    const d = await folder();
    const outside = await folder();
    const victim = join(outside, 'victim.txt');
    writeFileSync(victim, 'precious');
    const file = join(d, 'index-4.json');
    symlinkSync(victim, `${file}.${process.pid}.tmp`);
    writeFileAtomically(file, '{"new":true}');
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(lstatSync(file).isFile()).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('{"new":true}');
    expect(() => lstatSync(`${file}.${process.pid}.tmp`)).toThrow();
  });

  it('replaces a link at the file itself rather than writing through it', async () => {
    const d = await folder();
    const outside = await folder();
    const victim = join(outside, 'victim.txt');
    writeFileSync(victim, 'precious');
    const file = join(d, 'code-1.json');
    symlinkSync(victim, file);
    writeFileAtomically(file, 'mine');
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(lstatSync(file).isFile()).toBe(true);
  });
});
