import { describe, expect, it } from 'vitest';
import { outcomeCards, relativeChange } from './case-study.js';

describe('outcome cards', () => {
  it('computes the relative change against the baseline', () => {
    expect(relativeChange({ before: 340, after: 95 })).toBe(-72);
    expect(relativeChange({ before: 2, after: 14 })).toBe(600);
    expect(relativeChange({ before: 0, after: 5 })).toBeUndefined();
  });

  it('shows before → after with units and judges the change by `better`', () => {
    const html = outcomeCards([
      { metric: 'p99', before: 340, after: 95, unit: 'ms', better: 'lower' },
      { metric: 'Cost', before: 21400, after: 17900, unit: '$/month', better: 'lower' },
      { metric: 'Deploys', before: 2, after: 14, unit: '/week', better: 'higher' },
      { metric: 'Errors', before: 0.1, after: 0.3, unit: '%', better: 'lower' },
    ]).value;
    expect(html).toContain('<span class="before">340 ms</span> <span aria-label="to">→</span> <span class="after">95 ms</span>');
    expect(html).toContain('$21,400/month');
    expect(html).toContain('2/week');
    expect(html).toMatch(/outcome-better[\s\S]*?−72%/);
    expect(html).toMatch(/outcome-better[\s\S]*?\+600%/);
    expect(html).toMatch(/outcome-worse[\s\S]*?\+200%<span class="visually-hidden"> \(worse; lower is better\)/);
  });
});
