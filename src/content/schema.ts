import * as z from 'zod';
import { BUILT_IN_KINDS, isKind, kindNames } from './kinds.js';

/** The built-in kinds; the registry (kinds.ts) may hold more. */
export const POST_KINDS = BUILT_IN_KINDS;
/** A kind's name, as the kind registry knows it. */
export type PostKind = string;

/** A kind the registry knows, checked when front matter is read so a kind registered later counts. */
const kind = z
  .any()
  .superRefine((v, ctx) => {
    if (!isKind(v)) ctx.addIssue({ code: 'invalid_value', values: kindNames(), input: v });
  })
  .transform((v) => v as string);

/** Authors write `title: 1984` and `tags: go`; those read as text / one-item lists. */
const text = z.preprocess((v) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v), z.string());
const textList = z.preprocess(
  (v) => {
    if (typeof v === 'string')
      return v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    if (Array.isArray(v)) return v.map((x) => (typeof x === 'number' ? String(x) : x));
    return v;
  },
  z.array(z.string().min(1)),
);
/** Timeline entries may be TOML dates; they are displayed as written. */
const when = z.preprocess((v) => (v instanceof Date ? v.toISOString() : v), z.string().min(1));

const decision = z.object({ decision: text, alternatives: textList.default([]), why: text.optional() }).strict();
const outcome = z
  .object({
    metric: text,
    before: z.number(),
    after: z.number(),
    unit: text.optional(),
    better: z.enum(['lower', 'higher']),
  })
  .strict();
const timelineEntry = z.object({ at: when, event: text }).strict();

/**
 * The canonical front matter, after aliases from other tools have been mapped onto these names
 * (see aliases.ts). Dates are checked separately so their errors can say exactly what is wrong.
 */
export const frontMatterSchema = z
  .object({
    title: text.pipe(z.string().min(1)).optional(),
    date: z.unknown().optional(),
    updated: z.unknown().optional(),
    description: text.optional(),
    tags: textList.default([]),
    categories: textList.default([]),
    series: text.pipe(z.string().min(1)).optional(),
    seriesPart: z.number().int().min(1).optional(),
    draft: z.boolean().default(false),
    slug: text.optional(),
    aliases: textList.default([]),
    featured: z.boolean().default(false),
    image: text.optional(),
    imageAlt: text.optional(),
    canonical: text.optional(),
    kind: kind.optional(),
    toc: z.boolean().default(true),
    lang: text.optional(),
    // Case studies, retrospectives and postmortems.
    role: text.optional(),
    period: text.optional(),
    stack: textList.optional(),
    context: text.optional(),
    problem: text.optional(),
    constraints: textList.optional(),
    decisions: z.array(decision).optional(),
    tradeoffs: textList.optional(),
    outcomes: z.array(outcome).optional(),
    lessons: textList.optional(),
    severity: text.optional(),
    impact: text.optional(),
    detection: text.optional(),
    timeline: z.array(timelineEntry).optional(),
    rootCause: text.optional(),
    actionItems: textList.optional(),
  })
  .strict();

export type FrontMatter = z.output<typeof frontMatterSchema>;
export const FRONT_MATTER_KEYS = Object.keys(frontMatterSchema.shape);
