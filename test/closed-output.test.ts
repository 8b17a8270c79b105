import { spawn } from 'node:child_process';
import { openSync, closeSync, existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BIN } from './helpers/cli.js';

/** Runs the CLI with standard output given as `stdout`; resolves with its exit code and standard error. */
function run(args: string[], stdout: 'pipe' | number, closeEarly = false): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', stdout, 'pipe'] });
    // The reader goes away before the CLI writes a byte, as `| head -0` would.
    if (closeEarly) child.stdout!.destroy();
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('standard output that cannot be written', () => {
  it('ends quietly with exit 1 when the reader has closed the pipe', async () => {
    const r = await run(['--help'], 'pipe', true);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
  });

  it.skipIf(!existsSync('/dev/full'))('says in one line that standard output is full, with exit 1', async () => {
    const fd = openSync('/dev/full', 'w');
    try {
      const r = await run(['--help'], fd);
      expect(r.stderr).toBe('casebook: cannot write to standard output (ENOSPC)\n');
      expect(r.code).toBe(1);
    } finally {
      closeSync(fd);
    }
  });
});
