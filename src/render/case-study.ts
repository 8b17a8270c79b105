import type { Post } from '../site/index.js';
import { html, type SafeHtml } from '../util/html.js';
import type { Translator } from '../i18n/index.js';
import { renderComponent, type ComponentProps } from '../theming/index.js';
import type { RenderContext } from './context.js';

type Outcome = NonNullable<Post['caseStudy']['outcomes']>[number];

const FRACTION = { maximumFractionDigits: 2 };

/**
 * Relative change in percent against the baseline, e.g. 340 → 95 is −72: whole percents, or
 * one decimal below 1% so a real change never reads as 0. Undefined when the baseline is zero.
 * A negative baseline is compared by magnitude (−10 → −5 is +50).
 */
export function relativeChange(o: Pick<Outcome, 'before' | 'after'>): number | undefined {
  if (o.before === 0) return undefined;
  const pct = ((o.after - o.before) / Math.abs(o.before)) * 100;
  const rounded = Math.abs(pct) < 1 ? Math.round(pct * 10) / 10 : Math.round(pct);
  return rounded === 0 ? 0 : rounded;
}

export function changeLabel(t: Translator, o: Outcome): { text: string; verdict: 'better' | 'worse' | 'same' } {
  const pct = relativeChange(o);
  const delta = o.after - o.before;
  const verdict = delta === 0 ? 'same' : delta < 0 === (o.better === 'lower') ? 'better' : 'worse';
  if (pct === undefined) return { text: delta === 0 ? t.t('outcome.noChange') : `${delta > 0 ? '+' : '−'}${t.number(Math.abs(delta), FRACTION)}`, verdict };
  return { text: `${pct > 0 ? '+' : pct < 0 ? '−' : '±'}${t.number(Math.abs(pct), FRACTION)}%`, verdict };
}

export function withUnit(t: Translator, n: number, unit: string | undefined): string {
  const v = t.number(n, FRACTION);
  if (!unit) return v;
  if (unit === '%' || unit.startsWith('/')) return `${v}${unit}`;
  // Currency symbols lead: "$/month" reads "$21,400/month".
  const currency = /^([$€£¥])(.*)$/.exec(unit);
  if (currency) return `${currency[1]}${v}${currency[2]}`;
  return `${v} ${unit}`;
}

const VERDICT_KEYS = {
  better: { lower: 'outcome.betterLower', higher: 'outcome.betterHigher' },
  worse: { lower: 'outcome.worseLower', higher: 'outcome.worseHigher' },
} as const;

function defaultOutcomeCard(t: Translator, p: ComponentProps['outcome-card']): SafeHtml {
  const verdict = p.verdict === 'same' ? t.t('outcome.unchanged') : t.t(VERDICT_KEYS[p.verdict][p.better]);
  return html`<li class="outcome outcome-${p.verdict}">
<p class="outcome-metric">${p.metric}</p>
<p class="outcome-values"><span class="before">${p.beforeText}</span> <span class="to"><span aria-hidden="true">${t.dir === 'rtl' ? '←' : '→'}</span><span class="visually-hidden"> ${t.t('outcome.to')} </span> <span class="after">${p.afterText}</span></span></p>
<p class="outcome-change"><bdi>${p.changeText}</bdi><span class="visually-hidden"> (${verdict})</span></p>
</li>`;
}

export function outcomeCards(ctx: RenderContext, outcomes: Outcome[]): SafeHtml {
  const t = ctx.i18n;
  return html`<ul class="outcomes" role="list">${outcomes.map((o) => {
    const change = changeLabel(t, o);
    const props: ComponentProps['outcome-card'] = {
      metric: o.metric,
      before: o.before,
      after: o.after,
      unit: o.unit,
      better: o.better,
      beforeText: withUnit(t, o.before, o.unit),
      afterText: withUnit(t, o.after, o.unit),
      changeText: change.text,
      verdict: change.verdict,
    };
    return renderComponent({ components: ctx.components, i18n: t }, 'outcome-card', props, (p) => defaultOutcomeCard(t, p));
  })}</ul>`;
}

/** The at-a-glance block above the story: role, period, stack and outcomes. */
export function caseStudySummary(ctx: RenderContext, post: Post): SafeHtml {
  const cs = post.caseStudy;
  const t = ctx.i18n;
  const facts: [string, SafeHtml | string][] = [];
  if (cs.role) facts.push([t.t('cs.role'), cs.role]);
  if (cs.period) facts.push([t.t('cs.period'), cs.period]);
  if (cs.severity) facts.push([t.t('cs.severity'), cs.severity]);
  if (cs.stack?.length) facts.push([t.t('cs.stack'), cs.stack.join(', ')]);
  if (!facts.length && !cs.outcomes?.length && !cs.problem && !cs.context && !cs.impact) return html``;
  return html`<section class="case-summary" aria-labelledby="at-a-glance">
<h2 id="at-a-glance">${t.t('cs.atAGlance')}</h2>
${facts.length ? html`<dl class="facts">${facts.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}</dl>` : ''}
${cs.context ? html`<p><strong>${t.t('cs.context')}</strong> ${cs.context}</p>` : ''}
${cs.problem ? html`<p><strong>${t.t('cs.problem')}</strong> ${cs.problem}</p>` : ''}
${cs.impact && post.kind !== 'postmortem' ? html`<p><strong>${t.t('cs.impact')}</strong> ${cs.impact}</p>` : ''}
${cs.detection && post.kind !== 'postmortem' ? html`<p><strong>${t.t('cs.detection')}</strong> ${cs.detection}</p>` : ''}
${cs.outcomes?.length ? outcomeCards(ctx, cs.outcomes) : ''}
</section>`;
}

function list(items: string[] | undefined, ordered = false): SafeHtml {
  if (!items?.length) return html``;
  const lis = items.map((i) => html`<li>${i}</li>`);
  return ordered ? html`<ol>${lis}</ol>` : html`<ul>${lis}</ul>`;
}

type TocEntry = { id: string; text: string };

/**
 * The structured sections after the story; also listed in the table of contents. A postmortem's
 * impact, detection, timeline, root cause and actions come first instead (`top`), as one rail:
 * the reader sees what happened before the narrative.
 */
export function caseStudySections(ctx: RenderContext, post: Post): { html: SafeHtml; top: SafeHtml; toc: TocEntry[]; topToc: TocEntry[] } {
  const cs = post.caseStudy;
  const t = ctx.i18n;
  const toc: TocEntry[] = [];
  const topToc: TocEntry[] = [];
  const section = (id: string, title: string, content: SafeHtml) => {
    toc.push({ id, text: title });
    return html`<section class="case-section" aria-labelledby="${id}"><h2 id="${id}">${title}</h2>${content}</section>`;
  };
  const timeline = cs.timeline?.length
    ? html`<ol class="timeline">${cs.timeline.map((e) => html`<li><span class="at">${e.at}</span> <span class="event">${e.event}</span></li>`)}</ol>`
    : undefined;
  const parts: SafeHtml[] = [];
  let top = html``;
  if (post.kind === 'postmortem') {
    const steps: SafeHtml[] = [];
    const step = (cls: string, id: string, title: string, content: SafeHtml) => {
      topToc.push({ id, text: title });
      steps.push(html`<li class="pm-step ${cls}"><h2 id="${id}">${title}</h2>${content}</li>`);
    };
    // "Impact." is a run-in label in the summary; as a heading it loses the full stop.
    const heading = (key: 'cs.impact' | 'cs.detection') => t.t(key).replace(/[.:]$/, '');
    if (cs.impact) step('pm-impact', 'cs-impact', heading('cs.impact'), html`<p>${cs.impact}</p>`);
    if (cs.detection) step('pm-detection', 'cs-detection', heading('cs.detection'), html`<p>${cs.detection}</p>`);
    if (timeline) step('pm-timeline', 'cs-timeline', t.t('cs.timeline'), timeline);
    if (cs.rootCause) step('pm-root-cause', 'cs-root-cause', t.t('cs.rootCause'), html`<p>${cs.rootCause}</p>`);
    if (cs.actionItems?.length) step('pm-actions', 'cs-action-items', t.t('cs.actionItems'), list(cs.actionItems, true));
    if (steps.length) top = html`<ol class="pm-flow">${steps}</ol>`;
  }
  if (cs.constraints?.length) parts.push(section('cs-constraints', t.t('cs.constraints'), list(cs.constraints)));
  if (cs.decisions?.length) {
    const [decision, alternatives, why] = [t.t('cs.decision'), t.t('cs.alternatives'), t.t('cs.why')];
    // data-label names each cell when a phone shows the rows as cards.
    parts.push(
      section(
        'cs-decisions',
        t.t('cs.decisions'),
        html`<section class="table-scroll" tabindex="0" aria-label="${t.t('cs.decisionsTable')}"><table class="decisions">
<thead><tr><th scope="col">${decision}</th><th scope="col">${alternatives}</th><th scope="col">${why}</th></tr></thead>
<tbody>${cs.decisions.map((d) => html`<tr><td data-label="${decision}">${d.decision}</td><td data-label="${alternatives}">${d.alternatives.length ? d.alternatives.join('; ') : '—'}</td><td data-label="${why}">${d.why ?? '—'}</td></tr>`)}</tbody>
</table></section>`,
      ),
    );
  }
  if (cs.tradeoffs?.length) parts.push(section('cs-tradeoffs', t.t('cs.tradeoffs'), list(cs.tradeoffs)));
  if (post.kind !== 'postmortem') {
    if (timeline) parts.push(section('cs-timeline', t.t('cs.timeline'), timeline));
    if (cs.rootCause) parts.push(section('cs-root-cause', t.t('cs.rootCause'), html`<p>${cs.rootCause}</p>`));
    if (cs.actionItems?.length) parts.push(section('cs-action-items', t.t('cs.actionItems'), list(cs.actionItems, true)));
  }
  if (cs.lessons?.length) parts.push(section('cs-lessons', t.t('cs.lessons'), list(cs.lessons)));
  return { html: html`${parts}`, top, toc, topToc };
}
