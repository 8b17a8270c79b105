import { resolveLink, type LinkTables } from './foreign/link-tables.js';
import type { ForeignInput } from './render.js';

/**
 * A foreign body's input as plain data, which crosses to a Markdown worker: the link index as
 * tables and the static files as a set, where the main thread passes functions over them.
 */
export type ForeignData = Omit<ForeignInput, 'resolve' | 'staticFile'> & {
  links: LinkTables;
  /** The post's path under content/, which its relative link tags start from. */
  contentRel: string;
  /** Root-relative paths of the old site's static files. */
  staticPaths: ReadonlySet<string>;
};

/** The renderer's input for `data`, resolving links and static files as the main thread does. */
export function foreignInputOf(data: ForeignData): ForeignInput {
  const { links, contentRel, staticPaths, ...rest } = data;
  return { ...rest, resolve: (kind, target) => resolveLink(links, contentRel, kind, target), staticFile: (path) => staticPaths.has(path) };
}
