import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { codeDigest, codeStamps } from './code-digest.js';

/** codeDigest() in a fresh process after vouchForCodeDigest(digest, stamps, node): the memo is per process. */
function digestAfterVouching(digest: string, stamps: unknown, node: string): string {
  const script = `
    import { codeDigest, vouchForCodeDigest } from ${JSON.stringify(new URL('./code-digest.ts', import.meta.url).href)};
    vouchForCodeDigest(${JSON.stringify(digest)}, ${JSON.stringify(stamps)}, ${JSON.stringify(node)});
    process.stdout.write(codeDigest());`;
  return execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
}

describe('vouchForCodeDigest', () => {
  it('takes a digest only for exactly the running code files under the same Node', () => {
    const real = codeDigest();
    const stamps = codeStamps();
    expect(digestAfterVouching('vouched', stamps, process.version)).toBe('vouched');
    // Another Node, one file's stamp changed, one file fewer: computed from the code.
    expect(digestAfterVouching('vouched', stamps, 'v0.0.1')).toBe(real);
    expect(
      digestAfterVouching(
        'vouched',
        stamps.map((s, i) => (i === 0 ? [s[0], s[1] + 1, s[2], s[3]] : s)),
        process.version,
      ),
    ).toBe(real);
    expect(digestAfterVouching('vouched', stamps.slice(1), process.version)).toBe(real);
  });
});
