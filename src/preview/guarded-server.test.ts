import type { AddressInfo } from 'node:net';
import { request, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createGuardedServer, listen, type RequestHandler } from './guarded-server.js';
import { HostCheck } from './host-check.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

async function serve(handler: RequestHandler, hosts?: HostCheck): Promise<{ base: string; logged: string[] }> {
  const logged: string[] = [];
  const server = createGuardedServer(handler, { name: 'test server', hosts, log: (m) => logged.push(m) });
  servers.push(server);
  await listen(server, 0, '127.0.0.1');
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, logged };
}

/** fetch() will not send a Host of our choosing; node:http will. */
function getWithHost(base: string, host: string): Promise<{ status: number; type: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(base, { headers: { host } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode!, type: res.headers['content-type'] }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('createGuardedServer', () => {
  it("turns throws into 400 (the request's fault) or 500 (logged), and keeps serving", async () => {
    const { base, logged } = await serve(async (req, res, target) => {
      if (target.path === '/sync') throw new Error('sync bug');
      await new Promise((r) => setImmediate(r));
      if (target.path === '/async') throw new Error('async bug');
      if (target.path === '/decode') decodeURIComponent(target.query);
      if (target.path === '/header') res.setHeader('Location', decodeURIComponent(target.query));
      if (target.path === '/late') {
        res.writeHead(200);
        res.write('partial');
        throw new Error('late bug');
      }
      res.end(`ok ${req.url}`);
    });
    expect((await fetch(`${base}/sync`)).status).toBe(500);
    expect((await fetch(`${base}/async`)).status).toBe(500);
    expect((await fetch(`${base}/decode?%E0%A4%A`)).status).toBe(400);
    expect((await fetch(`${base}/header?%E2%9C%93`)).status).toBe(400);
    await expect(fetch(`${base}/late`).then((r) => r.text())).rejects.toThrow();
    expect(logged.map((l) => l.split(' failed')[0])).toEqual(['GET /sync', 'GET /async', 'GET /late']);
    expect(await (await fetch(`${base}/fine?x=1`)).text()).toBe('ok /fine?x=1');
  });

  it('checks Host before the handler runs', async () => {
    let ran = 0;
    const { base } = await serve((_req, res) => {
      ran++;
      res.end('page');
    }, new HostCheck('127.0.0.1'));
    expect(await getWithHost(base, 'rebind.example')).toEqual({ status: 403, type: 'text/plain; charset=utf-8' });
    expect(ran).toBe(0);
    expect((await fetch(base)).status).toBe(200);
    expect(ran).toBe(1);
  });
});
