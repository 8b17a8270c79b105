import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../src/pipeline/index.js';
import { runCli, spawnCli } from './helpers/cli.js';
import { execFileSync, spawnSync } from 'node:child_process';
import { hasChromium } from './helpers/browser.js';

const hasPoppler = spawnSync('sh', ['-c', 'command -v pdftoppm && command -v pdfinfo']).status === 0;
if (!hasPoppler) console.warn('CV PDF test skipped: pdftoppm/pdfinfo not found; install them with `apt-get install poppler-utils` (as .ci/run does)');
import { useTempSites } from './helpers/site.js';

const site = useTempSites();

const RESUME = {
  basics: {
    name: 'Rosa Marquez',
    label: 'Principal engineer, databases',
    email: 'rosa@example.com',
    url: 'https://rosa.example.com',
    summary: 'I make databases boring.',
    location: { city: 'Lisbon', countryCode: 'PT' },
    profiles: [{ network: 'GitHub', username: 'rosa', url: 'https://github.example/rosa' }],
  },
  work: [
    { name: 'Quayside', position: 'Principal Engineer', startDate: '2021-04', highlights: ['Cut failover time to 9 s'] },
    { name: 'Northwind Labs', position: 'Senior Engineer', startDate: '2016-01', endDate: '2021-03', summary: 'Storage team.' },
  ],
  education: [{ institution: 'Instituto Técnico', area: 'Computer Science', studyType: 'MSc', startDate: '2010', endDate: '2012' }],
  skills: [
    { name: 'Databases', level: 'Expert', keywords: ['PostgreSQL', 'Replication'] },
    { name: 'Languages', keywords: ['Go', 'C'] },
  ],
  publications: [{ name: 'Failover in nine seconds', publisher: 'PGConf', releaseDate: '2023-10-12' }],
  languages: [{ language: 'Portuguese', fluency: 'Native' }],
};

const SITE = `
-- casebook.config.yaml --
baseUrl: https://rosa.example.com/
-- resume.json --
${JSON.stringify(RESUME, null, 2)}
-- content/writing/replicas.md --
---
title: Reading from replicas safely
date: 2024-01-10
tags: [postgresql]
---
Body.
-- content/case-studies/failover.md --
---
title: Failover in nine seconds
date: 2023-09-01
categories: [Optimization & Migration Wins]
featured: true
role: Tech lead
outcomes:
  - { metric: Failover time, before: 340, after: 95, unit: s, better: lower }
decisions:
  - { decision: Use synchronous standby, alternatives: [Async with fencing, Shared storage], why: No data loss }
lessons: [Rehearse failovers monthly]
---
Story.
-- content/case-studies/outage.md --
---
title: The March replication outage
date: 2024-03-02
kind: postmortem
categories: [Failure Analysis]
severity: SEV-1
impact: Writes failed for 14 minutes.
timeline:
  - { at: "2024-03-02 09:14", event: Disk full on primary }
  - { at: "2024-03-02 09:28", event: Writes restored }
rootCause: WAL archiving stalled silently.
actionItems: [Alert on archive lag]
---
What happened.
`;

describe('portfolio from a profile', () => {
  it('builds home, CV, resume.json, case studies and a postmortem from resume.json, two case studies and one post', async () => {
    const dir = await site(SITE);
    const { files } = await build({ site: dir, memory: true, skip: ['og'] });
    const get = (p: string) => String(files!.get(p));

    const home = get('index.html');
    expect(home).toContain('<h1 id="hero-title" dir="auto">Rosa Marquez</h1>');
    expect(home).toContain('<p class="headline" dir="auto">Principal engineer, databases</p>');
    expect(home).toContain('Lisbon, PT');
    expect(home).toContain('Failover in nine seconds'); // featured case study
    expect(home).toContain('Reading from replicas safely'); // latest writing
    expect(home).toMatch(/<span class="when">Apr 2021 – present<\/span>/);
    expect(home).toContain('<li><a href="/tags/postgresql/">PostgreSQL<span class="visually-hidden">: posts tagged postgresql</span></a></li>');
    expect(home).toContain('<li><span>Replication</span></li>'); // no such tag: not a link
    expect(home).toContain('<a href="/cv/">CV</a>');

    const cv = get('cv/index.html');
    for (const text of [
      'Principal Engineer',
      'Quayside',
      'Senior Engineer',
      'Northwind Labs',
      'Jan 2016 – Mar 2021',
      'Storage team.',
      'Cut failover time to 9 s',
      'PostgreSQL',
      'Replication',
      'Go',
      'Instituto Técnico',
      'MSc, Computer Science',
      '2010 – 2012',
      'Failover in nine seconds',
      'PGConf',
      'Portuguese',
    ]) {
      expect(cv, text).toContain(text);
    }
    expect(cv).toContain('<body class="page-cv">');
    expect(cv).toContain('<li><a href="/tags/postgresql/">PostgreSQL<span class="visually-hidden">: posts tagged postgresql</span></a></li>');

    expect(JSON.parse(get('resume.json'))).toEqual(RESUME);

    const cs = get('case-studies/failover/index.html');
    // The arrow and the value after it are one unbreakable unit: no line starts with a lone "→".
    expect(cs).toContain(
      '<span class="before">340 s</span> <span class="to"><span aria-hidden="true">→</span><span class="visually-hidden"> to </span> <span class="after">95 s</span></span>',
    );
    expect(cs).toContain('−72%');
    expect(cs).toContain(
      '<td data-label="Decision">Use synchronous standby</td><td data-label="Alternatives weighed">Async with fencing; Shared storage</td><td data-label="Why">No data loss</td>',
    );
    expect(cs).toContain('<li>Rehearse failovers monthly</li>');

    const pm = get('case-studies/outage/index.html');
    expect(pm).toContain('<span class="kind">Postmortem</span>');
    expect(pm).toContain('<dt>Severity</dt><dd>SEV-1</dd>');
    expect(pm).toContain('<span class="at">2024-03-02 09:14</span> <span class="event">Disk full on primary</span>');
    expect(pm).toContain('<h2 id="cs-root-cause">Root cause</h2><p>WAL archiving stalled silently.</p>');
    expect(pm).toContain('<ol><li>Alert on archive lag</li></ol>');
    // A postmortem opens with its rail (impact, detection, timeline, root cause, actions), before the story.
    expect(pm.indexOf('class="pm-flow"')).toBeGreaterThan(0);
    expect(pm.indexOf('class="pm-flow"')).toBeLessThan(pm.indexOf('<div class="prose">'));
    expect(pm.indexOf('id="cs-root-cause"')).toBeLessThan(pm.indexOf('<div class="prose">'));

    const css = [...files!.keys()].find((k) => k.startsWith('assets/casebook-'))!;
    expect(get(css)).toMatch(/@media print\{[\s\S]*\.page-cv/);
    expect(get(css)).toContain('@page{margin:14mm 15mm}');
  });

  it('groups /case-studies/ into the configured sections with filter pages and an empty state', async () => {
    const dir = await site(SITE);
    const { files } = await build({ site: dir, memory: true, skip: ['og'] });
    const index = String(files!.get('case-studies/index.html'));
    expect(index).toMatch(/<h2 id="group-featured"><a href="\/case-studies\/sections\/featured\/">Featured<\/a><\/h2>[\s\S]*Failover in nine seconds/);
    expect(index).toMatch(/<h2 id="group-failure-analysis">[\s\S]*The March replication outage/);
    // A featured study is in Featured and in its own section: the section page lists it, not "empty".
    const group = (id: string) => index.slice(index.indexOf(`<h2 id="group-${id}">`)).split('</section>')[0]!;
    expect(group('featured')).toContain('Failover in nine seconds');
    const own = [...index.matchAll(/<h2 id="group-([\w-]+)">/g)]
      .map((m) => m[1]!)
      .filter((id) => id !== 'featured' && group(id).includes('Failover in nine seconds'));
    expect(own.length).toBe(1);
    expect(index).not.toContain('group-architecture-design'); // empty sections are not listed on the index
    expect(index).toContain('<nav class="filters" aria-label="Filter case studies">');
    const empty = String(files!.get('case-studies/sections/architecture-design/index.html'));
    expect(empty).toContain('No case studies in this category yet.');
    expect(empty).toMatch(/aria-current="page">Architecture &amp; Design/);

    const custom = await site(
      SITE.replace('baseUrl: https://rosa.example.com/', 'caseStudies:\n  sections:\n    - { title: Incidents, categories: [failure analysis] }'),
    );
    const customIndex = String((await build({ site: custom, memory: true, skip: ['og'] })).files!.get('case-studies/index.html'));
    expect(customIndex).toMatch(/group-incidents[\s\S]*The March replication outage/);
    expect(customIndex).toMatch(/group-more[\s\S]*Failover in nine seconds/);
  });

  it('points invalid case study fields at their own line', async () => {
    const dir = await site(`-- content/case-studies/x.md --
---
title: X
outcomes:
  - { metric: A, before: 1, after: 2, better: lower }
  - { metric: B, before: "lots", after: 2, better: lower }
---
`);
    await expect(build({ site: dir, memory: true })).rejects.toMatchObject({
      errors: [
        expect.objectContaining({
          code: 'CB1011',
          message: expect.stringContaining('`outcomes[2].before` must be a number'),
          location: expect.objectContaining({ line: 5 }),
        }),
      ],
    });
    const better = await site(`-- content/case-studies/y.md --
---
title: Y
outcomes:
  - metric: A
    before: 1
    after: 2
    better: faster
---
`);
    await expect(build({ site: better, memory: true })).rejects.toMatchObject({
      errors: [
        expect.objectContaining({
          code: 'CB1011',
          message: expect.stringContaining('must be one of "lower", "higher"'),
          location: expect.objectContaining({ line: 7, column: 13 }),
        }),
      ],
    });
  });

  it.skipIf(!hasChromium || !hasPoppler)('prints the CV to a PDF that renders', async () => {
    const dir = await site(SITE);
    const pdf = join(dir, 'cv.pdf');
    const r = await runCli(['cv', '--pdf', pdf, dir, '--paper', 'letter']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Wrote .*cv\.pdf \(\d+ KB, LETTER\)\n$/);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const info = execFileSync('pdfinfo', [pdf]).toString();
    expect(info).toMatch(/Page size:\s+612 x 792 pts \(letter\)/);
    execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', pdf, join(dir, 'page')]);
    const png = join(dir, 'page-1.png');
    expect(existsSync(png)).toBe(true);
    expect(statSync(png).size).toBeGreaterThan(5000);
    const text = execFileSync('pdftotext', [pdf, '-']).toString();
    expect(text).toContain('Rosa Marquez');
    expect(text).toContain('Northwind Labs');
  });

  it('says clearly when no Chromium is installed, and when the site has no profile', async () => {
    const dir = await site(SITE);
    const r = await spawnCli(['cv', '--pdf', join(dir, 'x.pdf'), dir], { CHROME_PATH: '/nonexistent/chromium' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error CB3005: No Chromium found for PDF output');
    expect(r.stderr).toContain('apt-get install chromium');
    const bare = await site('-- content/a.md --\nHi\n');
    const noProfile = await runCli(['cv', '--pdf', join(bare, 'x.pdf'), bare]);
    expect(noProfile.code).toBe(1);
    expect(noProfile.stderr).toContain('CB3006');
    expect((await runCli(['cv', bare])).code).toBe(2);
  });
});
