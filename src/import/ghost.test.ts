import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { thrown } from '../../test/helpers/build-error.js';
import { createConverter } from './html-to-markdown.js';
import { lexicalToHtml, mobiledocToHtml } from './ghost-content.js';
import { prepareGhostHtml, readGhost } from './ghost.js';

const FILE = new URL('../../test/fixtures/import/ghost.json', import.meta.url).pathname;
const TEXT = readFileSync(FILE, 'utf8');

describe('readGhost', () => {
  const source = readGhost(TEXT, FILE);
  const bySlug = (s: string) => source.items.find((i) => i.slug === s)!;

  it('reads site settings, posts and pages', () => {
    expect(source.site).toEqual({
      title: 'Incident & Insight',
      description: 'Reliability engineering, one outage at a time.',
      lang: 'en',
      timezone: 'Europe/Berlin',
      author: 'Priya Natarajan',
    });
    expect(source.items.map((i) => `${i.kind}:${i.slug}:${i.draft ? 'draft' : 'public'}`)).toEqual([
      'post:connection-pooling:public',
      'post:retries-without-thundering-herds:public',
      'post:feature-flags-at-scale:draft',
      'post:incident-review-template:draft',
      'page:about:public',
      'page:now:draft',
    ]);
  });

  it('drops internal #tags and keeps the public ones in order', () => {
    expect(bySlug('connection-pooling').tags).toEqual(['Performance', 'PostgreSQL']);
    expect(bySlug('feature-flags-at-scale').tags).toEqual([]);
    expect(source.skipped).toEqual({ 'internal #tags': 1 });
  });

  it('writes dates in the blog time zone and takes excerpt, feature image and its alt text', () => {
    const post = bySlug('connection-pooling');
    expect(post.date).toBe('2023-11-21T08:30:00+01:00');
    expect(post.updated).toBe('2023-12-02T11:15:00+01:00');
    expect(bySlug('retries-without-thundering-herds').date).toBe('2023-06-01T11:30:00+02:00');
    expect(post.description).toBe('A pool, a limit and a timeout took p99 from 340 ms to 95 ms.');
    expect(post.image).toBe('/content/images/2023/11/pool-cover.jpg');
    expect(post.imageAlt).toBe('A pool of water under a pier');
  });

  it('imports members-only posts as drafts with a warning', () => {
    expect(source.warnings).toEqual([
      expect.objectContaining({ code: 'CB3122', location: { file: FILE, line: TEXT.split('\n').findIndex((l) => l.includes('185e004"')) + 1 } }),
    ]);
  });

  it('prefers html, then Lexical, then mobiledoc', () => {
    expect('html' in bySlug('connection-pooling').body && bySlug('connection-pooling').body).toMatchObject({
      html: expect.stringContaining('The fix was boring'),
    });
    const lexical = bySlug('feature-flags-at-scale').body as { html: string };
    expect(lexical.html).toBe(
      '<p>Flags are config with a blast radius. <strong>Treat them like code.</strong></p><figure><pre><code class="language-yaml">flags:\n  new-checkout: { rollout: 5 }</code></pre></figure><ul><li><code>rollout</code> is a percentage</li></ul>',
    );
    const mobiledoc = bySlug('retries-without-thundering-herds').body as { html: string };
    expect(createConverter().convert(mobiledoc.html)).toBe(
      'Exponential backoff alone is not enough: add **jitter**.\n\n```python\ndelay = min(cap, base * 2 ** attempt)\ndelay = random.uniform(0, delay)\n```\n\n## Further reading\n\n- [Backoff and jitter](https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/)\n- Circuit breakers\n\n---\n\nLine one  \nline two\n',
    );
  });

  it("old URLs follow Ghost's /slug/ permalinks; drafts have none", () => {
    expect(bySlug('connection-pooling').oldUrls).toEqual(['/connection-pooling/']);
    expect(bySlug('about').oldUrls).toEqual(['/about/']);
    expect(bySlug('now').oldUrls).toEqual([]);
  });

  it('accepts the bare { data } shape of old exports, `page: true` and JSON-encoded settings', () => {
    const old = readGhost(
      JSON.stringify({
        meta: {},
        data: {
          posts: [{ id: 1, title: 'Hi', slug: 'hi', markdown: '# x', html: null, page: true, status: 'published', published_at: 1400000000000 }],
          settings: [{ key: 'title', value: '"Old blog"' }],
        },
      }),
      FILE,
    );
    expect(old.items[0]).toMatchObject({ kind: 'page', body: { markdown: '# x' }, date: '2014-05-13T16:53:20+00:00' });
    expect(old.site.title).toBe('Old blog');
  });

  it('reports malformed JSON at the line and column, and JSON that is not a Ghost export', () => {
    const e = thrown(() => readGhost('{\n  "db": [\n    {"data": }\n  ]\n}', FILE));
    expect(e.code).toBe('CB3102');
    expect(e.location).toMatchObject({ line: 3, column: 14 });
    expect(thrown(() => readGhost('{"db": [{"data": {"tags": []}}]}', FILE)).code).toBe('CB3104');
  });
});

describe('Ghost cards', () => {
  it('turns a bookmark card into one linked line and keeps the video element with controls', () => {
    const convert = createConverter({ prepare: prepareGhostHtml }).convert;
    expect(
      convert(
        '<figure class="kg-card kg-bookmark-card"><a class="kg-bookmark-container" href="https://x.test/"><div class="kg-bookmark-content"><div class="kg-bookmark-title">T</div><div class="kg-bookmark-description">D</div></div><div class="kg-bookmark-thumbnail"><img src="https://x.test/t.png" alt=""></div></a></figure>',
      ),
    ).toBe('[T](https://x.test/): D\n');
    expect(
      convert(
        '<figure class="kg-card kg-video-card"><div class="kg-video-container"><video src="/content/media/v.mp4" poster="p.png"></video><div class="kg-video-overlay"><button>Play</button></div><div class="kg-video-player-container"><div class="kg-video-player"><button>x</button></div></div></div></figure>',
      ),
    ).toBe('<video src="/content/media/v.mp4" poster="p.png" controls=""></video>\n');
  });

  it('renders mobiledoc markups, atoms and cards, and Lexical formats and links', () => {
    expect(
      mobiledocToHtml({
        markups: [['a', ['href', 'https://x.test/?a=1&b=2']]],
        atoms: [],
        cards: [['image', { src: 'i.png', alt: 'A', caption: 'Cap' }]],
        sections: [
          [1, 'h3', [[0, [0], 1, 'Link & more']]],
          [10, 0],
        ],
      }),
    ).toBe('<h3><a href="https://x.test/?a=1&amp;b=2">Link &amp; more</a></h3><figure><img src="i.png" alt="A"><figcaption>Cap</figcaption></figure>');
    expect(
      lexicalToHtml({
        root: { children: [{ type: 'paragraph', children: [{ type: 'link', url: 'https://x.test/', children: [{ type: 'text', text: '<b>', format: 3 }] }] }] },
      }),
    ).toBe('<p><a href="https://x.test/"><em><strong>&lt;b&gt;</strong></em></a></p>');
  });
});
