import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, runCli } from './helpers/cli.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** `casebook preview DIR --port 0`: the line it prints, a request function, and a stop function. */
async function preview(dir: string) {
  const child = spawn(process.execPath, [BIN, 'preview', dir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.on('exit', () => reject(new Error(`preview exited: ${out}`)));
  });
  const port = /localhost:(\d+)\//.exec(line)![1];
  const get = (path: string) => fetch(`http://127.0.0.1:${port}${path}`, { redirect: 'manual' });
  const stop = () =>
    new Promise<void>((resolve) => {
      child.on('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { line, get, stop };
}

describe('casebook preview of a site built for a base path', () => {
  it('serves it under that path, styled, and sends / there', async () => {
    const root = await mkdtemp(join(tmpdir(), 'casebook-basepath-'));
    dirs.push(root);
    const site = join(root, 'site');
    expect((await runCli(['init', site])).code).toBe(0);
    // What init's own comment suggests for a GitHub Pages project site.
    const config = join(site, 'casebook.config.yaml');
    await writeFile(config, (await readFile(config, 'utf8')).replace('baseUrl: https://example.com/', 'baseUrl: https://u.github.io/site/'));
    const build = await runCli(['build', site, '--skip', 'og,search', '--quiet']);
    expect(build.code, build.stderr).toBe(0);

    const server = await preview(join(site, 'dist'));
    try {
      expect(server.line).toMatch(/under its base path \/site\/ at http:\/\/localhost:\d+\/site\/ /);
      const root = await server.get('/');
      expect(root.status).toBe(302);
      expect(root.headers.get('location')).toBe('/site/');

      const home = await server.get('/site/');
      expect(home.status).toBe(200);
      const html = await home.text();
      // Every stylesheet the page links to is served: the page is not unstyled.
      const sheets = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1]!);
      expect(sheets.length).toBeGreaterThan(0);
      for (const href of sheets) {
        expect(href.startsWith('/site/'), href).toBe(true);
        const css = await server.get(href);
        expect(css.status, href).toBe(200);
        expect(css.headers.get('content-type')).toContain('text/css');
      }
      const post = /href="(\/site\/writing\/hello-world\/)"/.exec(html)?.[1];
      expect(post).toBeDefined();
      expect((await server.get(post!)).status).toBe(200);
      const bare = await server.get('/site/writing');
      expect(bare.status).toBe(301);
      expect(bare.headers.get('location')).toBe('/site/writing/');
      // A link that forgot the base path is broken on the real host too: preview shows it.
      expect((await server.get('/writing/hello-world/')).status).toBe(404);
    } finally {
      await server.stop();
    }
  });
});
