import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SiteBounds } from '../util/site-bounds.js';

/**
 * The shortcode templates of a Hugo site and its themes (`layouts/shortcodes/<name>.html`), the
 * site's own winning over a theme's as in Hugo. Only small files are read: a shortcode is a few
 * lines of HTML, and Markdown rendering only uses the ones simple enough to evaluate. A template
 * (or theme folder) that is a symbolic link leading out of the site is not read: its text would be
 * published, so it counts as unreadable like any other.
 */
export function readShortcodeTemplates(root: string, theme: unknown): Record<string, string> {
  const themes = [theme].flat().filter((t): t is string => typeof t === 'string' && /^[\w.-]+$/.test(t));
  const dirs = [join(root, 'layouts', 'shortcodes'), ...themes.map((t) => join(root, 'themes', t, 'layouts', 'shortcodes'))];
  const out: Record<string, string> = {};
  const bounds = new SiteBounds(root);
  for (const dir of dirs) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const n of names) {
      const m = /^([\w-]+)\.html$/.exec(n);
      if (!m || out[m[1]!] !== undefined) continue;
      const place = bounds.place(join(dir, n));
      if (place.kind !== 'inside') continue;
      try {
        const stat = statSync(place.real);
        if (stat.isFile() && stat.size <= 8192) out[m[1]!] = readFileSync(place.real, 'utf8');
      } catch {
        // An unreadable template: the shortcode is removed and noted like any unknown one.
      }
    }
  }
  return out;
}
