import type { SiteModel } from '../site/index.js';
import type { Finding } from './finding.js';

/** Rules that need the content, not only the output: missing descriptions, orphan series parts. */
export function checkSources(model: SiteModel): Finding[] {
  const out: Finding[] = [];
  for (const post of [...model.posts, ...model.pages]) {
    if (!post.description) {
      out.push({
        severity: 'warning',
        rule: 'missing-description',
        file: post.file,
        line: 1,
        message: `"${post.title}" has no description; lists, feeds and link previews fall back to its first paragraph.`,
      });
    }
  }
  for (const series of model.series) {
    if (series.parts.length === 1) {
      const p = series.parts[0]!;
      out.push({
        severity: 'warning',
        rule: 'orphan-series-part',
        file: p.file,
        line: p.keyLine('series') ?? 1,
        message: `"${p.title}" is the only part of the series "${series.name}".`,
      });
      continue;
    }
    const numbers = series.parts.map((p) => p.series!.part).filter((n): n is number => n !== undefined);
    for (let i = 0; i < numbers.length; i++) {
      const expected = i + 1;
      if (numbers[i] !== expected) {
        const p = series.parts.find((x) => x.series!.part === numbers[i])!;
        out.push({
          severity: 'warning',
          rule: 'orphan-series-part',
          file: p.file,
          line: p.keyLine('seriesPart') ?? 1,
          message: `"${p.title}" is part ${numbers[i]} of "${series.name}", but part ${expected} is missing.`,
        });
        break;
      }
    }
  }
  return out;
}
