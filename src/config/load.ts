import { checkPageShapes } from './shape-checks.js';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type * as z from 'zod';
import { CasebookError, type Location, type Warning } from '../errors/index.js';
import type { ForeignProfile } from '../foreign-types/index.js';
import { foreignConfigInput } from './foreign.js';
import { isValidTimeZone } from '../util/dates.js';
import { normaliseLocale } from '../util/locale.js';
import { closest } from '../util/suggest.js';
import { findKeyLine, jsonErrorPosition, offsetToLineColumn, yamlPathPosition } from '../util/source-position.js';
import { CONFIG_KEYS, configSchema, isHttpUrl, type SiteConfig } from './schema.js';
import { issueToSentence } from '../util/zod-sentence.js';
import { importSiteModule } from '../util/bundle-module.js';

export const CONFIG_NAMES = [
  'casebook.config.ts',
  'casebook.config.mts',
  'casebook.config.js',
  'casebook.config.mjs',
  'casebook.config.json',
  'casebook.config.yaml',
  'casebook.config.yml',
];

export interface LoadedConfig {
  config: SiteConfig;
  root: string;
  file?: string;
  /** False when baseUrl is the default (neither the config nor --base-url set it). */
  baseUrlSet: boolean;
  /** The site was made with another tool: its config is merged under casebook.config.* and parsing is lenient. */
  foreign?: ForeignProfile;
  /** Warnings about the other tool's config. */
  warnings: Warning[];
  /** The config file's text as read, for code frames of errors found later (CB2008): nothing reads it twice. */
  source?: string;
}

export interface ConfigOverrides {
  baseUrl?: string;
}

/**
 * Recognises a site made with another tool at `root` (src/detect, which sits above config, passes
 * it in: see detect/site-config.ts). Called once the loader knows whether the site has its own
 * `casebook.config.*`; it may throw a CasebookError for a tool Casebook cannot read.
 */
export type ForeignSiteDetector = (root: string, hasConfigFile: boolean) => ForeignProfile | undefined;

/** The site's config; `detectForeign` is required so that no caller forgets other tools' sites by accident. */
export async function loadConfig(siteDir: string, overrides: ConfigOverrides, detectForeign: ForeignSiteDetector): Promise<LoadedConfig> {
  const root = resolve(siteDir);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new CasebookError('CB2006', `The site folder ${root} does not exist.`, { file: root });
  }
  const found = CONFIG_NAMES.filter((n) => existsSync(join(root, n)));
  if (found.length > 1) {
    throw new CasebookError('CB2007', `Found ${found.join(' and ')}; Casebook reads only one.`, { file: join(root, found[1]!) });
  }
  const file = found[0] ? join(root, found[0]) : undefined;
  let data: unknown = {};
  let source: string | undefined;
  if (file) {
    if (/\.(ya?ml|json)$/.test(file)) {
      source = readFileSync(file, 'utf8');
      data = file.endsWith('.json') ? parseJsonConfig(source, file) : parseYamlConfig(source, file);
    } else {
      source = readFileSync(file, 'utf8');
      data = await importModuleConfig(file);
    }
  }
  if (data === null || data === undefined) data = {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new CasebookError('CB2003', 'The config must be a map of keys to values.', { file: file ?? root });
  }
  const warnings: Warning[] = [];
  const foreign = detectForeign(root, file !== undefined);
  if (foreign) warnings.push(...foreign.warnings.splice(0));
  // casebook.config.* overrides anything read from the other tool's config.
  const input = { ...(foreign ? foreignConfigInput(foreign, warnings) : {}), ...(data as Record<string, unknown>) };
  if (overrides.baseUrl !== undefined) input.baseUrl = overrides.baseUrl;

  const loc = (key: string): Location => {
    const l: Location = { file: file ?? root };
    if (source) {
      const pos = findKeyLine(source, key);
      if (pos) Object.assign(l, pos, { source });
    }
    return l;
  };
  for (const key of Object.keys(input)) {
    if (!CONFIG_KEYS.includes(key)) {
      const near = closest(key, CONFIG_KEYS);
      throw new CasebookError(
        'CB2002',
        `"${key}" is not a config key.${near ? ` Did you mean "${near}"?` : ''}`,
        loc(key),
        near ? `Rename "${key}" to "${near}".` : undefined,
      );
    }
  }
  // jitless: zod's fast path compiles a parser (new Function) per object schema on its first
  // parse, which pays off over many values; the config is one value per run, and compiling
  // cost 6-20 ms of CPU where checking it plainly takes some 3 ms.
  const parsed = configSchema.safeParse(input, { jitless: true });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const top = String(issue.path[0] ?? '');
    if (issue.code === 'unrecognized_keys') {
      const keys = (issue as z.core.$ZodIssueUnrecognizedKeys).keys;
      throw new CasebookError('CB2002', `${issue.path.join('.') || 'config'} has an unknown key "${keys[0]}".`, loc(keys[0] ?? top));
    }
    const where = file ? configLocation(file, issue.path) : loc(top);
    if (top === 'baseUrl' && typeof input.baseUrl === 'string' && /^[a-z][a-z0-9+.-]*:/i.test(input.baseUrl.trim()) && !isHttpUrl(input.baseUrl)) {
      throw new CasebookError('CB2011', `baseUrl is "${input.baseUrl}"; a site's address must start with http:// or https://.`, where);
    }
    throw new CasebookError('CB2003', issueToSentence(issue, input), where);
  }
  const config = parsed.data;
  if (!isValidTimeZone(config.timezone)) {
    const near = closest(config.timezone, Intl.supportedValuesOf('timeZone'));
    throw new CasebookError(
      'CB2004',
      `"${config.timezone}" is not a time zone this machine knows.${near ? ` Did you mean "${near}"?` : ''}`,
      // At the value in a YAML or JSON file; a config that is code has the key's line at best.
      file && typeof input.timezone === 'string' ? configLocation(file, ['timezone']) : loc('timezone'),
    );
  }
  checkPageShapes(config, (path) => (file ? configLocation(file, path) : loc(String(path[0]))));
  if (!config.baseUrl.endsWith('/')) config.baseUrl += '/';
  const locale = normaliseLocale(config.lang);
  if (locale.ok) config.lang = locale.tag;
  else {
    warnings.push({
      code: 'CB2010',
      message: `lang "${config.lang}" cannot be used: ${locale.reason}. The site is published in English (en).`,
      location: loc('lang'),
    });
    config.lang = 'en';
  }
  if (foreign) {
    for (const w of warnings) if (w.location && !w.location.file.startsWith('/')) w.location.file = join(root, w.location.file);
  }
  return {
    config,
    root,
    ...(file ? { file } : {}),
    ...(source !== undefined ? { source } : {}),
    baseUrlSet: input.baseUrl !== undefined,
    ...(foreign ? { foreign } : {}),
    warnings,
  };
}

/**
 * Where a (nested) key is set in a YAML or JSON config, for the code frame of an error about its
 * value; a TypeScript config gets the file only.
 */
export function configLocation(file: string, path: readonly PropertyKey[]): Location {
  if (!/\.(ya?ml|json)$/.test(file)) return { file };
  const source = readFileSync(file, 'utf8');
  const pos = yamlPathPosition(source, path);
  return pos ? { file, ...pos, source } : { file, source };
}

function parseYamlConfig(source: string, file: string): unknown {
  const doc = parseDocument(source, { prettyErrors: false });
  const err = doc.errors[0];
  if (err) {
    throw new CasebookError('CB2001', err.message.split('\n')[0]!, { file, ...offsetToLineColumn(source, err.pos[0]), source });
  }
  return doc.toJS();
}

function parseJsonConfig(source: string, file: string): unknown {
  try {
    return JSON.parse(source);
  } catch (e) {
    const pos = jsonErrorPosition(source, e as Error);
    throw new CasebookError('CB2001', (e as Error).message, { file, ...pos, source });
  }
}

async function importModuleConfig(file: string): Promise<unknown> {
  return (await importSiteModule(file, { syntax: 'CB2001', run: 'CB2005' })).default;
}
