import { CasebookError, type Location } from '../errors/index.js';
import { slugify } from '../util/slug.js';
import type { SiteConfig } from './schema.js';

/**
 * Checks of the page-shape keys that the schema cannot express: a list that names the same thing
 * twice would render two identical filter links or meta parts, which is never what was meant.
 */
export function checkPageShapes(config: SiteConfig, where: (path: (string | number)[]) => Location): void {
  const filter = config.home.categoryFilter;
  if (Array.isArray(filter)) {
    const seen = new Map<string, string>();
    filter.forEach((name, i) => {
      const key = slugify(name);
      const first = seen.get(key);
      if (first !== undefined) {
        throw new CasebookError(
          'CB1650',
          `home.categoryFilter names "${name}" after "${first}"; they are the same category.`,
          where(['home', 'categoryFilter', i]),
        );
      }
      seen.set(key, name);
    });
  }
  const meta = config.lists.meta ?? [];
  meta.forEach((field, i) => {
    if (meta.indexOf(field) !== i) throw new CasebookError('CB1651', `lists.meta names "${field}" twice.`, where(['lists', 'meta', i]));
  });
}
