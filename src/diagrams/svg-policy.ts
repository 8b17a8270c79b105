import { sanitizeHtml } from '../util/sanitize-html.js';

/**
 * What a drawn diagram may contain. Mermaid and Graphviz write SVG from the author's source, and
 * neither escapes everything it copies (Graphviz puts `fontname` into an attribute as written;
 * a Mermaid init directive can turn on HTML labels), so every drawing passes this allow-list
 * before it reaches a page: SVG shapes, text and styles only. No script, no links, no
 * foreignObject (HTML inside SVG), no `url(…)` or `@import` in styles (nothing is loaded).
 */
const TAGS = [
  'svg',
  'g',
  'path',
  'rect',
  'circle',
  'ellipse',
  'line',
  'polyline',
  'polygon',
  'text',
  'tspan',
  'title',
  'desc',
  'defs',
  'marker',
  'clipPath',
  'linearGradient',
  'radialGradient',
  'stop',
  'style',
  'symbol',
];
const ATTRIBUTES = [
  'id',
  'class',
  'style',
  'transform',
  'd',
  'x',
  'y',
  'x1',
  'y1',
  'x2',
  'y2',
  'cx',
  'cy',
  'r',
  'rx',
  'ry',
  'width',
  'height',
  'viewBox',
  'points',
  'fill',
  'fill-opacity',
  'fill-rule',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'stroke-miterlimit',
  'stroke-opacity',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'alignment-baseline',
  'baseline-shift',
  'dx',
  'dy',
  'letter-spacing',
  'textLength',
  'lengthAdjust',
  'marker-end',
  'marker-start',
  'marker-mid',
  'markerWidth',
  'markerHeight',
  'markerUnits',
  'refX',
  'refY',
  'orient',
  'preserveAspectRatio',
  'xmlns',
  'version',
  'role',
  'aria-roledescription',
  'aria-label',
  'aria-labelledby',
  'aria-describedby',
  'aria-hidden',
  'clip-path',
  'clipPathUnits',
  'offset',
  'stop-color',
  'stop-opacity',
  'gradientUnits',
  'gradientTransform',
  'xml:space',
  'visibility',
  'display',
];

/** A style (attribute or element) that would load something is dropped whole. */
const LOADS = /url\s*\(|@import|expression\s*\(|image-set\s*\(|\\/i;

export function safeSvg(svg: string): string {
  const clean = sanitizeHtml(svg, {
    allowedTags: TAGS,
    allowedAttributes: { '*': ATTRIBUTES },
    allowedSchemes: [],
    allowVulnerableTags: true, // <style>: its text is checked below; nothing else in it survives the parser
    // Dropped with everything inside (a disallowed <a> only loses itself: its text stays).
    nonTextTags: ['script', 'foreignObject', 'noscript', 'iframe', 'textarea', 'option'],
    parser: { lowerCaseTags: false, lowerCaseAttributeNames: false },
    exclusiveFilter: (frame) => frame.tag === 'style' && LOADS.test(frame.text),
    transformTags: {
      '*': (tagName, attribs) => {
        const out = { ...attribs };
        if (out.style !== undefined && LOADS.test(out.style)) delete out.style;
        for (const k of ['fill', 'stroke', 'clip-path', 'marker-end', 'marker-start', 'marker-mid']) {
          // Paint and marker references may only point inside the drawing.
          if (out[k] !== undefined && /url\s*\(/i.test(out[k]!) && !/^url\(#[\w.:-]+\)$/.test(out[k]!.trim())) delete out[k];
        }
        return { tagName, attribs: out };
      },
    },
  });
  return clean;
}
