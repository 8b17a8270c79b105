import { formatWarnings } from '../errors/index.js';
import { exportPosts } from '../export/cross-post.js';
import { EXPORT_PLATFORMS, PLATFORMS, type ExportPlatform } from '../export/platforms.js';
import { EXIT_OK, plural, type CommandKit, type Io } from './command-kit.js';
import { cwdOption, shownPath } from './working-folder.js';

/** `casebook export <devto|hashnode> [site] [--out DIR] [--base-url URL] [--draft] [--domain HOST]`. */
export async function exportCommand(io: Io, args: string[], kit: CommandKit): Promise<number> {
  const parsed = kit.parseCommand(io, args, {
    out: { type: 'string', short: 'o' },
    'base-url': { type: 'string' },
    draft: { type: 'boolean' },
    domain: { type: 'string' },
    verbose: { type: 'boolean' },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const [platform, site, ...extra] = positionals;
  if (!platform || !(EXPORT_PLATFORMS as readonly string[]).includes(platform)) {
    return kit.usageError(io, `export needs a platform: ${EXPORT_PLATFORMS.join(', ')}${platform ? `; "${platform}" is not one of them` : ''}.`);
  }
  if (extra.length) return kit.usageError(io, `export takes one site folder, got ${extra.length + 1}.`);
  const baseUrl = values['base-url'] as string | undefined;
  if (baseUrl !== undefined && !/^https?:\/\/[^/]+/i.test(baseUrl)) {
    return kit.usageError(io, `--base-url must be an absolute http(s) URL such as https://example.com/, got "${baseUrl}".`);
  }
  const domain = values.domain as string | undefined;
  if (domain !== undefined && (platform !== 'hashnode' || !/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(domain))) {
    return kit.usageError(
      io,
      platform !== 'hashnode' ? '--domain is for hashnode only.' : `--domain takes a host name such as you.hashnode.dev, got "${domain}".`,
    );
  }
  try {
    const r = await exportPosts({
      platform: platform as ExportPlatform,
      site: site ?? '.',
      ...(values.out !== undefined ? { out: values.out as string } : {}),
      ...(baseUrl !== undefined ? { baseUrl } : {}),
      draft: values.draft === true,
      ...(domain ? { domain } : {}),
    });
    if (r.warnings.length) {
      io.err.write(formatWarnings(r.warnings, { color: io.err.isTTY === true, ...cwdOption(), verbose: values.verbose === true }) + '\n');
    }
    const lines = [`Wrote ${plural(r.files.length, 'post')} for ${PLATFORMS[r.platform].name} → ${shownPath(r.outDir)}`];
    if (r.unpublished) lines.push(`  left out ${plural(r.unpublished, 'draft or scheduled post', 'drafts and scheduled posts')}: they have no public URL yet`);
    if (r.platform === 'hashnode' && !domain) lines.push("  note: Hashnode's GitHub import needs `domain:`; pass --domain you.hashnode.dev to write it");
    io.out.write(lines.join('\n') + '\n');
    return EXIT_OK;
  } catch (e) {
    return kit.reportErrors(io, e);
  }
}
