import { describe, expect, it } from 'vitest';
import { importOptional } from './optional-package.js';

describe('importOptional', () => {
  it('returns the module of an installed package', async () => {
    const yaml = await importOptional<typeof import('yaml')>('yaml');
    expect(typeof yaml?.parse).toBe('function');
  });

  it('returns undefined for a package that is not installed', async () => {
    expect(await importOptional('casebook-no-such-package-zz')).toBeUndefined();
  });
});
