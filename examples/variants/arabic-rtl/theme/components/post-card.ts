import { defineComponent, html } from 'casebook';

/** A card with a coloured edge on the reading side (inline start), so it flips with the language. */
export default defineComponent('post-card', ({ post, headingLevel }, { original }) =>
  html`<div class="plum-card${post.featured ? ' is-featured' : ''}" data-level="${headingLevel}">${original}</div>`);
