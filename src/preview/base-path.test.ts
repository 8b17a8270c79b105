import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBasePath, routeUnderBase } from './base-path.js';
import { tempDir } from '../../test/helpers/temp-dir.js';

function built(robots?: string): string {
  const dir = tempDir('casebook-base-');
  if (robots !== undefined) writeFileSync(join(dir, 'robots.txt'), robots);
  return dir;
}

describe('readBasePath', () => {
  it('reads the base path from the sitemap line of robots.txt', () => {
    expect(readBasePath(built('User-agent: *\nAllow: /\n\nSitemap: https://u.github.io/site/sitemap.xml\n'))).toBe('/site/');
    expect(readBasePath(built('Sitemap: https://example.com/a/b/sitemap.xml\n'))).toBe('/a/b/');
    expect(readBasePath(built('Sitemap: https://example.com/sitemap.xml\n'))).toBe('/');
  });

  it('serves at the root when there is no robots.txt, no sitemap line or an odd one', () => {
    expect(readBasePath(built())).toBe('/');
    expect(readBasePath(built('User-agent: *\n'))).toBe('/');
    expect(readBasePath(built('Sitemap: not a url\n'))).toBe('/');
    expect(readBasePath(built('Sitemap: https://example.com/x/other.xml\n'))).toBe('/');
    expect(readBasePath(built('Sitemap: https://example.com/a%0d%0aSet-Cookie/sitemap.xml\n'))).toBe('/');
  });
});

describe('routeUnderBase', () => {
  it('strips the base path from requests inside it', () => {
    expect(routeUnderBase('/site/', '/site/')).toEqual({ kind: 'inside', url: '/' });
    expect(routeUnderBase('/site/writing/x/?a=1', '/site/')).toEqual({ kind: 'inside', url: '/writing/x/?a=1' });
  });

  it('sends the root and the bare base path to the base path', () => {
    expect(routeUnderBase('/', '/site/')).toEqual({ kind: 'redirect', location: '/site/' });
    expect(routeUnderBase('/site', '/site/')).toEqual({ kind: 'redirect', location: '/site/' });
    expect(routeUnderBase('/?utm=x', '/site/')).toEqual({ kind: 'redirect', location: '/site/?utm=x' });
  });

  it('leaves other paths outside the site, and everything inside when the base is /', () => {
    expect(routeUnderBase('/writing/', '/site/')).toEqual({ kind: 'outside' });
    expect(routeUnderBase('/sitemap.xml', '/site/')).toEqual({ kind: 'outside' });
    expect(routeUnderBase('/writing/', '/')).toEqual({ kind: 'inside', url: '/writing/' });
  });
});
