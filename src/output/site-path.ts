/**
 * Whether `path` names a file inside the output: relative, forward slashes, no `.` or `..`
 * segment, no empty segment, no NUL. Every path a build writes passes this before it is joined to
 * the output folder, so no input (a tampered cache included) can make it write elsewhere.
 */
export function isSitePath(path: string): boolean {
  if (path === '' || path.startsWith('/') || path.includes('\\') || path.includes('\0')) return false;
  return path.split('/').every((s) => s !== '' && s !== '.' && s !== '..');
}
