import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Deterministic generated sites for benchmarks and scale tests: posts of ~1,100 words with one
 * or two code blocks, six categories and thirty tags. The same seed always gives the same bytes.
 */
export type Flavor = 'casebook' | 'hugo' | 'eleventy';

const WORDS = (
  'latency throughput queue worker replica shard index cache eviction budget deploy rollback canary ' +
  'schema migration lock transaction isolation snapshot vacuum partition consumer producer offset ' +
  'backpressure retry timeout idempotent request response handler service boundary contract module ' +
  'interface compiler runtime allocation garbage pointer buffer stream socket kernel syscall thread ' +
  'scheduler fairness priority incident alert pager dashboard metric histogram percentile error budget ' +
  'review design document proposal trade-off decision constraint outcome lesson team ownership on-call'
).split(' ');
const CATEGORIES = ['Engineering', 'Architecture', 'Operations', 'Career', 'Tooling', 'Databases'];
const TAGS = Array.from({ length: 30 }, (_, i) => `topic-${String.fromCharCode(97 + (i % 26))}${Math.floor(i / 26) || ''}`);

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function sentence(r: () => number): string {
  const n = 8 + Math.floor(r() * 12);
  const words = Array.from({ length: n }, () => WORDS[Math.floor(r() * WORDS.length)]!);
  const s = words.join(' ');
  return s[0]!.toUpperCase() + s.slice(1) + '.';
}

function paragraph(r: () => number): string {
  return Array.from({ length: 4 + Math.floor(r() * 4) }, () => sentence(r)).join(' ');
}

const CODE = [
  [
    'ts',
    'export async function retry<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {\n  let last: unknown;\n  for (let i = 0; i < attempts; i++) {\n    try {\n      return await fn();\n    } catch (e) {\n      last = e;\n      await new Promise((r) => setTimeout(r, 2 ** i * 100));\n    }\n  }\n  throw last;\n}',
  ],
  [
    'go',
    'func (q *Queue) Claim(ctx context.Context) (*Job, error) {\n\trow := q.db.QueryRowContext(ctx, claimSQL)\n\tvar j Job\n\tif err := row.Scan(&j.ID, &j.Payload); err != nil {\n\t\treturn nil, fmt.Errorf("claim: %w", err)\n\t}\n\treturn &j, nil\n}',
  ],
  [
    'sql',
    "UPDATE jobs SET state = 'running', claimed_at = now()\nWHERE id = (\n  SELECT id FROM jobs WHERE state = 'ready'\n  ORDER BY priority DESC, id\n  FOR UPDATE SKIP LOCKED LIMIT 1\n)\nRETURNING id, payload;",
  ],
  [
    'rust',
    'fn percentile(sorted: &[u64], p: f64) -> u64 {\n    let rank = (p / 100.0 * (sorted.len() - 1) as f64).round() as usize;\n    sorted[rank.min(sorted.len() - 1)]\n}',
  ],
];

export interface GeneratedPost {
  file: string;
  slug: string;
  title: string;
  date: string;
  category: string;
  tags: string[];
  text: string;
}

export function generatePosts(count: number, seed = 42): GeneratedPost[] {
  const r = rng(seed);
  const posts: GeneratedPost[] = [];
  for (let i = 0; i < count; i++) {
    const day = new Date(Date.UTC(2015, 0, 1) + i * 86400000 * (3650 / Math.max(count, 1)));
    const date = day.toISOString().slice(0, 10);
    const title = `${sentence(r).slice(0, -1).split(' ').slice(0, 6).join(' ')} ${i + 1}`;
    const slug = `post-${i + 1}`;
    const category = CATEGORIES[i % CATEGORIES.length]!;
    const tags = [TAGS[i % TAGS.length]!, TAGS[(i * 7 + 3) % TAGS.length]!];
    const blocks: string[] = [];
    const codeCount = 1 + (i % 2);
    for (let s = 0; s < 5; s++) {
      blocks.push(`## ${sentence(r).split(' ').slice(0, 4).join(' ')}`);
      blocks.push(paragraph(r), paragraph(r));
      if (s < codeCount) {
        const [lang, code] = CODE[(i + s) % CODE.length]!;
        blocks.push('```' + lang + '\n' + code + '\n```');
      }
      blocks.push(paragraph(r));
    }
    posts.push({ file: `${date}-${slug}.md`, slug, title, date, category, tags, text: blocks.join('\n\n') });
  }
  return posts;
}

export async function writeGeneratedSite(dir: string, count: number, flavor: Flavor = 'casebook', seed = 42): Promise<GeneratedPost[]> {
  await rm(dir, { recursive: true, force: true });
  const posts = generatePosts(count, seed);
  const postsDir = flavor === 'eleventy' ? join(dir, 'posts') : flavor === 'hugo' ? join(dir, 'content', 'posts') : join(dir, 'content', 'writing');
  await mkdir(postsDir, { recursive: true });
  for (const p of posts) {
    const fm =
      flavor === 'eleventy'
        ? `---\ntitle: "${p.title}"\ndate: ${p.date}\ntags: [${p.tags.join(', ')}]\nlayout: post.njk\npermalink: "/writing/${p.slug}/"\n---\n`
        : `---\ntitle: "${p.title}"\ndate: ${p.date}\ndescription: "Notes on ${p.title.toLowerCase()}."\ncategories: [${p.category}]\ntags: [${p.tags.join(', ')}]\n${flavor === 'hugo' ? `slug: ${p.slug}\n` : ''}---\n`;
    await writeFile(join(postsDir, flavor === 'casebook' ? p.file : `${p.slug}.md`), `${fm}\n${p.text}\n`);
  }
  if (flavor === 'casebook') {
    await writeFile(join(dir, 'casebook.config.yaml'), `title: Generated site\nbaseUrl: https://bench.example.com/\nauthor:\n  name: Bench Author\n`);
  }
  return posts;
}
