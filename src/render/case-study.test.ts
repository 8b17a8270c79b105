import { describe, expect, it } from 'vitest';
import { caseStudySections, caseStudySummary, outcomeCards, relativeChange } from './case-study.js';
import type { Post } from '../site/index.js';
import { renderContext } from '../../test/helpers/render-context.js';

const ctx = renderContext();

describe('outcome cards', () => {
  it('computes the relative change against the baseline, rounding to whole percents', () => {
    expect(relativeChange({ before: 340, after: 95 })).toBe(-72);
    expect(relativeChange({ before: 2, after: 14 })).toBe(600);
    expect(relativeChange({ before: 3, after: 2 })).toBe(-33);
    expect(relativeChange({ before: 8, after: 9 })).toBe(13); // 12.5 rounds half up
    expect(relativeChange({ before: 5, after: 5 })).toBe(0);
  });

  it('keeps one decimal below 1% so a real change never reads as zero', () => {
    expect(relativeChange({ before: 1000, after: 996 })).toBe(-0.4);
    expect(relativeChange({ before: 1000, after: 1000.4 })).toBe(0);
    expect(Object.is(relativeChange({ before: 1000, after: 999.9 }), 0)).toBe(true);
  });

  it('handles zero and negative baselines', () => {
    expect(relativeChange({ before: 0, after: 5 })).toBeUndefined();
    expect(relativeChange({ before: -10, after: -5 })).toBe(50);
    expect(relativeChange({ before: 10, after: -5 })).toBe(-150);
  });

  it('shows before → after with units and judges the change by `better`', () => {
    const html = outcomeCards(ctx, [
      { metric: 'p99', before: 340, after: 95, unit: 'ms', better: 'lower' },
      { metric: 'Cost', before: 21400, after: 17900, unit: '$/month', better: 'lower' },
      { metric: 'Deploys', before: 2, after: 14, unit: '/week', better: 'higher' },
      { metric: 'Errors', before: 0.1, after: 0.3, unit: '%', better: 'lower' },
    ]).value;
    // "→ 95 ms" is one unbreakable unit (.to): a line never starts with a lone arrow.
    expect(html).toContain(
      '<span class="before">340 ms</span> <span class="to"><span aria-hidden="true">→</span><span class="visually-hidden"> to </span> <span class="after">95 ms</span></span>',
    );
    expect(html).toContain('$21,400/month');
    expect(html).toContain('2/week');
    expect(html).toMatch(/outcome-better[\s\S]*?−72%/);
    expect(html).toMatch(/outcome-better[\s\S]*?\+600%/);
    expect(html).toMatch(/outcome-worse[\s\S]*?\+200%<\/bdi><span class="visually-hidden"> \(worse; lower is better\)/);
  });
});

describe('case study rendering', () => {
  const cs = {
    role: 'Lead',
    period: '2023',
    stack: ['Go', 'Kafka'],
    context: 'Ctx.',
    problem: 'Prob.',
    severity: 'SEV-1',
    impact: 'Imp.',
    detection: 'Det.',
    constraints: ['C1'],
    decisions: [{ decision: 'D1', alternatives: ['A1', 'A2'], why: 'W1' }],
    tradeoffs: ['T1'],
    outcomes: [{ metric: 'M1', before: 10, after: 5, unit: 'ms', better: 'lower' as const }],
    lessons: ['L1'],
    timeline: [{ at: '14:02', event: 'E1' }],
    rootCause: 'RC.',
    actionItems: ['AI1'],
  };
  const post = { caseStudy: cs } as unknown as Post;

  it('renders every field', () => {
    const summary = caseStudySummary(ctx, post).value;
    for (const s of [
      '<dt>Role</dt><dd>Lead</dd>',
      '<dt>Period</dt><dd>2023</dd>',
      '<dt>Severity</dt><dd>SEV-1</dd>',
      '<dt>Stack</dt><dd>Go, Kafka</dd>',
      'Context.</strong> Ctx.',
      'Problem.</strong> Prob.',
      'Impact.</strong> Imp.',
      'Detection.</strong> Det.',
      '−50%',
    ]) {
      expect(summary).toContain(s);
    }
    const sections = caseStudySections(ctx, post);
    for (const s of [
      '<li>C1</li>',
      '<td data-label="Decision">D1</td><td data-label="Alternatives weighed">A1; A2</td><td data-label="Why">W1</td>',
      '<li>T1</li>',
      '<span class="at">14:02</span> <span class="event">E1</span>',
      '<p>RC.</p>',
      '<ol><li>AI1</li></ol>',
      '<li>L1</li>',
    ]) {
      expect(sections.html.value).toContain(s);
    }
    expect(sections.toc.map((t) => t.text)).toEqual(['Constraints', 'Decisions', 'Trade-offs', 'Timeline', 'Root cause', 'Action items', 'Lessons']);
    expect(sections.top.value).toBe('');
  });

  it('opens a postmortem with impact, detection, timeline, root cause and actions as one rail', () => {
    const pm = { kind: 'postmortem', caseStudy: cs } as unknown as Post;
    const sections = caseStudySections(ctx, pm);
    expect([...sections.top.value.matchAll(/<li class="pm-step (pm-[\w-]+)"><h2 id="([\w-]+)">/g)].map((m) => `${m[1]} ${m[2]}`)).toEqual([
      'pm-impact cs-impact',
      'pm-detection cs-detection',
      'pm-timeline cs-timeline',
      'pm-root-cause cs-root-cause',
      'pm-actions cs-action-items',
    ]);
    expect(sections.topToc.map((t) => t.text)).toEqual(['Impact', 'Detection', 'Timeline', 'Root cause', 'Action items']);
    // Not repeated after the story, nor as paragraphs in the summary.
    expect(sections.html.value).not.toContain('cs-root-cause');
    expect(caseStudySummary(ctx, pm).value).not.toContain('Impact.</strong>');
  });

  it('renders nothing for a case study without structured fields', () => {
    const empty = { caseStudy: {} } as unknown as Post;
    expect(caseStudySummary(ctx, empty).value).toBe('');
    expect(caseStudySections(ctx, empty).html.value).toBe('');
  });
});
