import { execFileSync } from 'node:child_process';
import { mkdirSync, realpathSync, renameSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRegularFile, sendFile } from './send-file.js';
import { tempDir } from '../../test/helpers/temp-dir.js';

const dir = tempDir('casebook-send-file-');
let server: Server;
let port: number;

beforeAll(async () => {
  // Each request names the file to send in its path.
  server = createServer((req, res) => void sendFile(req, res, join(dir, decodeURIComponent(req.url!.slice(1))), 200));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function get(path: string, method = 'GET', headers: Record<string, string> = {}): Promise<{ status: number; body: Buffer; complete: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks), complete: res.complete }));
      res.on('error', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks), complete: false }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('sendFile', () => {
  it('answers 404 for what is not a regular file, for HEAD and GET alike, without waiting on a FIFO', async () => {
    execFileSync('mkfifo', [join(dir, 'pipe.css')]);
    execFileSync('mkdir', [join(dir, 'folder.css')]);
    for (const name of ['pipe.css', 'folder.css', 'missing.css']) {
      expect((await get(`/${name}`)).status, name).toBe(404);
      expect((await get(`/${name}`, 'HEAD')).status, name).toBe(404);
    }
  });

  it('cuts a gzipped response short when the file shrinks while it is sent, instead of ending it as if whole', async () => {
    const file = join(dir, 'big.css');
    writeFileSync(file, Array.from({ length: 400_000 }, (_, i) => `.r${i}{margin:${i}px;padding:${i * 7}px}`).join('\n'));
    const result = await new Promise<{ complete: boolean }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/big.css', headers: { 'Accept-Encoding': 'gzip' } }, (res) => {
        expect(res.headers['content-encoding']).toBe('gzip');
        res.once('data', () => {
          res.pause();
          truncateSync(file, 1000);
          setTimeout(() => res.resume(), 50);
        });
        res.on('end', () => resolve({ complete: res.complete }));
        res.on('error', () => resolve({ complete: false }));
        res.on('aborted', () => resolve({ complete: false }));
      });
      req.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve({ complete: false }) : reject(e)));
      req.end();
    });
    expect(result.complete).toBe(false);
  });

  it('sends a whole file, and a range of it', async () => {
    writeFileSync(join(dir, 'a.txt'), 'abcdefghij');
    const whole = await get('/a.txt');
    expect(whole).toMatchObject({ status: 200, complete: true });
    expect(whole.body.toString()).toBe('abcdefghij');
    const part = await get('/a.txt', 'GET', { Range: 'bytes=2-4' });
    expect(part.status).toBe(206);
    expect(part.body.toString()).toBe('cde');
  });
});

describe('openRegularFile with a check of where the file is', () => {
  it('opens a file whose real path is allowed, and refuses one that leads elsewhere or was swapped after the check', async () => {
    const root = tempDir('casebook-open-allowed-');
    mkdirSync(join(root, 'site'));
    writeFileSync(join(root, 'site/doc.txt'), 'inside');
    writeFileSync(join(root, 'secret.txt'), 'outside');
    symlinkSync(join(root, 'secret.txt'), join(root, 'site/link.txt'));
    const site = realpathSync(join(root, 'site'));
    const inSite = (real: string) => real.startsWith(site + '/');
    const opened = await openRegularFile(join(site, 'doc.txt'), inSite);
    expect(await opened!.file.readFile('utf8')).toBe('inside');
    await opened!.file.close();
    expect(await openRegularFile(join(site, 'link.txt'), inSite)).toBeUndefined();
    // The file is opened, then swapped for a link to the secret while its path is checked: what
    // was opened is no longer the file at that path, and is not sent.
    const swapping = (real: string) => {
      renameSync(join(site, 'doc.txt'), join(site, 'doc.old'));
      symlinkSync(join(root, 'secret.txt'), join(site, 'doc.txt'));
      return inSite(real);
    };
    expect(await openRegularFile(join(site, 'doc.txt'), swapping)).toBeUndefined();
  });
});
