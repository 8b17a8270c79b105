import { childProcess } from '../util/child-process.js';

/**
 * The date of the last commit that touched a file (`git log -1 --format=%cI -- file`), for posts
 * whose written date the old tool ignored. One process per asked file; only undated posts ask.
 * Undefined outside a git repository or for a file git does not track.
 */
export function createGitDates(root: string): (file: string) => string | undefined {
  let inRepo: boolean | undefined;
  const memo = new Map<string, string | undefined>();
  return (file) => {
    if (inRepo === undefined) {
      try {
        inRepo =
          childProcess()
            .execFileSync('git', ['rev-parse', '--is-inside-work-tree'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 })
            .toString()
            .trim() === 'true';
      } catch {
        inRepo = false;
      }
    }
    if (!inRepo) return undefined;
    if (memo.has(file)) return memo.get(file);
    let date: string | undefined;
    try {
      date =
        childProcess()
          .execFileSync('git', ['log', '-1', '--format=%cI', '--', file], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 })
          .toString()
          .trim() || undefined;
    } catch {
      date = undefined;
    }
    memo.set(file, date);
    return date;
  };
}
