import { formatWarnings } from '../errors/index.js';
import { importSite } from '../import/import-site.js';
import { IMPORT_SOURCES, type ImportSourceName } from '../import/types.js';
import { EXIT_OK, plural, type CommandKit, type Io } from './command-kit.js';
import { cwdOption, shownPath as shown } from './working-folder.js';

const NAMES: Record<ImportSourceName, string> = { wordpress: 'WordPress', ghost: 'Ghost', medium: 'Medium', devto: 'dev.to' };

/** `casebook import <wordpress|ghost|medium|devto> FILE|DIR --out SITE [--force] [--base-url URL] [--media DIR] [--verbose]`. */
export async function importCommand(io: Io, args: string[], kit: CommandKit): Promise<number> {
  const parsed = kit.parseCommand(io, args, {
    out: { type: 'string', short: 'o' },
    force: { type: 'boolean' },
    'base-url': { type: 'string' },
    media: { type: 'string' },
    verbose: { type: 'boolean' },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const [source, input, ...extra] = positionals;
  if (!source || !(IMPORT_SOURCES as readonly string[]).includes(source)) {
    return kit.usageError(io, `import needs a source: ${IMPORT_SOURCES.join(', ')}${source ? `; "${source}" is not one of them` : ''}.`);
  }
  if (!input || extra.length) {
    return kit.usageError(
      io,
      `import ${source} takes one ${source === 'medium' ? 'export folder' : 'export file'}, e.g. casebook import ${source} ${source === 'medium' ? 'medium-export/' : source === 'wordpress' ? 'export.xml' : 'export.json'} --out my-site.`,
    );
  }
  const out = values.out as string | undefined;
  if (!out) return kit.usageError(io, 'import needs --out SITE: the site folder to write into (new or existing).');
  const baseUrl = values['base-url'] as string | undefined;
  if (baseUrl !== undefined && !/^https?:\/\/[^/]+/i.test(baseUrl)) {
    return kit.usageError(io, `--base-url must be an absolute http(s) URL such as https://example.com/, got "${baseUrl}".`);
  }
  const media = values.media as string | undefined;
  if (media !== undefined && source !== 'wordpress' && source !== 'ghost') {
    return kit.usageError(io, `--media is for wordpress and ghost; ${NAMES[source as ImportSourceName]} serves images from its own servers.`);
  }
  try {
    const r = await importSite({
      source: source as ImportSourceName,
      input,
      out,
      force: values.force === true,
      ...(baseUrl ? { baseUrl } : {}),
      ...(media ? { media } : {}),
    });
    const color = io.err.isTTY === true;
    if (r.warnings.length) io.err.write(formatWarnings(r.warnings, { color, ...cwdOption(), verbose: values.verbose === true }) + '\n');
    const lines = [`Imported ${NAMES[r.platform]} into ${shown(r.site)} in ${(r.ms / 1000).toFixed(2)} s:`];
    const folders = [r.posts ? 'content/writing/' : '', r.pages ? 'content/pages/' : ''].filter(Boolean).join(' and ');
    lines.push(`  ${plural(r.posts, 'post')}, ${plural(r.pages, 'page')} (${plural(r.drafts, 'draft')} among them) → ${folders}`);
    if (r.aliases) lines.push(`  ${plural(r.aliases, 'old URL')} will redirect to the new pages (aliases)`);
    const skipped = Object.entries(r.skipped).map(([what, n]) => `${what} (${n})`);
    if (skipped.length) lines.push(`  not imported: ${skipped.join(', ')}`);
    if (r.replaced) lines.push(`  replaced ${plural(r.replaced, 'existing file')} (--force)`);
    if (r.config) lines.push(`  wrote ${r.config}`);
    for (const note of r.notes) lines.push(`  note: ${note}`);
    if (values.verbose)
      lines.push(
        Object.entries(r.timings)
          .map(([k, v]) => `  ${k.padEnd(8)} ${v.toFixed(1).padStart(8)} ms`)
          .join('\n'),
      );
    lines.push('', `Next: casebook build ${shown(r.site)}${r.drafts ? ` (add --drafts to include the ${plural(r.drafts, 'draft')})` : ''}`);
    io.out.write(lines.join('\n') + '\n');
    return EXIT_OK;
  } catch (e) {
    return kit.reportErrors(io, e);
  }
}
