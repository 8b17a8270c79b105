import type { ForeignBody } from '../foreign-types/index.js';
import { resolveLink, type LinkTables } from './foreign/link-tables.js';
import type { ForeignInput } from './render.js';

/**
 * What every body of another tool's site shares, as plain data: a Markdown worker gets it once
 * (MarkdownPool.render's `shared`), not with every batch; the link index as tables and the old
 * site's static files as a set, where the main thread passes functions over them.
 */
export type ForeignShared = Omit<ForeignInput, 'body' | 'resolve' | 'staticFile'> & {
  links: LinkTables;
  /** Root-relative paths of the old site's static files. */
  staticPaths: ReadonlySet<string>;
};

/** One body's own part. */
export interface ForeignData {
  body: ForeignBody;
  /** The post's path under content/, which its relative link tags start from. */
  contentRel: string;
}

/** The renderer's input for a body, resolving links and static files as the main thread does. */
export function foreignInputOf(data: ForeignData, shared: ForeignShared): ForeignInput {
  const { links, staticPaths, ...site } = shared;
  return {
    ...site,
    body: data.body,
    resolve: (kind, target) => resolveLink(links, data.contentRel, kind, target),
    staticFile: (path) => staticPaths.has(path),
  };
}
