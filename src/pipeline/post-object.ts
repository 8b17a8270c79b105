import type { SourcePost } from '../content/index.js';
import type { Post } from '../site/index.js';
import { BODY_AT, FORGET } from './lazy-source.js';

/** What the site model fills in on a post, before it does. */
export type ModelFields = Pick<Post, 'categoryTerms' | 'tagTerms' | 'seriesInfo' | 'older' | 'newer' | 'related' | 'status'>;

/** Every field, optional ones too: a field added to Post and not copied here is a type error. */
type AllFields = { [K in keyof Required<Post>]: Post[K] };

type LazyFields = { [BODY_AT]?: unknown; [FORGET]?: unknown };

/**
 * The model's post for a source post: its fields, its place on the site, and the fields the model
 * fills in. One object literal with the fields in one order, so every post has one hidden class
 * with its fields in the object. Copying them with Object.assign (or a spread followed by more
 * keys) gave each post a dictionary, or a hidden class of its own: at 10,000 posts every read of
 * a post field in the model, the page table and its checks was then a hash lookup or a
 * megamorphic one, about a third of a dev rebuild.
 */
export function newPost(source: SourcePost, path: string, rendered: Post['rendered'], model: ModelFields): Post {
  const s = source as SourcePost & LazyFields;
  // A post revived from the parse cache reads its text only if asked (lazy-source.ts): its
  // `source` and `body` are getters of its prototype, which the copy keeps, and are not read here.
  const lazy = Object.hasOwn(s, BODY_AT);
  const fields: Omit<AllFields, 'source' | 'body'> = {
    file: s.file,
    within: s.within,
    rel: s.rel,
    digest: s.digest,
    keyLine: s.keyLine,
    kind: s.kind,
    title: s.title,
    slug: s.slug,
    date: s.date,
    updated: s.updated,
    description: s.description,
    descriptionMarkdown: s.descriptionMarkdown,
    tags: s.tags,
    categories: s.categories,
    series: s.series,
    draft: s.draft,
    featured: s.featured,
    aliases: s.aliases,
    image: s.image,
    imageAlt: s.imageAlt,
    canonical: s.canonical,
    toc: s.toc,
    lang: s.lang,
    caseStudy: s.caseStudy,
    bodyLine: s.bodyLine,
    bundle: s.bundle,
    outputPath: s.outputPath,
    foreignBody: s.foreignBody,
    edition: s.edition,
    excluded: s.excluded,
    path,
    rendered,
    categoryTerms: model.categoryTerms,
    tagTerms: model.tagTerms,
    seriesInfo: model.seriesInfo,
    older: model.older,
    newer: model.newer,
    related: model.related,
    status: model.status,
  };
  const post = fields as Post & LazyFields;
  if (!lazy) {
    post.source = s.source;
    post.body = s.body;
    return post;
  }
  Object.setPrototypeOf(post, Object.getPrototypeOf(s) as object);
  post[BODY_AT] = s[BODY_AT];
  post[FORGET] = s[FORGET];
  return post;
}
