import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { mayHoldLink, precheckLinkify } from './linkify-precheck.js';

// markdown-it's own settings (no bare domains), and linkify-it's widest (bare domains and IPs):
// the precheck must hold for both.
const references = [
  new MarkdownIt({ linkify: true }).linkify,
  new MarkdownIt({ linkify: true }).linkify.set({ fuzzyLink: true, fuzzyIP: true, fuzzyEmail: true }),
];
const widest = references[1]!;

describe('mayHoldLink', () => {
  it('says yes to every kind of link linkify-it finds', () => {
    const links = [
      'see https://example.com/a',
      'HTTP://EXAMPLE.COM',
      'ftp://files.example.org/x',
      'mailto:someone@example.com',
      'write to someone@example.com today',
      'protocol-relative //example.com/path',
      'a host without a dot //localhost/path',
      'bare example.com here',
      'www.example.com',
      'an address 192.168.10.1 in text',
      'IDN пример.рф and 例子.中国',
      'punycode xn--e1afmkfd.xn--p1ai',
      'trailing (https://example.com/a_(b)).',
      'sub.domain.co.uk,',
      'in quotes "example.io"',
    ];
    for (const text of links) {
      expect(widest.test(text), text).toBe(true);
      expect(mayHoldLink(text), text).toBe(true);
    }
  });

  it('never says no where linkify-it would find a link, over thousands of random strings', () => {
    // A fixed seed: the same strings each run, built from the characters links are made of.
    let seed = 12345;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const pieces = [
      '.',
      '. ',
      ':',
      '/',
      '//',
      '@',
      'a',
      'com',
      'io',
      'www',
      '1',
      '255.',
      ' ',
      '\n',
      '-',
      '_',
      'é',
      'рф',
      '。',
      '(',
      ')',
      'http',
      's',
      'mailto',
      'x',
    ];
    const positives = references.map(() => 0);
    for (let i = 0; i < 20000; i++) {
      let text = '';
      const n = 1 + Math.floor(next() * 12);
      for (let j = 0; j < n; j++) text += pieces[Math.floor(next() * pieces.length)];
      references.forEach((reference, r) => {
        if (!reference.test(text)) return;
        positives[r]!++;
        expect(mayHoldLink(text), JSON.stringify(text)).toBe(true);
      });
    }
    expect(positives[0]).toBeGreaterThan(50);
    expect(positives[1]).toBeGreaterThan(200);
  });

  it('says no to prose without any of a link’s marks', () => {
    expect(mayHoldLink('Latency went down. Throughput went up, and the queue drained.')).toBe(false);
    expect(mayHoldLink('')).toBe(false);
  });
});

describe('precheckLinkify', () => {
  it('renders exactly what markdown-it renders without it', () => {
    const checked = new MarkdownIt({ linkify: true, typographer: true });
    precheckLinkify(checked);
    const plain = new MarkdownIt({ linkify: true, typographer: true });
    const body = [
      'Plain prose. Nothing to link here, only words.',
      'Docs at https://example.com/docs, or www.example.org and example.net.',
      'Mail someone@example.com; a path //cdn.example.com/x.js; an IP 10.0.0.1.',
      '- a list item with node.js and README.md',
      '`code https://not.linked` and [a link](https://example.com) and <https://auto.example>.',
    ].join('\n\n');
    expect(checked.render(body)).toBe(plain.render(body));
    expect(checked.render(body)).toContain('<a href="https://example.com/docs">');
    expect(checked.render(body)).toContain('<a href="mailto:someone@example.com">');
  });
});
