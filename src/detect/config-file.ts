import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { parse as parseToml, TomlError } from 'smol-toml';
import { CasebookError } from '../errors/index.js';
import { jsonErrorPosition, offsetToLineColumn } from '../util/source-position.js';

export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The first of `names` that exists in `root`. */
export function firstExisting(root: string, names: readonly string[]): string | undefined {
  return names.find((n) => existsSync(join(root, n)));
}

/**
 * Reads a tool's TOML, YAML or JSON config. A file the old tool could read but Casebook cannot is
 * CB2100 at its line: without the config, URLs and the base URL would silently be wrong.
 */
export function readDataFile(file: string): { data: Record<string, unknown>; source: string } {
  const source = readFileSync(file, 'utf8')
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n');
  let data: unknown;
  if (/\.toml$/i.test(file)) {
    try {
      data = parseToml(source);
    } catch (e) {
      if (e instanceof TomlError) {
        throw new CasebookError('CB2100', e.message.split('\n')[0]!.replace(/^Invalid TOML document: /, ''), { file, line: e.line, column: e.column, source });
      }
      throw e;
    }
  } else if (/\.json$/i.test(file)) {
    try {
      data = JSON.parse(source);
    } catch (e) {
      throw new CasebookError('CB2100', (e as Error).message, { file, ...jsonErrorPosition(source, e as Error), source });
    }
  } else {
    // Jekyll's parser (Psych) reads YAML 1.1; the same documents parse here with uniqueKeys off.
    const doc = parseDocument(source, { prettyErrors: false, uniqueKeys: false, strict: false });
    const err = doc.errors[0];
    if (err)
      throw new CasebookError('CB2100', err.message.split('\n')[0]!.replace(/ at line \d+, column \d+.*$/, ''), {
        file,
        ...offsetToLineColumn(source, err.pos[0]),
        source,
      });
    data = doc.toJS({ maxAliasCount: 100 });
  }
  if (data === null || data === undefined) data = {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new CasebookError('CB2100', 'The config is not a map of keys to values.', { file });
  }
  return { data: data as Record<string, unknown>, source };
}

/** Case-insensitive key lookup: Hugo's config keys are (`baseURL`, `baseurl`, `BaseUrl` are one key). */
export function getCI(data: Record<string, unknown> | undefined, key: string): unknown {
  if (!data) return undefined;
  if (key in data) return data[key];
  const lower = key.toLowerCase();
  for (const [k, v] of Object.entries(data)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

export function asRecord(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) ? (v as Record<string, unknown>) : undefined;
}

export function asString(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number') return String(v);
  return undefined;
}

/** `author: Ada` or `author: { name: Ada, email: … }` (Jekyll, Hugo params, Eleventy metadata). */
export function readAuthor(v: unknown): { name: string; email?: string; url?: string } | undefined {
  const name = asString(v);
  if (name) return { name };
  const map = asRecord(v);
  const n = asString(map?.name);
  if (!map || !n) return undefined;
  const email = asString(map.email);
  const url = asString(map.url) ?? asString(map.website);
  return { name: n, ...(email && /^[^@\s]+@[^@\s]+$/.test(email) ? { email } : {}), ...(url && /^https?:\/\//.test(url) ? { url } : {}) };
}

/**
 * A string value assigned to a name in JavaScript or TypeScript source, found without running it:
 * `title: "My blog"`, `SITE_TITLE = 'My blog'`, `site: \`https://x.dev\``. Config modules of
 * Astro, Eleventy and Next.js import plugins that are not installed here, so they are read, not run.
 */
export function jsString(source: string, names: readonly string[]): string | undefined {
  for (const name of names) {
    // `site: process.env.SITE_URL || "https://x.dev"`: the fallback is what a build without the variable used.
    const re = new RegExp(`(?:^|[\\s,{(])["']?${name.replace(/[.$]/g, '\\$&')}["']?\\s*[:=]\\s*${ENV_FALLBACK}(["'\`])((?:\\\\.|(?!\\1)[^\\\\\\n])*)\\1`, 'm');
    const m = re.exec(stripJsComments(source));
    if (m) return m[2]!.replace(/\\(.)/g, '$1');
  }
  return undefined;
}

const ENV_FALLBACK = String.raw`(?:(?:process\.env|import\.meta\.env)(?:\.\w+|\[["'][\w-]+["']\])\s*(?:\|\||\?\?)\s*)?`;

/** `trailingSlash: true` and the like. */
export function jsBoolean(source: string, name: string): boolean | undefined {
  const m = new RegExp(`(?:^|[\\s,{(])${name}\\s*:\\s*(true|false)\\b`, 'm').exec(stripJsComments(source));
  return m ? m[1] === 'true' : undefined;
}

export function stripJsComments(source: string): string {
  // Line comments only where `//` does not follow a colon (URLs in strings keep theirs).
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:"'`\\])\/\/.*$/gm, '$1');
}
