import { createHash } from 'node:crypto';
import { relative } from 'node:path';
import type { Warning } from '../errors/index.js';
import type { Post } from '../site/index.js';
import { DiagramCache } from '../diagrams/diagram-cache.js';
import { diagramFigure, placeholderPattern, type DiagramSource } from '../diagrams/figure.js';
import { MermaidRenderer, mermaidVersion, type Drawing } from '../diagrams/mermaid-renderer.js';
import { drawGraphviz, graphvizVersion } from '../diagrams/graphviz-renderer.js';
import { safeSvg } from '../diagrams/svg-policy.js';

export interface DiagramStats {
  /** Diagrams drawn in this build, and taken from the cache. */
  drawn: number;
  reused: number;
  /** Browsers started: 0 on a warm build. */
  browsers: number;
}

type Drawings = Map<string, Drawing | { error: string }>;

/**
 * Swaps each diagram placeholder for its drawing. Drawings come from the cache; missing Graphviz
 * ones are drawn here, missing Mermaid ones in one browser for the whole build. A post keeps its source as code, with a warning,
 * when no Chromium is installed or Mermaid rejects the diagram.
 */
export async function drawDiagrams(posts: Post[], opts: { cacheDir: string | undefined; root: string; warnings: Warning[] }): Promise<DiagramStats> {
  const stats: DiagramStats = { drawn: 0, reused: 0, browsers: 0 };
  const withDiagrams = posts.filter((p) => p.rendered.diagrams?.length);
  if (!withDiagrams.length) return stats;
  const cache = new DiagramCache(opts.cacheDir, `mermaid ${mermaidVersion()}, graphviz ${graphvizVersion()}`);
  const drawings: Drawings = new Map();
  const missing = new Map<string, DiagramSource>();
  for (const post of withDiagrams) {
    for (const d of post.rendered.diagrams!) {
      if (drawings.has(d.key) || missing.has(d.key)) continue;
      const hit = cache.get(d.key);
      if (hit) {
        drawings.set(d.key, hit);
        stats.reused++;
      } else missing.set(d.key, d);
    }
  }
  // Graphviz draws in this process; only Mermaid needs a browser.
  for (const [key, d] of missing) {
    if (d.lang !== 'dot') continue;
    const result = await drawGraphviz(d.source);
    if (result.ok) {
      cache.set(key, result.drawing);
      drawings.set(key, result.drawing);
      stats.drawn++;
    } else drawings.set(key, { error: result.error });
    missing.delete(key);
  }
  if (missing.size) await drawMermaid(missing, { cache, drawings, stats, withDiagrams, ...opts });
  for (const post of withDiagrams) placeDrawings(post, drawings, opts.warnings);
  return stats;
}

/** Draws the missing Mermaid diagrams in one browser; without Chromium (or when it fails) they stay as code, said once (CB1432). */
async function drawMermaid(
  missing: Map<string, DiagramSource>,
  opts: { cache: DiagramCache; drawings: Drawings; stats: DiagramStats; withDiagrams: Post[]; root: string; warnings: Warning[] },
): Promise<void> {
  const { cache, drawings, stats } = opts;
  const renderer = await MermaidRenderer.available();
  if (!(renderer instanceof MermaidRenderer)) {
    const files = opts.withDiagrams.filter((p) => p.rendered.diagrams!.some((d) => missing.has(d.key))).map((p) => relative(opts.root, p.file));
    opts.warnings.push({
      code: 'CB1432',
      message: `${missing.size} Mermaid diagram${missing.size === 1 ? '' : 's'} shown as code: ${renderer.missing} (${files.join(', ')}).`,
    });
    return;
  }
  try {
    for (const [key, d] of missing) {
      let result;
      try {
        result = await renderer.draw(key, d.source);
      } catch (e) {
        // The browser would not start, or stopped answering: the rest stay as code, said once.
        opts.warnings.push({
          code: 'CB1432',
          message: `Mermaid diagrams shown as code: Chromium could not draw them (${String((e as Error).message ?? e).split('\n')[0]}).`,
        });
        break;
      }
      if (result.ok) {
        cache.set(key, result.drawing);
        drawings.set(key, result.drawing);
        stats.drawn++;
      } else drawings.set(key, { error: result.error });
    }
  } finally {
    stats.browsers = renderer.started;
    await renderer.close();
  }
}

/**
 * Puts each drawing of a post in place of its placeholder; a diagram not drawn stays as code
 * (CB1433 when the tool refused it). The warnings and the digest are settled now; the drawings
 * pass the SVG allow-list when the post's HTML is first read: a page taken from the previous
 * output never reads it, and `casebook dev` answers its first request before any post page is
 * asked for (the demo's two diagrams cost its first response 15 ms of sanitising).
 */
function placeDrawings(post: Post, drawings: Drawings, warnings: Warning[]): void {
  const state: string[] = [];
  const place: { d: DiagramSource; drawing: Drawing }[] = [];
  for (const d of post.rendered.diagrams!) {
    const drawing = drawings.get(d.key);
    if (drawing && 'error' in drawing) {
      warnings.push({
        code: 'CB1433',
        message: `${d.lang === 'dot' ? 'Graphviz' : 'Mermaid'} could not draw the diagram "${d.title}": ${drawing.error}. Its source is shown as code.`,
        location: { file: post.file, ...(d.line ? { line: d.line } : {}) },
      });
    }
    if (!drawing || 'error' in drawing) {
      state.push(`${d.key}:code`);
      continue;
    }
    place.push({ d, drawing });
    state.push(`${d.key}:svg`);
  }
  const before = post.rendered;
  let html: string | undefined;
  // Every drawing passes the SVG allow-list, cached ones too: the drawing tools copy parts of
  // the author's source into the SVG without escaping all of it.
  const placed = () =>
    (html ??= place.reduce(
      (out, { d, drawing }) => out.replace(placeholderPattern(d.key), () => diagramFigure(d, safeSvg(drawing.light), safeSvg(drawing.dark))),
      before.html,
    ));
  // A new object, not an edit: the cached body keeps its placeholders for the next build. Its
  // properties are copied as they are (the body's own HTML may itself be read lazily from the
  // cache). The digest says whether each diagram was drawn, so pages keyed by it change when one is.
  const after = Object.defineProperties({}, Object.getOwnPropertyDescriptors(before)) as Post['rendered'];
  Object.defineProperty(after, 'html', {
    get: placed,
    set: (value: string) => {
      html = value;
    },
    enumerable: true,
    configurable: true,
  });
  after.digest = createHash('sha1')
    .update(`${before.digest}\0${state.join(',')}`)
    .digest('hex');
  post.rendered = after;
}
