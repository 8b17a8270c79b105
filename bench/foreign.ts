import { spawnSync } from 'node:child_process';
import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatePosts, writeGeneratedSite } from './generate.js';
import { benchWorkFolder } from './work-folder.js';
import { compileCasebook } from './compiled.js';

/**
 * What lenient mode costs: the same 1,000 generated posts as a Casebook site and as a Jekyll
 * repository (space-separated categories, `{% highlight %}` blocks, `{{ site.url }}` links,
 * kramdown attribute lists, permalinks with categories and dates), built clean and alternately;
 * then each fixture repository of test/fixtures/foreign. Medians of RUNS builds.
 */
const RUNS = Number(process.env.RUNS ?? 3);
const COUNT = Number(process.env.POSTS ?? 1000);
const root = fileURLToPath(new URL('..', import.meta.url));
// The CLI runs the compiled code: compiled afresh, so this never times a dist/ older than src/.
compileCasebook();
const bin = join(root, 'bin/casebook.js');

async function writeJekyllSite(dir: string, count: number): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(join(dir, '_posts'), { recursive: true });
  await writeFile(
    join(dir, '_config.yml'),
    'title: Generated site\nurl: https://bench.example.com\ntimezone: Europe/Berlin\npermalink: /:categories/:year/:month/:day/:title:output_ext\nauthor:\n  name: Bench Author\n',
  );
  for (const p of generatePosts(count)) {
    const body = p.text
      .replace(/```(\w+)\n([\s\S]*?)\n```/g, '{% highlight $1 %}\n$2\n{% endhighlight %}')
      .replace(/\n\n/, '\n{: .lead}\n\n<!--more-->\n\n')
      .concat(`\n\nMore at [the archive]({{ site.url }}/archive/).\n`);
    const fm = `---\nlayout: post\ntitle: "${p.title}"\ndate: ${p.date} 10:00:00 +0100\ncategories: ${p.category.toLowerCase()} notes\ntags: [${p.tags.join(', ')}]\ncomments: true\n---\n`;
    await writeFile(join(dir, '_posts', p.file), `${fm}\n${body}\n`);
  }
}

function timeBuild(site: string): number {
  const out = benchWorkFolder(undefined, `casebook-bench-out-${process.pid}`).folder;
  const started = performance.now();
  const r = spawnSync(process.execPath, [bin, 'build', site, '--out', out, '--no-cache', '--skip', 'og,search', '--quiet'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`build of ${site} failed: ${r.stderr}`);
  spawnSync('rm', ['-rf', out]);
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const work = benchWorkFolder(undefined, `casebook-bench-foreign-${process.pid}`).folder;
await mkdir(work, { recursive: true });
try {
  const casebook = join(work, 'casebook');
  const jekyll = join(work, 'jekyll');
  await writeGeneratedSite(casebook, COUNT, 'casebook');
  await writeJekyllSite(jekyll, COUNT);
  const times = { casebook: [] as number[], jekyll: [] as number[] };
  timeBuild(casebook); // warm the file system cache once for both
  timeBuild(jekyll);
  for (let i = 0; i < RUNS; i++) {
    times.casebook.push(timeBuild(casebook));
    times.jekyll.push(timeBuild(jekyll));
  }
  console.log(`| layout | ${COUNT} posts, clean (median of ${RUNS}) |\n|---|---|`);
  console.log(`| Casebook (strict) | ${secs(median(times.casebook))} |`);
  console.log(`| Jekyll (lenient, Liquid syntax) | ${secs(median(times.jekyll))} (${(median(times.jekyll) / median(times.casebook)).toFixed(2)}×) |`);

  console.log(`\n| fixture | clean build (median of ${RUNS}) |\n|---|---|`);
  for (const tool of ['hugo', 'jekyll', 'astro', 'eleventy', 'zola', 'next']) {
    const dir = join(work, `fixture-${tool}`);
    await cp(join(root, 'test/fixtures/foreign', tool), dir, { recursive: true });
    const t = Array.from({ length: RUNS }, () => timeBuild(dir));
    console.log(`| ${tool} | ${secs(median(t))} |`);
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
