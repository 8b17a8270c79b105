import { join } from 'node:path';
import { loadConfig, type ConfigOverrides, type LoadedConfig } from '../config/index.js';
import { CasebookError } from '../errors/index.js';
import type { ForeignProfile } from '../foreign-types/index.js';
import { detectForeignSite } from './detect.js';
import { detectUnsupported } from './unsupported.js';

/**
 * A site's config, whatever tool made the site: a Hugo, Jekyll, … site's own config is merged
 * under `casebook.config.*`. Every command that reads a site loads its config through this.
 */
export function loadSiteConfig(siteDir: string, overrides: ConfigOverrides = {}): Promise<LoadedConfig> {
  return loadConfig(siteDir, overrides, detectSite);
}

function detectSite(root: string, hasConfigFile: boolean): ForeignProfile | undefined {
  // Without a Casebook config, a Gatsby or Hexo site would otherwise build as an empty skeleton (or, for Hexo, as Jekyll).
  const unsupported = hasConfigFile ? undefined : detectUnsupported(root);
  if (unsupported) {
    throw new CasebookError('CB1501', `This looks like a ${unsupported.name} site (${unsupported.file}); Casebook cannot build ${unsupported.name} sites.`, {
      file: join(root, unsupported.file),
    });
  }
  return detectForeignSite(root);
}
