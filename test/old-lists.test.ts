import { describe, expect, it } from 'vitest';
import { build } from '../src/pipeline/index.js';
import { useTempSites } from './helpers/site.js';

const site = useTempSites();

/** Dated posts in txtar form under `folder`. */
function posts(names: string[], folder: string, extra = ''): string {
  return names.map((n, i) => `-- ${folder}/${n}.md --\n---\ntitle: "${n}"\ndate: 2023-04-${String(i + 10)}\n${extra}---\nA post called ${n}.\n`).join('');
}

describe("another tool's section lists", () => {
  it('a Hugo section list (/posts/) redirects to /writing/, in _redirects too; an occupied URL and a lone post are left alone', async () => {
    const dir = await site(
      `-- hugo.toml --\nbaseURL = "https://notes.example.org/"\ntitle = "Old notes"\n` +
        posts(['alpha', 'beta', 'gamma'], 'content/posts') +
        posts(['only'], 'content/misc') +
        posts(['one', 'two'], 'content/notes') +
        `-- static/notes/index.html --\n<p>The author's own list of notes.</p>\n`,
    );
    const { files } = await build({ site: dir, memory: true, skip: ['og', 'search'] });
    const page = String(files!.get('posts/index.html'));
    expect(page).toContain('<meta http-equiv="refresh" content="0; url=/writing/">');
    expect(page).toContain('<link rel="canonical" href="https://notes.example.org/writing/">');
    expect(page).toContain('<meta name="robots" content="noindex">');
    expect(String(files!.get('_redirects'))).toContain('/posts/ /writing/ 301');
    // A section URL the site has a file for keeps it.
    expect(String(files!.get('notes/index.html') ?? '')).not.toContain('http-equiv="refresh"');
    expect(String(files!.get('_redirects'))).not.toContain('/notes/');
    // One post in a section: no list there to keep.
    expect(files!.has('misc/index.html')).toBe(false);
    // Not in the sitemap: it is a redirect, not a page.
    expect(String(files!.get('sitemap.xml'))).not.toContain('/posts/</loc>');
  });

  it('leaves a section alone when its name could break a _redirects line, or a static folder takes it in another case', async () => {
    const jekyll = (category: string) =>
      `-- _config.yml --\ntitle: T\nurl: https://j.example\npermalink: /:categories/:title/\n` +
      ['x1', 'x2'].map((n, i) => `-- _posts/2020-01-0${i + 1}-${n}.md --\n---\ntitle: ${n}\ncategories: [${JSON.stringify(category)}]\n---\nText.\n`).join('');
    for (const category of ['x\n', 'a\tb', '100%', '<script>x']) {
      const { files } = await build({ site: await site(jekyll(category)), memory: true, skip: ['og', 'search'] });
      const lines = String(files!.get('_redirects') ?? '')
        .split('\n')
        .filter(Boolean);
      for (const line of lines) expect(line, JSON.stringify(category)).toMatch(/^\S+ \S+ 301$/);
      expect(
        lines.some((l) => l.endsWith(' /writing/ 301')),
        JSON.stringify(category),
      ).toBe(false);
    }
    const spaced = await build({ site: await site(jekyll('my notes')), memory: true, skip: ['og', 'search'] });
    expect(String(spaced.files!.get('_redirects'))).toContain('/my%20notes/ /writing/ 301');
    const cased = await site(
      `-- hugo.toml --\nbaseURL = "https://notes.example.org/"\ntitle = "Old notes"\n${posts(['a', 'b'], 'content/posts')}-- static/Posts/index.html --\n<p>Mine.</p>\n`,
    );
    const { files } = await build({ site: cased, memory: true, skip: ['og', 'search'] });
    expect(String(files!.get('_redirects') ?? '')).not.toContain('/writing/ 301');
  });
});
