import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadSiteConfig } from '../detect/index.js';
import { CasebookError } from '../errors/index.js';
import { slugify } from '../util/slug.js';
import { today } from './today.js';
import { articleTemplate, caseStudyTemplate } from './templates.js';

/** Every kind of post (POST_KINDS) except `page`, which has no date and lives in content/pages/. */
export const NEW_KINDS = ['article', 'case-study', 'retrospective', 'postmortem'] as const;
export type NewKind = (typeof NEW_KINDS)[number];

/** `casebook new`: a draft with the right front matter, dated today in the site's time zone. */
export async function newPost(site: string, kind: NewKind, title: string, now?: Date): Promise<string> {
  const { config, root } = await loadSiteConfig(site);
  const date = today(config.timezone, now);
  const slug = slugify(title);
  if (!slug) throw new CasebookError('CB3002', `"${title}" gives an empty slug; use a title with letters or digits.`);
  const file = join(root, 'content', kind === 'article' ? 'writing' : 'case-studies', `${date}-${slug}.md`);
  if (existsSync(file)) throw new CasebookError('CB3007', `${file} already exists; casebook new never overwrites.`, { file });
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, kind === 'article' ? articleTemplate(title, date) : caseStudyTemplate(title, date, kind), { flag: 'wx' });
  return file;
}
