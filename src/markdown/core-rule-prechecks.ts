import type { MarkdownIt, StateCore } from 'markdown-it';

/**
 * The typographer's `replacements` rule skips, before its regular expressions, a paragraph that
 * neither holds a `(` (for `(c)`, `(tm)`, `(r)`) nor matches its "rare" pattern; where it can
 * change something it runs as it is. Its case-insensitive `\((c|tm|r)\)` over every paragraph
 * was 1.5% of a 1,000-post build (3.5–4.5% of its wall time with the rest, alternating runs).
 * `normalize`, the other rule that scans whole bodies, is left alone: its replace leaves
 * markdown-it a flat string, and skipping it made the rules after it slower (a third more time).
 */
export function precheckCoreRules(md: MarkdownIt): void {
  wrap(md, 'replacements', (original) => (state) => {
    if (!state.md.options.typographer) return;
    const tokens = state.tokens.filter((t) => t.type === 'inline' && mayNeedReplacements(t.content));
    // The rule reads nothing of its state but these two.
    if (tokens.length) original({ md: state.md, tokens } as StateCore);
  });
}

/** markdown-it's own "rare" pattern (rules_core/replacements), tested here once per paragraph as there. */
const RARE = /\+-|\.\.|\?\?\?\?|!!!!|,,|--/;

export function mayNeedReplacements(text: string): boolean {
  return text.includes('(') || RARE.test(text);
}

/**
 * markdown-it-attrs (the foreign renderer's attribute lists) tests each of its dozen patterns
 * against every token of a body: 14% of the Markdown time of a real Hugo blog. Each pattern that
 * changes anything needs the left delimiter in a paragraph's text or a fence's info string (its
 * table patterns only count columns for the colspan and rowspan that a list sets), so a body
 * without one there skips the rule; the rest runs it as it is.
 */
export function precheckAttributeLists(md: MarkdownIt, leftDelimiter: string): void {
  wrap(md, 'curly_attributes', (original) => (state) => {
    if (state.tokens.some((t) => (t.type === 'inline' ? t.content : t.type === 'fence' ? t.info : '').includes(leftDelimiter))) original(state);
  });
}

type CoreRule = (state: StateCore) => void;

/** Replaces core rule `name` with `make(original)`; a markdown-it without the rule is left as it is. */
function wrap(md: MarkdownIt, name: string, make: (original: CoreRule) => CoreRule): void {
  const rules = (md.core.ruler as unknown as { __rules__: { name: string; fn: CoreRule }[] }).__rules__;
  const original = rules.find((r) => r.name === name)?.fn;
  if (original) md.core.ruler.at(name, make(original));
}
