/**
 * The folder that belongs to a page, for files placed beside it (images, its social card):
 * `writing/x/` itself, or `2019/05/x/` for a page written as the file `2019/05/x.html`
 * (old Jekyll and Hugo URLs), so the page file and its folder never collide.
 */
export function pageFolder(path: string): string {
  return path === '' || path.endsWith('/') ? path : `${path.replace(/\.[^./]+$/, '')}/`;
}
