/**
 * Paths users write (aliases, old URLs) as a site path: `/` separators only, no empty or `.`
 * segments. Windows separators count as separators, so `..\..\x` is the traversal it looks like
 * on a Windows host rather than a folder name on Linux.
 */
export type UserPath = { ok: true; path: string } | { ok: false; reason: string };

export function normaliseUserPath(written: string): UserPath {
  if (/[\u0000-\u001f\u007f]/.test(written)) return { ok: false, reason: 'it contains a control character' };
  const slashed = written.trim().replace(/\\/g, '/');
  const segments = slashed.split('/');
  const out: string[] = [];
  for (const raw of segments) {
    const seg = decodeDots(raw);
    if (seg === '' || seg === '.') continue;
    if (seg === '..' || seg.includes('/') || seg.includes('\\')) return { ok: false, reason: 'it climbs out of the site with ..' };
    out.push(raw);
  }
  // A drive letter (`C:`) or a Windows device path would leave the output folder on Windows.
  if (out.length && /^[a-z]:$/i.test(out[0]!)) return { ok: false, reason: 'it starts with a drive letter' };
  const folder = out.length > 0 && slashed.endsWith('/');
  return { ok: true, path: out.join('/') + (folder ? '/' : '') };
}

/** `%2e%2e` and `%2F` are what a server decodes them to: the check must see them that way. */
function decodeDots(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
