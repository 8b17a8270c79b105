import { readdirSync } from 'node:fs';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPreview } from '../src/preview/server.js';
import { writeSite } from './helpers/site.js';

let server: Server;
const BIG_CSS = Array.from({ length: 200 }, (_, i) => `.rule-${i}{margin:${i}px}`).join('\n');
let port: number;
let cleanup: () => Promise<void>;

/** A request whose body is kept as bytes, to check what was compressed. */
function getBytes(
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: Buffer; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks), headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Raw request so paths reach the server exactly as written (fetch would normalise `..`). */
function get(
  path: string,
  method = 'GET',
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  const s = await writeSite(`
-- site/index.html --
<h1>Home</h1>
-- site/404.html --
<h1>Custom not found</h1>
-- site/writing/post/index.html --
<h1>Post</h1>
-- site/feed.xml --
<rss/>
-- secret.txt --
top secret
`);
  cleanup = s.cleanup;
  await mkdir(join(s.dir, 'site/assets'), { recursive: true });
  await writeFile(join(s.dir, 'site/assets/a.css'), 'body{color:red}');
  await writeFile(join(s.dir, 'site/assets/big.css'), BIG_CSS);
  await writeFile(join(s.dir, 'site/assets/font.woff2'), Buffer.alloc(4096, 7));
  // Big enough that a response is still streaming when its client goes away.
  await writeFile(join(s.dir, 'site/huge.html'), `<p>${'lorem ipsum dolor sit amet '.repeat(200_000)}</p>`);
  await symlink(join(s.dir, 'secret.txt'), join(s.dir, 'site/leak.txt'));
  server = await startPreview({ root: join(s.dir, 'site'), port: 0, host: '127.0.0.1' });
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await cleanup();
});

describe('preview server', () => {
  it('listens on loopback only', () => {
    expect((server.address() as AddressInfo).address).toBe('127.0.0.1');
  });

  it('serves indexes, MIME types and nosniff', async () => {
    const home = await get('/');
    expect(home.status).toBe(200);
    expect(home.body).toContain('Home');
    expect(home.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(home.headers['x-content-type-options']).toBe('nosniff');
    expect((await get('/writing/post/')).body).toContain('Post');
    expect((await get('/feed.xml')).headers['content-type']).toBe('application/xml; charset=utf-8');
    expect((await get('/assets/a.css')).headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('redirects a folder without its slash', async () => {
    const r = await get('/writing/post');
    expect(r.status).toBe(301);
    expect(r.headers.location).toBe('/writing/post/');
  });

  it("answers unknown paths with the site's 404 page and status 404", async () => {
    const r = await get('/no/such/page/');
    expect(r.status).toBe(404);
    expect(r.body).toContain('Custom not found');
  });

  it('refuses path traversal in every encoding and symlinks out of the root', async () => {
    for (const p of [
      '/../secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/%252e%252e/secret.txt',
      '/..\\secret.txt',
      '/%5c..%5csecret.txt',
      '/a/%2e%2e/%2e%2e/secret.txt',
      '/%00',
    ]) {
      const r = await get(p);
      expect(r.body, p).not.toContain('top secret');
      expect([400, 404], p).toContain(r.status);
    }
    const leak = await get('/leak.txt');
    expect(leak.status).toBe(404);
    expect(leak.body).not.toContain('top secret');
  });

  it('answers HEAD without a body and byte ranges with 206', async () => {
    const head = await get('/assets/a.css', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers['content-length']).toBe('15');
    const range = await get('/assets/a.css', 'GET', { Range: 'bytes=0-3' });
    expect(range.status).toBe(206);
    expect(range.body).toBe('body');
    expect(range.headers['content-range']).toBe('bytes 0-3/15');
    expect((await get('/assets/a.css', 'GET', { Range: 'bytes=99-' })).status).toBe(416);
    expect((await get('/', 'POST')).status).toBe(405);
  });

  it('gzips text for a client that accepts it, and nothing else', async () => {
    const gz = await getBytes('/assets/big.css', { 'Accept-Encoding': 'br, gzip;q=0.8' });
    expect(gz.status).toBe(200);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers.vary).toBe('Accept-Encoding');
    expect(gz.body.length).toBeLessThan(BIG_CSS.length / 3);
    expect(gunzipSync(gz.body).toString()).toBe(BIG_CSS);
    // Refused, not asked for, a range, a small file or a font: sent as it is.
    for (const [path, headers] of [
      ['/assets/big.css', { 'Accept-Encoding': 'gzip;q=0, *' }],
      ['/assets/big.css', { 'Accept-Encoding': 'gzip;q=abc' }],
      ['/assets/big.css', { 'Accept-Encoding': 'gzip;q=-1' }],
      ['/assets/big.css', {}],
      ['/assets/big.css', { 'Accept-Encoding': 'gzip', Range: 'bytes=0-9' }],
      ['/assets/a.css', { 'Accept-Encoding': 'gzip' }],
      ['/assets/font.woff2', { 'Accept-Encoding': 'gzip' }],
    ] as const) {
      const plain = await getBytes(path, headers);
      expect(plain.headers['content-encoding'], `${path} ${JSON.stringify(headers)}`).toBeUndefined();
      expect(Number(plain.headers['content-length'])).toBe(plain.body.length);
    }
    const head = await get('/assets/big.css', 'HEAD', { 'Accept-Encoding': 'gzip' });
    expect(head.headers['content-encoding']).toBe('gzip');
    expect(head.body).toBe('');
  });

  it('closes the file (and the compressor) of every client that goes away mid-response', async () => {
    const openFiles = () => readdirSync('/proc/self/fd').length;
    const abort = (gzip: boolean) =>
      new Promise<void>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/huge.html', headers: gzip ? { 'Accept-Encoding': 'gzip' } : {} }, (res) => {
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        });
        req.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve() : reject(e)));
        req.end();
      });
    const before = openFiles();
    for (let i = 0; i < 20; i++) await Promise.all([abort(true), abort(false)]);
    // Each aborted response held a file open for good before; now they close as the sockets do.
    await expect.poll(openFiles, { timeout: 5000 }).toBeLessThanOrEqual(before + 2);
    expect((await get('/writing/post/')).status).toBe(200);
  });
});
