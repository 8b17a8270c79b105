import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from './finding.js';
import { checkHtmlValidity } from './html-validity.js';
import { ValidityCache } from './validity-cache.js';
import { tempDir } from '../../test/helpers/temp-dir.js';

const PAGE = '<!doctype html><html lang="en"><head><title>T</title></head><body><p id="a">x</p><p id="a">y</p></body></html>';

/** Runs the cache's lookup for `pages` (file → HTML) with the real validator, counting how many it validated. */
async function check(file: string, pages: Record<string, string>): Promise<{ findings: Finding[]; validated: string[] }> {
  const cache = new ValidityCache(file);
  const validated: string[] = [];
  const findings: Finding[] = [];
  for (const [name, html] of Object.entries(pages)) {
    const key = cache.keyOf(html);
    const kept = cache.lookup(key, name);
    if (kept) findings.push(...kept);
    else {
      validated.push(name);
      const found = await checkHtmlValidity(name, html);
      cache.store(key, found);
      findings.push(...found);
    }
  }
  cache.save();
  return { findings, validated };
}

describe('ValidityCache', () => {
  it('validates a page once; the next run takes its findings, under the file it has now', async () => {
    const file = join(tempDir('casebook-validity-'), 'check-html.json');
    const first = await check(file, { 'a/index.html': PAGE });
    expect(first.validated).toEqual(['a/index.html']);
    expect(first.findings.map((f) => f.rule)).toContain('html/no-dup-id');
    const second = await check(file, { 'b/index.html': PAGE });
    expect(second.validated).toEqual([]);
    expect(second.findings).toEqual(first.findings.map((f) => ({ ...f, file: 'b/index.html' })));
  });

  it('validates a changed page again and keeps only the pages of the last run', async () => {
    const file = join(tempDir('casebook-validity-'), 'check-html.json');
    await check(file, { 'a/index.html': PAGE, 'b/index.html': PAGE.replace('x', 'z') });
    const changed = PAGE.replace('id="a">y', 'id="b">y');
    const run = await check(file, { 'a/index.html': changed });
    expect(run.validated).toEqual(['a/index.html']);
    expect(run.findings.map((f) => f.rule)).not.toContain('html/no-dup-id');
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')).entries)).toHaveLength(1);
  });

  it('validates again when the record is of another version, damaged, or holds something else', async () => {
    const file = join(tempDir('casebook-validity-'), 'check-html.json');
    await check(file, { 'a/index.html': PAGE });
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { version: string; entries: Record<string, unknown[]> };
    const key = Object.keys(stored.entries)[0]!;
    for (const planted of [
      JSON.stringify({ ...stored, version: 'other' }),
      JSON.stringify({ ...stored, entries: { [key]: [{ severity: 'fatal', rule: 'x', message: 'm' }] } }),
      JSON.stringify({ ...stored, entries: { [key]: 'none' } }),
      JSON.stringify({ ...stored, entries: [] }),
      '{"version":',
    ]) {
      writeFileSync(file, planted);
      expect((await check(file, { 'a/index.html': PAGE })).validated).toEqual(['a/index.html']);
    }
  });

  it('takes a recorded finding as it stands: the record is what the run reports', async () => {
    const file = join(tempDir('casebook-validity-'), 'check-html.json');
    await check(file, { 'a/index.html': PAGE });
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { version: string; entries: Record<string, unknown[]> };
    const key = Object.keys(stored.entries)[0]!;
    writeFileSync(
      file,
      JSON.stringify({ ...stored, entries: { [key]: [{ severity: 'warning', rule: 'html/recorded', line: 3, column: 4, message: 'from the record' }] } }),
    );
    const run = await check(file, { 'c/index.html': PAGE });
    expect(run.validated).toEqual([]);
    expect(run.findings).toEqual([{ severity: 'warning', rule: 'html/recorded', file: 'c/index.html', line: 3, column: 4, message: 'from the record' }]);
  });
});
