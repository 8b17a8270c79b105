import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { build } from '../src/pipeline/index.js';
import { startCollector } from './helpers/analytics.js';
import { rawRequest, startServerCli, type RawAnswer } from './helpers/raw-http.js';
import { useTempSites } from './helpers/site.js';

const site = useTempSites();
const dir = await mkdtemp(join(tmpdir(), 'casebook-server-fuzz-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

const REQUESTS = Number(process.env.CASEBOOK_FUZZ_REQUESTS ?? 2000);
const SEED = Number(process.env.CASEBOOK_FUZZ_SEED ?? 20261205);
const BUDGET_MS = 20_000;
const CONCURRENCY = 32;

const SITE = `
-- casebook.config.yaml --
baseUrl: https://ok.example.com/
search: false
-- content/writing/p.md --
---
title: Fuzzed post
---
Body.
-- static/✓/index.html --
<p>A folder whose name needs percent-encoding in a redirect.</p>
`;

const ascii = (max: number) => fc.string({ unit: 'binary-ascii', maxLength: max });
const anyText = (max: number) => fc.string({ unit: 'binary', maxLength: max });

/** Targets that broke servers like these, and random ones. */
const target = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '/',
      '/writing',
      '//writing',
      '///writing/',
      '/writing/p/',
      '//[/x',
      '/[',
      '//[::1]/',
      '/%',
      '/%zz',
      '/%E2%9C%93',
      '/%C0%AF',
      '/%ff%fe',
      '/../etc/passwd',
      '/%2e%2e/%2e%2e/',
      '/%252e%252e/',
      '/a\\..\\b',
      '/%00',
      '*',
      'http://[',
      'http://evil.example/x',
      'HTTP://localhost/writing',
      '/api/event',
      '/api/stats?from=2024-13-40&to=x',
      '/api/stats.csv?table=%zz',
      '/dashboard?site=%3Cscript%3E',
      '/__casebook/client.js',
      '/?a=%ff&b=%',
      '/writing?%E0%A4%A',
      '/favicon.ico',
      '/healthz',
      '/writing/p/#frag',
      '/a?b?c#d#e',
    ),
  },
  {
    weight: 3,
    arbitrary: fc
      .array(
        fc.oneof(fc.constantFrom('writing', 'p', '..', '.', '', '%00', '%2f', '%', '%c0%af', '\\', 'index.html', '404.html', '%2e%2e'), ascii(8), anyText(4)),
        { maxLength: 6 },
      )
      .map((segments) => `/${segments.join('/')}`),
  },
  { weight: 1, arbitrary: anyText(40) },
  { weight: 1, arbitrary: fc.integer({ min: 2_000, max: 100_000 }).map((n) => `/${'a'.repeat(n)}`) },
);

const method = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE', 'PROPFIND', 'CONNECT', 'M-SEARCH', 'QUERY', 'get'),
  },
  { weight: 1, arbitrary: ascii(12) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 5_000 }).map((n) => 'X'.repeat(n)) },
);

const version = fc.oneof(
  { weight: 6, arbitrary: fc.constant('HTTP/1.1') },
  { weight: 2, arbitrary: fc.constantFrom('HTTP/1.0', 'HTTP/2.0', 'HTTP/0.9', 'HTTP/1.1 extra', 'http/1.1', '', 'HTTP/9') },
  { weight: 1, arbitrary: ascii(10) },
);

/** A header line; `port` makes most Host values the server's own. */
const header = (port: number) =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc.constantFrom(
        `Host: localhost:${port}`,
        `Host: 127.0.0.1:${port}`,
        'Host: evil.example',
        'Host: ',
        'Host: [::1',
        'Host: a:b:c',
        'Host: localhost\tx',
      ),
    },
    {
      weight: 2,
      arbitrary: fc
        .oneof(fc.integer({ min: -10, max: 100_000 }).map(String), fc.constantFrom('1e3', '0x10', ' 5', '5, 6', '99999999999999999999', 'abc'))
        .map((n) => `Content-Length: ${n}`),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'Transfer-Encoding: chunked',
        'Transfer-Encoding: gzip, chunked',
        'Transfer-Encoding: xchunked',
        'Expect: 100-continue',
        'Connection: Upgrade\r\nUpgrade: websocket',
        'Connection: keep-alive',
      ),
    },
    { weight: 2, arbitrary: fc.oneof(ascii(40), anyText(20)).map((t) => `Authorization: ${t}`) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'Authorization: Basic %%%',
        'Authorization: Basic Og==',
        'Authorization: Bearer',
        'Cookie: casebook_device=AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      ),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'Range: bytes=0-0',
        'Range: bytes=-1',
        'Range: bytes=99999999999999999999-',
        'Range: bytes=5-1',
        'Range: bytes=a-b',
        'Range: bytes=0-1,2-3',
      ),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'Origin: https://blog.example',
        'Origin: null',
        'Origin: ',
        'Content-Type: text/plain',
        'Content-Type: application/json; charset=utf-8',
        'Content-Type: %',
      ),
    },
    { weight: 2, arbitrary: fc.tuple(ascii(12), fc.oneof(ascii(30), anyText(10))).map(([n, v]) => `${n}: ${v}`) },
    { weight: 1, arbitrary: fc.integer({ min: 8_000, max: 40_000 }).map((n) => `X-Big: ${'b'.repeat(n)}`) },
  );

const body = fc.oneof(
  { weight: 3, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: fc.constantFrom('{"site":"blog.example","path":"/a/","kind":"view"}', '5\r\nhello\r\n0\r\n\r\n', 'zz\r\n', '\0\0\0', '{"site":') },
  { weight: 1, arbitrary: anyText(60) },
);

/** Characters the HTTP parser lets through in a target, so the request reaches the handler. */
const targetChar = fc.constantFrom(
  ...'abcz09AZ/.-_~%?#[]:@!$&\'()*+,;=\\"<>^`{|}'.split(''),
  '%2e',
  '%2f',
  '%5c',
  '%00',
  '%ff',
  '%zz',
  '%E2%9C%93',
  '..',
  '//',
  'é',
);
const parsableTarget = fc.oneof(
  target.filter((t) => /^[\x21-\x7e]+$/.test(t)),
  // The servers' own routes, with hostile queries and tails.
  fc
    .tuple(
      fc.constantFrom(
        '/api/event',
        '/api/stats',
        '/api/stats.csv',
        '/dashboard',
        '/',
        '/writing',
        '/writing/p/',
        '/__casebook/events',
        '/__casebook/client.js',
        '//writing',
      ),
      fc.constantFrom('?', '/', '#', '?table=', '?from=', '?site=', '?to=2024-01-01&from='),
      fc.string({ unit: targetChar, maxLength: 20 }),
    )
    .map(([route, joint, tail]) => `${route}${joint}${tail}`),
  fc.string({ unit: targetChar, minLength: 1, maxLength: 30 }).map((t) => (t.startsWith('/') ? t : `/${t}`)),
);

/** Header lines the parser accepts, with values that mean something to the servers. */
const meaningfulHeader = (port: number) =>
  fc.oneof(
    fc.constantFrom(
      'Transfer-Encoding: chunked',
      'Expect: 100-continue',
      'Connection: keep-alive',
      'Accept-Encoding: gzip',
      'If-None-Match: *',
      'DNT: 1',
      'Sec-GPC: 1',
      'User-Agent: Mozilla/5.0 Chrome/1',
      'X-Forwarded-For: 1.2.3.4, ::1',
    ),
    fc.integer({ min: 0, max: 70_000 }).map((n) => `Content-Length: ${n}`),
    fc.string({ unit: targetChar, maxLength: 40 }).map((t) => `Authorization: ${t}`),
    fc.constantFrom('Bearer', 'Basic', 'bearer', 'Digest').chain((k) => fc.string({ unit: targetChar, maxLength: 60 }).map((t) => `Authorization: ${k} ${t}`)),
    fc.string({ unit: targetChar, maxLength: 80 }).map((t) => `Cookie: casebook_device=${t}`),
    fc.string({ unit: targetChar, maxLength: 30 }).map((t) => `Range: bytes=${t}`),
    fc.string({ unit: targetChar, maxLength: 30 }).map((t) => `Origin: ${t}`),
    fc.constantFrom('Origin: https://blog.example', 'Content-Type: text/plain', 'Content-Type: application/json', 'Content-Type: text/plain;charset=%'),
    fc.constantFrom(`Host: localhost:${port}`, `Host: 127.0.0.1:${port}`, 'Host: evil.example'),
  );

/** Requests the parser accepts: hostile in what they say, not in how. */
const wellFormed = (port: number) =>
  fc
    .record({
      method: fc.constantFrom('GET', 'GET', 'GET', 'HEAD', 'POST', 'POST', 'OPTIONS', 'PUT', 'DELETE', 'PROPFIND'),
      target: parsableTarget,
      host: fc.constantFrom(`localhost:${port}`, `localhost:${port}`, `127.0.0.1:${port}`, 'evil.example'),
      headers: fc.array(meaningfulHeader(port), { maxLength: 4 }),
      body,
      complete: fc.integer({ min: 0, max: 9 }).map((n) => n < 9),
    })
    .map(
      (r) =>
        `${r.method} ${r.target} HTTP/1.1\r\nHost: ${r.host}\r\n${r.headers.map((h) => `${h}\r\n`).join('')}${r.complete ? `Connection: close\r\n\r\n${r.body}` : ''}`,
    );

/** Anything at all in the request line and headers. */
const malformed = (port: number) =>
  fc
    .record({
      method,
      target,
      version,
      headers: fc.array(header(port), { maxLength: 6 }),
      body,
      eol: fc.constantFrom('\r\n', '\r\n', '\r\n', '\n'),
      complete: fc.integer({ min: 0, max: 9 }).map((n) => n < 8),
    })
    .map((r) => {
      const head = [`${r.method} ${r.target} ${r.version}`.trimEnd(), ...r.headers].join(r.eol);
      return `${head}${r.eol}${r.complete ? r.eol : ''}${r.complete ? r.body : ''}`;
    });

function requests(port: number, seed: number): Buffer[] {
  const request = fc.oneof({ weight: 3, arbitrary: wellFormed(port) }, { weight: 1, arbitrary: malformed(port) });
  return fc.sample(request, { seed, numRuns: REQUESTS }).map((text) => Buffer.from(text, 'utf8'));
}

interface FuzzResult {
  sent: number;
  answered: number;
  statuses: Record<number, number>;
  /** Answers that break a promise: a 5xx, a Location off this origin, a page for a foreign Host. */
  violations: string[];
  ms: number;
}

/** Sends the requests over raw sockets, CONCURRENCY at a time, until done or out of time. */
async function fuzz(port: number, seed: number, checksHost: boolean): Promise<FuzzResult> {
  const list = requests(port, seed);
  const started = performance.now();
  const statuses: Record<number, number> = {};
  const violations: string[] = [];
  let next = 0;
  let answered = 0;
  const worker = async () => {
    while (next < list.length && performance.now() - started < BUDGET_MS) {
      const bytes = list[next++]!;
      const answer: RawAnswer = await rawRequest(port, bytes, 2000, 300);
      const shown = JSON.stringify(bytes.toString('latin1').slice(0, 300));
      const text = bytes.toString('latin1');
      const foreignHost = checksHost && /^[A-Za-z-]+ \/\S* HTTP\/1\.1\r\nHost: evil\.example\r\n/.test(text);
      // Pipelined bodies can produce more than one response: every status counts.
      for (const m of answer.text.matchAll(/HTTP\/1\.[01] (\d{3}) /g)) {
        const status = Number(m[1]);
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (status >= 500) violations.push(`${status} for ${shown}`);
        if (foreignHost && status >= 200 && status < 400) violations.push(`${status} for a foreign Host: ${shown}`);
      }
      for (const m of answer.text.matchAll(/\r\nLocation: *([^\r]*)/gi)) {
        if (!/^(?:\/(?![/\\])|dashboard$)/.test(m[1]!)) violations.push(`Location ${m[1]} for ${shown}`);
      }
      if (answer.status !== undefined) answered++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { sent: next, answered, statuses, violations, ms: performance.now() - started };
}

function report(name: string, r: FuzzResult, seed: number): void {
  console.log(
    `${name}: ${r.sent} fuzzed requests in ${(r.ms / 1000).toFixed(1)} s (seed ${seed}), ${r.answered} answered; statuses ${JSON.stringify(r.statuses)}`,
  );
}

function expectSurvived(r: FuzzResult, alive: boolean, output: string, seed: number): void {
  expect(alive, `the server exited (seed ${seed}):\n${output}`).toBe(true);
  expect(r.violations, `seed ${seed}`).toEqual([]);
  // Every request was sent, unless the time budget ran out first; most were answered.
  expect(r.sent === REQUESTS || r.ms >= BUDGET_MS).toBe(true);
  expect(r.answered).toBeGreaterThan(r.sent / 2);
  // Nothing went down the internal-error path.
  expect(output).not.toMatch(/failed:|internal error|TypeError|RangeError/i);
}

describe('fuzzing the servers over raw sockets', () => {
  const stops: (() => Promise<void>)[] = [];
  // Before the site folders are removed.
  afterEach(async () => {
    while (stops.length) await stops.pop()!();
  });

  it('casebook analytics serve stays up, answers no request with 5xx or a foreign Location, and still serves', async () => {
    const c = await startCollector(['--db', `sqlite:${join(dir, 'fuzz.db')}`, '--origin', 'https://blog.example']);
    stops.push(async () => void (await c.stop()));
    const port = Number(new URL(c.url).port);
    // The owner signs in first: the fuzz's wrong tokens lock out 127.0.0.1, not the owner's browser.
    const signIn = await fetch(`${c.url}/api/stats`, { headers: { authorization: `Bearer ${c.token}` } });
    expect(signIn.status).toBe(200);
    const device = signIn.headers.get('set-cookie')?.split(';')[0] ?? '';
    const r = await fuzz(port, SEED, false);
    report('analytics serve', r, SEED);
    expectSurvived(r, c.child.exitCode === null, c.output(), SEED);
    const health = await fetch(`${c.url}/healthz`);
    expect([health.status, await health.text()]).toEqual([200, 'ok\n']);
    const stats = await fetch(`${c.url}/api/stats`, { headers: { authorization: `Bearer ${c.token}`, cookie: device } });
    expect(stats.status).toBe(200);
    expect(((await stats.json()) as { totals: object }).totals).toHaveProperty('views');
  }, 90_000);

  for (const command of ['dev', 'preview'] as const) {
    it(`casebook ${command} stays up, answers no request with 5xx, a foreign Location or a page for a foreign Host, and still serves`, async () => {
      const siteDir = await site(SITE);
      if (command === 'preview') await build({ site: siteDir, skip: ['og', 'search'] });
      const s = await startServerCli(command === 'preview' ? ['preview', join(siteDir, 'dist')] : ['dev', siteDir]);
      stops.push(s.stop);
      const seed = SEED + (command === 'dev' ? 1 : 2);
      const r = await fuzz(s.port, seed, true);
      report(command, r, seed);
      expectSurvived(r, s.alive(), s.output(), seed);
      const page = await fetch(`http://localhost:${s.port}/writing/p/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Fuzzed post');
    }, 90_000);
  }
});
