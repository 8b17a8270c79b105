import { describe, expect, it } from 'vitest';
import { build } from '../src/pipeline/index.js';
import { useTempSites } from './helpers/site.js';

const site = useTempSites();

async function body(markdown: string): Promise<string> {
  const dir = await site(
    `-- casebook.config.yaml --\ntitle: T\nbaseUrl: https://example.com/\n-- content/writing/one.md --\n---\ntitle: One\ndate: 2024-01-01\n---\n${markdown}`,
  );
  const { files } = await build({ site: dir, memory: true, skip: ['og', 'search'] });
  const page = String(files!.get('writing/one/index.html'));
  return page.slice(page.indexOf('<div class="post-body'), page.indexOf('</article>'));
}

describe('raw HTML elements closed with />', () => {
  it('end where the slash says: nothing after them disappears or moves inside them', async () => {
    const html = await body(`Before.

<script src="https://gist.github.com/someone/1.js" />

First paragraph after the script, with **bold**.

<a name="anchor" />

Second paragraph after the anchor.

<iframe src="https://www.youtube.com/embed/abc" />

Third paragraph after the iframe.

<span />

Fourth paragraph.

<object data="x" />

Fifth paragraph.
`);
    for (const text of [
      'First paragraph after the script, with <strong>bold</strong>.',
      'Second paragraph after the anchor.',
      'Third paragraph after the iframe.',
      'Fourth paragraph.',
      'Fifth paragraph.',
    ]) {
      expect(html).toContain(`<p>${text}</p>`);
    }
    // Nothing of the post sits inside an element that hides it.
    expect(html).not.toMatch(/<iframe[^>]*>[^<]*<p>/);
    expect(html).not.toMatch(/<a [^>]*>\s*<p>/);
  });

  it('keeps a script closed on its own line from swallowing the Markdown after it, also in a list of embeds', async () => {
    const html = await body(`<script src="https://gist.github.com/someone/2.js"/>\n\n## A heading\n\n- item one\n- item two\n`);
    expect(html).toMatch(/<h2 id="a-heading"[^>]*>/);
    expect(html).toContain('<li>item one</li>');
  });
});
