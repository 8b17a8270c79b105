import type { Profile } from '../profile/index.js';
import { resumeDate, resumeRange } from '../profile/index.js';
import { html, type SafeHtml } from '../util/html.js';
import type { RenderContext } from './context.js';
import { layout } from './layout.js';
import { renderComponent } from '../theming/index.js';
import { locationText, profileLinks, skillKeyword } from './profile.js';
import type { RenderedPage } from './pages.js';
import type { CardInput } from '../og/card-input.js';

function section(ctx: RenderContext, id: string, title: string, body: SafeHtml | false): SafeHtml {
  if (!body) return html``;
  return renderComponent(
    { components: ctx.components, i18n: ctx.i18n },
    'cv-section',
    { id, title, content: body },
    (p) => html`<section class="cv-section" aria-labelledby="${p.id}"><h2 id="${p.id}">${p.title}</h2>${p.content}</section>`,
  );
}

function entry(title: SafeHtml | string, sub: SafeHtml | string | undefined, when: string | undefined, body: SafeHtml | string = ''): SafeHtml {
  return html`<article class="cv-entry">
<header><h3>${title}</h3>${when ? html`<p class="cv-when">${when}</p>` : ''}</header>
${sub ? html`<p class="cv-sub">${sub}</p>` : ''}${body}
</article>`;
}

function bullets(items: string[] | undefined): SafeHtml {
  return items?.length ? html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>` : html``;
}

/** /cv/: the whole profile as a CV; the print stylesheet lays it out for A4 and Letter. */
export function renderCv(ctx: RenderContext, profile: Profile): RenderedPage {
  const b = profile.basics;
  const t = ctx.i18n;
  const range = (start: string | undefined, end: string | undefined, open = t.t('cv.present')) => resumeRange(start, end, open, t.lang);
  const date = (value: string | undefined) => resumeDate(value, t.lang);
  const maybeLink = (name: string, url: string | undefined) => {
    const href = ctx.link(url);
    return href ? html`<a href="${href}">${name}</a>` : name;
  };
  const body = html`<article class="cv">
<header class="cv-header">
<h1>${b.name}</h1>
${b.label ? html`<p class="lede">${b.label}</p>` : ''}
${locationText(b) ? html`<p class="meta">${locationText(b)}</p>` : ''}
${profileLinks(ctx, b)}
</header>
${b.summary ? html`<p class="cv-summary">${b.summary}</p>` : ''}
${section(
  ctx,
  'cv-work',
  t.t('cv.experience'),
  !!profile.work?.length &&
    html`${profile.work!.map((w) =>
      entry(
        w.position ?? w.name,
        w.position ? maybeLink(w.name, w.url) : w.location,
        range(w.startDate, w.endDate),
        html`${w.summary ? html`<p>${w.summary}</p>` : ''}${bullets(w.highlights)}`,
      ),
    )}`,
)}
${section(ctx, 'cv-skills', t.t('cv.skills'), !!profile.skills?.length && html`<dl class="cv-skills">${profile.skills!.map((s) => html`<div><dt>${s.name}${s.level ? html` <span class="meta">(${s.level})</span>` : ''}</dt><dd><ul class="chips" role="list">${(s.keywords ?? []).map((k) => skillKeyword(ctx, k))}</ul></dd></div>`)}</dl>`)}
${section(
  ctx,
  'cv-projects',
  t.t('cv.projects'),
  !!profile.projects?.length &&
    html`${profile.projects!.map((p) =>
      entry(
        maybeLink(p.name, p.url),
        p.roles?.join(', ') ?? p.entity,
        range(p.startDate, p.endDate, t.t('cv.ongoing')),
        html`${p.description ? html`<p>${p.description}</p>` : ''}${bullets(p.highlights)}`,
      ),
    )}`,
)}
${section(
  ctx,
  'cv-education',
  t.t('cv.education'),
  !!profile.education?.length &&
    html`${profile.education!.map((e) =>
      entry(
        maybeLink(e.institution, e.url),
        [e.studyType, e.area].filter(Boolean).join(', ') || undefined,
        range(e.startDate, e.endDate),
        html`${e.score ? html`<p>${e.score}</p>` : ''}${e.courses?.length ? html`<p class="meta">${e.courses.join(' · ')}</p>` : ''}`,
      ),
    )}`,
)}
${section(
  ctx,
  'cv-publications',
  t.t('cv.publications'),
  !!profile.publications?.length &&
    html`${profile.publications!.map((p) => entry(maybeLink(p.name, p.url), p.publisher, date(p.releaseDate), p.summary ? html`<p>${p.summary}</p>` : ''))}`,
)}
${section(ctx, 'cv-awards', t.t('cv.awards'), !!profile.awards?.length && html`${profile.awards!.map((a) => entry(a.title ?? '', a.awarder, date(a.date), a.summary ? html`<p>${a.summary}</p>` : ''))}`)}
${section(ctx, 'cv-certificates', t.t('cv.certificates'), !!profile.certificates?.length && html`${profile.certificates!.map((c) => entry(maybeLink(c.name ?? '', c.url), c.issuer, date(c.date)))}`)}
${section(
  ctx,
  'cv-volunteer',
  t.t('cv.volunteer'),
  !!profile.volunteer?.length &&
    html`${profile.volunteer!.map((v) =>
      entry(
        v.position ?? v.organization ?? '',
        v.position ? maybeLink(v.organization ?? '', v.url) : undefined,
        range(v.startDate, v.endDate),
        html`${v.summary ? html`<p>${v.summary}</p>` : ''}${bullets(v.highlights)}`,
      ),
    )}`,
)}
${section(ctx, 'cv-languages', t.t('cv.languages'), !!profile.languages?.length && html`<ul class="cv-inline" role="list">${profile.languages!.map((l) => html`<li>${l.language}${l.fluency ? html` <span class="meta">(${l.fluency})</span>` : ''}</li>`)}</ul>`)}
${section(ctx, 'cv-interests', t.t('cv.interests'), !!profile.interests?.length && html`<ul class="cv-inline" role="list">${profile.interests!.map((i) => html`<li>${i.name ?? ''}${i.keywords?.length ? html` <span class="meta">(${i.keywords.join(', ')})</span>` : ''}</li>`)}</ul>`)}
<p class="cv-machine no-print">${t.h('cv.machine', { link: html`<a href="${ctx.u('resume.json')}">JSON Resume</a>` })}</p>
</article>`;
  return {
    path: 'cv/',
    html: layout(ctx, {
      path: 'cv/',
      title: t.t('cv.title'),
      description: t.t('cv.description', { name: b.label ? `${b.name}, ${b.label}` : b.name }),
      body,
      bodyClass: 'page-cv',
      card: cvCardInput(ctx, profile),
      jsonLd: [personLd(ctx, profile)],
    }),
  };
}

/** The CV's social card: the name, the label below it. */
export function cvCardInput(ctx: RenderContext, profile: Profile): CardInput {
  const b = profile.basics;
  return { title: b.name, eyebrow: ctx.i18n.t('cv.eyebrow'), meta: b.label, siteName: ctx.model.config.title, highlight: undefined };
}

/** schema.org Person from the profile, on the home page and the CV. */
export function personLd(ctx: RenderContext, profile: Profile): object {
  const b = profile.basics;
  const sameAs = [b.url, ...(b.profiles ?? []).map((p) => p.url)].map((u) => ctx.link(u)).filter((u): u is string => !!u && /^https?:/.test(u));
  return {
    '@context': 'https://schema.org',
    '@type': 'Person',
    name: b.name,
    url: ctx.abs(''),
    ...(b.label ? { jobTitle: b.label } : {}),
    ...(b.summary ? { description: b.summary } : {}),
    ...(b.location?.city
      ? {
          address: {
            '@type': 'PostalAddress',
            addressLocality: b.location.city,
            ...(b.location.countryCode ? { addressCountry: b.location.countryCode } : {}),
          },
        }
      : {}),
    ...(sameAs.length ? { sameAs } : {}),
    ...(profile.skills?.length ? { knowsAbout: profile.skills.flatMap((s) => s.keywords ?? []) } : {}),
  };
}
