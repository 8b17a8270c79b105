import { describe, expect, it } from 'vitest';
import { compressible, mimeType } from './mime.js';

describe('mimeType', () => {
  it('types the files a post links or plays as static hosts do', () => {
    expect(mimeType('writing/talk/captions/en.vtt')).toBe('text/vtt; charset=utf-8');
    expect(mimeType('writing/talk/data.CSV')).toBe('text/csv; charset=utf-8');
    expect(mimeType('writing/talk/talk.ogg')).toBe('audio/ogg');
    expect(mimeType('writing/talk/talk.mp3')).toBe('audio/mpeg');
    expect(mimeType('writing/talk/slides.pdf')).toBe('application/pdf');
    expect(mimeType('writing/talk/code.zip')).toBe('application/zip');
  });

  it('sends what it does not know as bytes, and gzips text but not media', () => {
    expect(mimeType('writing/talk/file.unknownext')).toBe('application/octet-stream');
    expect(mimeType('writing/talk/noext')).toBe('application/octet-stream');
    expect(compressible(mimeType('a.vtt'))).toBe(true);
    expect(compressible(mimeType('a.csv'))).toBe(true);
    expect(compressible(mimeType('a.mp3'))).toBe(false);
    expect(compressible(mimeType('a.zip'))).toBe(false);
  });
});
