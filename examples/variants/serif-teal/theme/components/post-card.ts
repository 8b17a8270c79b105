import { defineComponent, html } from 'casebook';

/** Cards with the date in a side column, as in a printed table of contents. */
export default defineComponent('post-card', ({ post, headingLevel }) => {
  const title = html`<a href="${post.url}">${post.title}</a>`;
  return html`<article class="card teal-card">
<p class="teal-date">${post.date ? html`<time datetime="${post.date.iso}">${post.date.text}</time>` : ''}</p>
<div>
${headingLevel === 2 ? html`<h2 class="card-title">${title}</h2>` : html`<h3 class="card-title">${title}</h3>`}
<p class="card-summary">${post.summary}</p>
<p class="meta">${[post.kindLabel, post.category?.name, post.readingTime].filter(Boolean).join(' · ')}</p>
</div>
</article>`;
});
