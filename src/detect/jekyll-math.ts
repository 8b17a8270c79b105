import { type Dirent, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SiteBounds } from '../util/site-bounds.js';
import { asRecord } from './config-file.js';

/** Switches Jekyll themes and how-tos load MathJax or KaTeX by, in the config or a post's front matter. */
const MATH_SWITCHES = ['math', 'mathjax', 'katex', 'use_math', 'enable_math', 'enable_mathjax'];

/** A template that loads MathJax or KaTeX: its script, MathJax's configuration, KaTeX's auto-render call. */
const LOADS_MATH = /<script\b[^>]*\bsrc\s*=\s*["']?[^"'>\s]*(?:mathjax|katex)|\bMathJax\s*(?:=|\.Hub\.Config)|\brenderMathInElement\b/i;

/** A Liquid condition (`{% if page.use_math %}`) and, in it, a value named like a math switch. */
const CONDITION = /\{%-?\s*(?:if|elsif|unless)\b([^%]*)%\}/g;
const SWITCH_NAME = /\b(?:page|site|layout)\.([\w-]*(?:math|katex)[\w-]*)/gi;

/** Enough of a theme's templates to see how it loads math; a site's own layouts are a few dozen files. */
const MAX_TEMPLATES = 400;
const MAX_TEMPLATE_BYTES = 256 * 1024;

/**
 * Whether the old site loaded MathJax or KaTeX on every page (`math: true` on the profile), and the
 * front matter switches that load it on one post. On: a config that turns a math switch on
 * (`mathjax: true`, NexT's `mathjax: { enable: true }`), or the site's own layouts and includes
 * loading the script with no switch named like math around it. A theme's switch with another
 * name (`{% if page.use_katex %}`) is read from posts' front matter too. A theme installed as a
 * gem shows none of its templates: its switches are the usual names.
 */
export function jekyllMath(root: string, config: Record<string, unknown>, includesDir: string | undefined): { math?: true; mathKeys: string[] } {
  const switches = new Set(MATH_SWITCHES);
  let loads = false;
  let named = false;
  for (const text of templates(root, [join(root, '_layouts'), ...(includesDir ? [includesDir] : [])])) {
    if (LOADS_MATH.test(text)) loads = true;
    for (const condition of text.matchAll(CONDITION)) {
      for (const name of condition[1]!.matchAll(SWITCH_NAME)) {
        switches.add(name[1]!);
        named = true;
      }
    }
  }
  const on = [...switches].some((k) => switchedOn(config[k])) || (loads && !named);
  return { ...(on ? { math: true as const } : {}), mathKeys: [...switches] };
}

/** `true`, `"true"`, or a table that enables it for every page (`enable: true` without `per_page: true`). */
function switchedOn(v: unknown): boolean {
  if (v === true || v === 'true') return true;
  const table = asRecord(v);
  return table !== undefined && (table.enable === true || table.enabled === true) && table.per_page !== true;
}

/** The text of the HTML and Liquid templates under `dirs` that lie inside the site. */
function templates(root: string, dirs: string[]): string[] {
  const bounds = new SiteBounds(root);
  const out: string[] = [];
  const visit = (dir: string, depth: number) => {
    if (depth > 4 || bounds.place(dir).kind !== 'inside') return;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (out.length >= MAX_TEMPLATES) return;
      const path = join(dir, e.name);
      if (e.isDirectory()) visit(path, depth + 1);
      else if (/\.(html?|liquid)$/i.test(e.name) && bounds.place(path).kind === 'inside') {
        try {
          if (statSync(path).size <= MAX_TEMPLATE_BYTES) out.push(readFileSync(path, 'utf8'));
        } catch {
          // Unreadable: the build names it where it includes it.
        }
      }
    }
  };
  for (const dir of dirs) visit(dir, 0);
  return out;
}
