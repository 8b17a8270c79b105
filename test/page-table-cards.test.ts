import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../src/pipeline/index.js';
import { planPages, type PageEntry } from '../src/site/index.js';
import { tableInput } from './helpers/page-table.js';
import { spawnCli } from './helpers/cli.js';
import { useTempSites } from './helpers/site.js';

const site = useTempSites();

const SITE = `
-- casebook.config.yaml --
title: Cards
baseUrl: https://cards.example.com/
-- content/writing/plain.md --
---
title: A plain post
date: 2024-01-01
tags: [queues]
---
Body.
-- content/writing/covered.md --
---
title: A post with a cover
date: 2024-02-01
image: https://cdn.example.com/cover.png
---
Body.
`;

describe('social cards in the page table', () => {
  it('lists a card beside each page that shows one, with its page, sources and what it shows, and none beside a covered post', async () => {
    const dir = await site(SITE);
    const r = await build({ site: dir, memory: true, skip: ['og', 'search'] });
    const covers = new Map(r.model.posts.filter((p) => p.image).map((p) => [p, { url: p.image! }]));
    const plan = (cards: boolean) => planPages(tableInput(r.model, { covers, cards }));
    const table = plan(true);
    const cards = table.entries.filter((e): e is PageEntry & { kind: 'card' } => e.kind === 'card');
    const plain = cards.find((c) => c.urlPath === 'writing/plain/og.png');
    expect(plain).toMatchObject({ outFile: 'writing/plain/og.png', sources: [join(dir, 'content/writing/plain.md')] });
    expect(plain!.page.kind).toBe('post');
    expect(cards.map((c) => c.urlPath)).toEqual(expect.arrayContaining(['og.png', 'writing/og.png', 'tags/queues/og.png']));
    expect(cards.map((c) => c.urlPath)).not.toContain('writing/covered/og.png');
    // What a card shows is its key: a post's title is on its card, so a new title is a new key.
    const before = JSON.stringify(plain!.shows!());
    const post = r.model.posts.find((p) => p.title === 'A plain post')!;
    post.title = 'Renamed';
    const again = plan(true);
    const renamed = again.entries.find((e) => e.urlPath === 'writing/plain/og.png')!;
    expect(JSON.stringify(renamed.shows!())).not.toBe(before);
    // Cards off: no card entries at all.
    expect(plan(false).entries.some((e) => e.kind === 'card')).toBe(false);
  });

  it("keeps the author's own og.png, static or beside the post, where the card would go: no card drawn, no og:image, a warning", async () => {
    const dir = await site(`${SITE}
-- static/writing/plain/og.png --
the author's picture
-- content/writing/bundled/index.md --
---
title: Bundled
date: 2024-02-01
---
![Their social picture](og.png)
-- content/writing/bundled/og.png --
the author's bundle picture
`);
    const r = await build({ site: dir, memory: true, skip: ['search'] });
    expect(String(r.files?.get('writing/plain/og.png'))).toBe("the author's picture\n");
    expect(String(r.files?.get('writing/bundled/og.png'))).toBe("the author's bundle picture\n");
    const warned = r.warnings.filter((w) => w.code === 'CB1605').map((w) => w.message);
    expect(warned.sort()).toEqual([
      'The image beside the post keeps /writing/bundled/og.png; the social card of the post writing/bundled/index.md is not drawn, and the page names no social image.',
      'static/writing/plain/og.png keeps /writing/plain/og.png; the social card of the post writing/plain.md is not drawn, and the page names no social image.',
    ]);
    expect(String(r.files?.get('writing/plain/index.html'))).not.toContain('og:image');
    // Other pages keep their cards.
    expect(r.files?.get('og.png')).toBeInstanceOf(Uint8Array);
  });

  it("renders a cached page again when the author's og.png comes or goes at its card's path", async () => {
    const dir = await site(SITE);
    const page = () => readFileSync(join(dir, 'dist/writing/plain/index.html'), 'utf8');
    await build({ site: dir, skip: ['search'] });
    expect(page()).toContain('og:image');
    mkdirSync(join(dir, 'static/writing/plain'), { recursive: true });
    writeFileSync(join(dir, 'static/writing/plain/og.png'), "the author's picture\n");
    const r = await build({ site: dir, skip: ['search'] });
    expect(r.warnings.map((w) => w.code)).toContain('CB1605');
    expect(page()).not.toContain('og:image');
    expect(page()).toContain('content="summary"');
    rmSync(join(dir, 'static/writing/plain/og.png'));
    await build({ site: dir, skip: ['search'] });
    expect(page()).toContain('og:image');
  });

  it("lets an author's own /cv/ page take the CV's card with it", async () => {
    const dir = await site(`${SITE}
-- resume.json --
{ "basics": { "name": "Ada Tester", "label": "Engineer" } }
-- content/pages/cv.md --
---
title: My own CV
slug: cv
---
Mine.
`);
    const r = await build({ site: dir, memory: true, skip: ['search'] });
    expect(r.warnings.map((w) => w.code)).toContain('CB1602');
    expect(String(r.files?.get('cv/index.html'))).toContain('My own CV');
    expect(r.files?.get('cv/og.png')).toBeInstanceOf(Uint8Array);
  });
});

describe('social cards of a build that fails', () => {
  it('stops drawing them when a page fails to render, instead of drawing every card before the build can end', async () => {
    const posts = Array.from(
      { length: 12 },
      (_, i) => `-- content/writing/p${i}.md --\n---\ntitle: Post ${i}\ndate: 2024-01-${String(i + 1).padStart(2, '0')}\n---\nBody ${i}.\n`,
    ).join('');
    const dir = await site(`${SITE}${posts}
-- theme/components/post-meta.js --
import { defineComponent } from 'casebook';
export default defineComponent('post-meta', ({ post }) => '<b>' + post.title + '</b>');
`);
    await expect(build({ site: dir, skip: ['search'] })).rejects.toMatchObject({ code: 'CB2306' });
    // Give workers that were left running the time to draw (and cache) a card or two.
    await new Promise((r) => setTimeout(r, 3000));
    const cached = await readdir(join(dir, '.casebook/cache/og')).catch(() => []);
    expect(cached).toEqual([]);
  }, 30_000);

  it('warns of a card that will show boxes (CJK, emoji), on every build, and not of Latin, Cyrillic or Greek text', async () => {
    const dir = await site(`
-- casebook.config.yaml --
title: Notizen
baseUrl: https://cards.example.com/
-- content/writing/kanji.md --
---
title: 漢字で書いたタイトル
date: 2024-01-01
---
Body.
-- content/writing/launch.md --
---
title: Launch day 🚀
date: 2024-01-02
---
Body.
-- content/writing/europe.md --
---
title: Ærøskøbing, Łódź, Москва and Αθήνα — “quoted”
date: 2024-01-03
tags: [東京]
---
Body.
`);
    const out = join(dir, 'public');
    for (let run = 0; run < 2; run++) {
      const r = await build({ site: dir, out, skip: ['search'] });
      const warned = r.warnings.filter((w) => w.code === 'CB1608');
      expect(warned.map((w) => w.location?.file ?? '').sort()).toEqual(['', join(dir, 'content/writing/kanji.md'), join(dir, 'content/writing/launch.md')]);
      expect(warned.map((w) => w.message).sort()).toEqual([
        'The social card /tags/東京/og.png shows boxes for characters its font has no glyph for: "東", "京".',
        'The social card of "Launch day 🚀" shows boxes for characters its font has no glyph for: "🚀".',
        'The social card of "漢字で書いたタイトル" shows boxes for characters its font has no glyph for: "漢", "字", "で", "書", "い", "た", … (10 in all).',
      ]);
    }
  }, 60_000);

  it('says so from the command in its own process (on Node 20 a script, which must import HarfBuzz, not require it)', async () => {
    const dir = await site(`
-- casebook.config.yaml --
title: 日記
baseUrl: https://cards.example.com/
-- content/writing/morning.md --
---
title: 東京の朝
date: 2024-01-01
---
Body.
`);
    const r = await spawnCli(['build', dir, '--skip', 'search']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      'content/writing/morning.md: The social card of "東京の朝" shows boxes for characters its font has no glyph for: "東", "京", "の", "朝"',
    );
  }, 60_000);
});
