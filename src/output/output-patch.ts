import { copyFileSync, linkSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { copyInside } from '../util/open-inside.js';
import { sameFile } from '../util/same-file.js';
import { OUTPUT_MARKER } from './output-marker.js';
import { KEPT_ENTRIES } from './replaceable.js';
import { joinPlain } from '../util/join-plain.js';

/** A file a patch writes: its bytes, a file to copy, or a file to hard-link (the image cache's). */
export type PatchFile = { data: string | Uint8Array } | { copyFrom: string; within?: string | undefined } | { linkFrom: string };

/** Kept between builds and never touched by a patch (see KEPT_ENTRIES). */
const KEPT = new Set<string>(KEPT_ENTRIES);

/** What an output folder holds, by site path: its real folders, and everything else (files, links). */
export interface OutputListing {
  folders: Set<string>;
  others: Set<string>;
}

/** Lists the output without following links; deploy entries and the output marker are not listed. */
export function listOutput(outDir: string): OutputListing {
  const listing: OutputListing = { folders: new Set(), others: new Set() };
  const visit = (dir: string, rel: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (!rel && (KEPT.has(e.name) || e.name === OUTPUT_MARKER)) continue;
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        listing.folders.add(childRel);
        visit(joinPlain(dir, e.name), childRel);
      } else listing.others.add(childRel);
    }
  };
  visit(outDir, '');
  return listing;
}

/** Every folder that holds one of `paths`, by site path. */
function foldersOf(paths: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const path of paths) {
    for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) {
      const folder = path.slice(0, i);
      if (out.has(folder)) break;
      out.add(folder);
    }
  }
  return out;
}

/**
 * Whether the build's files (`produced`: written and kept) fit the output as it is: each folder on
 * their way is a real folder or missing (a link could lead out of the output), no file is where a
 * folder is, and nothing goes into a deploy entry (`.git`). Otherwise the build swaps in a new
 * folder instead, where none of this can arise.
 */
export function patchable(listing: OutputListing, produced: ReadonlySet<string>): boolean {
  for (const path of produced) if (KEPT.has(path.split('/')[0]!) || listing.folders.has(path)) return false;
  for (const folder of foldersOf(produced)) if (listing.others.has(folder)) return false;
  return true;
}

/**
 * Writes each file beside its place under a temporary name, then renames them all over the old
 * ones: a reader (a preview server, a deploy) sees the old file or the new one, never half of one;
 * a file of the previous build that other builds hard-linked is replaced, not changed; and a write
 * that fails (a full disk) fails before any rename, leaving the output as it was.
 */
export function applyPatch(outDir: string, files: ReadonlyMap<string, PatchFile>): void {
  const made = new Set<string>();
  const suffix = `.casebook-tmp-${process.pid}`;
  const written: [tmp: string, file: string][] = [];
  const linked = new Set<string>();
  /** The first folder each mkdir created (it made the ones below too), to remove if a write fails. */
  const created: string[] = [];
  try {
    for (const [path, f] of files) {
      const file = joinPlain(outDir, path);
      const dir = dirname(file);
      if (!made.has(dir)) {
        const first = mkdirSync(dir, { recursive: true });
        if (first) created.push(first);
        made.add(dir);
      }
      const tmp = file + suffix;
      written.push([tmp, file]);
      if ('data' in f) writeFileSync(tmp, f.data);
      else if ('copyFrom' in f) {
        if (f.within) copyInside(f.copyFrom, tmp, f.within);
        else copyFileSync(f.copyFrom, tmp);
      } else {
        rmSync(tmp, { force: true });
        linked.add(file);
        try {
          linkSync(f.linkFrom, tmp);
        } catch {
          copyFileSync(f.linkFrom, tmp);
        }
      }
    }
  } catch (e) {
    for (const [tmp] of written) rmSync(tmp, { force: true });
    for (const dir of created.reverse()) rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  for (const [tmp, file] of written) renameSync(tmp, file);
  // rename(2) does nothing when both names are links to one file: an image variant already linked
  // into the output from the cache, linked again. The temporary name would stay and be deployed.
  for (const [tmp, file] of written) if (linked.has(file)) rmSync(tmp, { force: true });
}

/**
 * Deletes what the output held but this build did not produce (the pages of a deleted post, a
 * file put there by hand, a leftover of a killed patch), then the folders left empty, as swapping
 * in a new folder would have. Deploy entries and the output marker stay; links are removed, never
 * followed. Returns the site paths it removed.
 */
export function removeStale(outDir: string, listing: OutputListing, produced: ReadonlySet<string>): string[] {
  const removed: string[] = [];
  // On a disk that ignores case (macOS, Windows), `Photo.pdf` of the listing is the `photo.pdf`
  // just written: not removed. Told apart by what the disk says, not by the names.
  const folded = new Map<string, string>();
  for (const path of produced) folded.set(path.normalize('NFC').toLowerCase(), path);
  const listed = new Map<string, Set<string>>();
  const namesIn = (folder: string) => {
    let names = listed.get(folder);
    if (!names) listed.set(folder, (names = new Set(readdirSync(joinPlain(outDir, folder)))));
    return names;
  };
  // One entry under two spellings, not two names for one file: hard links to one image of the
  // cache (`Pic-64.png`, `pic-64.png`) are both listed, and the old one must go.
  const sameOnDisk = (stale: string) => {
    const twin = folded.get(stale.normalize('NFC').toLowerCase());
    if (twin === undefined || !sameFile(joinPlain(outDir, stale), joinPlain(outDir, twin), false)) return false;
    const names = namesIn(dirname(stale) === '.' ? '' : dirname(stale));
    return !(names.has(basename(stale)) && names.has(basename(twin)));
  };
  for (const path of listing.others) {
    if (produced.has(path) || sameOnDisk(path)) continue;
    unlinkSync(joinPlain(outDir, path));
    removed.push(path);
  }
  const keep = foldersOf(produced);
  for (const folder of keep) folded.set(folder.toLowerCase(), folder);
  // Deepest first, so a folder's emptied subfolders are gone before it.
  const stale = [...listing.folders].filter((f) => !keep.has(f) && !sameOnDisk(f)).sort((a, b) => b.length - a.length);
  for (const folder of stale) {
    rmdirSync(joinPlain(outDir, folder));
    removed.push(folder);
  }
  return removed;
}
