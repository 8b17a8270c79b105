import type { Token } from 'markdown-it';
import { diagramFence, type DiagramLanguage, type DiagramSource } from '../diagrams/figure.js';

/** A Mermaid or Graphviz fence: drawn after rendering (src/pipeline/diagram-phase.ts); until then its source as code. */
export function diagramPlaceholder(lang: DiagramLanguage, token: Token, env: { input: { bodyLine: number }; diagrams: DiagramSource[] }): string {
  const line = token.map ? token.map[0] + env.input.bodyLine : undefined;
  const { html, diagram } = diagramFence(lang, token.content, token.info, line);
  env.diagrams.push(diagram);
  return html;
}
