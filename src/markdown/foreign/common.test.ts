import { describe, expect, it } from 'vitest';
import { commonSyntax, isAttributeListItems } from './common.js';

describe("kramdown's {: …} lists", () => {
  it('become {…} where kramdown reads a list, and stay text elsewhere', () => {
    expect(commonSyntax('Para.\n{: .note #n}\n', undefined)).toBe('Para.\n{.note #n}\n');
    expect(commonSyntax('*x*{: .hot}', undefined)).toBe('*x*{.hot}');
    expect(commonSyntax('Para.\n{: refname}\n', undefined)).toBe('Para.\n\n');
    expect(commonSyntax('returns {:ok, pid} and {:ok}', undefined)).toBe('returns {:ok, pid} and {:ok}');
    expect(commonSyntax('open {: here\n\nand } later', undefined)).toBe('open {: here\n\nand } later');
  });

  it('tells a list from other text in time linear in its length (a long word once split into items in exponentially many ways)', () => {
    expect(isAttributeListItems(' .a #b key="v w" ref ')).toBe(true);
    expect(isAttributeListItems('ok, pid')).toBe(false);
    expect(isAttributeListItems(`${'a'.repeat(20_000)}!`)).toBe(false);
    expect(commonSyntax(`*x*{:${'a'.repeat(20_000)}!}`, undefined)).toContain('{:');
  });
});
