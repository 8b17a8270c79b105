import { basename } from 'node:path';
import type { Warning } from '../errors/index.js';
import type { ForeignNote } from '../markdown/foreign/preprocess.js';

/** What a build of another tool's site could not carry over: images missing, embeds and template content removed. */
export interface LostContent {
  images: number;
  embeds: number;
  posts: number;
}

/**
 * One warning (CB1540) per post that lost something, naming each image and removed construct,
 * so the author can go through the posts one by one; and the totals for the build summary.
 */
export function lostContent(notes: readonly { file: string; note: ForeignNote }[]): { lost: LostContent; warnings: Warning[] } {
  const byFile = new Map<string, { images: string[]; embeds: Map<string, number>; line: number }>();
  for (const { file, note } of notes) {
    if (note.kind === 'unresolved') continue;
    let entry = byFile.get(file);
    if (!entry) byFile.set(file, (entry = { images: [], embeds: new Map(), line: note.line }));
    if (note.kind === 'missing-image') {
      if (!entry.images.includes(note.construct)) entry.images.push(note.construct);
    } else entry.embeds.set(note.construct, (entry.embeds.get(note.construct) ?? 0) + 1);
    entry.line = Math.min(entry.line, note.line);
  }
  const warnings: Warning[] = [];
  const lost: LostContent = { images: 0, embeds: 0, posts: byFile.size };
  for (const [file, e] of byFile) {
    const embeds = [...e.embeds].reduce((n, [, c]) => n + c, 0);
    lost.images += e.images.length;
    lost.embeds += embeds;
    const parts: string[] = [];
    if (e.images.length) parts.push(`${e.images.length} image${e.images.length === 1 ? '' : 's'} (${list(e.images)})`);
    if (embeds)
      parts.push(
        `${embeds} embed${embeds === 1 ? '' : 's'} or template block${embeds === 1 ? '' : 's'} (${list([...e.embeds].map(([c, n]) => (n > 1 ? `${c} ×${n}` : c)))})`,
      );
    warnings.push({ code: 'CB1540', message: `${basename(file)} lost ${parts.join(' and ')}.`, location: { file, line: e.line } });
  }
  return { lost, warnings };
}

function list(items: string[]): string {
  return items.slice(0, 6).join(', ') + (items.length > 6 ? `, and ${items.length - 6} more` : '');
}
