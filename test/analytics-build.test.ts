import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { build } from '../src/pipeline/index.js';
import { checkSite } from '../src/check/check.js';
import { CasebookError } from '../src/errors/index.js';
import { useTempSites } from './helpers/site.js';

const site = useTempSites();

const CONTENT = `
-- content/writing/first.md --
---
title: First
date: 2024-03-01
description: The first article.
aliases: [/old-first/]
---
Body of the first article.
-- content/case-studies/ledger.md --
---
title: Ledger
kind: case-study
date: 2024-02-01
description: A case study.
problem: Double entries.
---
Body of the case study.
-- content/case-studies/outage.md --
---
title: Outage
kind: postmortem
date: 2024-01-01
description: A postmortem.
---
What happened.
-- resume.json --
{ "basics": { "name": "Ada Tester", "label": "Engineer" } }
`;

const config = (analytics: string) => `-- casebook.config.yaml --
title: Test
description: A test site.
baseUrl: https://example.com/blog/
${analytics}
`;

const text = (files: Map<string, string | Uint8Array>, path: string) => {
  const f = files.get(path);
  return typeof f === 'string' ? f : Buffer.from(f!).toString('utf8');
};
const htmlPages = (files: Map<string, string | Uint8Array>) => [...files.keys()].filter((p) => p.endsWith('.html'));

describe('the beacon in built pages', () => {
  it('is absent without analytics.endpoint: no script except on /search/, no end marker, no asset', async () => {
    const dir = await site(config('') + CONTENT);
    const { files } = await build({ site: dir, memory: true, skip: ['og'] });
    for (const path of htmlPages(files!)) {
      const page = text(files!, path);
      expect(page).not.toContain('data-read-end');
      expect(page).not.toContain('analytics');
      expect([path, page.match(/<script(?! type="application\/ld\+json")(?=[^>]*\ssrc=)/g)?.length ?? 0]).toEqual([path, path === 'search/index.html' ? 1 : 0]);
    }
    expect([...files!.keys()].some((p) => p.startsWith('assets/analytics-'))).toBe(false);
  });

  it('is on every page with analytics.endpoint, and the end marker only on articles and case studies', async () => {
    const dir = await site(config('analytics:\n  endpoint: https://stats.example.com/collector\n  site: example-blog') + CONTENT);
    const { files } = await build({ site: dir, memory: true, skip: ['og'] });
    const script = [...files!.keys()].find((p) => /^assets\/analytics-[0-9a-f]{10}\.js$/.test(p))!;
    expect(script).toBeDefined();
    const tag = `<script defer src="/blog/${script}" data-endpoint="https://stats.example.com/collector/api/event" data-site="example-blog"></script>`;
    const posts = ['writing/first/index.html', 'case-studies/ledger/index.html', 'case-studies/outage/index.html'];
    let pages = 0;
    for (const path of htmlPages(files!)) {
      const page = text(files!, path);
      if (page.includes('http-equiv="refresh"')) {
        // Alias redirects are not pages a reader sees.
        expect(page).not.toContain('<script');
        continue;
      }
      pages++;
      expect([path, page.split(tag).length - 1]).toEqual([path, 1]);
      expect([path, page.split('data-read-end').length - 1]).toEqual([path, posts.includes(path) ? 1 : 0]);
    }
    expect(pages).toBeGreaterThan(8);
    // The search page keeps its own script beside the beacon.
    expect(text(files!, 'search/index.html')).toMatch(/<script type="module" src="\/blog\/assets\/search-[0-9a-f]+\.js"><\/script>/);
    // The marker sits on the existing post footer: no new element.
    expect(text(files!, 'writing/first/index.html')).toContain('<footer class="post-footer" data-pagefind-ignore data-read-end>');

    const beacon = text(files!, script);
    const gzip = gzipSync(beacon, { level: 9 }).length;
    console.log(`analytics beacon: ${Buffer.byteLength(beacon)} bytes as shipped (minified), ${gzip} bytes gzipped`);
    expect(Buffer.byteLength(beacon)).toBeLessThanOrEqual(1536);
    for (const forbidden of ['cookie', 'localStorage', 'sessionStorage', 'indexedDB', 'canvas', 'userAgent', 'screen.']) {
      expect(beacon).not.toContain(forbidden);
    }
    expect(beacon).toContain('sendBeacon');
    expect(beacon).toContain('keepalive');
    expect(beacon).toContain('doNotTrack');
    expect(beacon).toContain('globalPrivacyControl');
    expect(beacon).toContain('IntersectionObserver');
  });

  it('defaults the site id to the host name of baseUrl, and passes casebook check', async () => {
    const dir = await site(config('analytics:\n  endpoint: https://stats.example.com/') + CONTENT);
    const { files } = await build({ site: dir, memory: true, skip: ['og', 'search'] });
    expect(text(files!, 'index.html')).toContain('data-endpoint="https://stats.example.com/api/event" data-site="example.com"');
    const report = await checkSite({ target: dir });
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('refuses a bad analytics config with the config error codes', async () => {
    const fails = async (analytics: string) => {
      const dir = await site(config(analytics) + CONTENT);
      const e = await build({ site: dir, memory: true, skip: ['og', 'search'] }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(CasebookError);
      return e as CasebookError;
    };
    expect((await fails('analytics:\n  endpoint: ftp://stats.example.com/')).code).toBe('CB2003');
    expect((await fails('analytics:\n  endpoint: not a url')).code).toBe('CB2003');
    expect((await fails('analytics:\n  site: x')).code).toBe('CB2003');
    expect((await fails('analytics:\n  endpoint: https://s.example.com/\n  site: "a b"')).code).toBe('CB2003');
    const unknown = await fails('analytics:\n  endpoint: https://s.example.com/\n  cookies: true');
    expect([unknown.code, unknown.message]).toEqual(['CB2002', 'analytics has an unknown key "cookies".']);
    // An https site cannot post to a plain-http collector elsewhere: browsers block it.
    const mixed = await fails('analytics:\n  endpoint: http://stats.example.com/');
    expect(mixed.code).toBe('CB2200');
    // ... but a collector on this machine is allowed (browsers treat loopback as secure).
    const dir = await site(config('analytics:\n  endpoint: http://127.0.0.1:4322/') + CONTENT);
    await expect(build({ site: dir, memory: true, skip: ['og', 'search'] })).resolves.toBeDefined();
  });
});
