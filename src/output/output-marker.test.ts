import { lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hasOutputMarker, OUTPUT_MARKER, writeOutputMarker } from './output-marker.js';

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

describe('the output marker', () => {
  it('counts only as a file, and replaces a link in its place instead of writing through it', () => {
    const root = mkdtempSync(join(tmpdir(), 'casebook-marker-'));
    dirs.push(root);
    const precious = join(root, 'precious.txt');
    writeFileSync(precious, 'mine');
    const out = join(root, 'out');
    mkdirSync(out);
    expect(hasOutputMarker(out)).toBe(false);
    symlinkSync(precious, join(out, OUTPUT_MARKER));
    expect(hasOutputMarker(out)).toBe(false);
    writeOutputMarker(out);
    expect(readFileSync(precious, 'utf8')).toBe('mine');
    expect(lstatSync(join(out, OUTPUT_MARKER)).isFile()).toBe(true);
    expect(hasOutputMarker(out)).toBe(true);
    // Written again over itself, as every build does.
    writeOutputMarker(out);
    expect(readFileSync(join(out, OUTPUT_MARKER), 'utf8')).toContain('casebook build');
  });
});
