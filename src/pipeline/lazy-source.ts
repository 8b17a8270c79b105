import type { Stats } from 'node:fs';
import { readSourceText, type SourcePost } from '../content/index.js';
import { sourceDigest } from '../content/post-fields.js';
import { CasebookError } from '../errors/index.js';
import { tooRecent } from '../util/file-stamp.js';

/** Where a lazily read post's body starts in its text, or the body itself (see ParseCache). */
export const BODY_AT = Symbol('body at');
/** Drops the post's parse from the cache, so the next build reads the file (see ParseCache). */
export const FORGET = Symbol('forget');

type Lazy = SourcePost & { [BODY_AT]: number | string; [FORGET]?: () => void };

const texts = new WeakMap<object, string>();

/** The file's text, read once per object, and only if it still is the text the post was parsed from. */
function textOf(post: Lazy): string {
  let text = texts.get(post);
  if (text === undefined) {
    text = readSourceText(post);
    if (sourceDigest(post.rel, text) !== post.digest) {
      // Its stamp vouched for text it no longer holds: never again, or every build would stop here.
      post[FORGET]?.();
      throw new CasebookError('CB1034', 'The file changed while the build was using it, or was changed in a way its size and times do not show.', {
        file: post.file,
      });
    }
    texts.set(post, text);
  }
  return text;
}

/**
 * The prototype of a post revived from the parse cache by its file stamp alone: its text and body
 * are read from the file when something asks for them (a body no cache holds, a code frame),
 * which in a rebuild after one edit is almost never. Reading and hashing every file of a
 * 10,000-post site (70 MB) was a tenth of such a rebuild. Posts copied from it (the site model's)
 * keep it as their prototype.
 */
export const LAZY_SOURCE: object = Object.freeze(
  Object.create(Object.prototype, {
    source: {
      get(this: Lazy): string {
        return textOf(this);
      },
      enumerable: false,
    },
    body: {
      get(this: Lazy): string {
        const at = this[BODY_AT];
        return typeof at === 'number' ? textOf(this).slice(at) : at;
      },
      enumerable: false,
    },
  }),
);

/**
 * A file stamp the parse cache trusts: size, modification time, inode and change time. The change
 * time is set by the kernel on every write and cannot be put back (`touch -d` can set mtime).
 */
export type TextStamp = [size: number, mtimeMs: number, ino: number, ctimeMs: number];

/** The stamp to keep for a file read at `readAt`, or undefined when its times are too recent to trust (tooRecent). */
export function trustedStamp(st: Stats, readAt: number): TextStamp | undefined {
  return tooRecent(readAt, st.mtimeMs, st.ctimeMs) ? undefined : [st.size, st.mtimeMs, st.ino, st.ctimeMs];
}

export function sameStamp(st: Stats, stamp: TextStamp | undefined): boolean {
  return Array.isArray(stamp) && st.size === stamp[0] && st.mtimeMs === stamp[1] && st.ino === stamp[2] && st.ctimeMs === stamp[3];
}
