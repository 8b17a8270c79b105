import { describe, expect, it } from 'vitest';
import { cdataXml, escapeHtml, escapeXml, jsonForScript, safeUrl } from './escape.js';
import { html, raw } from './html.js';

describe('escaping', () => {
  it('escapes the five HTML specials', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
  it('drops characters XML 1.0 forbids', () => {
    expect(escapeXml('a\u0000b\u0007c<')).toBe('abc&lt;');
  });
  it('puts text in CDATA sections that read back as the text, without what XML forbids', () => {
    // A reader joins the sections' contents; `]]>` may appear only where a section ends.
    const readBack = (xml: string) => {
      const sections = [...xml.matchAll(/<!\[CDATA\[([\s\S]*?)\]\]>/g)];
      expect(sections.map((m) => m[0]).join('')).toBe(xml);
      return sections.map((m) => m[1]).join('');
    };
    for (const text of ['<p class="a">x & y</p>', 'a]]>b', ']]>]]>', 'ends in ]]', '', 'a]]]>b', '<![CDATA[nested]]>']) {
      expect(readBack(cdataXml(text)), text).toBe(text);
    }
    expect(readBack(cdataXml('a\u0000b\u0007c\uFFFEd<'))).toBe('abcd<');
    // The pattern is global: a second call must not start where the first one's test stopped.
    expect(cdataXml('\u0001x')).toBe('<![CDATA[x]]>');
    expect(cdataXml('\u0001x')).toBe('<![CDATA[x]]>');
  });
  it('keeps </script> from closing an inline JSON block, and round-trips', () => {
    const value = { t: '</script><script>alert(1)</script>', u: 'a\u2028b & c' };
    const text = jsonForScript(value);
    expect(text).not.toContain('</script>');
    expect(text).not.toContain('&');
    expect(JSON.parse(text)).toEqual(value);
  });
  it('drops dangerous URL schemes, including obfuscated ones', () => {
    for (const bad of ['javascript:alert(1)', ' JavaScript:alert(1)', 'java\tscript:alert(1)', 'data:text/html,<script>', 'vbscript:x', '\\\\evil.com']) {
      expect(safeUrl(bad), bad).toBeUndefined();
    }
    for (const good of ['https://example.com/a', '/writing/x/', 'mailto:a@b.c', '#top', 'relative/path', '//cdn.example.com/x']) {
      expect(safeUrl(good), good).toBe(good);
    }
  });
});

describe('html template', () => {
  it('escapes interpolated strings and keeps SafeHtml', () => {
    const name = '<b>';
    expect(html`<p title="${name}">${name}${raw('<i>ok</i>')}${[html`<br>`, 'x&y']}</p>`.value).toBe('<p title="&lt;b&gt;">&lt;b&gt;<i>ok</i><br>x&amp;y</p>');
  });
  it('renders nothing for null, undefined and false', () => {
    expect(html`a${null}${undefined}${false}b${0}`.value).toBe('ab0');
  });
});

describe('decodeHtmlEntities', () => {
  it('reverses escapeHtml and decodes numeric entities, leaving unknown ones alone', async () => {
    const { decodeHtmlEntities } = await import('./escape.js');
    const text = `<a href="x" title='y'>&</a>`;
    expect(decodeHtmlEntities(escapeHtml(text))).toBe(text);
    expect(decodeHtmlEntities('&#8217; &#x2014; &nbsp; &#0;')).toBe('’ — &nbsp; &#0;');
  });
});
