/**
 * A small valid site and seeded mutations of it (front matter, config, file names), for fuzzing
 * the real CLI: every mutation is a plausible mistake or an input from a hostile site.
 */

/** A seeded PRNG (mulberry32): the same seed gives the same mutations on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type SiteFiles = Map<string, string | Uint8Array>;

export interface Mutation {
  name: string;
  files: SiteFiles;
}

const CONFIG = `title: Fuzz
baseUrl: https://example.com/
lang: en
`;

const post = (fields: string, body = 'Some *text* with a [link](/writing/).') => `---\n${fields}\n---\n${body}\n`;

export function baseSite(): SiteFiles {
  return new Map<string, string | Uint8Array>([
    ['casebook.config.yaml', CONFIG],
    ['content/writing/first.md', post('title: First post\ndate: 2024-01-02\ntags: [go, databases]\ncategories: [Backend]\nseries: Migrations\nseriesPart: 1')],
    ['content/writing/2024-02-01-second.md', post('title: Second\ntags: go\naliases: [/old/second/]')],
    ['content/case-studies/outage.md', post('title: The outage\ndate: 2023-05-05\nkind: postmortem\nseverity: SEV1')],
    ['content/pages/about.md', post('title: About me\nslug: about')],
  ]);
}

const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
const int = (r: () => number, n: number) => Math.floor(r() * n);

const LOCALES = [
  'en_US',
  'en-us',
  'pt_BR',
  'zh_Hans_CN',
  'english',
  'EN',
  'x',
  'de_DE.UTF-8',
  'i-klingon',
  '123',
  'zz-ZZ',
  '',
  ' ',
  'en--US',
  'und',
  'ar_EG@latin',
  'sr_Latn_RS',
  'C',
];
const WEIRD = [
  '\u202Eevil\u202C',
  'a\u200Db\u200Dc',
  '🦀🔥🚀',
  'e\u0301\u0301\u0301\u0301',
  'tab\there',
  '\u0000nul',
  'ﷺ',
  '𝕬𝖇𝖈',
  '\uFEFFbom',
  'null',
  '~',
  '<script>alert(1)</script>',
  '"quoted"',
  "it's",
  '%2e%2e',
  '..',
  '.',
  '#',
  '?x=1',
  '\\',
  '漢'.repeat(90),
  'x'.repeat(300),
];
const GENERATED = [
  'feed.xml',
  'atom.xml',
  'feed.json',
  'index.xml',
  'sitemap.xml',
  'robots.txt',
  'og.png',
  'pagefind',
  'resume.json',
  '404.html',
  'assets',
  'index.html',
  '_redirects',
  'favicon.svg',
];
const ALIASES = [
  '/feed.xml',
  '/atom.xml',
  '/sitemap.xml',
  '/robots.txt',
  '/404.html',
  '/pagefind/pagefind.js',
  '/pagefind/',
  '/assets/x.css',
  '/writing/first/og.png',
  '/tags/go/feed.xml',
  '..\\..\\x',
  '../../etc',
  '/a/%2e%2e/%2e%2e/b',
  'C:\\x',
  '//evil.example/x',
  'https://example.com/feed.xml',
  '/' + '語'.repeat(100),
  '',
  '/',
  '?',
  '#frag',
  '/old/second/',
];
const WRONG = ['[]', '{}', '12', 'true', 'null', '""', '[[', '{a: 1}', '[1, [2]]', '2024-13-45', '-1', '1e400', '.nan', '!!binary aGVsbG8=', '&a [1]', '*a'];
const FIELDS = [
  'title',
  'date',
  'updated',
  'tags',
  'categories',
  'series',
  'seriesPart',
  'draft',
  'slug',
  'aliases',
  'featured',
  'image',
  'canonical',
  'kind',
  'toc',
  'lang',
  'description',
  'outcomes',
  'timeline',
  'decisions',
];
const CONFIG_KEYS: [string, string[]][] = [
  ['lang', LOCALES.map((l) => JSON.stringify(l))],
  [
    'baseUrl',
    [
      '"javascript:alert(1)"',
      '"data:text/html,x"',
      '"file:///etc/passwd"',
      '""',
      '"/relative/"',
      '"http://"',
      '"https://例え.jp/blog"',
      '"http://[::1]:8080/"',
      '12',
      '"https://example.com/a b/"',
    ],
  ],
  ['title', ['""', '[]', JSON.stringify('T'.repeat(100_000)), JSON.stringify(WEIRD[0]), '{x: 1}']],
  ['paginate', ['0', '-1', '"ten"', '1e9', '2.5', '1000']],
  ['timezone', ['"Mars/Olympus"', '"UTC+2"', '""', '12', '"Europe/Amsterdam"']],
  ['readingSpeed', ['0', '"fast"', '99999']],
  ['nav', ['[{page: nope}]', '"x"', '[{label: a, url: "javascript:x"}]', '[{page: about}]']],
  ['theme', ['{accent: red}', '{accent: "#000"}', '"dark"', '{logo: /nope.svg}']],
  ['search', ['"yes"', 'false']],
  ['caseStudies', ['{sections: [{title: ""}]}', '{sections: []}', '{sections: [{title: More}, {title: more}]}']],
];

/**
 * The kinds of mutation in the order a run goes through them (then round again): odd locales,
 * aliases and slugs on generated files and long names first, so a run cut short by a slow machine
 * still covers the inputs that crashed builds before.
 */
export const KIND_ORDER = [6, 9, 8, 7, 2, 4, 10, 0, 1, 3, 5, 11];

/** One seeded mutation of the base site; `kind` picks which sort (see KIND_ORDER), else it is random too. */
export function mutate(r: () => number, kindOf?: number): Mutation {
  const files = baseSite();
  const posts = [...files.keys()].filter((f) => f.endsWith('.md'));
  const target = pick(r, posts);
  const text = () => files.get(target) as string;
  const setField = (field: string, value: string) => {
    files.set(
      target,
      text()
        .replace(new RegExp(`^${field}: .*\\n`, 'gm'), '')
        .replace(/^---\n/, `---\n${field}: ${value}\n`),
    );
  };
  const kind = kindOf ?? int(r, 12);
  switch (kind) {
    case 0: {
      const at = int(r, text().length);
      files.set(target, text().slice(0, at));
      return { name: `truncate ${target} at ${at}`, files };
    }
    case 1: {
      const bytes = Buffer.from(text());
      const noise = Buffer.from(Array.from({ length: 1 + int(r, 8) }, () => int(r, 256)));
      const at = int(r, bytes.length);
      files.set(target, Buffer.concat([bytes.subarray(0, at), noise, bytes.subarray(at)]));
      return { name: `random bytes ${noise.toString('hex')} into ${target} at ${at}`, files };
    }
    case 2: {
      const field = pick(r, ['title', 'tags', 'categories', 'series', 'slug', 'description', 'image', 'lang', 'kind']);
      const value = JSON.stringify(pick(r, WEIRD));
      setField(field, value);
      return { name: `${target}: ${field} = ${value.slice(0, 40)}`, files };
    }
    case 3: {
      const field = pick(r, ['title', 'tags', 'description', 'categories']);
      const n = pick(r, [1000, 10_000, 200_000]);
      // Lists stay at 10–200 names: 2,000 categories with social cards take minutes, which is scale, not trust.
      const value =
        field === 'tags' || field === 'categories' ? `[${Array.from({ length: n / 1000 }, (_, i) => `t${i}`).join(', ')}]` : JSON.stringify('w '.repeat(n));
      setField(field, value);
      return { name: `${target}: huge ${field} (${n})`, files };
    }
    case 4: {
      const field = pick(r, FIELDS);
      const value = pick(r, WRONG);
      setField(field, value);
      return { name: `${target}: ${field} = ${value}`, files };
    }
    case 5: {
      const field = pick(r, ['title', 'date', 'tags', 'slug']);
      files.set(target, text().replace(/^---\n/, `---\n${field}: one\n${field}: two\n`));
      if (r() < 0.5) files.set('casebook.config.yaml', CONFIG + 'title: Again\n');
      return { name: `${target}: duplicated ${field}`, files };
    }
    case 6: {
      const where = r() < 0.5 ? 'config' : 'post';
      const value = JSON.stringify(pick(r, LOCALES));
      if (where === 'config') files.set('casebook.config.yaml', CONFIG.replace('lang: en', `lang: ${value}`));
      else setField('lang', value);
      return { name: `${where} lang ${value}`, files };
    }
    case 7: {
      const name = pick(r, [
        '漢'.repeat(80),
        'é'.repeat(120),
        'a'.repeat(240),
        '🦀'.repeat(60),
        'x y z',
        'UPPER',
        '.hidden',
        '-',
        '_index',
        'index',
        'First',
        'a.b.c',
        '%2e%2e',
        'con',
        'aux.txt',
      ]);
      const folder = target.slice(0, target.lastIndexOf('/') + 1);
      files.set(`${folder}${name}.md`, files.get(target)!);
      files.delete(target);
      return { name: `rename ${target} to ${name.slice(0, 30)}….md`, files };
    }
    case 8: {
      const slug = pick(r, GENERATED);
      setField('slug', JSON.stringify(slug));
      if (r() < 0.5) setField('kind', 'page');
      return { name: `${target}: slug ${slug}`, files };
    }
    case 9: {
      const alias = pick(r, ALIASES);
      setField('aliases', `[${JSON.stringify(alias)}]`);
      return { name: `${target}: alias ${alias.slice(0, 40)}`, files };
    }
    case 10: {
      const [key, values] = pick(r, CONFIG_KEYS);
      const value = pick(r, values);
      files.set('casebook.config.yaml', CONFIG.replace(/^lang: en\n/m, key === 'lang' ? '' : 'lang: en\n') + `${key}: ${value}\n`);
      return { name: `config ${key}: ${value.slice(0, 40)}`, files };
    }
    default: {
      const config = Buffer.from(CONFIG);
      const how = int(r, 3);
      if (how === 0) files.set('casebook.config.yaml', config.subarray(0, int(r, config.length)));
      else if (how === 1) files.set('casebook.config.yaml', Buffer.concat([config, Buffer.from(Array.from({ length: 6 }, () => int(r, 256)))]));
      else files.set('casebook.config.yaml', `title: [unclosed\n${CONFIG}`);
      return { name: `config file ${['truncated', 'random bytes', 'unclosed'][how]}`, files };
    }
  }
}
