import { describe, expect, it } from 'vitest';
import { readJsDataObject } from './js-front-matter.js';

describe('readJsDataObject', () => {
  it('reads the literal values of an exported object, with any quotes, unquoted keys and trailing commas', () => {
    const r = readJsDataObject(`// data for the folder
export default {
\t"layout": 'post.njk',
\ttags: [
\t\t"posts", 'notes',
\t],
\tdraft: false,
\tpermalink: \`/n/{{ page.fileSlug }}/\`,
\televentyComputed: { title: (data) => data.title },
\tsort: computeOrder(),
};`);
    expect(r?.data).toEqual({ layout: 'post.njk', tags: ['posts', 'notes'], draft: false, permalink: '/n/{{ page.fileSlug }}/' });
    expect(r?.skipped).toEqual(['eleventyComputed', 'sort']);
  });

  it('reads module.exports, and gives nothing for a file exporting a function', () => {
    expect(readJsDataObject('module.exports = { layout: "a.njk" };')?.data).toEqual({ layout: 'a.njk' });
    expect(readJsDataObject('export default function () { return { layout: "a.njk" }; }')).toBeUndefined();
  });
});
