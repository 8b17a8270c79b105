import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../src/pipeline/index.js';
import { BIN } from './helpers/cli.js';
import { loadTest } from './helpers/load.js';
import { useTempSites } from './helpers/site.js';

const site = useTempSites();

describe('servers under load', () => {
  const PATHS = ['/', '/writing/', '/writing/p/', '/feed.xml', '/no/such/page/', '/sitemap.xml', '/writing/p', '/%2e%2e/etc/passwd'];

  async function startCli(args: string[]): Promise<{ port: number; stop: () => Promise<void> }> {
    const child = spawn(process.execPath, [BIN, ...args, '--port', '0'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        const m = /at http:\/\/localhost:(\d+)\//.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child.on('exit', () => reject(new Error(out)));
    });
    return {
      port,
      stop: () =>
        new Promise((r) => {
          child.on('exit', () => r());
          child.kill('SIGTERM');
        }),
    };
  }

  // 64 × 50 = 3,200 requests keeps each test within about 15 s even on a 2-core machine at load 30;
  // CASEBOOK_LOAD_REQUESTS=4000 runs the 256,000-request version.
  const perClient = Number(process.env.CASEBOOK_LOAD_REQUESTS ?? 50);
  for (const command of ['preview', 'dev']) {
    it(`${command}: 64 concurrent clients × ${perClient} requests on loopback, zero errors`, async () => {
      const dir = await site(`-- casebook.config.yaml --\nbaseUrl: https://ok.example.com/\n-- content/writing/p.md --\n---\ntitle: P\n---\nBody.\n`);
      if (command === 'preview') await build({ site: dir, skip: ['og'] });
      const server = await startCli(command === 'preview' ? ['preview', join(dir, 'dist')] : ['dev', dir]);
      try {
        const r = await loadTest(server.port, PATHS, 64, perClient);
        expect(r.errors).toBe(0);
        expect(r.requests).toBe(64 * perClient);
        // Every answer is one the server means to give: pages, its 404, the slash redirect, the traversal refusal.
        expect(Object.keys(r.statuses).map(Number).sort()).toEqual([200, 301, 400, 404]);
        console.log(`${command}: ${r.requests} requests in ${(r.ms / 1000).toFixed(1)} s (${Math.round(r.requests / (r.ms / 1000))}/s), ${r.errors} errors`);
      } finally {
        await server.stop();
      }
    }, 300_000);
  }
});
