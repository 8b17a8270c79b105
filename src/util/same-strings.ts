/**
 * True when `a` and `b` hold the same strings in the same order: how a long-lived process's
 * memos (the related posts, the page table's check) tell that what they kept still applies.
 */
export function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
