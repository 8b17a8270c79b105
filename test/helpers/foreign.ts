import { existsSync, readFileSync, statSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { decodeHtmlEntities } from '../../src/util/escape.js';
import { listAll } from './output.js';

export const FIXTURES = new URL('../fixtures/foreign/', import.meta.url).pathname;

/** A fixture repository copied to a temporary folder (builds write their cache beside the site); removed after each test. */
export function useFixtureCopies(): (tool: string) => Promise<string> {
  const dirs: string[] = [];
  afterEach(async () => {
    while (dirs.length) await rm(dirs.pop()!, { recursive: true, force: true });
  });
  return async (tool) => {
    const dir = await mkdtemp(join(tmpdir(), `casebook-${tool}-`));
    await cp(join(FIXTURES, tool), dir, { recursive: true });
    dirs.push(dir);
    return dir;
  };
}

/**
 * The file a static host serves for a URL path: the file itself, its folder's index.html, or
 * (for extensionless URLs such as Next.js's /posts/x and Jekyll's /:year/:title) `x/index.html` or `x.html`.
 */
export function servedFile(out: string, url: string): string | undefined {
  const path = decodeURIComponent(url.split(/[?#]/)[0]!).replace(/^\/+/, '');
  const candidates = path === '' || path.endsWith('/') ? [`${path}index.html`] : [path, `${path}/index.html`, `${path}.html`];
  for (const c of candidates) {
    const file = join(out, c);
    if (existsSync(file) && statSync(file).isFile()) return file;
  }
  return undefined;
}

/** The `<h1>` of a page, or where a redirect page points. */
export function pageInfo(file: string): { h1?: string; redirect?: string } {
  const text = readFileSync(file, 'utf8');
  const redirect = /<meta http-equiv="refresh" content="0; url=([^"]+)">/.exec(text)?.[1];
  const h1 = /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(text)?.[1];
  return {
    ...(h1 !== undefined ? { h1: decodeHtmlEntities(h1.replace(/<[^>]+>/g, '')).trim() } : {}),
    ...(redirect ? { redirect: decodeHtmlEntities(redirect) } : {}),
  };
}

/** Template syntax of any of the six tools: Liquid/Nunjucks/Tera/Go tags, kramdown attribute lists, MDX module lines and components. */
const LEAKS: [string, RegExp][] = [
  ['{{ … }}', /\{\{/],
  ['{% … %}', /\{%/],
  ['kramdown {: }', /\{:/],
  ['MDX import/export', /^\s*(import|export)\s[^\n]*(from\s|=)/m],
  ['MDX component', /<\/?(Callout|Chart|TOCInline|Note|Image|YouTube|Tweet)\b/],
  ['JSX comment', /\{\/\*/],
  ['Hugo shortcode name', /\b(figure|highlight|relref|youtube|tweet)\s+(src|go|"|[\w-]+\s*>\}\})/],
];

/** Text of a built file as a reader could see it: entities and JSON escapes decoded, code blocks and spans removed. */
function visibleOutsideCode(text: string, file: string): string {
  let t = text;
  if (file.endsWith('.json'))
    t = t
      .replace(/\\u003c/g, '<')
      .replace(/\\u003e/g, '>')
      .replace(/\\u0026/g, '&')
      .replace(/\\"/g, '"')
      .replace(/\\n/g, '\n');
  if (file.endsWith('.xml')) t = decodeHtmlEntities(t.replace(/<!\[CDATA\[|\]\]>/g, ''));
  return t
    .replace(/<pre[\s\S]*?<\/pre>/g, '')
    .replace(/<code[\s\S]*?<\/code>/g, '')
    .replace(/<script type="application\/ld\+json">[\s\S]*?<\/script>/g, '');
}

/** Every leak of template syntax outside code in the HTML, XML and JSON files of a built site. */
export async function templateLeaks(out: string): Promise<string[]> {
  const found: string[] = [];
  for (const rel of await listAll(out)) {
    if (!/\.(html|xml|json)$/.test(rel) || rel.startsWith('pagefind/')) continue;
    const text = visibleOutsideCode(readFileSync(join(out, rel), 'utf8'), rel);
    for (const [name, re] of LEAKS) {
      const m = re.exec(text);
      if (m) found.push(`${rel}: ${name}: …${text.slice(Math.max(0, m.index - 40), m.index + 40).replace(/\s+/g, ' ')}…`);
    }
  }
  return found;
}
