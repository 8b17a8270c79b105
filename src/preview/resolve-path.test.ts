import { describe, expect, it } from 'vitest';
import { requestToRelative } from './resolve-path.js';

describe('requestToRelative', () => {
  it('maps request paths to site-relative files', () => {
    expect(requestToRelative('/')).toBe('');
    expect(requestToRelative('/writing/x/?q=1#h')).toBe('writing/x/');
    expect(requestToRelative('/caf%C3%A9.html')).toBe('café.html');
  });
  it('refuses traversal in every encoding', () => {
    for (const p of ['/../etc/passwd', '/a/../../etc/passwd', '/%2e%2e/etc/passwd', '/%252e%252e/x', '/..%5cx', '/a\\..\\b', '/%00', '/%E0%A4%A']) {
      expect(requestToRelative(p), p).toBeUndefined();
    }
  });
});
