import type { Token } from 'markdown-it';
import { mermaidFence, type DiagramSource } from '../diagrams/figure.js';

/** A Mermaid fence: drawn after rendering (src/build/diagram-phase.ts); until then its source as code. */
export function mermaidPlaceholder(token: Token, env: { input: { bodyLine: number }; diagrams: DiagramSource[] }): string {
  const line = token.map ? token.map[0] + env.input.bodyLine : undefined;
  const { html, diagram } = mermaidFence(token.content, token.info, line);
  env.diagrams.push(diagram);
  return html;
}
