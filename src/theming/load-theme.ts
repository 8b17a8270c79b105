import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, relative } from 'node:path';
import { CasebookError } from '../errors/index.js';
import { closest } from '../util/suggest.js';
import { SiteBounds } from '../util/site-bounds.js';
import { walkFiles } from '../util/walk.js';
import { importSiteModule } from '../util/bundle-module.js';
import { COMPONENT_NAMES, type ComponentName, type ComponentOverrides } from './components.js';

const COMPONENT_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'];

/** What a site's `theme/` folder adds to the default theme. */
export interface SiteTheme {
  components: ComponentOverrides;
  /** The site's stylesheets (`theme/*.css`, by name), appended after the default theme's. */
  css: string[];
  /** `theme/locales/`, when the site has one. */
  localesDir: string | undefined;
  /** Changes when any file under theme/ does: part of every page's cache key. */
  digest: string;
}

const loaded = new Map<string, SiteTheme>();

/**
 * Reads `<site>/theme/`: `components/<name>.{ts,js}` replace a default component, `*.css` add
 * styles, `locales/<lang>.json` change theme strings. Files whose name starts with `_` are
 * helpers that components import. Loaded once per content digest, so dev rebuilds that change
 * nothing under theme/ reuse the bundled components.
 */
export async function loadSiteTheme(root: string): Promise<SiteTheme> {
  const dir = join(root, 'theme');
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return { components: {}, css: [], localesDir: undefined, digest: '' };
  const files = (await walkFiles(dir, { skipDotFiles: true })).sort();
  const hash = createHash('sha256');
  // Stylesheets and locale strings are published: a link out of the site would publish what it points at.
  const bounds = new SiteBounds(root);
  for (const file of files) {
    const place = bounds.place(file, lstatSync(file).isSymbolicLink());
    if (place.kind === 'outside') {
      throw new CasebookError('CB1314', `theme/${relative(dir, file)} is ${place.real}, outside the site folder.`, { file });
    }
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (e) {
      throw new CasebookError('CB2308', `theme/${relative(dir, file)} cannot be read: ${(e as Error).message}`, { file });
    }
    hash.update(relative(dir, file)).update('\0').update(bytes).update('\0');
  }
  const digest = hash.digest('hex');
  const cached = loaded.get(dir);
  if (cached && cached.digest === digest) return cached;

  const components: ComponentOverrides = {};
  const componentsDir = join(dir, 'components');
  for (const file of files.filter((f) => f.startsWith(componentsDir + '/') && relative(componentsDir, f).indexOf('/') === -1)) {
    const ext = extname(file);
    const name = basename(file, ext);
    if (name.startsWith('_') || !COMPONENT_EXTENSIONS.includes(ext) || file.endsWith('.d.ts')) continue;
    if (!(COMPONENT_NAMES as readonly string[]).includes(name)) {
      const near = closest(name, COMPONENT_NAMES);
      throw new CasebookError(
        'CB2301',
        `theme/components/${basename(file)} overrides "${name}", which is not a component.${near ? ` Did you mean "${near}"?` : ''}`,
        { file },
        near ? `Rename the file to ${near}${ext}.` : undefined,
      );
    }
    const mod = await importSiteModule(file, { syntax: 'CB2305', run: 'CB2305' });
    const def = mod.default as { component?: unknown; render?: unknown } | undefined;
    if (!def || typeof def.render !== 'function' || typeof def.component !== 'string') {
      throw new CasebookError('CB2304', `theme/components/${basename(file)} has no default export made with defineComponent.`, { file });
    }
    if (def.component !== name) {
      throw new CasebookError('CB2304', `theme/components/${basename(file)} defines the component "${def.component}", but its file name says "${name}".`, {
        file,
      });
    }
    (components as Record<string, unknown>)[name as ComponentName] = { render: def.render, file };
  }
  const css = files.filter((f) => extname(f) === '.css' && relative(dir, f).indexOf('/') === -1).map((f) => readFileSync(f, 'utf8'));
  const localesDir = existsSync(join(dir, 'locales')) ? join(dir, 'locales') : undefined;
  const theme = { components, css, localesDir, digest };
  loaded.set(dir, theme);
  return theme;
}
