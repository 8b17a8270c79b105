import { createDocument } from '@mixmark-io/domino';
import { EMBED_PROVIDERS, EMBED_SANDBOX } from '../../src/markdown/html-policy.js';

const URL_ATTRIBUTES = ['href', 'src', 'srcset', 'action', 'formaction', 'poster', 'background', 'cite', 'data', 'xlink:href', 'codebase', 'dynsrc', 'lowsrc'];
const FORBIDDEN_ELEMENTS = [
  'script',
  'object',
  'embed',
  'applet',
  'base',
  'meta',
  'link',
  'style',
  'form',
  'button',
  'textarea',
  'select',
  'frame',
  'frameset',
  'math',
  'use',
  'animate',
  'set',
  'foreignobject',
  'template',
  'noscript',
];
const PROVIDER_HOSTS = new Set(EMBED_PROVIDERS.flatMap((p) => p.hosts));

/**
 * Everything in `html` that could run script or reach another document, as an HTML5 parser
 * (domino, which follows the WHATWG tree builder, foreign content included) reads it.
 */
export function executableVectors(html: string): string[] {
  const doc = createDocument(`<!DOCTYPE html><html><head></head><body>${html}</body></html>`);
  const found: string[] = [];
  if (doc.head.childNodes.length) found.push(`something in <head>: ${doc.head.innerHTML}`);
  for (const el of Array.from(doc.querySelectorAll('*'))) {
    const tag = el.localName.toLowerCase();
    if (FORBIDDEN_ELEMENTS.includes(tag)) found.push(`<${tag}>`);
    if (tag === 'input' && el.getAttribute('type') !== 'checkbox') found.push('<input> that is not a checkbox');
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      const value = attr.value.replace(/[\u0000-\u0020\u007f-\u00a0]/g, '').toLowerCase();
      if (name.startsWith('on')) found.push(`${name} on <${tag}>`);
      if (name === 'srcdoc') found.push(`srcdoc on <${tag}>`);
      if (name === 'style' && /url\(|expression|javascript|position/.test(value)) found.push(`style "${attr.value}"`);
      if (URL_ATTRIBUTES.includes(name) || name.endsWith(':href')) {
        if (/(?:^|[\s,])(?:javascript|vbscript|livescript):/.test(value)) found.push(`${name}="${attr.value}"`);
        if (/^data:/.test(value) && !(tag === 'img' && /^data:image\/(?:png|jpe?g|gif|webp|avif);/.test(value))) found.push(`${name}="${attr.value}"`);
      }
    }
    if (tag === 'iframe') {
      const src = el.getAttribute('src') ?? '';
      let host = '';
      try {
        host = new URL(src).hostname;
      } catch {
        /* no address: reported below */
      }
      if (!PROVIDER_HOSTS.has(host)) found.push(`iframe of "${src}"`);
      if (el.getAttribute('sandbox') !== EMBED_SANDBOX) found.push('iframe without the sandbox');
    }
  }
  return found;
}
