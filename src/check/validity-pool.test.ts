import { describe, expect, it } from 'vitest';
import type { Finding } from './finding.js';
import { checkHtmlValidity } from './html-validity.js';
import { validateAll } from './validity-pool.js';

/** Pages that differ: every third has a duplicate id, every fifth an unclosed element. */
function pages(n: number): [string, string][] {
  return Array.from({ length: n }, (_, i) => {
    const dup = i % 3 === 0 ? '<p id="a">x</p><p id="a">y</p>' : '<p>ok</p>';
    const open = i % 5 === 0 ? '<div><span>' : '';
    return [`p${i}/index.html`, `<!doctype html><html lang="en"><head><title>Page ${i}</title></head><body>${dup}${open}<p>${i}</p></body></html>`];
  });
}

async function oneByOne(list: [string, string][]): Promise<Finding[][]> {
  const out: Finding[][] = [];
  for (const [file, html] of list) out.push(await checkHtmlValidity(file, html));
  return out;
}

describe('validateAll', () => {
  it('gives each page its own findings in order, on worker threads as on this one', async () => {
    const list = pages(150);
    const expected = await oneByOne(list);
    expect(expected.filter((f) => f.length > 0).length).toBeGreaterThan(40);
    const previous = process.env.CASEBOOK_THREADS;
    try {
      for (const threads of ['1', '3']) {
        process.env.CASEBOOK_THREADS = threads;
        expect(await validateAll(list)).toEqual(expected);
      }
    } finally {
      if (previous === undefined) delete process.env.CASEBOOK_THREADS;
      else process.env.CASEBOOK_THREADS = previous;
    }
  }, 60_000);

  it('validates here what a failing worker was given: a failure costs time, never a finding', async () => {
    // A page html-validate cannot take (no HTML at all) ends the worker that gets it, and every
    // batch holds one, so the worker fails on its first. On this thread the function given
    // stands for a validator that copes.
    const list = pages(130).map(([file, html], i): [string, string] => (i % 16 === 5 ? [`bad${i}/index.html`, null as unknown as string] : [file, html]));
    const standIn = (file: string): Finding[] => [{ severity: 'error', rule: 'stand-in', file, message: 'no HTML' }];
    const previous = process.env.CASEBOOK_THREADS;
    process.env.CASEBOOK_THREADS = '2';
    try {
      const found = await validateAll(list, async (file, html) => (html === null ? standIn(file) : checkHtmlValidity(file, html)));
      expect(found).toHaveLength(130);
      for (let i = 0; i < list.length; i++) {
        const [file, html] = list[i]!;
        expect(found[i]).toEqual(html === null ? standIn(file) : await checkHtmlValidity(file, html));
      }
    } finally {
      if (previous === undefined) delete process.env.CASEBOOK_THREADS;
      else process.env.CASEBOOK_THREADS = previous;
    }
  }, 60_000);
});
