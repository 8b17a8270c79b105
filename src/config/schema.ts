import { z } from 'zod';

const link = z.object({ label: z.string().min(1), url: z.string().min(1) }).strict();

/** The site config. Strict: an unknown key is an error with a suggestion, never ignored. */
export const configSchema = z
  .object({
    title: z.string().min(1).default('My site'),
    description: z.string().default(''),
    baseUrl: z.string().url().default('http://localhost:4321/'),
    lang: z.string().min(2).default('en'),
    timezone: z.string().default('UTC'),
    author: z
      .object({ name: z.string().min(1), email: z.string().email().optional(), url: z.string().url().optional() })
      .strict()
      .optional(),
    paginate: z.number().int().min(1).max(1000).default(10),
    nav: z.array(link).default([
      { label: 'Writing', url: '/writing/' },
      { label: 'Case studies', url: '/case-studies/' },
    ]),
    social: z.array(link).default([]),
    footer: z.string().optional(),
    outDir: z.string().min(1).default('dist'),
    readingSpeed: z.number().int().min(50).max(1000).default(230),
  })
  .strict();

export type SiteConfigInput = z.input<typeof configSchema>;
export type SiteConfig = z.output<typeof configSchema>;

export const CONFIG_KEYS = Object.keys(configSchema.shape);

/** Identity helper so `casebook.config.ts` gets types and completion. */
export function defineConfig(config: SiteConfigInput): SiteConfigInput {
  return config;
}
