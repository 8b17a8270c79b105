import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, onTestFinished } from 'vitest';

/**
 * A new folder under the system's temp folder, removed when the test that made it ends, or after
 * the test file's tests for one made while they are collected (at load, in a describe): a suite
 * run hundreds of times (as CI and the inner loop do) must not fill /tmp with them. Not for
 * hooks (beforeAll), where neither applies: remove such a folder in the matching afterAll.
 */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const remove = () => rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  try {
    onTestFinished(remove);
  } catch {
    afterAll(remove);
  }
  return dir;
}
