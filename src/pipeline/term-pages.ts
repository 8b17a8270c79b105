import type { TermPage } from '../foreign-types/index.js';
import type { SiteModel } from '../site/index.js';

/** Gives the model's terms the title and intro the old site wrote for them (by slug); terms without one are left as they are. */
export function applyTermPages(model: SiteModel, pages: { tags: Record<string, TermPage>; categories: Record<string, TermPage> } | undefined): void {
  if (!pages) return;
  for (const [terms, own] of [
    [model.tags, pages.tags],
    [model.categories, pages.categories],
  ] as const) {
    for (const term of terms) {
      const page = Object.hasOwn(own, term.slug) ? own[term.slug] : undefined;
      if (page?.title) term.title = page.title;
      if (page?.description) term.description = page.description;
    }
  }
}
