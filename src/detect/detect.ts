import { detectAstro } from './astro.js';
import { detectEleventy } from './eleventy.js';
import { detectHugo } from './hugo.js';
import { detectJekyll } from './jekyll.js';
import { detectNext } from './next.js';
import type { ForeignProfile } from '../foreign-types/index.js';
import { detectZola } from './zola.js';

/**
 * Which tool made the site at `root`, by the files each tool needs at the root of a repository
 * (issue 7): Hugo (`hugo.*`, or `config.*` beside `content/`), Zola (`config.toml` with
 * `base_url`), Jekyll (`_config.yml` or `_posts/`), Astro (`astro.config.*`), Eleventy
 * (`.eleventy.js`, `eleventy.config.*`), Next.js (`next.config.*` beside a posts folder).
 * Undefined for a Casebook site, which then stays strict.
 */
export function detectForeignSite(root: string): ForeignProfile | undefined {
  for (const detect of [detectHugo, detectZola, detectJekyll, detectAstro, detectEleventy, detectNext, (r: string) => detectJekyll(r, true)]) {
    const profile = detect(root);
    if (profile) return profile;
  }
  return undefined;
}
