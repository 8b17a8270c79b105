import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CasebookError } from '../errors/index.js';
import { slugify } from '../util/slug.js';
import { casebookVersion } from '../util/version.js';
import { today } from './today.js';
import { articleTemplate, caseStudyTemplate, published } from '../content/kind-templates.js';
import { configTemplate, GITIGNORE, packageTemplate, PAGES_WORKFLOW, resumeTemplate } from './templates.js';

export interface InitResult {
  dir: string;
  files: string[];
  /** The Casebook version the site's package.json pins. */
  casebookVersion: string;
}

/** `casebook init`: a complete starter site that builds as it is. */
export function initSite(target: string, opts: { force?: boolean; now?: Date } = {}): InitResult {
  const dir = resolve(target);
  if (existsSync(dir) && !statSync(dir).isDirectory()) {
    throw new CasebookError('CB3010', `${dir} is a file, not a folder; init writes a new site into a folder.`, { file: dir });
  }
  if (existsSync(dir) && readdirSync(dir).length > 0 && !opts.force) {
    throw new CasebookError('CB3008', `${dir} already has files in it; init writes a new site.`, { file: dir });
  }
  const name = basename(dir);
  const date = today('UTC', opts.now);
  const version = casebookVersion();
  const files: Record<string, string> = {
    'casebook.config.yaml': configTemplate(name.replace(/[-_]+/g, ' ').replace(/^\w/, (c) => c.toUpperCase())),
    'resume.json': resumeTemplate('Your Name'),
    [`content/writing/${date}-hello-world.md`]: published(articleTemplate('Hello, world', date)),
    [`content/case-studies/${date}-first-case-study.md`]: published(caseStudyTemplate('My first case study', date, 'case-study')),
    'static/.gitkeep': '',
    '.gitignore': GITIGNORE,
    'package.json': packageTemplate(slugify(name) || 'my-site', version),
    '.github/workflows/pages.yml': PAGES_WORKFLOW,
  };
  for (const [rel, text] of Object.entries(files)) {
    const file = join(dir, rel);
    try {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
    } catch (e) {
      // A folder on the way that is a file, no permission, a full or read-only disk.
      const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
      throw new CasebookError('CB3010', `init cannot write ${file} (${code}).`, { file });
    }
  }
  return { dir, files: Object.keys(files), casebookVersion: version };
}
