import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CasebookError } from '../errors/index.js';
import { createConverter } from './html-to-markdown.js';
import { mediumSlug, readMedium } from './medium.js';

const DIR = new URL('../../test/fixtures/import/medium', import.meta.url).pathname;

describe('readMedium', () => {
  const source = readMedium(DIR);
  const byTitle = (t: string) => source.items.find((i) => i.title === t)!;

  it('imports stories and drafts from posts/, not responses', () => {
    expect(source.items.map((i) => `${i.slug}:${i.draft ? 'draft' : 'public'}`)).toEqual([
      'why-we-moved-off-kafka:public',
      'debugging-a-memory-leak-in-node-js:public',
      'notes-on-async-rust:draft',
    ]);
    expect(source.skipped).toEqual({ 'responses to other stories': 1 });
    expect(source.site.title).toBe('Jonas Weber');
  });

  it('takes the subtitle, the publication date and, for custom domains only, the old URL', () => {
    const kafka = byTitle('Why we moved off Kafka');
    expect(kafka.description).toBe('Three years of running our own cluster, and what replaced it');
    expect(kafka.date).toBe('2019-05-03T10:11:12+00:00');
    expect(kafka.oldUrls).toEqual(['https://eng.example.io/why-we-moved-off-kafka-8a3e1c0d5b2f']);
    expect(byTitle('Debugging a memory leak in Node.js').oldUrls).toEqual([]);
    expect(byTitle('Debugging a memory leak in Node.js').linkUrls).toEqual(['https://medium.com/@jweber/debugging-a-memory-leak-in-node-js-1b2c3d4e5f60']);
    expect(byTitle('Notes on async Rust').date).toBeUndefined();
  });

  it('removes the repeated title and subtitle, keeps code languages and joins split code blocks', () => {
    const md = (t: string) => createConverter().convert((byTitle(t).body as { html: string }).html);
    const kafka = md('Why we moved off Kafka');
    expect(kafka.startsWith('We ran Kafka for three years.')).toBe(true);
    expect(kafka).toContain('```\nlog.retention.hours=168\nnum.partitions=12\nmin.insync.replicas=2\n```');
    expect(kafka).toContain('\n## The config that mattered\n');
    expect(kafka).toContain('![Consumer lag during the March incident](https://cdn-images-1.medium.com/max/800/1*Xy7kP2wq.png)');
    const leak = md('Debugging a memory leak in Node.js');
    expect(leak).toContain(
      '```javascript\nconst cache = new Map();\napp.use((req, res, next) => {\n  cache.set(req, Date.now()); // never deleted\n  next();\n});\n```',
    );
    expect(leak).toContain('```bash\nnode --inspect server.js\n```');
  });

  it("names slugs after the story, without Medium's id suffix", () => {
    expect(mediumSlug('2019-05-03_Why-we-moved-off-Kafka-8a3e1c0d5b2f.html')).toBe('why-we-moved-off-kafka');
    expect(mediumSlug('draft_Notes-on-async-Rust-77aa88bb99cc.html')).toBe('notes-on-async-rust');
  });

  it('refuses a folder without stories', () => {
    const empty = mkdtempSync(join(tmpdir(), 'casebook-medium-'));
    try {
      writeFileSync(join(empty, 'notes.txt'), 'x');
      expect(() => readMedium(empty)).toThrow(CasebookError);
      expect(() => readMedium(empty)).toThrow(/no \.html files/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
