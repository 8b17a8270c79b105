import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { CasebookError } from '../errors/index.js';
import { closest } from '../util/suggest.js';

type English = typeof import('../../locales/en.json', { with: { type: 'json' }});
/** Every string the theme shows, by id; English (`locales/en.json`) defines the set. */
export type MessageKey = Exclude<keyof English, '$name'>;
/** A plain message, or plural forms keyed by CLDR category (`one`, `other`, `few`…). */
export type Message = string | Partial<Record<Intl.LDMLPluralRule, string>>;
export type Messages = Record<string, Message>;

const LOCALES_DIR = new URL('../../locales/', import.meta.url);
const shipped = new Map<string, Messages>();

function readShipped(lang: string): Messages | undefined {
  if (!shipped.has(lang)) {
    const file = new URL(`${lang}.json`, LOCALES_DIR);
    shipped.set(lang, existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Messages) : {});
  }
  const m = shipped.get(lang)!;
  return Object.keys(m).length ? m : undefined;
}

/** Languages Casebook ships theme strings for (file names under locales/). */
export function shippedLocales(): string[] {
  return readdirSync(LOCALES_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();
}

export function englishMessages(): Messages {
  return readShipped('en')!;
}

/** `pt-BR` → [`pt-BR`, `pt`]: the most specific file that exists wins, key by key. */
function candidates(lang: string): string[] {
  const parts = lang.split('-');
  const out: string[] = [];
  for (let i = parts.length; i > 0; i--) out.push(parts.slice(0, i).join('-'));
  return out;
}

export interface ResolvedMessages {
  messages: Messages;
  /** The shipped or site file the strings came from, or undefined when English stood in. */
  source: string | undefined;
}

/**
 * Theme strings for `lang`: English underneath, the shipped locale over it, then the site's own
 * `theme/locales/<lang>.{json,yaml}` over both, so a site can fix one string without a fork.
 */
export function resolveMessages(lang: string, siteLocalesDir: string | undefined): ResolvedMessages {
  const english = englishMessages();
  let source: string | undefined;
  const layers: Messages[] = [];
  for (const name of candidates(lang).reverse()) {
    const m = readShipped(name);
    if (m) {
      layers.push(m);
      source = `locales/${name}.json`;
    }
  }
  if (siteLocalesDir) {
    for (const name of candidates(lang).reverse()) {
      for (const ext of ['json', 'yaml', 'yml']) {
        const file = join(siteLocalesDir, `${name}.${ext}`);
        if (existsSync(file)) {
          layers.push(readSiteLocale(file, english));
          source = file;
        }
      }
    }
  }
  return { messages: Object.assign({}, english, ...layers), source };
}

function readSiteLocale(file: string, english: Messages): Messages {
  const text = readFileSync(file, 'utf8');
  let data: unknown;
  try {
    data = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new CasebookError('CB2302', `${(e as Error).message.split('\n')[0]}`, { file });
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw new CasebookError('CB2302', 'A locale file must be a map of message ids to text.', { file });
  }
  for (const [key, value] of Object.entries(data)) {
    const line = text.split('\n').findIndex((l) => l.includes(key)) + 1;
    const where = line > 0 ? { file, line, column: text.split('\n')[line - 1]!.indexOf(key) + 1, source: text } : { file };
    if (!(key in english)) {
      const near = closest(key, Object.keys(english));
      throw new CasebookError('CB2303', `"${key}" is not a theme string.${near ? ` Did you mean "${near}"?` : ''}`, where);
    }
    const base = english[key]!;
    if (typeof value !== typeof base || (typeof value === 'object' && (value === null || Array.isArray(value)))) {
      throw new CasebookError('CB2302', `"${key}" must be ${typeof base === 'string' ? 'text' : 'a map of plural forms (one, other, …)'}.`, where);
    }
  }
  return data as Messages;
}

const RTL = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'iw', 'ks', 'ps', 'sd', 'syr', 'ug', 'ur', 'yi']);

/** Writing direction of a language tag, for `<html dir>`. */
export function directionOf(lang: string): 'ltr' | 'rtl' {
  const primary = lang.split('-')[0]!.toLowerCase();
  // A script subtag decides over the language: `az-Arab` is right-to-left, `ku-Latn` is not.
  if (/-(Arab|Hebr|Syrc|Thaa|Nkoo|Adlm|Rohg)\b/i.test(lang)) return 'rtl';
  if (/-(Latn|Cyrl)\b/i.test(lang)) return 'ltr';
  return RTL.has(primary) ? 'rtl' : 'ltr';
}
