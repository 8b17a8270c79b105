import { createHash } from 'node:crypto';
import { escapeHtml } from '../util/escape.js';

/** A diagram fence as the Markdown renderer found it. */
export type DiagramLanguage = 'mermaid' | 'dot';

export interface DiagramSource {
  /** Digest of the language and source: the placeholder's id and the cache key's first part. */
  key: string;
  lang: DiagramLanguage;
  source: string;
  /** The accessible name: the fence's title, the diagram's own title, or its first line. */
  title: string;
  /** Line of the fence in the Markdown file, for warnings. */
  line?: number;
}

export function diagramKey(lang: DiagramLanguage, source: string): string {
  return createHash('sha256').update(`${lang}\0${source}`).digest('hex').slice(0, 20);
}

/** The fence languages drawn as diagrams. */
export function diagramLanguage(fenceLang: string): DiagramLanguage | undefined {
  const l = fenceLang.toLowerCase();
  return l === 'mermaid' ? 'mermaid' : l === 'dot' || l === 'graphviz' ? 'dot' : undefined;
}

/** The name a screen reader announces: `title="…"` on the fence, else `title:`/`accTitle:` in the diagram, else its first line. */
export function diagramTitle(source: string, fenceTitle: string | undefined): string {
  if (fenceTitle) return fenceTitle;
  // A Graphviz graph's own label is a `label="…"` statement outside any node's or edge's [ … ].
  const graphLevel = source.replace(/\[[^\]]*\]/g, '');
  const own = (/^\s*(?:title|accTitle)\s*:\s*(.+)$/m.exec(source) ?? /(?:^|[{;\s])label\s*=\s*"([^"]+)"/.exec(graphLevel))?.[1]?.trim();
  if (own) return own.replace(/^["']|["']$/g, '');
  const first = source
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l && l !== '---' && !l.startsWith('%%'));
  return first ?? 'Diagram';
}

/** What the page shows until the drawing exists: the source as code, inside the figure that will hold it. */
export function diagramPlaceholder(d: DiagramSource): string {
  return `<figure class="diagram" data-diagram="${d.key}"><pre class="code" data-lang="${d.lang}" tabindex="0"><code class="language-${d.lang}">${escapeHtml(d.source)}</code></pre><figcaption class="diagram-caption">${escapeHtml(d.title)}</figcaption></figure>\n`;
}

/** Where the placeholder of `key` sits in a body, so it can be swapped for the drawing. */
export function placeholderPattern(key: string): RegExp {
  return new RegExp(`<figure class="diagram" data-diagram="${key}">[\\s\\S]*?</figure>\\n`);
}

/** The drawn figure: both variants, one shown by the colour scheme; the figure has the accessible name. */
export function diagramFigure(d: DiagramSource, light: string, dark: string): string {
  return `<figure class="diagram" role="img" aria-label="${escapeHtml(d.title)}"><div class="diagram-light">${light}</div><div class="diagram-dark">${dark}</div></figure>\n`;
}

/** A ```mermaid or ```dot fence: its placeholder and the diagram to draw. `info` is the fence's info string. */
export function diagramFence(lang: DiagramLanguage, source: string, info: string, line: number | undefined): { html: string; diagram: DiagramSource } {
  const m = /\btitle=(?:"([^"]*)"|'([^']*)'|(\S+))/.exec(info);
  const fenceTitle = m ? (m[1] ?? m[2] ?? m[3]) : undefined;
  const diagram: DiagramSource = { key: diagramKey(lang, source), lang, source, title: diagramTitle(source, fenceTitle), ...(line ? { line } : {}) };
  return { html: diagramPlaceholder(diagram), diagram };
}
