import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { build } from '../pipeline/index.js';
import { CasebookError, CasebookErrors } from '../errors/index.js';
import { walkFiles } from '../util/walk.js';
import { checkJsonFeed, checkXml } from './feed-rules.js';
import type { CheckReport, Finding } from './finding.js';
import { validateAll } from './validity-pool.js';
import { checkPage, duplicateFacts, pageFacts, scanTags, type PageFacts, type SiteFiles } from './page-rules.js';
import { checkSources } from './source-rules.js';
import { ValidityCache } from './validity-cache.js';

/** html-validate's findings of the last check, in the site's cache folder (validity-cache.ts). */
const VALIDITY_FILE = 'check-html.json';

export interface CheckOptions {
  /** A site folder (built in memory first) or a built folder (checked as it is). */
  target: string;
  /** Also request every external link (HEAD, then GET), 8 at a time. */
  external?: boolean;
  /** For tests: fetch implementation used by the external pass. */
  fetch?: typeof fetch;
}

const TEXT = /\.(html|xml|json|txt)$/;

function isBuiltFolder(dir: string): boolean {
  return existsSync(join(dir, 'index.html')) && !existsSync(join(dir, 'content'));
}

async function loadBuilt(dir: string): Promise<SiteFiles> {
  const files = new Map<string, string | true>();
  const unreadable: CasebookError[] = [];
  for (const file of await walkFiles(dir)) {
    const rel = relative(dir, file).split(sep).join('/');
    try {
      files.set(rel, TEXT.test(rel) ? readFileSync(file, 'utf8') : true);
    } catch (e) {
      // A link that leads nowhere or to itself, a file without read permission.
      const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
      unreadable.push(new CasebookError('CB1033', `${rel} in the built folder cannot be read (${why}).`, { file }));
    }
  }
  if (unreadable.length) throw new CasebookErrors(unreadable);
  // The canonical link of the home page says where the site lives (origin and base path).
  const home = files.get('index.html');
  const canonical = typeof home === 'string' ? /<link rel="canonical" href="([^"]+)"/.exec(home)?.[1] : undefined;
  const url = new URL(canonical ?? 'http://localhost/');
  return { files, base: url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`, origin: url.origin };
}

async function checkExternal(urls: Map<string, { file: string; line: number; column: number }>, fetchImpl: typeof fetch): Promise<Finding[]> {
  const out: Finding[] = [];
  const list = [...urls];
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const [url, where] = list[next++]!;
      let status: number | string;
      try {
        let res = await fetchImpl(url, { method: 'HEAD', redirect: 'follow', signal: AbortSignal.timeout(10_000) });
        // Some servers refuse HEAD; ask again with GET before calling the link broken.
        if (res.status === 405 || res.status === 403) res = await fetchImpl(url, { method: 'GET', redirect: 'follow', signal: AbortSignal.timeout(10_000) });
        status = res.status;
      } catch (e) {
        status = (e as Error).name === 'TimeoutError' ? 'timed out after 10 s' : ((e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message);
      }
      if (typeof status !== 'number' || status >= 400)
        out.push({ severity: 'error', rule: 'broken-external-link', ...where, message: `${url} answered ${status}.` });
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return out;
}

/** html-validate's findings for every page: those a previous check recorded for the same HTML, the rest validated (on several threads when there are many). */
async function htmlValidity(pages: [string, string][], validity: ValidityCache | undefined): Promise<Finding[]> {
  const out: Finding[][] = [];
  const todo: { at: number; key: string | undefined }[] = [];
  for (const [file, html] of pages) {
    const key = validity?.keyOf(html);
    const kept = key === undefined ? undefined : validity!.lookup(key, file);
    if (kept) out.push(kept);
    else {
      todo.push({ at: out.length, key });
      out.push([]);
    }
  }
  const found = await validateAll(todo.map(({ at }) => pages[at]!));
  todo.forEach(({ at, key }, i) => {
    out[at] = found[i]!;
    if (key !== undefined) validity!.store(key, found[i]!);
  });
  validity?.save();
  return out.flat();
}

export async function checkSite(opts: CheckOptions): Promise<CheckReport> {
  const target = resolve(opts.target);
  if (!existsSync(target) || !statSync(target).isDirectory()) {
    throw new CasebookError('CB2006', `${target} does not exist or is not a folder.`, { file: target });
  }
  const findings: Finding[] = [];
  let site: SiteFiles;
  let validity: ValidityCache | undefined;
  if (isBuiltFolder(target)) {
    site = await loadBuilt(target);
  } else {
    // Social cards are left out: they are only referenced from <meta>, which is not checked. The
    // pages are those of a full build, search box included, but Pagefind's index is not made:
    // nothing checked reads it, and it was 2 s of a 1,400-page check.
    const result = await build({ site: target, memory: true, skip: ['og'], deferSearchIndex: true });
    const files = new Map<string, string | true>();
    for (const [path, data] of result.files!) files.set(path, TEXT.test(path) ? (typeof data === 'string' ? data : Buffer.from(data).toString('utf8')) : true);
    const url = new URL(result.config.baseUrl);
    site = { files, base: url.pathname, origin: url.origin };
    findings.push(...checkSources(result.model));
    // The site's cache folder, which the build in memory just claimed as Casebook's.
    validity = new ValidityCache(join(resolve(result.root, result.config.cacheDir), VALIDITY_FILE));
  }

  const pages = [...site.files].filter((e): e is [string, string] => e[0].endsWith('.html') && typeof e[1] === 'string');
  const tagsOf = new Map(pages.map(([file, html]) => [file, scanTags(html)]));
  const facts = new Map<string, PageFacts>(pages.map(([file, html]) => [file, pageFacts(html, tagsOf.get(file)!)]));
  const external = new Map<string, { file: string; line: number; column: number }>();
  for (const [file, html] of pages) findings.push(...checkPage({ file, html, tags: tagsOf.get(file)!, site, facts, external }));
  findings.push(...(await htmlValidity(pages, validity)));
  findings.push(...duplicateFacts(facts));
  for (const [file, data] of site.files) {
    if (typeof data !== 'string') continue;
    if (file.endsWith('.xml')) findings.push(...checkXml(file, data, site));
    else if (file === 'feed.json' || file.endsWith('/feed.json')) findings.push(...checkJsonFeed(file, data));
  }
  if (opts.external) findings.push(...(await checkExternal(external, opts.fetch ?? fetch)));

  findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0)));
  return {
    target,
    files: site.files.size,
    pages: pages.length,
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
    findings,
  };
}
