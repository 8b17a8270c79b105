import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../src/pipeline/index.js';
import { BuildCache } from '../src/pipeline/cache.js';
import { buildError } from './helpers/build-error.js';
import { runCli } from './helpers/cli.js';
import { useTempSites } from './helpers/site.js';

const site = useTempSites();

const file = (r: { files?: Map<string, Uint8Array | string> | undefined }, path: string) => String(r.files?.get(path) ?? '');
const css = (r: { files?: Map<string, Uint8Array | string> | undefined }) =>
  [...(r.files?.entries() ?? [])].find(([p]) => /^assets\/casebook-.*\.css$/.test(p))?.[1]?.toString() ?? '';

const POST = `
-- content/writing/hello.md --
---
title: Hello <world>
date: 2024-03-01
description: A first post.
categories: [Notes]
tags: [go, sql]
---
Some text.
`;

describe('design tokens', () => {
  it('applies accent, fonts, width and code colours, deriving a legible dark accent', async () => {
    const dir = await site(`
-- casebook.config.yaml --
theme:
  accent: "#0f6b5c"
  fonts: { body: '"Iowan Old Style", Georgia, serif', mono: '"Fira Code", monospace' }
  contentWidth: 40rem
  codeTheme: { light: paper, dark: midnight }
${POST}`);
    const r = await build({ site: dir, memory: true, skip: ['og', 'search'] });
    const sheet = css(r);
    expect(sheet).toMatch(/:root\{[^}]*--accent:#0f6b5c/);
    expect(sheet).toContain('--font-body:"Iowan Old Style", Georgia, serif');
    expect(sheet).toContain('--content-width:40rem');
    expect(sheet).toContain('--code-bg:#ffffff'); // paper
    expect(sheet).toContain('--code-bg:#0b1020'); // midnight
    const dark = /@media \(prefers-color-scheme: dark\)\{\n:root\{[^}]*--accent:(#[0-9a-f]{6})/.exec(sheet)?.[1];
    expect(dark).toBeDefined();
    expect(dark).not.toBe('#0f6b5c');
    // The monogram favicon follows the accent.
    expect(file(r, 'favicon.svg')).toContain('fill="#0f6b5c"');
  });

  it('fails a light accent without enough contrast, naming the key, its line and the measured ratio', async () => {
    const dir = await site(`
-- casebook.config.yaml --
title: Pale
theme:
  accent:
    light: "#7fb2e5"
${POST}`);
    const e = await buildError(dir);
    expect(e.code).toBe('CB2300');
    expect(e.message).toMatch(
      /^theme\.accent\.light #7fb2e5 has a contrast of \d\.\d+:1 against .* in the light scheme; WCAG AA needs 4\.5:1\. The nearest shade of the same hue that passes is #[0-9a-f]{6} \(4\.\d+:1\)\.$/,
    );
    // The proposal is taken as it is: the same config with the proposed shade builds.
    const shade = /passes is (#[0-9a-f]{6})/.exec(e.message)![1]!;
    expect(e.hint).toContain(`Set theme.accent.light to ${shade}`);
    const fixed = await site(`
-- casebook.config.yaml --
title: Pale
theme:
  accent:
    light: "${shade}"
${POST}`);
    expect((await runCli(['build', fixed, '--skip', 'og,search', '--quiet'])).code).toBe(0);
    expect(e.location).toMatchObject({ file: join(dir, 'casebook.config.yaml'), line: 4 });
  });

  it('fails a dark accent that is too dark for the dark scheme', async () => {
    const dir = await site(`
-- casebook.config.yaml --
theme:
  accent: { light: "#1a5aa6", dark: "#1a3a66" }
${POST}`);
    const e = await buildError(dir);
    expect(e.code).toBe('CB2300');
    expect(e.message).toContain('theme.accent.dark #1a3a66');
    expect(e.message).toContain('dark scheme');
  });

  it('rejects values that are not colours, lengths or font lists before they reach the CSS', async () => {
    for (const [yaml, expected] of [
      ['accent: red', 'hex colour'],
      ['contentWidth: "40rem;} body{display:none"', 'length'],
      ['fonts: { body: "Arial; } body { display: none" }', 'font list'],
      ['codeTheme: { light: monokai }', 'casebook'],
    ] as const) {
      const dir = await site(`-- casebook.config.yaml --\ntheme:\n  ${yaml}\n${POST}`);
      const e = await buildError(dir);
      expect(e.code, yaml).toBe('CB2003');
      expect(e.message, yaml).toContain(expected);
      expect(e.location?.line, yaml).toBe(2);
    }
  });

  it('shows a logo from static/ and errors when it is missing', async () => {
    const dir = await site(`
-- casebook.config.yaml --
theme: { logo: /logo.svg, favicon: /icon.png }
-- static/logo.svg --
<svg xmlns="http://www.w3.org/2000/svg"/>
-- static/icon.png --
png
${POST}`);
    const r = await build({ site: dir, memory: true, skip: ['og', 'search'] });
    const home = file(r, 'index.html');
    expect(home).toContain('<img class="site-logo" src="/logo.svg" alt="" height="32">');
    expect(home).toContain('<link rel="icon" href="/icon.png" type="image/png">');
    expect(r.files?.has('favicon.svg')).toBe(false);

    const missing = await site(`-- casebook.config.yaml --\ntheme: { logo: /nope.svg }\n${POST}`);
    const e = await buildError(missing);
    expect(e.code).toBe('CB2309');
    expect(e.message).toContain('static/nope.svg');
  });
});

const OVERRIDES = `
-- theme/components/footer.ts --
import { defineComponent, html } from 'casebook';
export default defineComponent('footer', (props, { original, t }) => html\`<div class="my-footer">Hand-made by \${props.author?.name ?? props.siteTitle} · \${t('layout.builtWith')}</div>\${original}\`);
-- theme/components/post-card.ts --
import { defineComponent, html } from 'casebook';
import { badge } from './_badge.ts';
export default defineComponent('post-card', ({ post, headingLevel }) =>
  html\`<article class="my-card" data-level="\${headingLevel}"><a href="\${post.url}">\${post.title}</a> \${badge(post.readingTime)} \${post.tags.map((t) => t.name).join(', ')}</article>\`);
-- theme/components/_badge.ts --
import { html } from 'casebook';
export const badge = (text: string) => html\`<span class="badge">\${text}</span>\`;
-- theme/extra.css --
.my-card { border: 2px solid var(--accent); }
`;

describe('component overrides', () => {
  it('replaces the footer and the post card, escapes what they interpolate, and appends site CSS last', async () => {
    const dir = await site(`
-- casebook.config.yaml --
author: { name: Ada }
${OVERRIDES}${POST}`);
    const r = await build({ site: dir, memory: true, skip: ['og', 'search'] });
    const list = file(r, 'writing/index.html');
    expect(list).toContain(
      '<article class="my-card" data-level="2"><a href="/writing/hello/">Hello &lt;world&gt;</a> <span class="badge">1 min read</span> go, sql</article>',
    );
    expect(list).not.toContain('class="card"');
    expect(list).toContain('<div class="my-footer">Hand-made by Ada · Built with Casebook.</div><footer class="site-footer">');
    expect(css(r).trimEnd().endsWith('.my-card { border: 2px solid var(--accent); }')).toBe(true);
  });

  it('hands components dates as documented: iso with the offset of the site time zone, text as written in the page language', async () => {
    const dir = await site(`
-- casebook.config.yaml --
timezone: America/Los_Angeles
lang: de
-- theme/components/post-meta.ts --
import { defineComponent, html } from 'casebook';
export default defineComponent('post-meta', ({ post }) => html\`<p class="when">\${post.date?.iso}|\${post.date?.text}|\${post.updated?.iso}</p>\`);
-- content/writing/hello.md --
---
title: Hallo
date: 2024-03-01
updated: 2024-07-01T23:30:00+02:00
---
Text.
`);
    const r = await build({ site: dir, memory: true, skip: ['og', 'search'] });
    // Midnight in Los Angeles (UTC-8 in March); an explicit offset is kept as written.
    expect(file(r, 'writing/hello/index.html')).toContain('<p class="when">2024-03-01T00:00:00-08:00|1. März 2024|2024-07-01T23:30:00+02:00</p>');
  });

  it('names the closest component when a file overrides one that does not exist', async () => {
    const dir = await site(`
-- theme/components/fotter.ts --
import { defineComponent, html } from 'casebook';
export default defineComponent('footer', () => html\`x\`);
${POST}`);
    const e = await buildError(dir);
    expect(e.code).toBe('CB2301');
    expect(e.message).toContain('"fotter", which is not a component. Did you mean "footer"?');
    expect(e.location?.file).toBe(join(dir, 'theme/components/fotter.ts'));
  });

  it('refuses a component file whose defineComponent names another component, or that has no default export', async () => {
    const dir = await site(`
-- theme/components/header.ts --
import { defineComponent, html } from 'casebook';
export default defineComponent('footer', () => html\`x\`);
${POST}`);
    expect((await buildError(dir)).code).toBe('CB2304');
    const none = await site(`-- theme/components/header.js --\nexport const x = 1;\n${POST}`);
    expect((await buildError(none)).message).toContain('no default export made with defineComponent');
  });

  it('refuses a component that returns a plain string, so nothing reaches the page unescaped', async () => {
    const dir = await site(`
-- theme/components/post-meta.js --
import { defineComponent } from 'casebook';
export default defineComponent('post-meta', ({ post }) => '<b>' + post.title + '</b>');
${POST}`);
    const e = await buildError(dir);
    expect(e.code).toBe('CB2306');
    expect(e.message).toContain('returned string');
  });

  it('points at the line of a syntax error in a component', async () => {
    const dir = await site(`
-- theme/components/footer.ts --
import { defineComponent, html } from 'casebook';

export default defineComponent('footer', () => html\`x\`;
${POST}`);
    const e = await buildError(dir);
    expect(e.code).toBe('CB2305');
    expect(e.location).toMatchObject({ file: join(dir, 'theme/components/footer.ts'), line: 3 });
  });

  it('points at the line a component throws on while it loads', async () => {
    const dir = await site(`
-- theme/components/footer.ts --
import { defineComponent, html } from 'casebook';

const settings: Record<string, string> = {};
const year = settings.year!.padStart(4, '0');
export default defineComponent('footer', () => html\`\${year}\`);
${POST}`);
    const e = await buildError(dir);
    expect(e.code).toBe('CB2305');
    expect(e.message).toContain("reading 'padStart'");
    expect(e.location).toMatchObject({ file: join(dir, 'theme/components/footer.ts'), line: 4 });
  });

  it('re-renders every page when a component changes between builds of one process', async () => {
    const dir = await site(`${OVERRIDES}${POST}`);
    const cache = new BuildCache();
    const first = await build({ site: dir, memory: true, skip: ['og', 'search'], cache });
    expect(file(first, 'index.html')).toContain('Hand-made by');
    const again = await build({ site: dir, memory: true, skip: ['og', 'search'], cache });
    expect(again.pagesRendered).toBe(0);
    const footer = join(dir, 'theme/components/footer.ts');
    writeFileSync(footer, readFileSync(footer, 'utf8').replace('Hand-made by', 'Crafted by'));
    const changed = await build({ site: dir, memory: true, skip: ['og', 'search'], cache });
    expect(changed.pagesRendered).toBe(first.pagesRendered);
    expect(file(changed, 'index.html')).toContain('Crafted by');
  });
});

describe('languages', () => {
  it('sets <html lang dir> from the config and shows theme strings, dates and numbers in that language', async () => {
    const dir = await site(`
-- casebook.config.yaml --
lang: ar
${POST}`);
    const r = await build({ site: dir, memory: true, skip: ['og', 'search'] });
    const post = file(r, 'writing/hello/index.html');
    expect(post).toContain('<html lang="ar" dir="rtl">');
    const ar = JSON.parse(readFileSync(new URL('../locales/ar.json', import.meta.url), 'utf8')) as Record<string, string>;
    expect(post).toContain(`>${ar['layout.skipToContent']}</a>`);
    expect(post).toContain(new Intl.DateTimeFormat('ar', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 2, 1))));
    expect(post).not.toContain('min read');
  });

  it('renders a post in its own language inside a site in another', async () => {
    const dir = await site(`
-- casebook.config.yaml --
lang: en
-- content/writing/hallo.md --
---
title: Hallo Welt
date: 2024-03-01
lang: de
---
Text.
`);
    const r = await build({ site: dir, memory: true, skip: ['og', 'search'] });
    const post = file(r, 'writing/hallo/index.html');
    expect(post).toContain('<html lang="en" dir="ltr">');
    expect(post).toMatch(/<article class="post" lang="de" dir="ltr"/);
    expect(post).toContain('1. März 2024');
    expect(post).toContain('Skip to content'); // the chrome stays in the site's language
  });

  it('lets a site change one string through theme/locales and names the closest id for a typo', async () => {
    const dir = await site(`
-- theme/locales/en.yaml --
post.readingTime: { one: "{n} minute", other: "{n} minutes" }
${POST}`);
    const r = await build({ site: dir, memory: true, skip: ['og', 'search'] });
    expect(file(r, 'writing/hello/index.html')).toContain('1 minute');

    const typo = await site(`-- theme/locales/en.yaml --\npost.readingTme: x\n${POST}`);
    const e = await buildError(typo);
    expect(e.code).toBe('CB2303');
    expect(e.message).toContain('Did you mean "post.readingTime"?');
    expect(e.location).toMatchObject({ line: 1, column: 1 });
  });

  it('warns and falls back to English for a language without theme strings', async () => {
    const dir = await site(`-- casebook.config.yaml --\nlang: fi\n${POST}`);
    const r = await build({ site: dir, memory: true, skip: ['og', 'search'] });
    expect(r.warnings.map((w) => w.code)).toContain('CB2307');
    expect(file(r, 'index.html')).toContain('<html lang="fi" dir="ltr">');
    expect(file(r, 'index.html')).toContain('Skip to content');
  });

  it("names a post's own language without theme strings at its first post, once per language, and not a shipped one", async () => {
    const dir = await site(`-- casebook.config.yaml --
title: Notes
-- content/writing/a.md --
---
title: Eins
date: 2024-01-01
lang: de
---
Text.
-- content/writing/b.md --
---
title: Yksi
date: 2024-01-02
lang: fi
---
Teksti.
-- content/writing/c.md --
---
title: Kaksi
date: 2024-01-03
lang: fi
---
Teksti.
`);
    const r = await build({ site: dir, memory: true, skip: ['og', 'search'] });
    const warned = r.warnings.filter((w) => w.code === 'CB2307');
    expect(warned).toHaveLength(1);
    expect(warned[0]!.location?.file).toBe(join(dir, 'content/writing/b.md'));
    expect(warned[0]!.message).toBe(
      'No theme strings for "fi", this post\'s language and 1 more post: the theme\'s words on their pages (reading time, labels, headings it adds) are in English.',
    );
  });
});
