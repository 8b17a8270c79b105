import * as z from 'zod';

/** JSON Resume dates: 2021, 2021-03 or 2021-03-15. */
const isoPartial = z.string().regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, 'a date like 2021, 2021-03 or 2021-03-15');
const url = z.string().url();
const text = z.string();
const list = z.array(z.string());

// Sections keep fields this schema does not name (`.passthrough()`): JSON Resume themes and
// tools add their own, and /resume.json must publish the file as the author wrote it.
const location = z.object({ address: text, postalCode: text, city: text, countryCode: text, region: text }).partial().passthrough();
const profileLink = z.object({ network: text, username: text, url }).partial().passthrough();

export const profileSchema = z
  .object({
    $schema: text.optional(),
    basics: z
      .object({
        name: z.string().min(1),
        label: text.optional(),
        image: text.optional(),
        email: z.string().email().optional(),
        phone: text.optional(),
        url: url.optional(),
        summary: text.optional(),
        location: location.optional(),
        profiles: z.array(profileLink).optional(),
      })
      .passthrough(),
    work: z
      .array(
        z
          .object({
            name: z.string().min(1),
            position: text.optional(),
            location: text.optional(),
            url: url.optional(),
            startDate: isoPartial.optional(),
            endDate: isoPartial.optional(),
            summary: text.optional(),
            highlights: list.optional(),
          })
          .passthrough(),
      )
      .optional(),
    volunteer: z
      .array(
        z
          .object({ organization: text, position: text, url, startDate: isoPartial, endDate: isoPartial, summary: text, highlights: list })
          .partial()
          .passthrough(),
      )
      .optional(),
    education: z
      .array(
        z
          .object({
            institution: z.string().min(1),
            url: url.optional(),
            area: text.optional(),
            studyType: text.optional(),
            startDate: isoPartial.optional(),
            endDate: isoPartial.optional(),
            score: text.optional(),
            courses: list.optional(),
          })
          .passthrough(),
      )
      .optional(),
    awards: z.array(z.object({ title: text, date: isoPartial, awarder: text, summary: text }).partial().passthrough()).optional(),
    certificates: z.array(z.object({ name: text, date: isoPartial, issuer: text, url }).partial().passthrough()).optional(),
    publications: z
      .array(
        z
          .object({ name: z.string().min(1), publisher: text.optional(), releaseDate: isoPartial.optional(), url: url.optional(), summary: text.optional() })
          .passthrough(),
      )
      .optional(),
    skills: z.array(z.object({ name: z.string().min(1), level: text.optional(), keywords: list.optional() }).passthrough()).optional(),
    languages: z.array(z.object({ language: z.string().min(1), fluency: text.optional() }).passthrough()).optional(),
    interests: z.array(z.object({ name: text, keywords: list }).partial().passthrough()).optional(),
    references: z.array(z.object({ name: text, reference: text }).partial().passthrough()).optional(),
    projects: z
      .array(
        z
          .object({
            name: z.string().min(1),
            description: text.optional(),
            highlights: list.optional(),
            keywords: list.optional(),
            startDate: isoPartial.optional(),
            endDate: isoPartial.optional(),
            url: url.optional(),
            roles: list.optional(),
            entity: text.optional(),
            type: text.optional(),
          })
          .passthrough(),
      )
      .optional(),
    meta: z.object({ canonical: text, version: text, lastModified: text }).partial().passthrough().optional(),
  })
  .strict();

export type Profile = z.output<typeof profileSchema>;
export const PROFILE_SECTIONS = Object.keys(profileSchema.shape);
