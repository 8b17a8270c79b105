import type { OldFeed } from '../foreign-types/index.js';
import type { ExtraFeed } from '../emit/feeds.js';
import type { SiteModel } from '../site/index.js';

/**
 * The old site's feeds as feeds to write (issue 17, class 6): each scope becomes its posts, a
 * per-term feed one feed per term. A file the old site kept as it is (its static feed.xml) is
 * the feed itself and is left to the static copy.
 */
export function resolveOldFeeds(feeds: readonly OldFeed[] | undefined, model: SiteModel, staticPaths: ReadonlySet<string>): ExtraFeed[] {
  if (!feeds?.length) return [];
  const { title, description } = model.config;
  const out = new Map<string, ExtraFeed>();
  const add = (f: ExtraFeed) => {
    if (!staticPaths.has(f.path) && !out.has(f.path)) out.set(f.path, f);
  };
  const scope = (path: string, posts: ExtraFeed['scope']['posts'], feedTitle: string, home: string) => ({
    posts,
    title: feedTitle,
    description: description || feedTitle,
    home,
    rss: path,
    atom: path,
    json: path,
  });
  for (const f of feeds) {
    if (f.scope.kind === 'site') add({ path: f.path, format: f.format, scope: scope(f.path, model.listed, title, '') });
    else if (f.scope.kind === 'edition') {
      const { lang, title: own, description: about } = f.scope;
      const posts = model.editions.find((e) => e.lang === lang)?.posts;
      // The edition's own title and description (Zola `[languages.fr] title`), in its language.
      const base = scope(f.path, posts ?? [], own ?? title, `${lang}/`);
      if (posts?.length) add({ path: f.path, format: f.format, scope: { ...base, description: about || base.description, lang } });
    } else if (f.scope.kind === 'section') {
      const prefix = `${f.scope.dir.replace(/\/+$/, '')}/`;
      const posts = model.listed.filter((p) => p.rel.startsWith(prefix));
      if (posts.length) add({ path: f.path, format: f.format, scope: scope(f.path, posts, title, f.scope.home) });
    } else {
      for (const term of f.scope.list === 'tags' ? model.tags : model.categories) {
        const path = f.path.replace(':slug', term.slug);
        add({ path, format: f.format, scope: scope(path, term.posts, `${title}: ${term.name}`, term.path) });
      }
    }
  }
  return [...out.values()];
}
