import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { build } from '../src/pipeline/index.js';
import { checkSite } from '../src/check/check.js';
import { CasebookError, CasebookErrors } from '../src/errors/index.js';
import { isCompletePng } from '../src/og/cache.js';
import { jsonLdBlocks, assertWellFormedXml } from './helpers/output.js';
import { useTempSites } from './helpers/site.js';

const site = useTempSites();

/** Builds in memory; returns the codes of content errors, or throws anything else (a crash). */
async function outcome(dir: string): Promise<string[]> {
  try {
    await build({ site: dir, memory: true, skip: ['og', 'search'] });
    return [];
  } catch (e) {
    const list = e instanceof CasebookErrors ? e.errors : e instanceof CasebookError ? [e] : undefined;
    if (!list) throw e;
    return list.map((x) => `${x.code} ${x.location?.file ?? ''}`);
  }
}

const VALID = `---
title: "A valid post"
date: 2024-03-01T09:30:00+01:00
description: A post that builds.
categories: [Engineering]
tags: [go, postgresql]
series: Queues
seriesPart: 1
outcomes:
  - { metric: p99, before: 340, after: 95, unit: ms, better: lower }
---
Intro with **bold**, a [link](/writing/x/) and a footnote.[^1]

## Section

\`\`\`ts
const a: number = 1;
\`\`\`

> [!NOTE]
> Alert.

| a | b |
|---|---|
| 1 | 2 |

[^1]: The note.
`;

describe('hostile and malformed content', () => {
  it('builds pathological Markdown quickly', async () => {
    const dir = await site('-- .keep --\n');
    await mkdir(join(dir, 'content/writing'), { recursive: true });
    const cases: Record<string, string> = {
      'nested-quotes': '>'.repeat(20_000) + ' deep',
      'open-brackets': '['.repeat(50_000),
      stars: '*'.repeat(50_000),
      underscores: '_a '.repeat(30_000),
      'long-line': 'word '.repeat(300_000), // 1.5 MB on one line
      'emphasis-runs': '*a **'.repeat(20_000),
      'unclosed-links': '[a]('.repeat(20_000),
      'deep-lists': Array.from({ length: 2_000 }, (_, i) => `${' '.repeat(i * 2)}- x`).join('\n'),
      backticks: '`'.repeat(50_000),
      'html-soup': '<div>'.repeat(20_000),
    };
    for (const [name, body] of Object.entries(cases)) await writeFile(join(dir, 'content/writing', `${name}.md`), `---\ntitle: ${name}\n---\n${body}\n`);
    const started = performance.now();
    const result = await build({ site: dir, memory: true, skip: ['og', 'search'] });
    expect(result.posts).toBe(Object.keys(cases).length);
    // Not a timing assertion on speed: a bound that only a hang (or quadratic blow-up) can break.
    expect(performance.now() - started).toBeLessThan(60_000);
    expect(String(result.files!.get('writing/long-line/index.html')).length).toBeGreaterThan(1_500_000);
  });

  it('turns unreadable, binary, oversized and clashing files into errors naming the file', async () => {
    const dir = await site(`
-- content/writing/bom-crlf.md --
\uFEFF---\r\ntitle: BOM and CRLF\r\ndate: 2024-01-01\r\n---\r\nBody\r\n
-- content/writing/ok.md --
---
title: OK
---
`);
    const w = join(dir, 'content/writing');
    expect(await outcome(dir)).toEqual([]);

    await symlink('loop.md', join(w, 'loop.md'));
    expect(await outcome(dir)).toEqual([`CB1033 ${join(w, 'loop.md')}`]);
    // The dev server's cached builds stat files first: the same error, not a crash.
    const { BuildCache } = await import('../src/pipeline/index.js');
    await expect(build({ site: dir, memory: true, skip: ['og', 'search'], cache: new BuildCache() })).rejects.toMatchObject({
      errors: [expect.objectContaining({ code: 'CB1033' })],
    });
    await writeFile(join(w, 'loop.md.keep'), '');
    const { rm } = await import('node:fs/promises');
    await rm(join(w, 'loop.md'));

    await symlink('missing-target.md', join(w, 'dangling.md'));
    expect(await outcome(dir)).toEqual([`CB1033 ${join(w, 'dangling.md')}`]);
    await rm(join(w, 'dangling.md'));

    await mkdir(join(dir, 'static'), { recursive: true });
    await symlink('spin.txt', join(dir, 'static/spin.txt'));
    expect(await outcome(dir)).toEqual([`CB1033 ${join(dir, 'static/spin.txt')}`]);
    await rm(join(dir, 'static/spin.txt'));

    // Folder loops are never followed.
    await symlink('..', join(w, 'up'));
    await symlink(w, join(w, 'self'));
    expect(await outcome(dir)).toEqual([]);

    await writeFile(join(w, 'binary.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0xff]));
    expect(await outcome(dir)).toEqual([`CB1031 ${join(w, 'binary.md')}`]);
    await writeFile(join(w, 'binary.md'), Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xc3, 0x28, 0x0a]));
    expect(await outcome(dir)).toEqual([`CB1031 ${join(w, 'binary.md')}`]);
    await rm(join(w, 'binary.md'));

    await writeFile(join(w, 'huge.md'), 'x'.repeat(5 * 1024 * 1024 + 1));
    expect(await outcome(dir)).toEqual([`CB1032 ${join(w, 'huge.md')}`]);
    await rm(join(w, 'huge.md'));

    await writeFile(join(w, 'OK.md'), '---\ntitle: Other OK\n---\n');
    expect((await outcome(dir))[0]).toMatch(/^CB1020 /);
    await rm(join(w, 'OK.md'));

    const { files } = await build({ site: dir, memory: true, skip: ['og', 'search'] });
    expect(String(files!.get('writing/bom-crlf/index.html'))).toContain('<h1>BOM and CRLF</h1>');
  });

  it('never crashes on random mutations of a valid post: it builds or fails with a catalogued error naming the file', async () => {
    const dir = await site('-- .keep --\n');
    const file = join(dir, 'content/writing/post.md');
    await mkdir(join(dir, 'content/writing'), { recursive: true });
    const mutation = fc.oneof(
      fc.record({
        kind: fc.constant('insert' as const),
        at: fc.nat(),
        text: fc.oneof(
          fc.string(),
          fc.constantFrom(
            '---',
            '+++',
            '{',
            '}',
            ':',
            '- ',
            '[',
            ']',
            '"',
            "'",
            '\t',
            '\n',
            '\0',
            '&',
            '<script>',
            '[^1]',
            '```',
            '> [!NOTE]',
            '![x](./nope.png)',
            'date: 2024-02-30',
            'title:',
            'tags: {a: 1}',
            'outcomes: 3',
          ),
        ),
      }),
      fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
      fc.record({ kind: fc.constant('duplicate-line' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('replace-byte' as const), at: fc.nat(), text: fc.string({ minLength: 1, maxLength: 3 }) }),
    );
    type Mutation = { kind: string; at: number; text?: string; length?: number };
    const apply = (src: string, ms: Mutation[]) => {
      let s = src;
      for (const m of ms) {
        const at = m.at % (s.length + 1);
        if (m.kind === 'insert' || m.kind === 'replace-byte') s = s.slice(0, at) + m.text + s.slice(m.kind === 'insert' ? at : at + 1);
        else if (m.kind === 'delete') s = s.slice(0, at) + s.slice(at + m.length!);
        else {
          const lines = s.split('\n');
          const i = m.at % lines.length;
          lines.splice(i, 0, lines[i]!);
          s = lines.join('\n');
        }
      }
      return s;
    };
    const counts = { built: 0, rejected: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async (ms) => {
        await writeFile(file, apply(VALID, ms));
        const errors = await outcome(dir);
        if (errors.length === 0) counts.built++;
        else counts.rejected++;
        for (const e of errors) expect(e).toMatch(new RegExp(`^CB\\d{4} ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
      }),
      { numRuns: 250, seed: 20261122 },
    );
    // Both outcomes happen: the generator is not trivially always-valid or always-broken.
    expect(counts.built).toBeGreaterThan(10);
    expect(counts.rejected).toBeGreaterThan(10);
  });

  it('never lets an XSS payload through any field of front matter, config or profile', async () => {
    const payloads = [
      '</script><script>alert(1)</script>',
      '"><img src=x onerror=alert(2)>',
      "'><svg onload=alert(3)>",
      'javascript:alert(4)',
      '</title><script>alert(5)</script>',
      ']]><script>alert(6)</script>',
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...payloads), fc.constantFrom(...payloads), async (p, q) => {
        const y = JSON.stringify;
        const dir = await site(`
-- casebook.config.yaml --
title: ${y(p)}
description: ${y(q)}
footer: ${y(p)}
social: [{ label: ${y(q)}, url: ${y(p)} }]
-- resume.json --
${JSON.stringify({ basics: { name: p, label: q, summary: p, url: 'https://ok.example.com/' + q, location: { city: q, countryCode: p }, profiles: [{ network: p, url: 'https://x.example/' + q }] }, work: [{ name: q, position: p, highlights: [q] }], skills: [{ name: p, keywords: [q, 'go'] }], education: [{ institution: p, area: q }], publications: [{ name: q, publisher: p }], languages: [{ language: p, fluency: q }] })}
-- content/writing/x.md --
---
title: ${y(p)}
description: ${y(q)}
date: 2024-01-01
tags: [${y(p)}, go]
categories: [${y(q)}]
series: ${y(p)}
aliases: ["/old/path/"]
imageAlt: ${y(q)}
---
Trusted body.
-- content/case-studies/y.md --
---
title: ${y(q)}
role: ${y(p)}
problem: ${y(q)}
stack: [${y(p)}]
outcomes: [{ metric: ${y(p)}, before: 1, after: 2, unit: ${y(q)}, better: lower }]
decisions: [{ decision: ${y(q)}, alternatives: [${y(p)}], why: ${y(q)} }]
timeline: [{ at: ${y(p)}, event: ${y(q)} }]
lessons: [${y(p)}]
---
`);
        const { files } = await build({ site: dir, memory: true, skip: ['og'] });
        for (const [path, data] of files!) {
          if (!/\.(html|xml|json|txt)$/.test(path) || path.startsWith('pagefind/')) continue;
          const text = String(data);
          for (const bad of [/<script>alert/i, /<img src=x onerror/i, /<svg onload/i, /href="javascript:/i, /<\/title><script/i])
            expect(text, `${path}`).not.toMatch(bad);
          if (path.endsWith('.xml')) assertWellFormedXml(text);
          if (path.endsWith('.json')) expect(() => JSON.parse(text)).not.toThrow();
          if (path.endsWith('.html')) for (const block of jsonLdBlocks(text)) expect(typeof block).toBe('object');
        }
        expect(JSON.parse(String(files!.get('resume.json'))).basics.name).toBe(p);
      }),
      { numRuns: 12, seed: 7 },
    );
  });
});

describe('caches and deployment safety', () => {
  it('never uses a torn or corrupted social card from the cache', async () => {
    const { renderCard } = await import('../src/og/card.js');
    const png = Buffer.from(await renderCard({ title: 'Cache integrity', eyebrow: undefined, meta: undefined, siteName: 'S', highlight: undefined }));
    expect(isCompletePng(png)).toBe(true);
    expect(isCompletePng(png.subarray(0, png.length - 1))).toBe(false); // torn at the end
    expect(isCompletePng(png.subarray(0, Math.floor(png.length / 2)))).toBe(false); // torn in the middle
    const flipped = Buffer.from(png);
    const mid = Math.floor(png.length / 2);
    flipped[mid] = flipped[mid]! ^ 0xff; // one corrupted byte inside a chunk
    expect(isCompletePng(flipped)).toBe(false);
    expect(isCompletePng(Buffer.concat([png, Buffer.from('trailing')]))).toBe(false);
    expect(isCompletePng(Buffer.from('not a png at all, but long enough to pass a length check'))).toBe(false);
  });

  it('fails check on absolute links to localhost, including a site built without baseUrl', async () => {
    const dir = await site(
      `-- casebook.config.yaml --\nbaseUrl: https://ok.example.com/\nsearch: false\n-- content/writing/a.md --\n---\ntitle: A\ndescription: D.\n---\nSee [my local copy](http://localhost:3000/draft).\n`,
    );
    const r = await checkSite({ target: dir });
    expect(r.findings.filter((f) => f.rule === 'localhost-link')).toEqual([expect.objectContaining({ severity: 'error', file: 'writing/a/index.html' })]);
    const bare = await site(`-- casebook.config.yaml --\nsearch: false\n-- content/writing/a.md --\n---\ntitle: A\ndescription: D.\n---\nFine.\n`);
    const local = await checkSite({ target: bare });
    expect(local.findings.some((f) => f.rule === 'localhost-link' && f.message.includes('http://localhost:4321/'))).toBe(true);
    expect(local.errors).toBeGreaterThan(0);
  });

  it('never publishes drafts or future posts without the flags', async () => {
    const dir = await site(
      `-- casebook.config.yaml --\nbaseUrl: https://ok.example.com/\n-- content/writing/d.md --\n---\ntitle: Secret draft\ndraft: true\n---\n-- content/writing/f.md --\n---\ntitle: Future post\ndate: 2999-01-01\n---\n-- content/writing/p.md --\n---\ntitle: Public\n---\n`,
    );
    const { files } = await build({ site: dir, memory: true, skip: ['og'] });
    for (const [path, data] of files!) {
      if (!/\.(html|xml|json)$/.test(path)) continue;
      expect(String(data), path).not.toMatch(/Secret draft|Future post/);
    }
  });
});
