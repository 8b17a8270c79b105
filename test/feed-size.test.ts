import { describe, expect, it } from 'vitest';
import { build } from '../src/pipeline/index.js';
import { runCli } from './helpers/cli.js';
import { useTempSites } from './helpers/site.js';

const site = useTempSites();

/** `n` dated posts in txtar form, in the folder and front-matter style each tool uses. */
function posts(n: number, folder: string): string {
  return Array.from({ length: n }, (_, i) => {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const month = String(1 + Math.floor(i / 28)).padStart(2, '0');
    return `-- ${folder}/note-${i + 1}.md --\n---\ntitle: "Note ${i + 1}"\ndate: 2023-${month}-${day}\n---\nA short note, number ${i + 1}.\n`;
  }).join('');
}

const items = (xml: string) => xml.match(/<item>/g)?.length ?? 0;
const entries = (xml: string) => xml.match(/<entry>/g)?.length ?? 0;

describe('feed size', () => {
  it('a native site carries the newest 20 posts per feed by default, and every post with feedSize: all', async () => {
    const dir = await site(`-- casebook.config.yaml --\ntitle: Notes\n${posts(26, 'content/writing')}`);
    const { files } = await build({ site: dir, memory: true, skip: ['og', 'search'] });
    expect(items(String(files!.get('feed.xml')))).toBe(20);
    expect(String(files!.get('feed.xml'))).toContain('Note 26');
    expect(String(files!.get('feed.xml'))).not.toContain('<title>Note 6</title>');
    const all = await site(`-- casebook.config.yaml --\ntitle: Notes\nfeedSize: all\n${posts(26, 'content/writing')}`);
    const built = await build({ site: all, memory: true, skip: ['og', 'search'] });
    expect(items(String(built.files!.get('feed.xml')))).toBe(26);
    expect(entries(String(built.files!.get('atom.xml')))).toBe(26);
    expect(JSON.parse(String(built.files!.get('feed.json'))).items).toHaveLength(26);
  });

  it('a Hugo site keeps every post in its feeds, as Hugo did, unless its config set a limit', async () => {
    const hugo = `-- hugo.toml --\nbaseURL = "https://notes.example.org/"\ntitle = "Old notes"\n${posts(26, 'content/posts')}`;
    const dir = await site(hugo);
    const { files } = await build({ site: dir, memory: true, skip: ['og', 'search'] });
    expect(items(String(files!.get('index.xml') ?? files!.get('feed.xml')))).toBe(26);
    const limited = await site(hugo.replace('title = "Old notes"', 'title = "Old notes"\n[services.rss]\nlimit = 5'));
    const built = await build({ site: limited, memory: true, skip: ['og', 'search'] });
    expect(items(String(built.files!.get('index.xml') ?? built.files!.get('feed.xml')))).toBe(5);
  });

  it('refuses a feedSize that is not a positive number or all, naming the key', async () => {
    const dir = await site(`-- casebook.config.yaml --\ntitle: Notes\nfeedSize: 0\n${posts(2, 'content/writing')}`);
    const r = await runCli(['build', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/feedSize/);
  });
});
