export interface IndexablePage {
  /** URL path with the site base, e.g. `/blog/writing/x/`. */
  url: string;
  html: string;
}

/** Pagefind's own UI bundles are left out: Casebook ships a smaller search page of its own. */
const UNUSED = /^pagefind-(ui|modular-ui|component-ui)\b/;

/**
 * Builds the Pagefind index in memory from rendered pages (only elements marked
 * `data-pagefind-body` are indexed: post bodies, not lists or chrome) and returns the files for
 * `/pagefind/`. The Pagefind binary ships in its npm package.
 */
export async function buildSearchIndex(pages: IndexablePage[], language: string): Promise<{ path: string; content: Uint8Array }[]> {
  // Loaded here, not at the top: a build without search (and every other command) never needs
  // it, and loading it (its service and runner modules) cost some 20 ms of CPU.
  const pagefind = await import('pagefind');
  const { index, errors } = await pagefind.createIndex({ forceLanguage: language.split('-')[0]! });
  if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
  try {
    for (const page of pages) {
      const added = await index.addHTMLFile({ url: page.url, content: page.html });
      if (added.errors.length) throw new Error(`Pagefind could not index ${page.url}: ${added.errors.join('; ')}`);
    }
    const out = await index.getFiles();
    if (out.errors.length) throw new Error(`Pagefind could not write its index: ${out.errors.join('; ')}`);
    return out.files.filter((f) => !UNUSED.test(f.path)).map((f) => ({ path: `pagefind/${f.path}`, content: f.content }));
  } finally {
    await index.deleteIndex();
    await pagefind.close();
  }
}
