import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DrawResult } from './mermaid-renderer.js';
import { importModule } from '../util/import-module.js';

/**
 * Draws Graphviz (DOT) diagrams with Graphviz compiled to WebAssembly (@viz-js/viz): no browser,
 * about 15 ms a diagram after a one-off load of 0.3 s.
 */

const require = createRequire(import.meta.url);

type Viz = Awaited<ReturnType<typeof import('@viz-js/viz').instance>>;
let viz: Promise<Viz> | undefined;

export function graphvizVersion(): string {
  // The package exports no package.json; it sits two folders above the entry point (dist/).
  return (JSON.parse(readFileSync(join(dirname(require.resolve('@viz-js/viz')), '..', 'package.json'), 'utf8')) as { version: string }).version;
}

/** The dark variant: light strokes and text on a transparent background. Colours the author set win. */
const DARK = '#d9dde3';

/**
 * Links in a drawing (`URL`, `href` attributes) could carry `javascript:`; a drawing is a picture,
 * so every link attribute is dropped. Graphviz in WebAssembly has no access to the machine's
 * files, so `image=` attributes cannot read anything.
 */
function withoutLinks(svg: string): string {
  return (
    svg
      .replace(/<\?xml[^>]*>\s*/, '')
      .replace(/<!DOCTYPE[^>]*>\s*/i, '')
      .replace(/<!--[\s\S]*?-->\s*/g, '')
      .replace(/\s(?:xlink:href|href|target)="[^"]*"/g, '')
      // Graphviz numbers its elements (graph0, node1, …) in every drawing: the light and dark copies,
      // and two graphs on one page, would repeat them. Nothing refers to them, so they go.
      .replace(/\sid="[^"]*"/g, '')
  );
}

/**
 * Graphviz runs in this thread and cannot be interrupted, and layout time grows faster than the
 * graph: a graph over these sizes is not drawn at build time (a 20,000-edge graph ran for minutes).
 */
const MAX_SOURCE_BYTES = 100_000;
const MAX_STATEMENTS = 2_000;

export async function drawGraphviz(source: string): Promise<DrawResult> {
  const statements = (source.match(/->|--|;|\n/g) ?? []).length;
  if (source.length > MAX_SOURCE_BYTES || statements > MAX_STATEMENTS) {
    return {
      ok: false,
      error: `the graph is too large to lay out at build time (${statements} statements; at most ${MAX_STATEMENTS}); draw it once with Graphviz and publish the SVG as an image`,
    };
  }
  viz ??= importModule<typeof import('@viz-js/viz')>('@viz-js/viz').then((m) => m.instance());
  const v = await viz;
  const render = (dark: boolean) =>
    v.render(source, {
      format: 'svg',
      graphAttributes: { bgcolor: 'transparent', ...(dark ? { color: DARK, fontcolor: DARK } : {}) },
      nodeAttributes: dark ? { color: DARK, fontcolor: DARK } : {},
      edgeAttributes: dark ? { color: DARK, fontcolor: DARK } : {},
    });
  const light = render(false);
  if (light.status !== 'success') {
    return {
      ok: false,
      error:
        light.errors
          .filter((e) => e.level === 'error')
          .map((e) => e.message.trim())
          .join(' ') || 'Graphviz could not lay the graph out',
    };
  }
  const dark = render(true);
  return { ok: true, drawing: { light: withoutLinks(light.output), dark: withoutLinks(dark.status === 'success' ? dark.output : light.output) } };
}
