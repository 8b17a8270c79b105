import { articleTemplate, caseStudyTemplate } from './kind-templates.js';

/**
 * The kinds of post a site can have, each declared once: where its pages go, which list and
 * feeds show it, how its page is laid out, what its card says and which schema.org type
 * describes it. Front matter validation, URLs, the site model's collections, the page renderer,
 * cards and structured data all ask this registry, so a kind added here (a `talk`) gets a page,
 * a place in a list and in the feeds with no edit anywhere else.
 */
export interface KindSpec {
  name: string;
  /** The page's URL, `:slug` replaced by the post's slug (`writing/:slug/`). */
  url: string;
  /** The folder under content/ whose files take this kind when their front matter names none. */
  folder?: string | undefined;
  /** The collection that lists it: the Writing list (and home's latest), the case studies, or none (a standalone page). */
  list: 'writing' | 'case-studies' | undefined;
  /** Whether the site's and its terms' feeds carry it. */
  feed: boolean;
  /** How its page is laid out: a plain article, a case study (summary box, sections, kind label), or a standalone page. */
  layout: 'article' | 'case-study' | 'page';
  /** The i18n key of the label its cards and page show above the title (`kind.postmortem`), or none. */
  label?: string | undefined;
  /** The schema.org type of its structured data. */
  schemaType: string;
  /**
   * What `casebook new <kind>` starts: the folder under content/ and the file's text for a title
   * and today's date (`YYYY-MM-DD`). A kind without it (a standalone page: no date) is not offered.
   */
  scaffold?: KindScaffold | undefined;
}

export interface KindScaffold {
  folder: string;
  template: (title: string, date: string) => string;
}

const registry = new Map<string, KindSpec>();

/** Adds a kind (or replaces one of the same name). The built-in kinds are registered the same way, below. */
export function registerKind(spec: KindSpec): void {
  if (!/^[a-z][a-z0-9-]*$/.test(spec.name)) throw new Error(`A kind's name is lowercase letters, digits and "-": "${spec.name}"`);
  if (!spec.url.includes(':slug')) throw new Error(`The URL of kind "${spec.name}" has no :slug`);
  registry.set(spec.name, { ...spec });
}

/** Removes a kind registered with registerKind (tests that add one take it away again). */
export function unregisterKind(name: string): void {
  if (BUILT_IN_KINDS.includes(name as BuiltInKind)) throw new Error(`"${name}" is a built-in kind`);
  registry.delete(name);
}

export function isKind(name: unknown): name is string {
  return typeof name === 'string' && registry.has(name);
}

/** The declaration of a kind; an unknown name (validation lets none through) is read as an article. */
export function kindSpec(name: string): KindSpec {
  return registry.get(name) ?? registry.get('article')!;
}

export function kindNames(): string[] {
  return [...registry.keys()];
}

/** The kind of a file under content/ whose front matter names none: by the folder it is in. */
export function kindOfFolder(rel: string): string {
  const top = rel.split('/')[0];
  for (const spec of registry.values()) if (spec.folder !== undefined && spec.folder === top) return spec.name;
  return 'article';
}

/** Casebook's own URL for a post of `kind` with `slug`. */
export function kindPath(kind: string, slug: string): string {
  return kindSpec(kind).url.replace(':slug', slug);
}

/** The kinds `casebook new` can start, in the order they were registered. */
export function scaffoldKinds(): string[] {
  return [...registry.values()].filter((s) => s.scaffold).map((s) => s.name);
}

export const BUILT_IN_KINDS = ['article', 'case-study', 'retrospective', 'postmortem', 'page'] as const;
export type BuiltInKind = (typeof BUILT_IN_KINDS)[number];

registerKind({
  name: 'article',
  url: 'writing/:slug/',
  folder: 'writing',
  list: 'writing',
  feed: true,
  layout: 'article',
  schemaType: 'BlogPosting',
  scaffold: { folder: 'writing', template: articleTemplate },
});
registerKind({
  name: 'case-study',
  url: 'case-studies/:slug/',
  folder: 'case-studies',
  list: 'case-studies',
  feed: true,
  layout: 'case-study',
  label: 'kind.case-study',
  schemaType: 'BlogPosting',
  scaffold: { folder: 'case-studies', template: (title, date) => caseStudyTemplate(title, date, 'case-study') },
});
registerKind({
  name: 'retrospective',
  url: 'case-studies/:slug/',
  list: 'case-studies',
  feed: true,
  layout: 'case-study',
  label: 'kind.retrospective',
  schemaType: 'BlogPosting',
  scaffold: { folder: 'case-studies', template: (title, date) => caseStudyTemplate(title, date, 'retrospective') },
});
registerKind({
  name: 'postmortem',
  url: 'case-studies/:slug/',
  list: 'case-studies',
  feed: true,
  layout: 'case-study',
  label: 'kind.postmortem',
  schemaType: 'BlogPosting',
  scaffold: { folder: 'case-studies', template: (title, date) => caseStudyTemplate(title, date, 'postmortem') },
});
registerKind({ name: 'page', url: ':slug/', folder: 'pages', list: undefined, feed: false, layout: 'page', schemaType: 'BlogPosting' });
