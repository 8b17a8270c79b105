import { relativeChange } from '../render/case-study.js';
import type { Post } from '../site/index.js';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n+/g, ' ');
const num = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** "95 ms", "0.42%", "$21,400/month": units written the way the theme's outcome cards show them. */
function valueWithUnit(n: number, unit: string | undefined): string {
  const v = num.format(n);
  if (!unit) return v;
  if (unit === '%' || unit.startsWith('/')) return `${v}${unit}`;
  const currency = /^([$€£¥])(.*)$/.exec(unit);
  return currency ? `${currency[1]}${v}${currency[2]}` : `${v} ${unit}`;
}

/**
 * A case study's structured fields as Markdown, because the platforms only take a body: the
 * summary goes before the story and the sections after it, in the order the theme shows them.
 */
export function caseStudyMarkdown(post: Post): { before: string; after: string } {
  const cs = post.caseStudy;
  const before: string[] = [];
  const facts = [
    cs.role ? `**Role:** ${cs.role}` : '',
    cs.period ? `**Period:** ${cs.period}` : '',
    cs.severity ? `**Severity:** ${cs.severity}` : '',
    cs.stack?.length ? `**Stack:** ${cs.stack.join(', ')}` : '',
  ].filter(Boolean);
  if (facts.length) before.push(facts.join('  \n'));
  for (const [label, value] of [
    ['Context', cs.context],
    ['Problem', cs.problem],
    ['Impact', cs.impact],
    ['Detection', cs.detection],
  ] as const) {
    if (value) before.push(`**${label}.** ${value}`);
  }
  if (cs.outcomes?.length) {
    const rows = cs.outcomes.map((o) => {
      const pct = relativeChange(o);
      const change = pct === undefined ? '' : `${pct > 0 ? '+' : pct < 0 ? '−' : '±'}${Math.abs(pct)}% `;
      return `| ${cell(o.metric)} | ${cell(valueWithUnit(o.before, o.unit))} | ${cell(valueWithUnit(o.after, o.unit))} | ${change}(${o.better} is better) |`;
    });
    before.push(['| Outcome | Before | After | Change |', '| --- | --- | --- | --- |', ...rows].join('\n'));
  }
  const after: string[] = [];
  const list = (items: string[], ordered = false) => items.map((x, i) => `${ordered ? `${i + 1}.` : '-'} ${x}`).join('\n');
  if (cs.constraints?.length) after.push(`## Constraints\n\n${list(cs.constraints)}`);
  if (cs.decisions?.length) {
    after.push(
      [
        '## Decisions',
        '',
        '| Decision | Alternatives weighed | Why |',
        '| --- | --- | --- |',
        ...cs.decisions.map((d) => `| ${cell(d.decision)} | ${cell(d.alternatives.join('; ') || '—')} | ${cell(d.why ?? '—')} |`),
      ].join('\n'),
    );
  }
  if (cs.tradeoffs?.length) after.push(`## Trade-offs\n\n${list(cs.tradeoffs)}`);
  if (cs.timeline?.length) after.push(`## Timeline\n\n${cs.timeline.map((t) => `- **${t.at}** ${t.event}`).join('\n')}`);
  if (cs.rootCause) after.push(`## Root cause\n\n${cs.rootCause}`);
  if (cs.actionItems?.length) after.push(`## Action items\n\n${list(cs.actionItems, true)}`);
  if (cs.lessons?.length) after.push(`## Lessons\n\n${list(cs.lessons)}`);
  return { before: before.join('\n\n'), after: after.join('\n\n') };
}
