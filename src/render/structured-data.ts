import type { Post } from '../site/index.js';
import { rfc3339 } from '../util/dates.js';
import { kindSpec } from '../content/index.js';
import { summaryOf } from './components.js';
import type { RenderContext } from './context.js';

/** schema.org BlogPosting (or the type the post's kind declares); serialised with jsonForScript so no value can close the <script>. */
export function blogPostingLd(ctx: RenderContext, post: Post, image: string | undefined): object {
  const { config } = ctx.model;
  const a = ctx.model.author;
  const author = a ? { '@type': 'Person', name: a.name, ...(a.url ? { url: a.url } : {}) } : undefined;
  return {
    '@context': 'https://schema.org',
    '@type': kindSpec(post.kind).schemaType,
    headline: post.title,
    description: summaryOf(post),
    url: ctx.abs(post.path),
    mainEntityOfPage: ctx.abs(post.path),
    ...(post.date ? { datePublished: rfc3339(post.date) } : {}),
    ...(post.updated || post.date ? { dateModified: rfc3339((post.updated ?? post.date)!) } : {}),
    ...(author ? { author } : {}),
    ...(image ? { image: image.startsWith('http') ? image : ctx.model.origin + image } : {}),
    ...(post.tags.length ? { keywords: post.tags.join(', ') } : {}),
    ...(post.categoryTerms[0] ? { articleSection: post.categoryTerms[0].name } : {}),
    wordCount: post.rendered.words,
    inLanguage: post.lang ?? config.lang,
  };
}

export function breadcrumbLd(ctx: RenderContext, crumbs: [string, string][]): object {
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: [[ctx.i18n.t('nav.home'), ''] as [string, string], ...crumbs].map(([name, path], i) => ({
      '@type': 'ListItem',
      position: i + 1,
      name,
      item: ctx.abs(path),
    })),
  };
}
