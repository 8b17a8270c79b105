import type { Profile } from '../profile/index.js';
import { resumeRange } from '../profile/index.js';
import { slugify } from '../util/slug.js';
import { html, type SafeHtml } from '../util/html.js';
import type { RenderContext } from './context.js';

type Basics = Profile['basics'];

export function locationText(basics: Basics): string | undefined {
  const l = basics.location;
  if (!l) return undefined;
  return [l.city, l.countryCode].filter(Boolean).join(', ') || undefined;
}

/** Website, e-mail and profiles as links; unsafe URLs are dropped by ctx.link. */
export function profileLinks(ctx: RenderContext, basics: Basics): SafeHtml {
  const links: SafeHtml[] = [];
  const site = ctx.link(basics.url);
  if (site) links.push(html`<li><a href="${site}" rel="me">${site.replace(/^https?:\/\//, '').replace(/\/$/, '')}</a></li>`);
  if (basics.email) links.push(html`<li><a href="${`mailto:${basics.email}`}">${basics.email}</a></li>`);
  for (const p of basics.profiles ?? []) {
    const href = ctx.link(p.url);
    if (href) links.push(html`<li><a href="${href}" rel="me">${p.network ?? p.username ?? href}</a></li>`);
  }
  return links.length ? html`<ul class="profile-links" role="list">${links}</ul>` : html``;
}

/** A keyword links to the tag of the same name (PostgreSQL ↔ postgresql) when that tag exists. */
export function skillKeyword(ctx: RenderContext, keyword: string): SafeHtml {
  const tag = ctx.model.tags.find((t) => t.slug === slugify(keyword));
  // The hidden words say where the chip leads ("Go" alone reads as a verb to screen readers and crawlers).
  return tag
    ? html`<li><a href="${ctx.u(tag.path)}">${keyword}<span class="visually-hidden">: ${ctx.i18n.t('profile.postsTagged', { tag: tag.name })}</span></a></li>`
    : html`<li><span>${keyword}</span></li>`;
}

export function techStack(ctx: RenderContext, profile: Profile, headingLevel: 2 | 3 = 3): SafeHtml {
  const skills = profile.skills ?? [];
  if (!skills.length) return html``;
  return html`<div class="stack">${skills.map(
    (s) => html`<section class="stack-group">
${headingLevel === 3 ? html`<h3>${s.name}</h3>` : html`<h2>${s.name}</h2>`}${s.level ? html`<p class="meta">${s.level}</p>` : ''}
<ul class="chips" role="list">${(s.keywords ?? []).map((k) => skillKeyword(ctx, k))}</ul>
</section>`,
  )}</div>`;
}

/** Compact experience timeline for the home page: role, company and dates per job. */
export function experienceTimeline(ctx: RenderContext, profile: Profile): SafeHtml {
  const work = profile.work ?? [];
  if (!work.length) return html``;
  return html`<ul class="experience" role="list">${work.map((w) => {
    const href = ctx.link(w.url);
    return html`<li><span class="when">${resumeRange(w.startDate, w.endDate, ctx.i18n.t('cv.present'), ctx.i18n.lang) ?? ''}</span>
<span class="what"><strong>${w.position ?? w.name}</strong>${w.position ? html` · ${href ? html`<a href="${href}">${w.name}</a>` : w.name}` : ''}</span></li>`;
  })}</ul>`;
}
