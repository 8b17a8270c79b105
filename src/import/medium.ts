import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CasebookError, type Warning } from '../errors/index.js';
import { slugify } from '../util/slug.js';
import { parseInstant, writeInstant } from './dates.js';
import { codeBlockLanguage } from './code-language.js';
import { parseHtmlDocument } from './html-to-markdown.js';
import { countSkipped, type ImportedItem, type ImportSource } from './types.js';

/** Medium's own hosts: URLs there cannot become redirects on the new site. */
const MEDIUM_HOST = /(^|\.)medium\.com$/i;

/** `2019-05-03_Why-we-moved-off-Kafka-8a3e1c0d5b2f.html` → `why-we-moved-off-kafka`. */
export function mediumSlug(name: string): string {
  const stem = basename(name, '.html')
    .replace(/^draft_/, '')
    .replace(/^\d{4}-\d{2}-\d{2}_/, '');
  return slugify(stem.replace(/-[0-9a-f]{8,16}$/i, ''));
}

function postsFolder(dir: string): string {
  const posts = join(dir, 'posts');
  if (existsSync(posts) && statSync(posts).isDirectory()) return posts;
  return dir;
}

const text = (el: Element | null | undefined): string => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** Medium splits a code block typed as separate paragraphs into sibling <pre>s; they read as one block. */
function mergeAdjacentPre(body: Element): void {
  for (const pre of Array.from(body.querySelectorAll('pre'))) {
    let next = pre.nextElementSibling;
    while (next && next.tagName === 'PRE' && codeBlockLanguage(next) === codeBlockLanguage(pre)) {
      pre.appendChild(pre.ownerDocument.createElement('br'));
      while (next.firstChild) pre.appendChild(next.firstChild);
      const gone = next;
      next = next.nextElementSibling;
      gone.remove();
    }
  }
}

/** Medium has two heading sizes, written h3 and h4; under the page's h1 they are h2 and h3. */
function raiseHeadings(body: Element): void {
  for (const h of Array.from(body.querySelectorAll('h3, h4'))) {
    const raised = h.ownerDocument.createElement(h.tagName === 'H3' ? 'h2' : 'h3');
    while (h.firstChild) raised.appendChild(h.firstChild);
    h.parentNode?.replaceChild(raised, h);
  }
}

/**
 * Reads Medium's export (Settings → Download your information): a folder whose posts/ holds one
 * HTML file per story, drafts named `draft_…`. Medium exports comments ("responses") there too;
 * they have no title block and are left out.
 */
export function readMedium(dir: string): ImportSource {
  const folder = postsFolder(dir);
  const files = readdirSync(folder)
    .filter((f) => f.toLowerCase().endsWith('.html'))
    .sort();
  if (!files.length) {
    throw new CasebookError('CB3105', `${folder} has no .html files${folder === dir ? ' and no posts/ folder' : ''}.`, { file: dir });
  }
  const warnings: Warning[] = [];
  const skipped: Record<string, number> = {};
  const items: ImportedItem[] = [];
  let author: string | undefined;
  for (const name of files) {
    const file = join(folder, name);
    const doc = parseHtmlDocument(readFileSync(file, 'utf8'));
    const body = doc.querySelector('section[data-field="body"], .e-content');
    const draft = name.startsWith('draft_');
    if (!body) {
      countSkipped(skipped, 'files that are not stories');
      continue;
    }
    const titleGraf = body.querySelector('.graf--title');
    if (!titleGraf && !draft) {
      countSkipped(skipped, 'responses to other stories');
      continue;
    }
    const title = text(doc.querySelector('h1.p-name')) || text(titleGraf) || text(doc.querySelector('title')) || 'Untitled';
    if (title === 'Untitled') warnings.push({ code: 'CB3124', message: `${name} has no title.`, location: { file } });
    const subtitle = text(doc.querySelector('section[data-field="subtitle"], .p-summary'));
    titleGraf?.remove();
    body.querySelector('.graf--subtitle')?.remove();
    // Every section starts with a divider; only the ones between sections mean anything.
    body.querySelector('hr.section-divider')?.remove();
    for (const iframe of Array.from(body.querySelectorAll('iframe[src^="/"]'))) iframe.setAttribute('src', `https://medium.com${iframe.getAttribute('src')}`);
    mergeAdjacentPre(body);
    raiseHeadings(body);

    const published = parseInstant(doc.querySelector('time.dt-published')?.getAttribute('datetime'));
    const canonical = doc.querySelector('a.p-canonical')?.getAttribute('href')?.trim() ?? '';
    author ??= text(doc.querySelector('.p-author')) || undefined;
    let host = '';
    try {
      host = canonical ? new URL(canonical).host : '';
    } catch {
      host = '';
    }
    // Drafts and unlisted stories only have the short /p/<id> address; their slug comes from the file name.
    const canonicalPath = canonical.split(/[?#]/)[0]!.replace(/\/+$/, '');
    const canonicalSlug = canonical && !/\/p\/[0-9a-f]+$/i.test(canonicalPath) ? mediumSlug(canonicalPath.split('/').pop() ?? '') : '';
    items.push({
      kind: 'post',
      title,
      slug: canonicalSlug || mediumSlug(name) || slugify(title) || 'story',
      date: published !== undefined ? writeInstant(published) : undefined,
      updated: undefined,
      description: subtitle || undefined,
      tags: [],
      categories: [],
      // Medium has no separate cover: its "featured image" is the first image of the body, already there.
      image: undefined,
      imageAlt: undefined,
      draft,
      // A custom-domain publication keeps its paths; medium.com paths mean nothing on the new site.
      oldUrls: canonical && host && !MEDIUM_HOST.test(host) && !draft ? [canonical] : [],
      linkUrls: canonical ? [canonical] : [],
      series: undefined,
      body: { html: body.innerHTML },
      origin: { file },
    });
  }
  return {
    platform: 'medium',
    site: { title: author, author },
    items,
    skipped,
    warnings,
    notes: [],
  };
}
