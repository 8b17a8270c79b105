import { describe, expect, it } from 'vitest';
import { build } from '../src/pipeline/index.js';
import { useTempSites } from './helpers/site.js';

const site = useTempSites();

const SITE = `-- casebook.config.yaml --
title: Cases
baseUrl: https://cases.example.com/
-- content/case-studies/cache.md --
---
title: A cache in front of search
date: 2024-03-01
kind: case-study
role: Tech lead
problem: Search was slow at peak.
decisions:
  - decision: Cache query results for 60 s
    alternatives: [A bigger database]
    why: Most queries repeat.
tradeoffs: [Results can be a minute old]
outcomes:
  - metric: p95 latency
    before: 340
    after: 95
    unit: ms
    better: lower
lessons: [Measure before you shard]
---
The story of the cache, with [a link](../other/).
-- content/writing/outage.md --
---
title: The Tuesday outage
date: 2024-04-01
kind: postmortem
impact: Checkout failed for 14 minutes.
rootCause: An autoscaler limit.
timeline:
  - at: "09:02"
    event: Alerts fire
actionItems: [Raise the limit]
---
What happened, in order.
-- content/writing/plain.md --
---
title: A plain article
date: 2024-05-01
---
Only its body.
`;

describe('what feeds carry of a post', () => {
  it('a case study and a postmortem carry the parts their pages show around the story, in every feed format', async () => {
    const dir = await site(SITE);
    const { files } = await build({ site: dir, memory: true, skip: ['og', 'search'] });
    const rss = String(files!.get('feed.xml'));
    const atom = String(files!.get('atom.xml'));
    const json = JSON.parse(String(files!.get('feed.json'))) as { items: { title: string; content_html: string }[] };
    const html = (title: string) => json.items.find((i) => i.title === title)!.content_html;
    const study = html('A cache in front of search');
    for (const part of [
      'Tech lead',
      'Search was slow at peak.',
      'p95 latency',
      '340 ms',
      '95 ms',
      'Cache query results for 60 s',
      'Results can be a minute old',
      'Measure before you shard',
      'The story of the cache',
    ]) {
      expect(study, part).toContain(part);
    }
    // Links in the story are absolute, as for any post.
    expect(study).toContain('href="https://cases.example.com/');
    const outage = html('The Tuesday outage');
    for (const part of ['Checkout failed for 14 minutes.', 'An autoscaler limit.', 'Alerts fire', 'Raise the limit', 'What happened, in order.'])
      expect(outage, part).toContain(part);
    expect(html('A plain article')).toBe('<p>Only its body.</p>\n');
    // RSS and Atom carry the same (as CDATA sections).
    for (const xml of [rss, atom]) {
      expect(xml).toContain('p95 latency');
      expect(xml).toContain('An autoscaler limit.');
    }
  });
});
