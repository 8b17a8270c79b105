import { describe, expect, it } from 'vitest';
import { isBot } from './bots.js';
import { BUCKET_LIMITS, bucketFor, parseEvent, pathProblem, referrerHost, TIME_BUCKETS } from './event.js';

describe('parseEvent', () => {
  it('accepts what the beacon sends', () => {
    expect(parseEvent('{"site":"maya.example.com","path":"/writing/a/","kind":"view","referrer":""}')).toEqual({
      ok: true,
      value: { site: 'maya.example.com', path: '/writing/a/', kind: 'view', referrer: '' },
    });
    expect(parseEvent('{"site":"demo","path":"/case-studies/x/","kind":"read","bucket":"2-5m"}')).toEqual({
      ok: true,
      value: { site: 'demo', path: '/case-studies/x/', kind: 'read', bucket: '2-5m' },
    });
  });

  it('takes percent-encoded paths as browsers report them, and every RFC 3986 path character', () => {
    for (const p of ['/', '/caf%C3%A9/', "/a-b_c.d~e/!$&'()*+,;=:@/", '/404.html', '/%2F/']) expect(pathProblem(p)).toBeUndefined();
  });

  it('refuses what no browser page would send', () => {
    const reason = (body: string) => {
      const r = parseEvent(body);
      return r.ok ? 'accepted' : r.reason;
    };
    expect(reason('null')).toBe('body must be a JSON object');
    expect(reason('"view"')).toBe('body must be a JSON object');
    expect(reason('{"site":"a","path":"/","kind":"view","__proto__":{"x":1}}')).toBe('unknown field "__proto__"; allowed: site, path, kind, referrer, bucket');
    expect(reason(`{"site":"${'a'.repeat(65)}","path":"/","kind":"view"}`)).toMatch(/^site must be a site id/);
    expect(reason('{"site":"a.","path":"/","kind":"view"}')).toMatch(/^site must be a site id/);
    expect(reason('{"site":"a","path":"/\\u0000/","kind":"view"}')).toBe('path has characters a browser would percent-encode');
    expect(reason('{"site":"a","path":"/\\\\evil/","kind":"view"}')).toBe('path has characters a browser would percent-encode');
    expect(reason('{"site":"a","path":"/é/","kind":"view"}')).toBe('path has characters a browser would percent-encode');
    expect(reason('{"site":"a","path":"/%zz/","kind":"view"}')).toBe('path has characters a browser would percent-encode');
    expect(reason('{"site":"a","path":"/.%2E/","kind":"view"}')).toBe('path must not contain "." or ".." segments');
    expect(reason('{"site":"a","path":"/./","kind":"view"}')).toBe('path must not contain "." or ".." segments');
    expect(reason('{"site":"a","path":"/","kind":"VIEW"}')).toBe('kind must be one of view, read');
    expect(reason('{"site":"a","path":"/","kind":"read","bucket":null}')).toMatch(/^bucket must be one of/);
    expect(reason('{"site":"a","path":"/","kind":"view","referrer":"data:text/html,x"}')).toBe('referrer must be empty or an http(s) URL');
  });
});

describe('referrerHost', () => {
  it('keeps only the host, lower case and without www', () => {
    expect(referrerHost('https://WWW.Example.COM:8443/a?q=secret#x')).toBe('example.com');
    expect(referrerHost('http://news.ycombinator.com/item?id=1')).toBe('news.ycombinator.com');
    expect(referrerHost('android-app://com.slack/')).toBeUndefined();
    expect(referrerHost('not a url')).toBeUndefined();
  });
});

describe('time buckets', () => {
  it('maps seconds to the bucket whose range holds them, as the beacon does', () => {
    expect(TIME_BUCKETS.length).toBe(BUCKET_LIMITS.length + 1);
    expect([0, 9.9, 10, 29, 30, 59, 60, 119, 120, 299, 300, 599, 600, 86_400].map(bucketFor)).toEqual([
      '<10s',
      '<10s',
      '10-30s',
      '10-30s',
      '30s-1m',
      '30s-1m',
      '1-2m',
      '1-2m',
      '2-5m',
      '2-5m',
      '5-10m',
      '5-10m',
      '10m+',
      '10m+',
    ]);
  });
});

describe('isBot', () => {
  it('passes browsers and drops crawlers, previewers, headless browsers and HTTP libraries', () => {
    const browsers = [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
      'Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0',
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
    ];
    for (const ua of browsers) expect([ua, isBot(ua)]).toEqual([ua, false]);
    const bots = [
      undefined,
      '',
      'curl/8.5.0',
      'python-requests/2.32',
      'Go-http-client/1.1',
      'node',
      'Wget/1.21',
      'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
      'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)',
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0.0.0 Safari/537.36',
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_10_1) AppleWebKit/600.2.5 (KHTML, like Gecko) Version/8.0.2 Safari/600.2.5 (Applebot/0.1)',
      'Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0.0.0 Mobile Safari/537.36 Chrome-Lighthouse',
      'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
      'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)',
    ];
    for (const ua of bots) expect([ua, isBot(ua)]).toEqual([ua, true]);
  });
});
