import { describe, expect, it } from 'vitest';
import type { SourcePost } from '../content/index.js';
import type { Post } from '../site/index.js';
import { BODY_AT, FORGET, LAZY_SOURCE } from './lazy-source.js';
import { newPost, type ModelFields } from './post-object.js';

const model = (): ModelFields => ({
  categoryTerms: [],
  tagTerms: [],
  seriesInfo: undefined,
  older: undefined,
  newer: undefined,
  related: [],
  status: 'published',
});
const rendered = { html: '<p>x</p>' } as unknown as Post['rendered'];

function source(extra: Partial<SourcePost> = {}): SourcePost {
  return {
    file: '/s/content/writing/a.md',
    rel: 'writing/a.md',
    source: '---\ntitle: A\n---\nBody',
    digest: 'd',
    keyLine: () => 2,
    kind: 'article',
    title: 'A',
    slug: 'a',
    date: undefined,
    updated: undefined,
    description: undefined,
    tags: ['t'],
    categories: ['c'],
    series: undefined,
    draft: false,
    featured: false,
    aliases: [],
    image: undefined,
    imageAlt: undefined,
    canonical: undefined,
    toc: false,
    lang: undefined,
    caseStudy: {},
    body: 'Body',
    bodyLine: 4,
    bundle: false,
    ...extra,
  } as SourcePost;
}

describe('newPost', () => {
  it('copies every field of the source, optional ones included, and adds the model fields', () => {
    const s = source({ outputPath: 'old/a/', edition: 'fr', descriptionMarkdown: '*A*' });
    const post = newPost(s, 'writing/a/', rendered, model());
    for (const key of Object.keys(s)) expect(post[key as keyof Post], key).toBe(s[key as keyof SourcePost]);
    expect(post.path).toBe('writing/a/');
    expect(post.rendered).toBe(rendered);
    expect(post.status).toBe('published');
    expect(Object.getPrototypeOf(post)).toBe(Object.prototype);
  });

  it('keeps a lazily read post lazy: its prototype and body offset, its text not read', () => {
    const forget = () => {};
    const { source: _text, body: _body, ...fields } = source();
    const s = Object.assign(Object.create(LAZY_SOURCE) as SourcePost, fields, { [BODY_AT]: 'Body', [FORGET]: forget });
    const post = newPost(s, 'writing/a/', rendered, model()) as Post & { [BODY_AT]: unknown; [FORGET]: unknown };
    expect(Object.getPrototypeOf(post)).toBe(LAZY_SOURCE);
    expect(post[BODY_AT]).toBe('Body');
    expect(post[FORGET]).toBe(forget);
    expect(Object.hasOwn(post, 'source')).toBe(false);
    expect(post.body).toBe('Body');
    expect(post.title).toBe('A');
  });
});
