import { diagramPlaceholder } from '../diagram-fence.js';
import { diagramLanguage } from '../../diagrams/figure.js';
import type { DiagramSource } from '../../diagrams/figure.js';
import type { MarkdownIt, Token } from 'markdown-it';
import { parseCodeMeta, renderCodeBlock } from '../code-block.js';
import { mathState, renderMath } from '../math.js';
import { isAttributeListItems } from './common.js';

/**
 * Fence info as other tools write it: `js {1-3}`, `js{1,4}`, `go {linenos=table}`,
 * `js title="app.js"`, `js:app.js`, `{.python}`. Returns the language and a file name to show.
 */
export function parseFenceInfo(info: string): { lang: string; title: string | undefined } {
  const text = info.trim();
  const title = /(?:title|filename|file)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))/.exec(text);
  let lang = /^\{?\.?([\w#+.-]+)/.exec(text)?.[1] ?? '';
  let fromColon: string | undefined;
  const colon = /^([\w#+-]+):(\S+)/.exec(text);
  if (colon) {
    lang = colon[1]!;
    fromColon = colon[2];
  }
  if (/^(title|filename|file)$/.test(lang)) lang = '';
  return { lang, title: title ? (title[1] ?? title[2] ?? title[3]) : fromColon };
}

/**
 * Languages blogs of these tools use that highlight.js knows under another name; the block is
 * highlighted with the closest grammar instead of shown plain with a warning.
 */
const LANGUAGE_ALIASES: Record<string, string> = {
  mdx: 'markdown',
  liquid: 'django',
  njk: 'django',
  nunjucks: 'django',
  jinja: 'django',
  jinja2: 'django',
  tera: 'django',
  'go-html-template': 'django',
  gotmpl: 'django',
  astro: 'xml',
  svelte: 'xml',
  vue: 'xml',
  html: 'xml',
};

/** `{.note #intro data-x=1}` → attribute pairs (the forms kramdown and Pandoc share). */
function readAttrList(text: string): [string, string][] {
  const out: [string, string][] = [];
  const classes: string[] = [];
  for (const m of text.matchAll(/([.#])([\w-]+)|([\w-]+)=(?:"([^"]*)"|'([^']*)'|(\S+))/g)) {
    if (m[1] === '.') classes.push(m[2]!);
    else if (m[1] === '#') out.push(['id', m[2]!]);
    else if (/^(id|title|lang|dir|data-[\w-]+|aria-[\w-]+)$/.test(m[3]!)) out.push([m[3]!, m[4] ?? m[5] ?? m[6]!]);
  }
  if (classes.length) out.push(['class', classes.join(' ')]);
  return out;
}

// Not one of a template's double braces (`{{ .Title }}`), which is text.
const STRAY_ATTRS = /(?<!\{)[ \t]?\{:?\s*[.#][\w-]+(?:\s+(?:[.#][\w-]+|[\w-]+=(?:"[^"]*"|'[^']*'|[^\s}]+)))*\s*\}(?!\})/g;
const ATTR_ONLY = /^\{:?\s*((?:[.#][\w-]+|[\w-]+=(?:"[^"]*"|'[^']*'|\S+)|\s)*)\}$/;

/**
 * Rules the foreign renderer adds: fences with meta and Mermaid, and kramdown block attribute
 * lists that stand alone after a block (applied to that block, never printed).
 */
export function foreignRules(md: MarkdownIt): void {
  md.renderer.rules.fence = (tokens, idx, _opts, rawEnv) => {
    const env = rawEnv as { unknownLanguages: Set<string>; input: { bodyLine: number }; diagrams: DiagramSource[] };
    const token = tokens[idx]!;
    const { lang, title } = parseFenceInfo(token.info);
    const diagram = diagramLanguage(lang);
    if (diagram) return diagramPlaceholder(diagram, token, env);
    if (lang.toLowerCase() === 'math') return renderMath(token.content.trim(), true, token.content, mathState(rawEnv), token.map?.[0] ?? 0);
    // Prism's diff-js / diff-ts are diffs.
    const grammar = LANGUAGE_ALIASES[lang.toLowerCase()] ?? (/^diff-/i.test(lang) ? 'diff' : lang);
    const { html, known } = renderCodeBlock(token.content, { ...parseCodeMeta(token.info), lang, title }, grammar);
    if (!known) env.unknownLanguages.add(lang);
    return html;
  };

  // Before heading ids are given: a list below a heading (`{: #id }`) names the id its link uses.
  md.core.ruler.before('heading_ids', 'foreign_attribute_lists', (state) => {
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.type === 'paragraph_open' && tokens[i + 1]?.type === 'inline' && tokens[i + 2]?.type === 'paragraph_close') {
        // As written, with backslash escapes read (`{: .no\_toc }` is the list `{: .no_toc }`),
        // but not an escaped brace, which is text; not as rendered, where the typographer has
        // made `--` a dash and `"` a curly quote.
        const m = ATTR_ONLY.exec(withoutEscapes(tokens[i + 1]!.content).trim());
        if (!m) continue;
        const target = blockBefore(tokens, i);
        if (target) for (const [k, v] of readAttrList(m[1]!)) k === 'class' ? target.attrJoin('class', v) : target.attrSet(k, v);
        tokens.splice(i, 3);
        i--;
        continue;
      }
    }
  });

  // Braces written escaped (`\{.cls\}`) or as entities are tokens of their own until text_join makes them
  // text: kept apart from it, they are never part of a stray list below (other escapes, such as
  // `{: .no\_toc }`, join their text as before and are read with it).
  md.core.ruler.before('text_join', 'foreign_escaped_braces', (state) => {
    for (const t of state.tokens)
      if (t.type === 'inline' && t.children)
        for (const c of t.children)
          if (c.type === 'text_special' && (c.info === 'escape' || c.info === 'entity') && (c.content === '{' || c.content === '}')) c.type = ESCAPED_BRACE;
  });
  md.core.ruler.push('foreign_stray_attribute_lists', (state) => {
    for (const t of state.tokens) {
      if (t.type !== 'inline' || !t.children) continue;
      // An attribute list with nothing to attach to (after plain text) is dropped, never shown.
      // `{:ok, pid}`, `{:ok}` and other braces that are not a list of attributes stay.
      for (const c of t.children)
        if (c.type === 'text' && c.content.includes('{'))
          c.content = c.content
            .replace(STRAY_ATTRS, '')
            .replace(/\{:([^{}\n]*)\}/g, (whole, inner: string) => (isAttributeListItems(inner) && /[.#=]/.test(inner) ? '' : whole));
      for (const c of t.children) if (c.type === ESCAPED_BRACE) c.type = 'text';
    }
  });
}

/** Markdown's backslash escapes of ASCII punctuation read, except of braces. */
function withoutEscapes(text: string): string {
  return text.replace(/\\([!-/:-@[-`|~])/g, '$1');
}

/** The token type an escaped brace (or one written as an entity, `&#123;`) has between text_join and the stray-list rule. */
const ESCAPED_BRACE = 'foreign_escaped_brace';

/** The opening token of the block right before `i` (a list, table, blockquote, fence, heading, paragraph). */
function blockBefore(tokens: Token[], i: number): Token | undefined {
  const prev = tokens[i - 1];
  if (!prev) return undefined;
  if (prev.nesting === 0) return prev;
  if (prev.nesting === 1) return undefined;
  const openType = prev.type.replace(/_close$/, '_open');
  for (let j = i - 2; j >= 0; j--) {
    const t = tokens[j]!;
    if (t.type === openType && t.level === prev.level) return t;
  }
  return undefined;
}
