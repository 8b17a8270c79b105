/**
 * Names blog platforms and highlighter plugins use that highlight.js does not know, mapped onto
 * the nearest grammar it has. Anything else is kept as written (the build warns about a
 * language it cannot highlight).
 */
const ALIASES: Readonly<Record<string, string>> = {
  jscript: 'javascript',
  'c-sharp': 'csharp',
  terminal: 'bash',
  posh: 'powershell',
  as3: 'actionscript',
  htm: 'html',
  'objective-c': 'objectivec',
  mysql: 'sql',
  react: 'javascript',
  vue: 'html',
  svelte: 'html',
  sass: 'scss',
  liquid: 'django',
  ansible: 'yaml',
};

/** Names that mean "no language": the block stays plain code. */
const PLAIN = new Set(['plain', 'plaintext', 'text', 'txt', 'none', 'default', 'nohighlight', 'no-highlight', 'auto', 'raw', 'code', 'generic']);

/** Lower-cased, aliased language name, or undefined for "no language" and junk. */
export function normaliseLanguage(raw: string | null | undefined): string | undefined {
  const name = (raw ?? '')
    .trim()
    .toLowerCase()
    .replace(/[;,]+$/, '');
  if (!name || PLAIN.has(name) || !/^[a-z0-9#+_.-]{1,30}$/.test(name)) return undefined;
  return ALIASES[name] ?? name;
}

const CLASS_PATTERNS = [
  /(?:^|\s)(?:language|lang)-([^\s]+)/i, // Prism, highlight.js, markdown renderers, prettify's lang-js
  /(?:^|\s)lang:([^\s]+)/i, // Crayon: "lang:js decode:true"
  /\bbrush:\s*([^\s;]+)/i, // SyntaxHighlighter: "brush: js; title: ; notranslate"
  /(?:^|\s)highlight-(?:source-)?([^\s]+)/i, // GitHub's highlight-source-js
];

const ATTRIBUTES = ['data-lang', 'data-language', 'lang', 'data-code-block-lang', 'data-enlighter-language', 'data-syntax'];

/** highlight.js output (`class="hljs python"`) and pandoc (`class="sourceCode python"`) name the language as a bare class. */
const BARE_CLASS_HOSTS = /(?:^|\s)(?:hljs|sourceCode)(?:\s|$)/;

function fromElement(el: Element): string | undefined {
  for (const attr of ATTRIBUTES) {
    const value = el.getAttribute(attr);
    // `lang` on a <pre> is sometimes a human language (lang="en"): accept it only on code-ish elements.
    if (
      value &&
      !(
        attr === 'lang' &&
        /^[a-z]{2}(-[a-z]{2})?$/i.test(value) &&
        !['go', 'js', 'ts', 'py', 'rb', 'sh', 'cs', 'vb', 'ps', 'md', 'hs', 'ml', 'rs', 'kt', 'pl', 'r'].includes(value.toLowerCase())
      )
    ) {
      const lang = normaliseLanguage(value);
      if (lang) return lang;
    }
  }
  const cls = el.getAttribute('class') ?? '';
  for (const re of CLASS_PATTERNS) {
    const m = re.exec(cls);
    if (m) return normaliseLanguage(m[1]);
  }
  if (BARE_CLASS_HOSTS.test(cls)) {
    const other = cls.split(/\s+/).find((c) => c && !/^(hljs|sourceCode|numberSource|code)$/.test(c));
    return normaliseLanguage(other);
  }
  return undefined;
}

/**
 * The language of a code block, read from the <pre>, its <code> child, or the wrapper
 * highlighters put around it (`<div class="language-js highlighter-rouge">`).
 */
export function codeBlockLanguage(pre: Element): string | undefined {
  const code = pre.firstElementChild?.tagName === 'CODE' ? pre.firstElementChild : pre.querySelector('code');
  const candidates = [code, pre, pre.parentElement, pre.parentElement?.parentElement];
  for (const el of candidates) {
    if (!el) continue;
    const lang = fromElement(el);
    if (lang) return lang;
  }
  return undefined;
}
