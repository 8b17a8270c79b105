import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { type IndexFile, SearchIndexer } from './pagefind-index.js';

const page = (n: number, url = `/writing/p${n}/`) => ({
  url,
  html: `<html lang="en"><head><title>P${n}</title></head><body><main data-pagefind-body><h1>Post ${n}</h1><p>Words about queue${n} and retries.</p></main></body></html>`,
});

const meta = (files: IndexFile[]) =>
  files.filter((f) => /^pagefind\/pagefind-entry\.json$/.test(f.path)).map((f) => JSON.parse(Buffer.from(f.content).toString('utf8')));

/** The URLs of the indexed pages, read from Pagefind's fragments (gzip, then a 12-byte signature before the JSON). */
const urls = (files: IndexFile[]) =>
  files
    .filter((f) => f.path.startsWith('pagefind/fragment/'))
    .map((f) => JSON.parse(gunzipSync(Buffer.from(f.content)).subarray('pagefind_dcd'.length).toString('utf8')).url)
    .sort();

describe('SearchIndexer', () => {
  it('indexes every page at its own URL, without the UI bundles and highlighting script', async () => {
    const indexer = new SearchIndexer('en');
    indexer.add(page(1, '/blog/writing/first/'));
    indexer.add(page(2, '/blog/writing/второй/'));
    indexer.add(page(3, '/blog/writing/%C3%A9t%C3%A9/'));
    const files = await indexer.finish();
    expect(meta(files)[0].languages.en.page_count).toBe(3);
    expect(urls(files)).toEqual(['/blog/writing/%C3%A9t%C3%A9/', '/blog/writing/first/', '/blog/writing/второй/']);
    // Casebook's search page loads neither Pagefind's UI bundles nor its highlighting script.
    expect(files.filter((f) => /pagefind-(ui|highlight)|-ui\./.test(f.path))).toEqual([]);
  }, 30_000);

  it('indexes on while another indexer of the same process finishes and stops', async () => {
    const first = new SearchIndexer('en');
    const second = new SearchIndexer('en');
    first.add(page(1));
    second.add(page(2));
    // The first finishes (and closes) while the second still has pages to add: Pagefind's one
    // process must stay up for the second.
    const firstFiles = await first.finish();
    second.add(page(3));
    const secondFiles = await second.finish();
    expect(firstFiles.some((f) => f.path === 'pagefind/pagefind.js')).toBe(true);
    expect(secondFiles.some((f) => f.path === 'pagefind/pagefind.js')).toBe(true);
    expect(meta(secondFiles)[0].languages.en.page_count).toBe(2);
    expect(meta(firstFiles)[0].languages.en.page_count).toBe(1);
  }, 30_000);
});
