import type { ParseArgsConfig } from 'node:util';
import { CasebookError, formatError } from '../errors/index.js';
import { listenFailure, parseListenAddress } from './listen-address.js';

/** What main.ts lends every command: option parsing, error printing and the signal wait. */
export interface CommandHelpers {
  parseCommand(io: Io, args: string[], options: ParseArgsConfig['options']): { values: Record<string, unknown>; positionals: string[] } | number;
  usageError(io: Io, message: string, hint?: string): number;
  reportErrors(io: Io, e: unknown): number;
  untilSignal(close: () => void): Promise<void>;
}

interface Io {
  out: NodeJS.WriteStream;
  err: NodeJS.WriteStream;
}

export const DEFAULT_ANALYTICS_PORT = 4322;
export const DEFAULT_RATE_LIMIT = '120/min';
const MIN_TOKEN_LENGTH = 16;
const EXIT_USAGE = 2;

/** A usage problem with its own catalog code: printed like every error, exit 2. */
function usage(io: Io, code: 'CB3170' | 'CB3200' | 'CB3201' | 'CB3204' | 'CB3205', message: string): number {
  io.err.write(formatError(new CasebookError(code, message), { color: io.err.isTTY === true }) + '\n');
  return EXIT_USAGE;
}

/** `casebook analytics serve`: the collector for the beacon, with /api/stats and /dashboard. */
export async function analyticsCommand(io: Io, args: string[], h: CommandHelpers): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined) return h.usageError(io, 'analytics needs a subcommand: serve.');
  if (sub === '-h' || sub === '--help') return h.parseCommand(io, ['--help'], {}) as number;
  if (sub !== 'serve') return h.usageError(io, `analytics has one subcommand, serve; got "${sub}".`);
  const parsed = h.parseCommand(io, rest, {
    db: { type: 'string' },
    port: { type: 'string', short: 'p' },
    host: { type: 'string' },
    token: { type: 'string' },
    origin: { type: 'string', multiple: true },
    site: { type: 'string', multiple: true },
    'rate-limit': { type: 'string' },
    'trust-proxy': { type: 'boolean' },
    retain: { type: 'string' },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (positionals.length) return h.usageError(io, `analytics serve takes no folder or file, got ${positionals.join(' ')}; pass sites with --site DIR.`);

  const token = (values.token as string | undefined) ?? process.env.CASEBOOK_ANALYTICS_TOKEN ?? '';
  if (!token) return usage(io, 'CB3200', 'analytics serve needs a token for /api/stats and /dashboard: --token TOKEN or CASEBOOK_ANALYTICS_TOKEN.');
  if (token.length < MIN_TOKEN_LENGTH || /\s/.test(token)) {
    return usage(io, 'CB3200', `The analytics token must be at least ${MIN_TOKEN_LENGTH} characters without spaces; this one has ${token.length}.`);
  }
  const portText = (values.port as string | undefined) ?? String(DEFAULT_ANALYTICS_PORT);
  const address = parseListenAddress(portText, (values.host as string | undefined) ?? '127.0.0.1');
  if ('usage' in address) return address.code === 'CB3002' ? h.usageError(io, address.usage) : usage(io, address.code, address.usage);
  const { port, host } = address;
  const retainText = values.retain as string | undefined;
  const retainDays = retainText === undefined ? undefined : Number(retainText);
  if (retainDays !== undefined && (!/^\d+$/.test(retainText!) || retainDays < 1 || retainDays > 36_600)) {
    return h.usageError(io, `--retain must be a number of days from 1, got "${retainText}".`);
  }

  const { DEFAULT_DB, openStore, parseDatabaseSpec } = await import('../analytics/store.js');
  const { parseRateLimit, describeRateLimit } = await import('../analytics/rate-limit.js');
  const { SiteOrigins } = await import('../analytics/origins.js');

  const rate = parseRateLimit((values['rate-limit'] as string | undefined) ?? DEFAULT_RATE_LIMIT);
  if (rate instanceof Error) return usage(io, 'CB3205', rate.message);

  let spec;
  try {
    spec = parseDatabaseSpec((values.db as string | undefined) ?? process.env.CASEBOOK_ANALYTICS_DB ?? DEFAULT_DB);
  } catch (e) {
    return usage(io, 'CB3201', (e as Error).message);
  }

  const origins = new SiteOrigins();
  const sites: string[] = [];
  try {
    for (const o of (values.origin as string[] | undefined) ?? []) origins.addOrigin(o);
    if ((values.site as string[] | undefined)?.length) {
      const { loadSiteConfig } = await import('../detect/index.js');
      const { analyticsSiteId } = await import('../analytics/beacon.js');
      for (const dir of values.site as string[]) {
        const { config } = await loadSiteConfig(dir);
        const id = analyticsSiteId(config);
        origins.addOrigin(config.baseUrl, id);
        sites.push(id);
      }
    }
  } catch (e) {
    if (e instanceof CasebookError && e.code === 'CB3204') return usage(io, 'CB3204', e.message);
    return h.reportErrors(io, e);
  }
  if (!origins.size) {
    return usage(io, 'CB3204', 'analytics serve needs the origins of the sites whose pages send events: --site DIR or --origin URL.');
  }

  let store;
  try {
    store = await openStore(spec);
    const migration = await store.migrate();
    const { createCollector } = await import('../analytics/server.js');
    const collector = createCollector({ store, token, origins, rateLimit: rate, trustProxy: values['trust-proxy'] === true, retainDays });
    await new Promise<void>((resolve, reject) => {
      collector.server.once('error', reject);
      collector.server.listen(port, host, () => resolve());
    });
    const addr = collector.server.address();
    const actual = typeof addr === 'object' && addr ? addr.port : port;
    const base = `http://${host.includes(':') ? `[${host}]` : host}:${actual}/`;
    io.out.write(
      `Analytics collector at ${base} (Ctrl+C to stop)\n` +
        `  database:   ${store.kind} ${store.description}, schema v${migration.version}${migration.applied.length ? ` (applied ${migration.applied.join(', ')})` : ''}\n` +
        `  events:     POST ${base}api/event from ${origins.list().join(', ')}${sites.length ? ` (sites ${sites.join(', ')})` : ''}\n` +
        `  rate limit: ${describeRateLimit(rate)} per client${values['trust-proxy'] ? ', client address from X-Forwarded-For' : ''}\n` +
        `  retention:  ${retainDays === undefined ? 'events are kept until deleted' : `events of the last ${retainDays} days (UTC), older ones deleted hourly`}\n` +
        `  dashboard:  ${base}dashboard (any user name, the token as password); stats: ${base}api/stats\n`,
    );
    await h.untilSignal(() => {});
    await collector.close();
    return 0;
  } catch (e) {
    await store?.close().catch(() => {});
    return h.reportErrors(io, listenFailure(e, host, port) ?? e);
  }
}
