/** Where a build's files go. Paths are site-relative with forward slashes (`writing/x/index.html`). */
export interface OutputSink {
  write(path: string, data: string | Uint8Array): Promise<void>;
  /** `within`: a file of the site, read only while its real path lies in that folder (a real path; util/open-inside.ts). */
  copy(path: string, fromFile: string, within?: string): Promise<void>;
  /** Like copy, for a file known to be identical to what would be written: a hard link where possible. */
  link(path: string, fromFile: string): Promise<void>;
  /** Makes the written files the site's output; a build that throws before this changes nothing. */
  commit(): Promise<void>;
  /** Drops everything written (called when the build fails). */
  abort(): Promise<void>;
}

/** Page path → file path: `writing/x/` → `writing/x/index.html`, `feed.xml` stays. */
export function fileForPath(path: string): string {
  return path === '' || path.endsWith('/') ? `${path}index.html` : path;
}
