import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Finding } from './finding.js';
import { decodeOrRaw, resolveFile, type SiteFiles } from './page-rules.js';

const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => ['item', 'entry', 'url', 'link'].includes(name) });

type Obj = Record<string, unknown>;
const text = (v: unknown) =>
  typeof v === 'string' ? v : v && typeof v === 'object' && '#text' in v ? String((v as Obj)['#text']) : v === undefined ? '' : String(v);

/** Well-formedness and the required parts of RSS 2.0, Atom and sitemap files. */
export function checkXml(file: string, xml: string, site: SiteFiles): Finding[] {
  const out: Finding[] = [];
  const fail = (message: string, line?: number, column?: number) =>
    out.push({ severity: 'error', rule: 'invalid-feed', file, ...(line ? { line } : {}), ...(column ? { column } : {}), message });
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    fail(`Not well-formed XML: ${valid.err.msg}`, valid.err.line, valid.err.col);
    return out;
  }
  const doc = parser.parse(xml) as Obj;
  if (doc.rss) {
    const channel = (doc.rss as Obj).channel as Obj | undefined;
    if (!channel) return (fail('RSS: <rss> has no <channel>.'), out);
    for (const k of ['title', 'link', 'description']) if (!text(channel[k])) fail(`RSS: <channel> has no <${k}>.`);
    ((channel.item as Obj[] | undefined) ?? []).forEach((item, i) => {
      if (!text(item.title) && !text(item.description)) fail(`RSS: item ${i + 1} has neither <title> nor <description>.`);
      if (item.pubDate && Number.isNaN(Date.parse(text(item.pubDate)))) fail(`RSS: item ${i + 1} has an unreadable <pubDate> "${text(item.pubDate)}".`);
    });
  } else if (doc.feed) {
    const feed = doc.feed as Obj;
    for (const k of ['id', 'title', 'updated']) if (!text(feed[k])) fail(`Atom: <feed> has no <${k}>.`);
    ((feed.entry as Obj[] | undefined) ?? []).forEach((e, i) => {
      for (const k of ['id', 'title', 'updated']) if (!text(e[k])) fail(`Atom: entry ${i + 1} has no <${k}>.`);
      if (e.updated && Number.isNaN(Date.parse(text(e.updated)))) fail(`Atom: entry ${i + 1} has an unreadable <updated>.`);
    });
  } else if (doc.urlset) {
    for (const u of ((doc.urlset as Obj).url as Obj[] | undefined) ?? []) {
      const loc = text(u.loc);
      let url: URL;
      try {
        url = new URL(loc);
      } catch {
        fail(`Sitemap: <loc> "${loc}" is not an absolute URL.`);
        continue;
      }
      if (url.origin === site.origin && !resolveFile(decodeOrRaw(url.pathname), site)) fail(`Sitemap: ${loc} is listed but no page exists there.`);
    }
  }
  return out;
}

/** JSON Feed 1.1: version, title and items with an id and content. */
export function checkJsonFeed(file: string, json: string): Finding[] {
  const fail = (message: string): Finding => ({ severity: 'error', rule: 'invalid-feed', file, message });
  let feed: Obj;
  try {
    feed = JSON.parse(json) as Obj;
  } catch (e) {
    return [fail(`Not valid JSON: ${(e as Error).message}`)];
  }
  const out: Finding[] = [];
  if (typeof feed.version !== 'string' || !feed.version.startsWith('https://jsonfeed.org/version/1'))
    out.push(fail('JSON Feed: "version" must be https://jsonfeed.org/version/1.1.'));
  if (typeof feed.title !== 'string' || !feed.title) out.push(fail('JSON Feed: "title" is missing.'));
  if (!Array.isArray(feed.items)) out.push(fail('JSON Feed: "items" must be a list.'));
  else {
    (feed.items as Obj[]).forEach((item, i) => {
      if (item.id === undefined || item.id === '') out.push(fail(`JSON Feed: item ${i + 1} has no "id".`));
      if (typeof item.content_html !== 'string' && typeof item.content_text !== 'string')
        out.push(fail(`JSON Feed: item ${i + 1} has no content_html or content_text.`));
    });
  }
  return out;
}
