import { describe, expect, it } from 'vitest';
import { checkXml } from './feed-rules.js';
import { classify } from './page-rules.js';

const site = { files: new Map<string, string | true>([['100%/index.html', '<p>x</p>']]), base: '/', origin: 'https://ex.example' };

describe('check on URLs that are not valid percent-encoding', () => {
  it('reads a sitemap entry and a link with a lone % as written instead of throwing (exit 70)', () => {
    const sitemap =
      '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://ex.example/100%/</loc></url><url><loc>https://ex.example/gone%/</loc></url></urlset>';
    const findings = checkXml('sitemap.xml', sitemap, site);
    expect(findings.map((f) => f.message)).toEqual(['Sitemap: https://ex.example/gone%/ is listed but no page exists there.']);
    expect(classify('/100%/#a%', new URL('https://ex.example/'), site)).toEqual({ kind: 'internal', path: '/100%/', fragment: 'a%' });
  });
});
