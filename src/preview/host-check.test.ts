import { describe, expect, it } from 'vitest';
import { HostCheck, hostName, isValidAllowedHost } from './host-check.js';

describe('HostCheck', () => {
  it('answers localhost names, IP addresses and the bound name; refuses other names', () => {
    const check = new HostCheck('127.0.0.1');
    for (const ok of ['localhost', 'localhost:4321', 'LOCALHOST.', 'blog.localhost:1', '127.0.0.1:4321', '[::1]:4321', '192.168.1.20', undefined]) {
      expect(check.allows(ok), String(ok)).toBe(true);
    }
    for (const bad of ['evil.example', 'evil.example:4321', 'localhost.evil.example', 'notlocalhost', '', ':4321', '127.0.0.1.evil.example']) {
      expect(check.allows(bad), bad).toBe(false);
    }
  });
  it('adds the name given to --host and the --allow-host names (.name: the name and all under it)', () => {
    const check = new HostCheck('mybox.lan', ['blog.test', '.tunnel.example']);
    for (const ok of ['mybox.lan:4321', 'blog.test', 'tunnel.example', 'a.b.tunnel.example']) expect(check.allows(ok), ok).toBe(true);
    for (const bad of ['other.lan', 'sub.blog.test', 'xtunnel.example']) expect(check.allows(bad), bad).toBe(false);
  });
  it('validates --allow-host names and explains a refusal without echoing bytes', () => {
    for (const ok of ['blog.test', '.example.com', 'my-box', 'box.']) expect(isValidAllowedHost(ok), ok).toBe(true);
    for (const bad of ['', '*', '*.example.com', 'a b', 'http://x', 'x:80', '-x.test', '..x']) expect(isValidAllowedHost(bad), bad).toBe(false);
    expect(hostName('[::1]:80')).toBe('::1');
    const text = HostCheck.refusal('evil.example:4321', 'dev server');
    expect(text).toContain('"evil.example"');
    expect(text).toContain('--allow-host evil.example');
    expect(HostCheck.refusal('a\u0000<b>', 'dev server')).toContain('--allow-host NAME');
  });
});
