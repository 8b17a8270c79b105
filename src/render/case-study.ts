import type { Post } from '../site/index.js';
import { html, type SafeHtml } from '../util/html.js';

type Outcome = NonNullable<Post['caseStudy']['outcomes']>[number];

const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

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

function changeLabel(o: Outcome): { text: string; verdict: 'better' | 'worse' | 'same' } {
  const pct = relativeChange(o);
  const delta = o.after - o.before;
  const verdict = delta === 0 ? 'same' : (delta < 0) === (o.better === 'lower') ? 'better' : 'worse';
  if (pct === undefined) return { text: delta === 0 ? 'no change' : `${delta > 0 ? '+' : '−'}${numberFormat.format(Math.abs(delta))}`, verdict };
  return { text: `${pct > 0 ? '+' : pct < 0 ? '−' : '±'}${Math.abs(pct)}%`, verdict };
}

function withUnit(n: number, unit: string | undefined): string {
  const v = numberFormat.format(n);
  if (!unit) return v;
  if (unit === '%' || unit.startsWith('/')) return `${v}${unit}`;
  // Currency symbols lead: "$/month" reads "$21,400/month".
  const currency = /^([$€£¥])(.*)$/.exec(unit);
  if (currency) return `${currency[1]}${v}${currency[2]}`;
  return `${v} ${unit}`;
}

export function outcomeCards(outcomes: Outcome[]): SafeHtml {
  return html`<ul class="outcomes" role="list">${outcomes.map((o) => {
    const change = changeLabel(o);
    return html`<li class="outcome outcome-${change.verdict}">
<p class="outcome-metric">${o.metric}</p>
<p class="outcome-values"><span class="before">${withUnit(o.before, o.unit)}</span> <span aria-hidden="true">→</span><span class="visually-hidden"> to </span> <span class="after">${withUnit(o.after, o.unit)}</span></p>
<p class="outcome-change">${change.text}<span class="visually-hidden"> (${change.verdict === 'same' ? 'unchanged' : `${change.verdict}; ${o.better} is better`})</span></p>
</li>`;
  })}</ul>`;
}

/** The at-a-glance block above the story: role, period, stack and outcomes. */
export function caseStudySummary(post: Post): SafeHtml {
  const cs = post.caseStudy;
  const facts: [string, SafeHtml | string][] = [];
  if (cs.role) facts.push(['Role', cs.role]);
  if (cs.period) facts.push(['Period', cs.period]);
  if (cs.severity) facts.push(['Severity', cs.severity]);
  if (cs.stack?.length) facts.push(['Stack', cs.stack.join(', ')]);
  if (!facts.length && !cs.outcomes?.length && !cs.problem && !cs.context && !cs.impact) return html``;
  return html`<section class="case-summary" aria-labelledby="at-a-glance">
<h2 id="at-a-glance">At a glance</h2>
${facts.length ? html`<dl class="facts">${facts.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}</dl>` : ''}
${cs.context ? html`<p><strong>Context.</strong> ${cs.context}</p>` : ''}
${cs.problem ? html`<p><strong>Problem.</strong> ${cs.problem}</p>` : ''}
${cs.impact ? html`<p><strong>Impact.</strong> ${cs.impact}</p>` : ''}
${cs.detection ? html`<p><strong>Detection.</strong> ${cs.detection}</p>` : ''}
${cs.outcomes?.length ? outcomeCards(cs.outcomes) : ''}
</section>`;
}

function list(items: string[] | undefined, ordered = false): SafeHtml {
  if (!items?.length) return html``;
  const lis = items.map((i) => html`<li>${i}</li>`);
  return ordered ? html`<ol>${lis}</ol>` : html`<ul>${lis}</ul>`;
}

/** The structured sections after the story; also listed in the table of contents. */
export function caseStudySections(post: Post): { html: SafeHtml; toc: { id: string; text: string }[] } {
  const cs = post.caseStudy;
  const toc: { id: string; text: string }[] = [];
  const section = (id: string, title: string, content: SafeHtml) => {
    toc.push({ id, text: title });
    return html`<section class="case-section" aria-labelledby="${id}"><h2 id="${id}">${title}</h2>${content}</section>`;
  };
  const parts: SafeHtml[] = [];
  if (cs.constraints?.length) parts.push(section('cs-constraints', 'Constraints', list(cs.constraints)));
  if (cs.decisions?.length) {
    parts.push(section('cs-decisions', 'Decisions', html`<section class="table-scroll" tabindex="0" aria-label="Decisions table"><table class="decisions">
<thead><tr><th scope="col">Decision</th><th scope="col">Alternatives weighed</th><th scope="col">Why</th></tr></thead>
<tbody>${cs.decisions.map((d) => html`<tr><td>${d.decision}</td><td>${d.alternatives.length ? d.alternatives.join('; ') : '—'}</td><td>${d.why ?? '—'}</td></tr>`)}</tbody>
</table></section>`));
  }
  if (cs.tradeoffs?.length) parts.push(section('cs-tradeoffs', 'Trade-offs', list(cs.tradeoffs)));
  if (cs.timeline?.length) {
    parts.push(section('cs-timeline', 'Timeline', html`<ol class="timeline">${cs.timeline.map((t) => html`<li><span class="at">${t.at}</span> <span class="event">${t.event}</span></li>`)}</ol>`));
  }
  if (cs.rootCause) parts.push(section('cs-root-cause', 'Root cause', html`<p>${cs.rootCause}</p>`));
  if (cs.actionItems?.length) parts.push(section('cs-action-items', 'Action items', list(cs.actionItems, true)));
  if (cs.lessons?.length) parts.push(section('cs-lessons', 'Lessons', list(cs.lessons)));
  return { html: html`${parts}`, toc };
}
