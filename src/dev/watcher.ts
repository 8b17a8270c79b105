import { readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import { join, resolve, sep } from 'node:path';

export interface WatchOptions {
  root: string;
  /** Folders inside the site that change because of builds, not authors (output, cache). */
  ignore: string[];
  /** Called once per burst of changes (editors write several times per save). */
  onChange: (files: string[]) => void;
  debounceMs?: number;
}

export interface SiteWatcher {
  close(): void;
}

/**
 * Watches every folder of the site (content, profile, config, static, theme overrides) with one
 * non-recursive watcher each. Node 20's recursive mode on Linux stops reporting a file once an
 * editor replaces it by rename (vim, sed -i, many IDEs); a folder's watch survives that.
 * Folders created later are picked up when they appear.
 */
export function watchSite(opts: WatchOptions): SiteWatcher {
  const ignored = opts.ignore.map((d) => resolve(opts.root, d));
  const skip = (path: string) =>
    // `<out>.casebook-lock`, `-tmp-…` and `-old-…` sit beside an output while a build writes it.
    ignored.some((d) => path === d || path.startsWith(d + sep) || path.startsWith(`${d}.casebook-`)) ||
    // Dot-folders count (static/.well-known/), except version control.
    path
      .slice(opts.root.length)
      .split(sep)
      .some((part) => part === 'node_modules' || part === '.git');
  const watchers = new Map<string, FSWatcher>();
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;

  const flush = () => {
    const files = [...pending];
    pending = new Set();
    opts.onChange(files);
  };

  const add = (dir: string) => {
    if (watchers.has(dir) || skip(dir)) return;
    let w: FSWatcher;
    try {
      w = watch(dir, (_event, name) => {
        if (!name) return;
        const file = join(dir, name.toString());
        if (skip(file)) return;
        try {
          if (statSync(file).isDirectory()) addTree(file);
        } catch {
          // Deleted: nothing to add; the rebuild notices it is gone.
        }
        // Editor swap and backup files are not content.
        if (/(\.swp|\.swx|~|\.tmp)$|(^|\/)\.#/.test(file)) return;
        pending.add(file);
        clearTimeout(timer);
        timer = setTimeout(flush, opts.debounceMs ?? 5);
      });
    } catch {
      return;
    }
    w.on('error', () => {
      w.close();
      watchers.delete(dir);
    });
    watchers.set(dir, w);
  };

  const addTree = (dir: string) => {
    add(dir);
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) if (e.isDirectory()) addTree(join(dir, e.name));
  };

  addTree(resolve(opts.root));
  return {
    close() {
      clearTimeout(timer);
      for (const w of watchers.values()) w.close();
      watchers.clear();
    },
  };
}
