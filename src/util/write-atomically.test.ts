import { lstatSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileAtomically } from './write-atomically.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const folder = () => {
  const d = mkdtempSync(join(tmpdir(), 'cb-atomic-'));
  dirs.push(d);
  return d;
};

describe('writeFileAtomically', () => {
  it('never writes through a link planted at its temporary name, and leaves no temporary file', () => {
    const d = folder();
    const outside = folder();
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

  it('replaces a link at the file itself rather than writing through it', () => {
    const d = folder();
    const outside = folder();
    const victim = join(outside, 'victim.txt');
    writeFileSync(victim, 'precious');
    const file = join(d, 'code-1.json');
    symlinkSync(victim, file);
    writeFileAtomically(file, 'mine');
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(lstatSync(file).isFile()).toBe(true);
  });
});
