const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const HAS_SPECIAL = /[&<>"']/;

/** Escapes text for HTML element content and quoted attribute values alike. */
export function escapeHtml(value: string): string {
  // Most values (titles, dates, URLs) have no special character: a test is 3x cheaper than a replace.
  return HAS_SPECIAL.test(value) ? value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!) : value;
}

/** What XML 1.0 forbids even escaped (most control characters, U+FFFE, U+FFFF): dropped. */
const XML_FORBIDDEN_RANGE = '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF';
const XML_SPECIAL = new RegExp(`[&<>"'${XML_FORBIDDEN_RANGE}]`);
const XML_SPECIALS = new RegExp(XML_SPECIAL.source, 'g');
const XML_FORBIDDEN = new RegExp(`[${XML_FORBIDDEN_RANGE}]`);
const XML_FORBIDDENS = new RegExp(XML_FORBIDDEN.source, 'g');

/** Text for XML, the forbidden characters dropped and the five specials escaped, in one pass. */
export function escapeXml(value: string): string {
  return XML_SPECIAL.test(value) ? value.replace(XML_SPECIALS, (c) => HTML_ESCAPES[c] ?? '') : value;
}

/**
 * Text as an XML CDATA section: what a parser reads back is `value` (without the characters XML
 * forbids), as with escapeXml. For a whole post's HTML in a feed: escaping called a function for
 * each of its thousands of `<`, `>`, `"` and `&`, and made a copy half again as long.
 */
export function cdataXml(value: string): string {
  const clean = XML_FORBIDDEN.test(value) ? value.replace(XML_FORBIDDENS, '') : value;
  // `]]>` would end the section: it is split across two.
  return `<![CDATA[${clean.includes(']]>') ? clean.replaceAll(']]>', ']]]]><![CDATA[>') : clean}]]>`;
}

/**
 * JSON that is safe to inline in HTML (a <script type="application/ld+json"> block) and to
 * publish as a file readers may paste into a page: `<`, `>` and `&` become \u escapes so
 * `</script>` in a value cannot end an element, and U+2028/9 stay valid in old JS parsers.
 * It parses back to exactly the same values.
 */
export function jsonForScript(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(/[<>&\u2028\u2029]/g, (c) => JSON_ESCAPES[c]!);
}

const JSON_ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:', 'tel:']);

/**
 * A URL from front matter or config is only used if it is relative or uses a harmless scheme;
 * `javascript:`, `data:` and friends become undefined (the caller drops the link).
 */
export function safeUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  // Browsers ignore tabs/newlines inside schemes ("java\tscript:"), so judge the squeezed form.
  const squeezed = trimmed.replace(/[\u0000-\u0020]/g, '');
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(squeezed);
  if (scheme && !SAFE_SCHEMES.has(scheme[1]!.toLowerCase() + ':')) return undefined;
  if (squeezed.startsWith('//') || squeezed.startsWith('\\')) {
    return /^\/\/[^/\\]/.test(squeezed) ? trimmed : undefined;
  }
  return trimmed;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the entities escaping produces (named and numeric); others are left as written. */
export function decodeHtmlEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (m, e: string) => {
    const lower = e.toLowerCase();
    if (lower in NAMED) return NAMED[lower]!;
    const code = lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : parseInt(lower.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
  });
}
