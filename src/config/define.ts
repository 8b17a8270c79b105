import type { SiteConfigInput } from './schema.js';

export type { SiteConfigInput };

/** Identity helper so `casebook.config.ts` gets types and completion. */
export function defineConfig(config: SiteConfigInput): SiteConfigInput {
  return config;
}
