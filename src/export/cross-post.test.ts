import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempSites } from '../../test/helpers/site.js';
import type { CasebookError } from '../errors/index.js';
import { exportPosts } from './cross-post.js';

const site = useTempSites();
const NOW = Date.UTC(2024, 5, 1);

const SITE = `
-- casebook.config.yaml --
title: Me
baseUrl: https://me.test/blog/
socialCards: false
-- content/writing/bundle/index.md --
---
title: A post with a diagram
date: 2024-03-01
description: Diagrams and links.
tags: [C#, Node.js, Web Development, PostgreSQL, Rust, Go]
categories: [Engineering]
image: cover.png
series: Deep dives
---
Intro paragraph.

<!--more-->

> [!NOTE]
> Alerts become bold labels.

![The diagram](diagram.png) and [the other post](/writing/other/), [relative](../other/), [section](#intro), [external](https://example.org/x).

<img src="diagram.png" alt="again"> <a href="/blog/writing/other/">raw HTML carries the base path</a>

\`\`\`md
![kept](diagram.png) [kept](/writing/other/)
\`\`\`
-- content/writing/bundle/diagram.png --
not really a png
-- content/writing/bundle/cover.png --
not really a png
-- content/writing/other.md --
---
title: Other
date: 2024-02-01
canonical: https://first-published.test/other
---
Body.
-- content/writing/draft.md --
---
title: Draft
date: 2024-01-01
draft: true
---
Draft.
-- content/writing/later.md --
---
title: Later
date: 2099-01-01
---
Scheduled.
-- content/case-studies/latency.md --
---
title: Cutting latency
date: 2023-01-01
role: Lead
stack: [Go, PostgreSQL]
problem: It was slow.
outcomes:
  - { metric: p99, before: 340, after: 95, unit: ms, better: lower }
  - { metric: Error rate, before: 0.4, after: 0.1, unit: '%', better: lower }
decisions:
  - { decision: Pool connections, alternatives: [Bigger database], why: Cheaper }
lessons: [Measure first]
---
The story.
`;

function files(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

describe('exportPosts', () => {
  it('dev.to: canonical URL from the built route, absolute images and links, 4 normalised tags, no drafts or scheduled posts', async () => {
    const dir = await site(SITE);
    const r = await exportPosts({ platform: 'devto', site: dir, now: NOW });
    expect(r.outDir).toBe(join(dir, 'export/devto'));
    expect(r.files.sort()).toEqual(['bundle.md', 'latency.md', 'other.md']);
    expect(r.unpublished).toBe(2);
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'CB3142', message: '"A post with a diagram": dev.to takes 4 tags; left out rust, go.' })]);
    const out = files(r.outDir);
    expect(out['bundle.md']).toBe(`---
# Written by casebook export; the next export replaces this file.
title: A post with a diagram
published: true
description: Diagrams and links.
tags: csharp, nodejs, webdevelopment, postgresql
canonical_url: https://me.test/blog/writing/bundle/
cover_image: https://me.test/blog/writing/bundle/cover.png
series: Deep dives
---

Intro paragraph.

> **Note**
> Alerts become bold labels.

![The diagram](https://me.test/blog/writing/bundle/diagram.png) and [the other post](https://me.test/blog/writing/other/), [relative](https://me.test/blog/writing/other/), [section](#intro), [external](https://example.org/x).

<img src="https://me.test/blog/writing/bundle/diagram.png" alt="again"> <a href="https://me.test/blog/writing/other/">raw HTML carries the base path</a>

\`\`\`md
![kept](diagram.png) [kept](/writing/other/)
\`\`\`
`);
    // A post that names its own canonical URL keeps it.
    expect(out['other.md']).toContain('canonical_url: https://first-published.test/other\n');
  });

  it('Hashnode: its own front matter, and a case study carries its structured fields in the body', async () => {
    const dir = await site(SITE);
    const r = await exportPosts({ platform: 'hashnode', site: dir, now: NOW, out: join(dir, 'hn'), domain: 'me.hashnode.dev', draft: true });
    expect(r.warnings.map((w) => w.message)).toEqual(['"A post with a diagram": Hashnode takes 5 tags; left out go.']);
    const out = files(r.outDir);
    expect(out['bundle.md']).toMatch(
      /^---\n# Written by casebook export; the next export replaces this file.\ntitle: A post with a diagram\nsubtitle: Diagrams and links.\nslug: bundle\ntags: csharp, node-js, web-development, postgresql, rust\ncover: https:\/\/me.test\/blog\/writing\/bundle\/cover.png\ncanonical: https:\/\/me.test\/blog\/writing\/bundle\/\ndomain: me.hashnode.dev\nseriesSlug: deep-dives\nsaveAsDraft: true\n---\n/,
    );
    expect(out['latency.md']).toContain('canonical: https://me.test/blog/case-studies/latency/\n');
    expect(out['latency.md']).toContain(
      '**Role:** Lead  \n**Stack:** Go, PostgreSQL\n\n**Problem.** It was slow.\n\n| Outcome | Before | After | Change |\n| --- | --- | --- | --- |\n| p99 | 340 ms | 95 ms | −72% (lower is better) |\n| Error rate | 0.4% | 0.1% | −75% (lower is better) |\n\nThe story.\n\n## Decisions\n\n| Decision | Alternatives weighed | Why |\n| --- | --- | --- |\n| Pool connections | Bigger database | Cheaper |\n\n## Lessons\n\n- Measure first\n',
    );
  });

  it('needs a baseUrl (or --base-url), and a folder outside content/ and static/', async () => {
    const dir = await site(SITE.replace('baseUrl: https://me.test/blog/\n', ''));
    const code = (p: Promise<unknown>) =>
      p.then(
        () => 'ok',
        (e: CasebookError) => e.code,
      );
    expect(await code(exportPosts({ platform: 'devto', site: dir, now: NOW }))).toBe('CB3140');
    const r = await exportPosts({ platform: 'devto', site: dir, now: NOW, baseUrl: 'https://other.test/' });
    expect(readFileSync(join(r.outDir, 'other.md'), 'utf8')).toContain('canonical_url: https://first-published.test/other');
    expect(readFileSync(join(r.outDir, 'bundle.md'), 'utf8')).toContain('canonical_url: https://other.test/writing/bundle/');
    expect(await code(exportPosts({ platform: 'devto', site: dir, now: NOW, baseUrl: 'https://other.test/', out: join(dir, 'content/x') }))).toBe('CB3141');
    expect(await code(exportPosts({ platform: 'devto', site: dir, now: NOW, baseUrl: 'https://other.test/', out: dir + '/static' }))).toBe('CB3141');
  });

  it('replaces only files an earlier export wrote, and never exports into / or the home folder', async () => {
    const dir = await site(SITE);
    const code = (p: Promise<unknown>) =>
      p.then(
        () => 'ok',
        (e: CasebookError) => e.code,
      );
    const out = join(dir, 'elsewhere');
    expect(await code(exportPosts({ platform: 'devto', site: dir, now: NOW, out }))).toBe('ok');
    // A second export replaces its own files.
    expect(await code(exportPosts({ platform: 'devto', site: dir, now: NOW, out }))).toBe('ok');
    writeFileSync(join(out, 'other.md'), 'MY OWN FILE');
    expect(await code(exportPosts({ platform: 'devto', site: dir, now: NOW, out }))).toBe('CB3144');
    expect(readFileSync(join(out, 'other.md'), 'utf8')).toBe('MY OWN FILE');
    expect(await code(exportPosts({ platform: 'devto', site: dir, now: NOW, out: '/' }))).toBe('CB3141');
    expect(await code(exportPosts({ platform: 'devto', site: dir, now: NOW, out: homedir() }))).toBe('CB3141');
  });

  it('fails when nothing is published yet', async () => {
    const dir = await site('-- casebook.config.yaml --\nbaseUrl: https://me.test/\n-- content/writing/d.md --\n---\ntitle: D\ndraft: true\n---\nx\n');
    await expect(exportPosts({ platform: 'hashnode', site: dir, now: NOW })).rejects.toMatchObject({
      code: 'CB3143',
      message: expect.stringContaining('only drafts and scheduled ones'),
    });
  });
});
