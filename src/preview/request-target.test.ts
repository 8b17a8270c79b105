import { describe, expect, it } from 'vitest';
import { parseRequestTarget, sameOriginLocation } from './request-target.js';

describe('parseRequestTarget', () => {
  it('reads origin-form and absolute-form targets, and nothing else', () => {
    expect(parseRequestTarget('/writing/?page=2#x')).toEqual({ path: '/writing/', query: 'page=2', authority: undefined });
    expect(parseRequestTarget('http://localhost:4321/a?b')).toEqual({ path: '/a', query: 'b', authority: 'localhost:4321' });
    expect(parseRequestTarget('HTTP://evil.example')).toEqual({ path: '/', query: '', authority: 'evil.example' });
    // new URL() throws on the first and reads a host into the second.
    expect(parseRequestTarget('//[/x')).toEqual({ path: '//[/x', query: '', authority: undefined });
    expect(parseRequestTarget('//writing')?.path).toBe('//writing');
    for (const bad of [undefined, '', '*', 'writing', 'x:y', 'ftp://h/x']) expect(parseRequestTarget(bad), String(bad)).toBeUndefined();
  });
});

describe('sameOriginLocation', () => {
  it('never leaves the origin: one leading slash, backslashes encoded', () => {
    expect(sameOriginLocation('//writing/')).toBe('/writing/');
    expect(sameOriginLocation('///evil.example/x/')).toBe('/evil.example/x/');
    expect(sameOriginLocation('/\\evil.example/')).toBe('/evil.example/');
    expect(sameOriginLocation('/a\\b/')).toBe('/a%5Cb/');
    for (const p of ['//x', '/\\/x', '\\\\x', '/%2F/x']) expect(new URL(sameOriginLocation(p), 'http://me.test/').host, p).toBe('me.test');
  });
  it('percent-encodes what a header or URL cannot hold, keeping existing escapes', () => {
    expect(sameOriginLocation('/café/', 'q=ü ß')).toBe('/caf%C3%A9/?q=%C3%BC%20%C3%9F');
    expect(sameOriginLocation('/caf%C3%A9/', 'a=%zz')).toBe('/caf%C3%A9/?a=%25zz');
    expect(sameOriginLocation('/\r\nSet-Cookie: x/')).toBe('/%0D%0ASet-Cookie:%20x/');
    expect(sameOriginLocation('/\uD800/')).toBe('/%EF%BF%BD/');
  });
});
