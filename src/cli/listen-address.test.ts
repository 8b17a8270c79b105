import { describe, expect, it } from 'vitest';
import { isListenHost, listenFailure, parseListenAddress } from './listen-address.js';

describe('parseListenAddress', () => {
  it('accepts IPs, host names and bracketed IPv6', () => {
    expect(parseListenAddress('0', '127.0.0.1')).toEqual({ port: 0, host: '127.0.0.1' });
    expect(parseListenAddress('8080', '[::1]')).toEqual({ port: 8080, host: '::1' });
    expect(parseListenAddress('65535', 'localhost')).toEqual({ port: 65535, host: 'localhost' });
  });
  it.each(['999.1.1.1', '1.2.3', 'a b', '', 'http://x', 'x_y.example', '-x.example', 'a'.repeat(64)])('host %j is a usage error', (host) => {
    expect(isListenHost(host)).toBe(false);
    expect(parseListenAddress('0', host)).toMatchObject({ code: 'CB3170' });
  });
  it.each(['65536', '-1', '1e3', 'abc', '', '0x10'])('port %j is a usage error', (port) => {
    expect(parseListenAddress(port, '127.0.0.1')).toMatchObject({ code: 'CB3002' });
  });
});

describe('listenFailure', () => {
  it('maps the listen errors a user can cause to catalogued errors', () => {
    const err = (code: string) => Object.assign(new Error(code), { code });
    expect(listenFailure(err('EADDRINUSE'), 'h', 1)?.code).toBe('CB3003');
    expect(listenFailure(err('ENOTFOUND'), 'h', 1)?.code).toBe('CB3171');
    expect(listenFailure(err('EADDRNOTAVAIL'), 'h', 1)?.code).toBe('CB3171');
    expect(listenFailure(err('EACCES'), 'h', 1)?.code).toBe('CB3172');
    expect(listenFailure(new Error('other'), 'h', 1)).toBeUndefined();
  });
});
