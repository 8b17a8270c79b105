import { describe, expect, it } from 'vitest';
import { SearchIndexer } from './pagefind-index.js';

const page = (n: number) => ({
  url: `/writing/p${n}/`,
  html: `<html lang="en"><head><title>P${n}</title></head><body><main data-pagefind-body><h1>Post ${n}</h1><p>Words about queue${n} and retries.</p></main></body></html>`,
});

describe('SearchIndexer', () => {
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
    const meta = (files: typeof secondFiles) =>
      files.filter((f) => /^pagefind\/pagefind-entry\.json$/.test(f.path)).map((f) => JSON.parse(Buffer.from(f.content).toString('utf8')));
    expect(meta(secondFiles)[0].languages.en.page_count).toBe(2);
    expect(meta(firstFiles)[0].languages.en.page_count).toBe(1);
  }, 30_000);
});
