import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';

/**
 * Hostile imported sites against what issue 17 keeps from another tool (shortcode templates,
 * Jekyll includes): nothing outside the site reaches the output, and nothing hangs the build.
 */
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function tempDir(name: string): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), `casebook-hostile-${name}-`));
  dirs.push(d);
  return d;
}

describe('content kept from another tool, against hostile sites', () => {
  it('Hugo: a shortcode template (or a theme folder) that is a symbolic link out of the site is not read or published', async () => {
    const elsewhere = await tempDir('elsewhere');
    await writeFile(join(elsewhere, 'secret.html'), 'SECRET-OUTSIDE-THE-SITE');
    await mkdir(join(elsewhere, 'theme', 'layouts', 'shortcodes'), { recursive: true });
    await writeFile(join(elsewhere, 'theme', 'layouts', 'shortcodes', 'banner.html'), 'THEME-OUTSIDE-THE-SITE');
    const site = await tempDir('hugo');
    await writeFile(join(site, 'config.toml'), 'baseURL = "https://x.example.net/"\ntitle = "X"\ntheme = "far"\n');
    await mkdir(join(site, 'layouts', 'shortcodes'), { recursive: true });
    await mkdir(join(site, 'themes'), { recursive: true });
    await symlink(join(elsewhere, 'secret.html'), join(site, 'layouts', 'shortcodes', 'leak.html'));
    await symlink(join(elsewhere, 'theme'), join(site, 'themes', 'far'));
    await writeFile(join(site, 'layouts', 'shortcodes', 'note.html'), '<span class="note">{{ .Get 0 }}</span>');
    await mkdir(join(site, 'content', 'posts'), { recursive: true });
    await writeFile(
      join(site, 'content', 'posts', 'hello.md'),
      '---\ntitle: Hello\ndate: 2022-01-01\n---\nA {{< leak >}} B {{< banner >}} C {{< note "kept" >}}\n',
    );
    const out = join(site, '_out');
    const run = await runCli(['build', site, '--out', out, '--no-cache', '--skip', 'og,search']);
    expect(run.stderr).not.toContain('internal error');
    expect(run.code).toBe(0);
    const post = readFileSync(join(out, 'posts/hello/index.html'), 'utf8');
    expect(post).not.toContain('SECRET-OUTSIDE-THE-SITE');
    expect(post).not.toContain('THEME-OUTSIDE-THE-SITE');
    // The site's own template still works, and the two that were not read are named as lost.
    expect(post).toContain('<span class="note">kept</span>');
    expect(run.stderr).toMatch(/CB1540[\s\S]*hello\.md lost 2 embeds or template blocks \(\{\{< leak >\}\}, \{\{< banner >\}\}\)/);
  });

  it('Jekyll: an includes_dir that climbs out of the site, or an _includes that links elsewhere, is not read; a runaway include does not hang', async () => {
    const elsewhere = await tempDir('includes-elsewhere');
    await writeFile(join(elsewhere, 'secret.html'), 'SECRET-OUTSIDE-THE-SITE');
    for (const how of ['config', 'link'] as const) {
      const site = await tempDir(`jekyll-${how}`);
      if (how === 'config') {
        await writeFile(join(site, '_config.yml'), `title: X\nincludes_dir: ../${join('..', elsewhere)}\n`);
      } else {
        await writeFile(join(site, '_config.yml'), 'title: X\n');
        await symlink(elsewhere, join(site, '_includes'));
      }
      await mkdir(join(site, '_posts'), { recursive: true });
      await writeFile(join(site, '_posts', '2021-01-01-hello.md'), '---\ntitle: Hello\n---\nA {% include secret.html %} B\n');
      const out = join(site, '_out');
      const run = await runCli(['build', site, '--out', out, '--no-cache', '--skip', 'og,search']);
      expect(run.stderr, how).not.toContain('internal error');
      expect(run.code, how).toBe(0);
      const post = readFileSync(join(out, '2021/01/01/hello.html'), 'utf8');
      expect(post, how).not.toContain('SECRET-OUTSIDE-THE-SITE');
      expect(run.stderr, how).toMatch(/hello\.md lost 1 embed or template block \(\{% include secret\.html %\}\)/);
    }
    const site = await tempDir('jekyll-runaway');
    await writeFile(join(site, '_config.yml'), 'title: X\n');
    await mkdir(join(site, '_includes'));
    await writeFile(join(site, '_includes', 'again.html'), 'again {% include again.html %}');
    await writeFile(join(site, '_includes', 'forever.html'), '{% for i in (1..100000000) %}{% endfor %}');
    await mkdir(join(site, '_posts'));
    for (let i = 1; i <= 5; i++) {
      await writeFile(join(site, '_posts', `2021-01-0${i}-p${i}.md`), `---\ntitle: P${i}\n---\nA {% include again.html %} B {% include forever.html %} C\n`);
    }
    const started = Date.now();
    const run = await runCli(['build', site, '--out', join(site, '_out'), '--no-cache', '--skip', 'og,search']);
    expect(run.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(run.stderr).toMatch(/\{% include again\.html %\} \(template render limit exceeded|call stack/);
  });

  it('Hugo: 100 KB descriptions full of lone Markdown marks build in seconds, shown escaped, with real Markdown kept', async () => {
    const site = await tempDir('descriptions');
    await writeFile(join(site, 'config.toml'), 'baseURL = "https://x.example.net/"\ntitle = "X"\n');
    await mkdir(join(site, 'content', 'posts'), { recursive: true });
    const shapes = ['*a ', '[a ', '**a ', '[a](b "', '_a ', '`a ', '[a](b ', '* a'];
    for (const [i, shape] of shapes.entries()) {
      const description = `${shape.repeat(Math.floor(100_000 / shape.length))} *real* <script>alert(${i})</script>`;
      await writeFile(
        join(site, 'content', 'posts', `p${i}.md`),
        `---\ntitle: P${i}\ndate: 2022-01-0${i + 1}\ndescription: ${JSON.stringify(description)}\n---\nbody\n`,
      );
    }
    const started = Date.now();
    const run = await runCli(['build', site, '--out', join(site, '_out'), '--no-cache', '--skip', 'og,search']);
    const took = Date.now() - started;
    expect(run.code).toBe(0);
    expect(took).toBeLessThan(12_000);
    const post = readFileSync(join(site, '_out', 'posts/p0/index.html'), 'utf8');
    expect(post).toMatch(/<p class="lede">\*a \*a [^<]*<em>real<\/em> &lt;script&gt;alert\(0\)&lt;\/script&gt;<\/p>/);
    expect(post).not.toContain('<script>alert');
  });

  it('Hugo: 20,000 nested or unclosed shortcodes build in seconds (they ran the build out of memory); the tags past 32 levels are named as lost', async () => {
    const site = await tempDir('nested-shortcodes');
    await writeFile(join(site, 'config.toml'), 'baseURL = "https://x.example.net/"\ntitle = "X"\n');
    await mkdir(join(site, 'layouts', 'shortcodes'), { recursive: true });
    await writeFile(join(site, 'layouts', 'shortcodes', 'w.html'), '<div class="w">{{ .Inner }}</div>');
    await mkdir(join(site, 'content', 'posts'), { recursive: true });
    await writeFile(
      join(site, 'content', 'posts', 'deep.md'),
      `---\ntitle: D\ndate: 2022-01-02\n---\n${'{{< w >}}'.repeat(20_000)}core${'{{< /w >}}'.repeat(20_000)}\n`,
    );
    await writeFile(
      join(site, 'content', 'posts', 'open.md'),
      `---\ntitle: O\ndate: 2022-01-01\n---\n${Array.from({ length: 20_000 }, (_, i) => `{{< w >}} line ${i}`).join('\n')}\n`,
    );
    const started = Date.now();
    const run = await runCli(['build', site, '--out', join(site, '_out'), '--no-cache', '--skip', 'og,search']);
    expect(run.stderr).not.toContain('heap');
    expect(run.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(20_000);
    const deep = readFileSync(join(site, '_out', 'posts/deep/index.html'), 'utf8');
    expect(deep).toContain('core');
    expect(deep).not.toContain('{{&lt;');
    expect(run.stderr).toMatch(/deep\.md:5: \{\{< w >\}\} \(nested 32 deep\) removed \d+ times/);
    expect(readFileSync(join(site, '_out', 'posts/open/index.html'), 'utf8')).toContain('line 19999');
  });
});
