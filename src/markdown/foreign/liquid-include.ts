import { readFileSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, resolve, sep } from 'node:path';
import type { Liquid } from 'liquidjs';

// Loaded on the first include: only sites made with Jekyll have any, and loading the engine
// cost every other build some 30 ms.
const load = createRequire(import.meta.url);

/**
 * Jekyll's `{% include x.html a=b %}` rendered by a real Liquid engine (liquidjs, in Jekyll's
 * include mode: unquoted file names, parameters as `include.*`) over the site's `_includes/`.
 * The engine reads nothing outside that folder, by real path, so an include (or a symbolic link
 * in it) cannot pull a file from elsewhere into the page; its output goes through the HTML policy
 * with the rest of the post.
 */

export interface IncludeScope {
  site: Record<string, unknown>;
  page: Record<string, unknown>;
  /** Site base path without its trailing slash (`` or `/blog`) and the origin, for the url filters. */
  baseurl: string;
  origin: string;
}

const engines = new Map<string, Liquid>();

/** Far above what a real include needs (a figure, a callout: a few hundred characters, a millisecond). */
const LIMITS = { parse: 1_000_000, renderMs: 2_000, memory: 10_000_000, templates: 100_000 };

function engineFor(dir: string): Liquid {
  let engine = engines.get(dir);
  if (engine) return engine;
  const root = realpathSync.native(dir);
  const inside = (file: string): string | undefined => {
    try {
      const real = realpathSync.native(file);
      return real === root || real.startsWith(root + sep) ? real : undefined;
    } catch {
      return undefined;
    }
  };
  const { Liquid: Engine } = load('liquidjs') as typeof import('liquidjs');
  engine = new Engine({
    root: [root],
    partials: [root],
    extname: '',
    jekyllInclude: true,
    dynamicPartials: false,
    strictFilters: false,
    strictVariables: false,
    ownPropertyOnly: true,
    cache: false,
    // An include that loops for ever, includes itself or multiplies (ten includes of ten includes
    // of …) is stopped and reported like any include the engine cannot render, never left to hang
    // the build or fill its memory.
    parseLimit: LIMITS.parse,
    renderLimit: LIMITS.renderMs,
    memoryLimit: LIMITS.memory,
    fs: {
      exists: async (f: string) => isFileInside(f),
      existsSync: (f: string) => isFileInside(f),
      readFile: async (f: string) => readInside(f),
      readFileSync: (f: string) => readInside(f),
      resolve: (d: string, f: string, ext: string) => resolve(d, f + (f.endsWith(ext) ? '' : ext)),
      contains: async (_r: string, f: string) => inside(f) !== undefined,
      containsSync: (_r: string, f: string) => inside(f) !== undefined,
      dirname: (f: string) => dirname(f),
      sep,
    },
  });
  function isFileInside(f: string): boolean {
    const real = inside(f);
    return real !== undefined && statSync(real).isFile();
  }
  function readInside(f: string): string {
    const real = inside(f);
    if (!real) throw new Error(`${f} is outside the includes folder`);
    // An include is a snippet; a file past the parse limit would be read whole only to be refused.
    if (statSync(real).size > LIMITS.parse) throw new Error(`${f} is larger than ${LIMITS.parse} bytes`);
    return readFileSync(real, 'utf8');
  }
  // The engine counts what filters such as `append` build against memoryLimit, but not what
  // `capture` stores: a capture that doubles itself 24 times made a 256 MB page. Each capture's
  // result is counted too.
  type CaptureClass = new (...args: never[]) => { variable: string; render(ctx: CaptureContext): Generator<unknown, void, unknown> };
  interface CaptureContext {
    bottom(): Record<string, unknown>;
    memoryLimit: { use(n: number): void };
  }
  const Capture = engine.tags.capture as unknown as CaptureClass;
  class CountedCapture extends Capture {
    override *render(ctx: CaptureContext): Generator<unknown, void, unknown> {
      yield* super.render(ctx);
      ctx.memoryLimit.use(String(ctx.bottom()[this.variable] ?? '').length);
    }
  }
  engine.registerTag('capture', CountedCapture as never);
  engine.registerFilter('relative_url', function (this: unknown, v: unknown) {
    const s = String(v ?? '');
    return /^[a-z]+:/i.test(s) ? s : `${current.baseurl}/${s.replace(/^\/+/, '')}`;
  });
  engine.registerFilter('absolute_url', (v: unknown) => {
    const s = String(v ?? '');
    return /^[a-z]+:/i.test(s) ? s : `${current.origin}${current.baseurl}/${s.replace(/^\/+/, '')}`;
  });
  engine.registerFilter('jsonify', (v: unknown) => JSON.stringify(v ?? null));
  engine.registerFilter('slugify', (v: unknown) =>
    String(v ?? '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-|-$/g, ''),
  );
  engine.registerFilter('markdownify', (v: unknown) => current.markdown(String(v ?? '')));
  engines.set(dir, engine);
  return engine;
}

/** Includes stopped by a limit, by folder and tag. */
const overLimit = new Map<string, Error>();

/** The scope of the include being rendered, for the filters that need the site's base and Markdown. */
let current: IncludeScope & { markdown: (s: string) => string } = { site: {}, page: {}, baseurl: '', origin: '', markdown: (s) => s };

/**
 * True when the include's file (the first word of the tag) is a file inside `dir`, by real path:
 * one elsewhere on the machine (`/etc/passwd`, through a link) is "not found", like a missing one,
 * so the build's notes never tell what exists outside the site.
 */
export function includeExists(dir: string, tagBody: string): boolean {
  const file = /^\s*([^\s{}%]+)/.exec(tagBody)?.[1];
  if (!file || file.includes('..') || isAbsolute(file)) return false;
  try {
    const root = realpathSync.native(dir);
    const real = realpathSync.native(resolve(dir, file));
    return (real === root || real.startsWith(root + sep)) && statSync(real).isFile();
  } catch {
    return false;
  }
}

/**
 * The include's output, or an Error saying why it could not be rendered (a tag or syntax the
 * engine does not know, a file outside the folder): the caller removes it and says so.
 */
export function renderInclude(dir: string, tagBody: string, scope: IncludeScope, markdown: (s: string) => string): string | Error {
  const engine = engineFor(dir);
  const stopped = overLimit.get(`${dir}\0${tagBody}`);
  if (stopped) return stopped;
  const prior = current;
  current = { ...scope, markdown };
  try {
    return engine.parseAndRenderSync(`{% include ${tagBody} %}`, { site: scope.site, page: scope.page }, { templateLimit: LIMITS.templates });
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    // The same runaway include in fifty posts costs its time limit once, not fifty times.
    if (/limit exceeded|call stack/i.test(error.message)) overLimit.set(`${dir}\0${tagBody}`, error);
    return error;
  } finally {
    current = prior;
  }
}
