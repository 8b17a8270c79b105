import { describe, expect, it } from 'vitest';
import { redirectStubTarget } from './redirect-stubs.js';

describe('redirectStubTarget', () => {
  it('reads the address of a body that is only a refresh, in any case or quoting, with or without a link', () => {
    expect(redirectStubTarget(`<meta http-equiv="Refresh" content="0; url='https://a.example/x/'" />\n`)).toBe('https://a.example/x/');
    expect(redirectStubTarget('<META HTTP-EQUIV=refresh CONTENT="0;URL=https://a.example/y">')).toBe('https://a.example/y');
    expect(redirectStubTarget(`<meta content='3; url="https://a.example/z"' http-equiv='refresh'>\nMoved to [the new place](https://a.example/z).`)).toBe(
      'https://a.example/z',
    );
    expect(redirectStubTarget('<meta http-equiv="refresh" content="0">')).toBe('');
  });

  it('is undefined for a post with content of its own', () => {
    const refresh = '<meta http-equiv="refresh" content="0; url=https://a.example/">';
    expect(redirectStubTarget('Just a post.')).toBeUndefined();
    expect(
      redirectStubTarget(`${refresh}\n\n## Heading\n\nA real paragraph that goes on for quite a few more words than a moved notice would.`),
    ).toBeUndefined();
    expect(redirectStubTarget(`${refresh}\n\`\`\`\ncode\n\`\`\``)).toBeUndefined();
    expect(redirectStubTarget(`${refresh}\n${refresh}`)).toBeUndefined();
  });
});
