/**
 * The file that says which code and settings the render cache was kept for (disk-cache.ts). A
 * build without `--no-cache` writes it, so its presence also says the next build starts from a
 * kept cache (the CLI picks its code cache by that, src/cli/build-shortcut.ts).
 */
export const RENDER_CACHE_META = 'meta.json';
