import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { useTempSites } from './helpers/site.js';

/**
 * Issue 17 on Zola sites: shapes found in real repositories (a theme's shortcodes written over
 * several lines, the tag form of shortcodes, raw blocks, translations), each in a fixture written
 * here in its own words.
 */
const site = useTempSites();
const build = (dir: string) => runCli(['build', dir, '--skip', 'og,search', '--no-cache']);
const read = (dir: string, path: string) => readFileSync(join(dir, 'dist', path), 'utf8');
/** The text a reader sees: tags, scripts, styles and code taken out. */
const prose = (html: string) =>
  html
    .replace(/<(script|style|pre|code)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#123;/g, '{');

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>\n';

describe('Zola shortcodes the way the old site rendered them', () => {
  it('draws a theme figure spread over lines with ")" in its caption, the tag form, and prints raw blocks as written', async () => {
    const dir = await site(`-- config.toml --
base_url = "https://kites.example"
title = "Kite notes"
-- content/_index.md --
+++
sort_by = "date"
+++
-- content/blog/_index.md --
+++
sort_by = "date"
+++
-- content/blog/red-kite/index.md --
+++
title = "The red kite"
date = 2022-04-03
+++
We flew it on a windy day.

{{ figure(src="kite.svg", caption="The kite above [the ridge](https://ridge.example/) (seen from the car park)",
   credits="Sketch by the author") }}

{{<img src="tail.svg" alt="Its long tail" page={page} config={config} />}}

{% <aside kind={"note"}> %}Keep **this** sentence.{% </aside> %}

{{<clip sources={["flight.mp4", "flight.webm"]} page={page} />}}

{% raw %}
\`\`\`txt
{{ figure(src="shown-as-code.svg") }}
\`\`\`
{% endraw %}

In prose the braces stay: {% raw %}{{ left_alone }}{% endraw %}.

<picture><source srcset="wing.svg" type="image/svg+xml"><img src="wing.svg" alt="One wing"></picture>
-- content/blog/red-kite/tail.svg --
${SVG}-- content/blog/red-kite/flight.mp4 --
not really a film
-- content/blog/red-kite/flight.webm --
not really a film either
-- static/blog/red-kite/kite.svg --
${SVG}-- static/blog/red-kite/wing.svg --
${SVG}-- content/blog/older.md --
+++
title = "Older"
date = 2021-01-01
+++
Earlier words.
`);
    const r = await build(dir);
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(0);
    const page = read(dir, 'blog/red-kite/index.html');
    const text = prose(page);
    // Nothing of the shortcodes is left for the reader to see.
    expect(text).not.toMatch(/figure\(|\{\{<|\{%|clip|aside/);
    // The figure: its image (looked up under the page's path among static files, as the theme did) and its caption with the link.
    expect(page).toMatch(/<img src="\/blog\/red-kite\/kite\.svg"/);
    expect(existsSync(join(dir, 'dist/blog/red-kite/kite.svg'))).toBe(true);
    expect(page).toContain('<a href="https://ridge.example/">the ridge</a> (seen from the car park) Sketch by the author');
    // The tag form: the image beside the post, copied.
    const tail = /<img src="([^"]*tail[^"]*\.svg)" alt="Its long tail"/.exec(page)?.[1];
    expect(tail).toBeDefined();
    expect(existsSync(join(dir, 'dist', tail!.startsWith('/') ? tail! : `blog/red-kite/${tail}`))).toBe(true);
    // A body shortcode keeps its body; a video shortcode plays the post's files.
    expect(page).toContain('Keep <strong>this</strong> sentence.');
    const sources = [...page.matchAll(/<source src="([^"]+)"/g)].map((m) => m[1]!);
    expect(sources).toHaveLength(2);
    for (const s of sources) expect(existsSync(join(dir, 'dist', s.startsWith('/') ? s : `blog/red-kite/${s}`)), s).toBe(true);
    // Raw blocks: content as written, tags gone; the call inside the code block is shown, not run.
    expect(page).toMatch(/<code[^>]*>[\s\S]*\{\{ figure\(src=(&quot;|")shown-as-code\.svg/);
    expect(text).toContain('In prose the braces stay: {{ left_alone }}.');
    expect(page).not.toContain('raw %');
    // Raw HTML naming a file the static folder has under the page's path: found, not reported lost.
    expect(page).toMatch(/<img src="\/blog\/red-kite\/wing\.svg" alt="One wing"/);
    expect(r.stderr).not.toContain('CB1210');
  });
});

describe('a multilingual Zola site keeps each language at its old URL, in its own list and feed', () => {
  it('puts x.es.md at /es/x/, lists it at /es/ and in es/atom.xml, and keeps it out of the default language list and feed', async () => {
    const dir = await site(`-- config.toml --
base_url = "https://tides.example"
title = "Tide tables"
default_language = "en"
generate_feeds = true

[languages.es]
title = "Tablas de mareas"
generate_feeds = true
-- content/_index.md --
+++
sort_by = "date"
+++
-- content/_index.es.md --
+++
sort_by = "date"
+++
-- content/low-water.md --
+++
title = "Low water"
date = 2023-03-01
+++
The sea goes out.
-- content/low-water.es.md --
+++
title = "Bajamar"
date = 2023-03-01
+++
El mar se retira.
-- content/harbour/index.md --
+++
title = "The harbour"
date = 2023-05-01
+++
Boats wait.
-- content/harbour/index.es.md --
+++
title = "El puerto"
date = 2023-05-01
+++
Los barcos esperan.
-- content/notes/_index.md --
+++
sort_by = "date"
+++
-- content/notes/spring-tide.md --
+++
title = "Spring tide"
date = 2023-06-01
+++
Highest of the month.
-- content/notes/about-these-notes.md --
+++
title = "About these notes"
+++
An undated page kept in a section.
`);
    const r = await build(dir);
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(0);
    // Old URLs: the default language at the root, the translation under its prefix.
    expect(read(dir, 'low-water/index.html')).toContain('The sea goes out.');
    expect(read(dir, 'es/low-water/index.html')).toContain('El mar se retira.');
    expect(read(dir, 'es/low-water/index.html')).toMatch(/<article class="post[^"]*" lang="es"/);
    expect(read(dir, 'es/harbour/index.html')).toContain('Los barcos esperan.');
    // The default language's list and feed carry its own posts only.
    const writing = read(dir, 'writing/index.html');
    for (const t of ['Low water', 'The harbour', 'Spring tide']) expect(writing).toContain(t);
    expect(writing).not.toMatch(/Bajamar|El puerto|About these notes/);
    const atom = read(dir, 'atom.xml');
    expect(atom.match(/<entry>/g)).toHaveLength(3);
    expect(atom).not.toContain('Bajamar');
    // The Spanish edition: its list where its home was, its feed at the old URL.
    const es = read(dir, 'es/index.html');
    expect(es).toContain('href="/es/low-water/"');
    expect(es).toContain('href="/es/harbour/"');
    expect(es).not.toContain('Low water');
    const esAtom = read(dir, 'es/atom.xml');
    expect(esAtom.match(/<entry>/g)).toHaveLength(2);
    expect(esAtom).toContain('https://tides.example/es/harbour/');
    expect(esAtom).toContain('xml:lang="es"');
    expect(esAtom).toContain('<title type="text">Tablas de mareas</title>');
    // An undated page in a section is a page, not an undated post in the list.
    expect(read(dir, 'notes/about-these-notes/index.html')).toContain('An undated page kept in a section.');
  });
});

describe('a Zola feed keeps as many posts as Zola put in it', () => {
  it('atom.xml carries every post (Zola has no limit unless feed_limit), and so do the feeds Casebook adds', async () => {
    const posts = Array.from(
      { length: 23 },
      (_, i) => `-- content/log/day-${i + 1}.md --\n+++\ntitle = "Day ${i + 1}"\ndate = 2021-01-${String(i + 1).padStart(2, '0')}\n+++\nEntry ${i + 1}.\n`,
    ).join('');
    const dir = await site(`-- config.toml --
base_url = "https://log.example"
title = "Log"
generate_feeds = true
-- content/log/_index.md --
+++
sort_by = "date"
+++
${posts}`);
    const r = await build(dir);
    expect(r.code).toBe(0);
    expect(read(dir, 'atom.xml').match(/<entry>/g)).toHaveLength(23);
    expect(read(dir, 'feed.xml').match(/<item>/g)).toHaveLength(23);
  });

  it('feed_limit caps it', async () => {
    const dir = await site(`-- config.toml --
base_url = "https://log.example"
title = "Log"
generate_feeds = true
feed_limit = 2
-- content/log/a.md --
+++
title = "A"
date = 2021-01-01
+++
A.
-- content/log/b.md --
+++
title = "B"
date = 2021-01-02
+++
B.
-- content/log/c.md --
+++
title = "C"
date = 2021-01-03
+++
C.
`);
    const r = await build(dir);
    expect(r.code).toBe(0);
    const atom = read(dir, 'atom.xml');
    expect(atom.match(/<entry>/g)).toHaveLength(2);
    expect(atom).not.toContain('<title type="text">A</title>');
  });
});
