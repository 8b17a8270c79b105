import { createRequire } from 'node:module';
import type { HLJSApi, LanguageFn } from 'highlight.js';
import { escapeHtml } from '../util/escape.js';
import { registerLanguages } from './languages.js';
import { GRAMMAR_NEEDS, GRAMMAR_OF } from './grammar-index.js';
import { BUNDLED_GRAMMARS } from './bundled-grammars.js';

const nodeRequire = createRequire(import.meta.url);

// highlight.js's core is loaded on the first code block and each grammar on the first block in
// its language (with the grammars it embeds): registering all 192 at start-up cost more than
// highlighting a small site's code. grammar-index.ts says which grammar answers each name, as
// highlight.js with every grammar registered would.
let hljs: HLJSApi | undefined;
const loaded = new Set<string>();

/**
 * True in the CLI's Node 20 script build (scripts/compile.mjs), false in its ES module bundle,
 * undeclared elsewhere. Tested where the require stands, not through a shared constant: esbuild
 * drops a literal require only behind a condition it can fold in that module.
 */
declare const CASEBOOK_SCRIPT: boolean | undefined;

function highlighter(): HLJSApi {
  if (!hljs) {
    // An instance of its own: require('highlight.js') registers every grammar on the shared core.
    // The Node 20 script build carries the core (a literal require, which esbuild bundles), so
    // its compiled code is cached with the CLI's; grammars load from node_modules as needed.
    const core = typeof CASEBOOK_SCRIPT !== 'undefined' && CASEBOOK_SCRIPT ? require('highlight.js/lib/core') : nodeRequire('highlight.js/lib/core');
    hljs = (core as HLJSApi).newInstance();
    registerLanguages(hljs);
  }
  return hljs;
}

function loadGrammar(h: HLJSApi, key: string): void {
  const needs = GRAMMAR_NEEDS[key];
  // Casebook's own grammars (not in GRAMMAR_NEEDS) are registered with the core.
  if (!needs || loaded.has(key)) return;
  loaded.add(key);
  const bundled = Object.hasOwn(BUNDLED_GRAMMARS, key) ? BUNDLED_GRAMMARS[key]! : undefined;
  h.registerLanguage(key, (bundled ? bundled() : nodeRequire(`highlight.js/lib/languages/${key}`)) as LanguageFn);
  // An alias this grammar shares with another stays that other's, as with every grammar loaded.
  for (const alias of h.getLanguage(key)!.aliases ?? []) {
    const owner = GRAMMAR_OF[alias.toLowerCase()];
    if (owner && owner !== key) h.registerAliases(alias, { languageName: owner });
  }
  for (const need of needs) loadGrammar(h, need);
}

let installedVersion: string | undefined;

/**
 * The version of highlight.js installed: grammars outside the CLI bundle load from node_modules,
 * which an update can change while Casebook's own code (and so the code digest) stays the same.
 * Part of the version of blocks kept between builds.
 */
export function highlighterVersion(): string {
  try {
    installedVersion ??= String((nodeRequire('highlight.js/package.json') as { version?: unknown }).version);
  } catch {
    installedVersion = 'unknown';
  }
  return installedVersion;
}

/**
 * highlight.js with every grammar, for the few whose embedded code is guessed among all of them
 * (an HTTP message's body): the guess depends on every grammar and the order they were added in.
 */
let everyGrammar: HLJSApi | undefined;

/**
 * Whether highlighting `code` with grammar `key` can reach a guess among every grammar. HTTP's is
 * the body after the blank line that ends the headers (its mode begins at `\n\n`): a request or
 * response without one, as most in posts are, highlights the same with the HTTP grammar alone,
 * and loading all 192 grammars for it cost a small site more than the rest of its highlighting.
 */
function guessesAmongAll(key: string, code: string): boolean {
  return GRAMMAR_NEEDS[key]?.[0] === '*' && (key !== 'http' || code.includes('\n\n'));
}

/** highlight.js able to highlight `code` in `name` (lower case), or undefined if no grammar answers it. */
function highlighterFor(name: string, code: string): HLJSApi | undefined {
  const key = Object.hasOwn(GRAMMAR_OF, name) ? GRAMMAR_OF[name]! : undefined;
  if (!key) return undefined;
  if (guessesAmongAll(key, code)) {
    if (!everyGrammar) {
      everyGrammar = nodeRequire('highlight.js') as HLJSApi;
      registerLanguages(everyGrammar);
    }
    return everyGrammar;
  }
  const h = highlighter();
  loadGrammar(h, key);
  return h.getLanguage(name) ? h : undefined;
}

/**
 * Highlighted blocks by language and text. An edited post keeps most of its code blocks, and
 * posts repeat snippets (install commands, config): those are highlighted once per process.
 * Cleared when it holds about 16 MB of text, so a 10,000-post build cannot grow it without bound.
 */
const blocks = new Map<string, string>();
let blockChars = 0;
const BLOCK_CHARS_LIMIT = 8_000_000;

/**
 * How many blocks were highlighted, taken from the memo, and taken from an earlier build's
 * (withKeptHighlights), in this process.
 */
export const highlightStats = { highlighted: 0, reused: 0, kept: 0 };

/** Blocks an earlier build highlighted for the body being rendered, by `lang\0code` (withKeptHighlights). */
let kept: ((id: string) => string | undefined) | undefined;
/** The blocks the body being rendered shows, while withKeptHighlights records them. */
let used: Map<string, string> | undefined;

/**
 * Runs `render` (one body's rendering) with `lookup` answering for blocks an earlier build
 * highlighted, before any grammar is loaded, and returns the blocks it showed (`lang\0code` →
 * HTML, highlighted or taken). The build cache keeps them per post (pipeline/highlight-store.ts).
 */
export function withKeptHighlights<T>(lookup: ((id: string) => string | undefined) | undefined, render: () => T): { value: T; used: Map<string, string> } {
  const outer = { kept, used };
  const mine = new Map<string, string>();
  kept = lookup;
  used = mine;
  try {
    return { value: render(), used: mine };
  } finally {
    ({ kept, used } = outer);
  }
}

/** The block as highlighted earlier in this process (counted as reused) or by an earlier build (kept); undefined if neither. */
function remembered(id: string): string | undefined {
  const memo = blocks.get(id);
  if (memo !== undefined) {
    highlightStats.reused++;
    return memo;
  }
  const earlier = kept?.(id);
  if (earlier !== undefined) {
    highlightStats.kept++;
    keep(id, earlier);
  }
  return earlier;
}

function keep(id: string, html: string): void {
  if (blockChars > BLOCK_CHARS_LIMIT) {
    blocks.clear();
    blockChars = 0;
  }
  blocks.set(id, html);
  blockChars += id.length + html.length;
}

/**
 * Build-time highlighting with highlight.js class names. Light and dark palettes are pure CSS
 * over the same classes, so each block is highlighted once (Shiki needs a pass per theme and is
 * ~5x slower per block on these machines; see docs/architecture.md).
 */
export function highlightCode(code: string, lang: string): { html: string; known: boolean } {
  const name = lang.toLowerCase();
  const id = name ? `${name}\0${code}` : '';
  // Before the grammar: a block highlighted once was in a language a grammar takes, and loading
  // (compiling) the grammar is most of what highlighting an edited post's blocks costs.
  const memo = id ? remembered(id) : undefined;
  if (memo !== undefined) {
    used?.set(id, memo);
    return { html: memo, known: true };
  }
  const h = name ? highlighterFor(name, code) : undefined;
  if (h) {
    try {
      const html = h.highlight(code, { language: name, ignoreIllegals: true }).value;
      highlightStats.highlighted++;
      keep(id, html);
      used?.set(id, html);
      return { html, known: true };
    } catch {
      // A grammar bug must never fail a build: fall back to plain code.
    }
  }
  return { html: escapeHtml(code), known: name === '' || name === 'text' || name === 'plain' || name === 'txt' };
}

/**
 * For a body whose highlighting can wait (`casebook dev`'s first build, see RenderInput.highlight):
 * the block as highlighted already in this process, or else its plain text and `later` true when
 * a grammar would highlight it. `known` is what highlightCode would answer: whether a grammar
 * takes the language, found by loading the grammar without running it. Running each grammar's
 * expressions for the first time was most of the highlighting's cost (the demo: 70 ms of its
 * first response).
 */
export function highlightLater(code: string, lang: string): { html: string; known: boolean; later: boolean } {
  const name = lang.toLowerCase();
  const memo = name ? remembered(`${name}\0${code}`) : undefined;
  if (memo !== undefined) return { html: memo, known: true, later: false };
  const h = name ? highlighterFor(name, code) : undefined;
  if (h) return { html: escapeHtml(code), known: true, later: true };
  return { ...highlightCode(code, lang), later: false };
}
