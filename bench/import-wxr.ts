// Times `casebook import wordpress` on a generated WXR export, then builds the result.
// Usage: npm run bench:import -- [--posts 1000] [--runs 3]
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { benchWorkFolder } from './work-folder.js';
import { compileCasebook } from './compiled.js';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { posts: { type: 'string', default: '1000' }, runs: { type: 'string', default: '3' } } });
const posts = Number(values.posts);
const runs = Number(values.runs);
const work = benchWorkFolder(undefined, 'casebook-bench-import').folder;

const WORDS =
  'latency budget queue lock index replica partition deploy rollback cache shard consumer producer schema migration retry timeout backoff pool thread'.split(
    ' ',
  );
function sentence(i: number, n: number): string {
  const w = Array.from({ length: n }, (_, k) => WORDS[(i * 7 + k * 3) % WORDS.length]);
  return w.join(' ').replace(/^\w/, (c) => c.toUpperCase()) + '.';
}
function paragraph(i: number): string {
  return Array.from({ length: 6 }, (_, k) => sentence(i + k, 12 + (k % 5))).join(' ');
}
const cdata = (s: string) => `<![CDATA[${s.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;

/** A classic-editor post of ~1,100 words: paragraphs, a heading, a [code] shortcode, a <pre>, a caption, links. */
function content(i: number): string {
  const parts: string[] = [];
  for (let p = 0; p < 14; p++) {
    parts.push(paragraph(i + p));
    if (p === 2) parts.push('<!--more-->');
    if (p === 4) parts.push('<h2>How it works</h2>');
    if (p === 5)
      parts.push(
        '[code lang="ts"]\nexport async function retry<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {\n  for (let i = 0; ; i++) {\n    try { return await fn(); } catch (e) { if (i >= attempts) throw e; }\n  }\n}\n[/code]',
      );
    if (p === 8)
      parts.push(
        `[caption id="attachment_${100000 + i}" align="aligncenter" width="800"]<img src="https://bench.example.com/wp-content/uploads/2020/01/figure-${i}.png" alt="Figure ${i}" width="800" height="450" /> Figure ${i}: throughput over time[/caption]`,
      );
    if (p === 10)
      parts.push(
        '<pre class="brush: sql; title: ; notranslate">SELECT id, state FROM jobs WHERE state = \'ready\' ORDER BY id LIMIT 10 FOR UPDATE SKIP LOCKED;</pre>',
      );
    if (p === 12) parts.push(`See <a href="https://bench.example.com/2020/01/post-${(i + 1) % posts}/">the next post</a> and <em>the docs</em>.`);
  }
  return parts.join('\n\n');
}

function item(i: number): string {
  const day = String((i % 28) + 1).padStart(2, '0');
  const month = String((i % 12) + 1).padStart(2, '0');
  const year = 2015 + (i % 9);
  const draft = i % 25 === 0;
  return `<item>
<title>${cdata(`Post ${i}: notes on ${WORDS[i % WORDS.length]} & ${WORDS[(i + 3) % WORDS.length]}`)}</title>
<link>${draft ? `https://bench.example.com/?p=${i + 1}` : `https://bench.example.com/${year}/${month}/post-${i}/`}</link>
<dc:creator>${cdata('bench')}</dc:creator>
<guid isPermaLink="false">https://bench.example.com/?p=${i + 1}</guid>
<content:encoded>${cdata(content(i))}</content:encoded>
<excerpt:encoded>${cdata(i % 3 ? '' : sentence(i, 14))}</excerpt:encoded>
<wp:post_id>${i + 1}</wp:post_id>
<wp:post_date>${cdata(`${year}-${month}-${day} 10:00:00`)}</wp:post_date>
<wp:post_date_gmt>${cdata(draft ? '0000-00-00 00:00:00' : `${year}-${month}-${day} 09:00:00`)}</wp:post_date_gmt>
<wp:post_name>${cdata(draft ? '' : `post-${i}`)}</wp:post_name>
<wp:status>${cdata(draft ? 'draft' : 'publish')}</wp:status>
<wp:post_type>${cdata('post')}</wp:post_type>
<wp:post_password>${cdata('')}</wp:post_password>
<category domain="category" nicename="c${i % 8}">${cdata(`Category ${i % 8}`)}</category>
<category domain="post_tag" nicename="t${i % 40}">${cdata(`tag${i % 40}`)}</category>
<category domain="post_tag" nicename="t${(i * 7) % 40}">${cdata(`tag${(i * 7) % 40}`)}</category>
</item>
<item>
<title>${cdata(`figure-${i}`)}</title>
<wp:post_id>${100000 + i}</wp:post_id>
<wp:post_parent>${i + 1}</wp:post_parent>
<wp:post_type>${cdata('attachment')}</wp:post_type>
<wp:status>${cdata('inherit')}</wp:status>
<wp:attachment_url>${cdata(`https://bench.example.com/wp-content/uploads/2020/01/figure-${i}.png`)}</wp:attachment_url>
</item>`;
}

function wxr(): string {
  return `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Bench blog</title>
<link>https://bench.example.com</link>
<description>Generated for the import benchmark</description>
<language>en-US</language>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_blog_url>https://bench.example.com</wp:base_blog_url>
${Array.from({ length: posts }, (_, i) => item(i)).join('\n')}
</channel>
</rss>
`;
}

rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const file = join(work, 'export.xml');
writeFileSync(file, wxr());
console.log(`WXR with ${posts} posts and ${posts} attachments: ${(statSync(file).size / 1024 / 1024).toFixed(1)} MB`);

// The CLI runs the compiled code: compiled afresh, so this never times a dist/ older than src/.
compileCasebook();
const bin = join(root, 'bin/casebook.js');
const times: number[] = [];
for (let r = 0; r < runs; r++) {
  const site = join(work, `site-${r}`);
  const t = performance.now();
  const out = spawnSync(process.execPath, [bin, 'import', 'wordpress', file, '--out', site, '--verbose'], { encoding: 'utf8' });
  times.push(performance.now() - t);
  if (out.status !== 0) throw new Error(out.stderr);
  if (r === 0) process.stdout.write(out.stdout);
}
times.sort((a, b) => a - b);
console.log(
  `import (whole command, median of ${runs}): ${(times[Math.floor(runs / 2)]! / 1000).toFixed(2)} s; runs: ${times.map((t) => (t / 1000).toFixed(2)).join(', ')} s`,
);
const t = performance.now();
const built = spawnSync(process.execPath, [bin, 'build', join(work, 'site-0'), '--skip', 'og,search', '--no-cache'], { encoding: 'utf8' });
if (built.status !== 0) throw new Error(built.stderr);
console.log(`build of the imported site: ${((performance.now() - t) / 1000).toFixed(2)} s (${built.stdout.trim()})`);
