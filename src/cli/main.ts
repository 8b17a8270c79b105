import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closest } from '../util/suggest.js';
import { resolve } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { SKIPPABLE, type SkippableOutput } from '../pipeline/skippable.js';
import { CasebookError, CasebookErrors, formatError, formatWarnings, type ErrorCode } from '../errors/index.js';
import { isValidAllowedHost } from '../preview/host-check.js';
import { listenFailure, parseListenAddress } from './listen-address.js';
import { progressBar } from './progress.js';
import { slugify } from '../util/slug.js';
import { casebookVersion } from '../util/version.js';
import { cwdOption, fromWorkingFolder, workingFolder } from './working-folder.js';
import { BUILD_OPTIONS, countsOf, foreignLine, upToDateLine, warningCount } from './build-report.js';
import { plural } from './command-kit.js';

const HELP = `casebook: a publishing system for software engineers

Usage:
  casebook build [site] [--out DIR] [--replace-out] [--base-url URL] [--drafts] [--future] [--skip og,search] [--no-cache] [--quiet] [--verbose]
  casebook dev [site] [--port N] [--host H] [--allow-host NAME]…
  casebook preview [dir] [--port N] [--host H] [--allow-host NAME]…
  casebook init [dir] [--force]
  casebook new <article|case-study|retrospective|postmortem> "Title" [--site DIR]
  casebook check [site|dir] [--json] [--external]
  casebook cv --pdf FILE [site] [--paper a4|letter]
  casebook import <wordpress|ghost|medium|devto> FILE|DIR --out SITE [--force] [--base-url URL] [--media DIR] [--verbose]
  casebook export <devto|hashnode> [site] [--out DIR] [--base-url URL] [--draft] [--domain HOST]
  casebook analytics serve --token TOKEN [--db sqlite:FILE|postgres://…] [--port N] [--host H]
                           [--site DIR]… [--origin URL]… [--rate-limit 120/min|off] [--trust-proxy] [--retain DAYS]

Commands:
  build     Build the site in [site] (default: .) into DIR (default: <site>/dist)
  dev       Build into memory, serve on http://localhost:4321 (127.0.0.1) and rebuild on every save
  preview   Serve a built site (default: ./dist) on http://localhost:4321 (127.0.0.1)
  init      Write a new site with starter content into [dir] (default: .)
  new       Write a new draft post dated today in the site's time zone
  check     Build the site in memory (or read a built folder) and report broken links, missing
            anchors and alt text, heading order, invalid HTML, feeds and sitemap
  cv        Print the site's CV (/cv/) to a PDF with headless Chromium
  import    Convert a WordPress (WXR), Ghost (JSON), Medium (folder) or dev.to (JSON) export into
            Markdown posts in SITE; old URLs become redirects (docs/importing.md)
  export    Write the site's published posts as Markdown ready to cross-post to dev.to or Hashnode,
            with canonical_url pointing at your site (default: <site>/export/<platform>/)
  analytics Run the reader analytics collector (events, /api/stats, /dashboard; docs/analytics.md)

Options:
  -o, --out DIR    Output folder for build
  --replace-out    build: replace the output folder even if it holds files Casebook did not write
  --base-url URL   Absolute URL the site is served from (overrides config baseUrl)
  --drafts         Include posts marked draft
  --future         Include posts dated in the future
  --skip LIST      Leave out optional outputs: og (social cards), search (Pagefind index)
  --no-cache       Neither read nor write the build cache (<site>/.casebook/cache): render everything
  -q, --quiet      Print only errors
  --verbose        List every warning and the time of each build phase
  -p, --port N     Port for dev and preview (default: $PORT or 4321); analytics: 4322
  --host H         Address for dev and preview (default: 127.0.0.1; 0.0.0.0 exposes it to your network)
  --allow-host N   dev, preview: also answer requests for host name N (or .N: N and every name under it);
                   localhost names, IP addresses and --host are always answered; others get 403. Repeatable
  --force          Let init write into a folder that already has files, or import replace existing files
  --site DIR       The site new writes into (default: .); analytics: a site whose pages may send
                   events (origin from its baseUrl, site id from analytics.site), repeatable
  --json           check: print the report as JSON
  --external       check: also request every external link
  --pdf FILE       Where cv writes the PDF
  --paper SIZE     a4 (default) or letter
  --media DIR      import: the old site's uploads folder (WordPress wp-content/uploads, Ghost content);
                   the files the posts use are copied into static/
  --draft          export: mark the copies as drafts on the platform (published: false / saveAsDraft)
  --domain HOST    export hashnode: the blog domain Hashnode's GitHub import needs (you.hashnode.dev)
  --token TOKEN    analytics: secret for /api/stats and /dashboard (or $CASEBOOK_ANALYTICS_TOKEN)
  --db SPEC        analytics: sqlite:FILE (default sqlite:analytics.db) or postgres://… (or $CASEBOOK_ANALYTICS_DB)
  --origin URL     analytics: a site origin whose pages may send events (repeatable)
  --rate-limit R   analytics: events per client, such as 120/min (default), 10/s, or off
  --trust-proxy    analytics: take the client address from X-Forwarded-For (behind one reverse proxy)
  --retain DAYS    analytics: delete events older than DAYS days (default: keep them)
  -h, --help       Show this help
  -v, --version    Show the version

Exit codes: 0 success, 1 content or user error, 2 usage error.`;

const EXIT_OK = 0;
const EXIT_CONTENT = 1;
const EXIT_USAGE = 2;

interface Io {
  out: NodeJS.WriteStream;
  err: NodeJS.WriteStream;
}

const COMMANDS = ['build', 'dev', 'preview', 'init', 'new', 'check', 'cv', 'import', 'export', 'analytics'];

/** "Did you mean …?" for a mistyped command, else undefined (the usual pointer at --help). */
function unknownCommandHint(command: string | undefined): string | undefined {
  const near = command ? closest(command, COMMANDS) : undefined;
  return near ? `Did you mean \`casebook ${near}\`? Run \`casebook --help\` for usage.` : undefined;
}

/** A usage error (exit 2): CB3001/CB3002 point at --help, any other code brings its catalogued hint. */
function usageError(io: Io, message: string, hint?: string, code: ErrorCode = message.startsWith('Unknown command') ? 'CB3001' : 'CB3002'): number {
  const color = io.err.isTTY === true;
  if (hint === undefined && (code === 'CB3001' || code === 'CB3002')) hint = 'Run `casebook --help` for usage.';
  io.err.write(formatError(new CasebookError(code, message, undefined, hint), { color }) + '\n');
  return EXIT_USAGE;
}

type Values = Record<string, string | boolean | undefined>;

function parse(io: Io, args: string[], options: ParseArgsConfig['options']): { values: Values; positionals: string[] } | undefined {
  try {
    const r = parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    return { values: r.values as Values, positionals: r.positionals };
  } catch (e) {
    usageError(io, (e as Error).message.split('\n')[0]!.replace(/\. To specify a positional.*$/, '.'));
    return undefined;
  }
}

/** Parses a command's options, answering --help and usage errors itself (then it returns the exit code). */
function parseCommand(io: Io, args: string[], options: ParseArgsConfig['options']): { values: Values; positionals: string[] } | number {
  const parsed = parse(io, args, options);
  if (!parsed) return EXIT_USAGE;
  if (parsed.values.help) {
    io.out.write(HELP + '\n');
    return EXIT_OK;
  }
  return parsed;
}

/**
 * Prints the errors, then what they stopped: a build (nothing written, or the output folder left
 * as it was), a check, or a CV's PDF. Other commands print their errors and, when there are
 * several, how many.
 */
function reportErrors(io: Io, e: unknown, stopped?: 'build' | 'check' | 'cv'): number {
  const list = e instanceof CasebookErrors ? e.errors : e instanceof CasebookError ? [e] : undefined;
  if (!list) throw e;
  const color = io.err.isTTY === true;
  io.err.write(list.map((x) => formatError(x, { color, ...cwdOption() })).join('\n\n') + '\n');
  const count = list.length > 1 ? `${list.length} errors` : undefined;
  const output = list.some((x) => x.code.startsWith('CB4'));
  if (stopped === 'build') {
    if (count) io.err.write(`\n${count}; ${output ? 'the output folder was not changed' : 'nothing was written'}.\n`);
    else if (output) io.err.write('\nBuild failed; the output folder was not changed.\n');
    else if (list[0]!.code.startsWith('CB1') || list[0]!.code.startsWith('CB2')) io.err.write('\nBuild failed; nothing was written.\n');
  } else if (stopped === 'check') {
    // The site folder did not build, or the built folder could not be read.
    io.err.write(`\n${count ? `${count}; nothing` : 'Nothing'} was checked.\n`);
  } else if (stopped === 'cv') {
    io.err.write(`\n${count ? `${count}; no` : 'No'} PDF was written.\n`);
  } else if (count) io.err.write(`\n${count}.\n`);
  return EXIT_CONTENT;
}

/** How this build was run, for the build stamp's shortcut; none from a working folder that was deleted. */
function commandLineOf(args: string[]): { commandLine?: { cwd: string; args: string[] } } {
  const cwd = workingFolder();
  return cwd === undefined ? {} : { commandLine: { cwd, args } };
}

async function buildCommand(io: Io, args: string[]): Promise<number> {
  const parsed = parseCommand(io, args, BUILD_OPTIONS);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (positionals.length > 1) return usageError(io, `build takes one site folder, got ${positionals.length}: ${positionals.join(' ')}.`);
  const baseUrl = values['base-url'] as string | undefined;
  if (baseUrl !== undefined && !/^https?:\/\/[^/]+/i.test(baseUrl)) {
    return usageError(io, `--base-url must be an absolute http(s) URL such as https://example.com/, got "${baseUrl}".`);
  }
  const skip = ((values.skip as string | undefined) ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const unknownSkip = skip.find((x) => !(SKIPPABLE as readonly string[]).includes(x));
  if (unknownSkip) return usageError(io, `--skip takes a comma-separated list of ${SKIPPABLE.join(', ')}; "${unknownSkip}" is not one of them.`);
  const quiet = values.quiet === true;
  const bar = !quiet && io.err.isTTY ? progressBar(io.err) : undefined;
  try {
    const { buildUnlessUpToDate } = await import('../pipeline/build-command.js');
    const outcome = await buildUnlessUpToDate({
      site: positionals[0] ?? '.',
      ...(values.out !== undefined ? { out: values.out as string } : {}),
      ...(baseUrl !== undefined ? { baseUrl } : {}),
      drafts: values.drafts === true,
      future: values.future === true,
      skip: skip as SkippableOutput[],
      noCache: values['no-cache'] === true,
      replaceOut: values['replace-out'] === true,
      ...commandLineOf(args),
      onWait: (holder) => {
        if (quiet) return;
        bar?.clear();
        const who = holder ? ` (process ${holder.pid} on ${holder.host}, started ${new Date(holder.started).toISOString()})` : '';
        io.err.write(`Another build is writing to the output folder${who}; waiting for it to finish…\n`);
      },
      ...(bar ? { onProgress: bar.update } : {}),
    });
    bar?.clear();
    const color = io.err.isTTY === true;
    const summary = outcome.upToDate ? outcome.summary : outcome.result;
    if (summary.warnings.length && !quiet) io.err.write(formatWarnings(summary.warnings, { color, ...cwdOption(), verbose: values.verbose === true }) + '\n');
    if (!quiet) {
      if (outcome.upToDate) io.out.write(upToDateLine(outcome.summary, outcome.ms, outcome.outDir));
      else {
        const { result } = outcome;
        io.out.write(`Built ${countsOf(result)} in ${(result.ms / 1000).toFixed(2)} s · ${warningCount(result.warnings.length)} → ${result.outDir}\n`);
      }
      if (summary.foreign) io.out.write(`${foreignLine(summary.foreign)}\n`);
      if (values.verbose && !outcome.upToDate) {
        const { result } = outcome;
        const fromCache = result.markdownBodies - result.markdownRendered;
        io.out.write(
          `  markdown: ${result.markdownRendered} of ${result.markdownBodies} bodies rendered on ${plural(result.markdownThreads, 'thread')}${fromCache ? `, ${fromCache} from cache` : ''}\n`,
        );
        io.out.write(
          `  social cards: ${result.cardsRendered} rendered, ${result.cardsReused} from cache${result.cardsKept ? `, ${result.cardsKept} kept from the last output` : ''}\n`,
        );
        io.out.write(`  images: ${result.imagesEncoded} variants encoded, ${result.imagesReused} from cache\n`);
        io.out.write(`  diagrams: ${result.diagrams.drawn} drawn, ${result.diagrams.reused} from cache (${result.diagrams.browsers} browser started)\n`);
        io.out.write(
          Object.entries(result.timings)
            .map(([k, v]) => `  ${k.padEnd(9)} ${v!.toFixed(1).padStart(8)} ms`)
            .join('\n') + '\n',
        );
      }
    }
    return EXIT_OK;
  } catch (e) {
    bar?.clear();
    return reportErrors(io, e, 'build');
  }
}

const LISTEN_OPTIONS = {
  port: { type: 'string', short: 'p' },
  host: { type: 'string' },
  'allow-host': { type: 'string', multiple: true },
} as const;

/** --port, --host and --allow-host, shared by dev and preview; undefined after reporting a usage error. */
function listenOptions(io: Io, values: Values): { port: number; host: string; allowHosts: string[] } | undefined {
  const portText = (values.port as string | undefined) ?? process.env.PORT ?? '4321';
  const address = parseListenAddress(portText, (values.host as string | undefined) ?? '127.0.0.1');
  if ('usage' in address) {
    usageError(io, address.usage, undefined, address.code);
    return undefined;
  }
  const allowHosts = (values['allow-host'] as unknown as string[] | undefined) ?? [];
  const bad = allowHosts.find((h) => !isValidAllowedHost(h));
  if (bad !== undefined) {
    io.err.write(
      formatError(new CasebookError('CB3150', `--allow-host takes a host name such as blog.test or .example.com, got "${bad}".`), {
        color: io.err.isTTY === true,
      }) + '\n',
    );
    return undefined;
  }
  return { ...address, allowHosts };
}

function shownUrl(host: string, port: number): string {
  const shown = host.includes(':') ? `[${host}]` : host;
  return `http://${shown === '127.0.0.1' ? 'localhost' : shown}:${port}/`;
}

function untilSignal(close: () => void): Promise<void> {
  return new Promise<void>((done) => {
    const stop = () => {
      close();
      done();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/** What dev prints for a failed build: the errors, and what the server shows meanwhile. */
function failureReport(errors: CasebookError[], hasLastGood: boolean, color: boolean): string {
  return (
    errors.map((e) => formatError(e, { color, ...cwdOption() })).join('\n\n') +
    // Before any build succeeded there is nothing to fall back on: every page is the error.
    (hasLastGood
      ? `\n\nStill serving the last good build; fix the file and save.\n`
      : `\n\nNothing built yet: every page shows these errors until a build succeeds; fix the file and save.\n`)
  );
}

async function devCommand(io: Io, args: string[]): Promise<number> {
  const parsed = parseCommand(io, args, LISTEN_OPTIONS);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const listen = listenOptions(io, values);
  if (!listen) return EXIT_USAGE;
  const site = resolve(positionals[0] ?? '.');
  if (!existsSync(site) || !statSync(site).isDirectory()) {
    return reportErrors(io, new CasebookError('CB2006', `The site folder ${site} does not exist.`, { file: site }));
  }
  const { DevSession } = await import('../dev/session.js');
  const { startDevServer } = await import('../dev/server.js');
  const { watchSite } = await import('../dev/watcher.js');
  const color = io.err.isTTY === true;
  let server;
  try {
    let first = true;
    let lastWarnings = '';
    let lastFailure = '';
    // Listened for from the end of the first build, before any page is served: the first page goes
    // out while this command still sets up the watcher, and a signal then used to kill the process
    // outright (no clean stop, and on Node 20 no compiled code kept for the next start). Before it,
    // a signal ends the process at once, as it would without a listener.
    let stopped: Promise<void> | undefined;
    const session = new DevSession({
      site,
      onCacheWarnings: (w) => io.err.write(formatWarnings(w, { color, ...cwdOption() }) + '\n'),
      onBuild: (o) => {
        stopped ??= untilSignal(() => {});
        if (o.ok) {
          lastFailure = '';
          const r = o.result;
          // Warnings print when they change, not on every save.
          const summary = formatWarnings(r.warnings, { color, ...cwdOption() });
          if (summary !== lastWarnings && r.warnings.length) io.err.write(summary + '\n');
          lastWarnings = summary;
          if (first && r.foreign) io.out.write(`${foreignLine(r.foreign)}\n`);
          io.out.write(
            first
              ? `Built ${plural(r.pages, 'page')} (${plural(r.posts, 'post')}, drafts and scheduled included) in ${(o.ms / 1000).toFixed(2)} s\n`
              : `Rebuilt in ${Math.round(o.ms)} ms: ${plural(r.markdownRendered, 'post')} rendered again\n`,
          );
        } else if (o.internal) {
          io.err.write(`casebook: internal error while building: ${o.internal.stack ?? o.internal.message}\n`);
        } else {
          const report = failureReport(o.errors, session.lastResult !== undefined, color);
          // A save an editor makes in two writes can fail twice the same way: errors print once,
          // until they change or a build succeeds (the browser's overlay shows them meanwhile).
          if (report !== lastFailure) io.err.write(report);
          lastFailure = report;
        }
        first = false;
      },
    });
    // Bind first: the port (possibly chosen by the OS) is part of the URL the pages link to.
    server = await startDevServer(session, listen.port, listen.host, listen.allowHosts);
    const addr = server.address();
    const url = shownUrl(listen.host, typeof addr === 'object' && addr ? addr.port : listen.port);
    session.baseUrl = url;
    await session.rebuild();
    const cfg = session.lastResult?.config;
    const watcher = watchSite({
      root: site,
      ignore: [cfg?.outDir ?? 'dist', cfg?.cacheDir ?? '.casebook/cache'],
      onChange: (files) => void session.rebuild(files),
    });
    // A save between the first build and the watch starting is found on disk.
    session.checkDisk();
    io.out.write(`Dev server at ${url} (watching ${site}; Ctrl+C to stop)\n`);
    await stopped;
    watcher.close();
    session.close();
    server.close();
    server.closeAllConnections();
    return EXIT_OK;
  } catch (e) {
    const failure = listenFailure(e, listen.host, listen.port);
    if (failure) return reportErrors(io, failure);
    throw e;
  }
}

async function checkCommand(io: Io, args: string[]): Promise<number> {
  const parsed = parseCommand(io, args, { json: { type: 'boolean' }, external: { type: 'boolean' } });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (positionals.length > 1) return usageError(io, `check takes one folder, got ${positionals.length}.`);
  try {
    const { checkSite } = await import('../check/check.js');
    const started = performance.now();
    const report = await checkSite({ target: positionals[0] ?? '.', external: values.external === true });
    if (values.json) {
      io.out.write(JSON.stringify(report, null, 2) + '\n');
    } else {
      const color = io.out.isTTY === true;
      const paint = (code: string, t: string) => (color ? `\x1b[${code}m${t}\x1b[0m` : t);
      for (const f of report.findings) {
        const where = `${f.file.startsWith('/') ? fromWorkingFolder(f.file) : f.file}${f.line ? `:${f.line}${f.column ? `:${f.column}` : ''}` : ''}`;
        io.out.write(`${where}  ${f.severity === 'error' ? paint('31', 'error') : paint('33', 'warning')}  ${f.rule}  ${f.message}\n`);
      }
      const secs = ((performance.now() - started) / 1000).toFixed(2);
      io.out.write(
        `${report.findings.length ? '\n' : ''}${report.errors} error${report.errors === 1 ? '' : 's'}, ${report.warnings} warning${report.warnings === 1 ? '' : 's'} in ${report.pages} pages and ${report.files} files (${secs} s)\n`,
      );
    }
    return report.errors ? EXIT_CONTENT : EXIT_OK;
  } catch (e) {
    return reportErrors(io, e, 'check');
  }
}

async function initCommand(io: Io, args: string[]): Promise<number> {
  const parsed = parseCommand(io, args, { force: { type: 'boolean' } });
  if (typeof parsed === 'number') return parsed;
  if (parsed.positionals.length > 1) return usageError(io, `init takes one folder, got ${parsed.positionals.length}.`);
  try {
    const { initSite } = await import('../scaffold/init-site.js');
    const r = initSite(parsed.positionals[0] ?? '.', { force: parsed.values.force === true });
    const target = parsed.positionals[0] ?? '.';
    io.out.write(
      `Created a Casebook site in ${r.dir}:\n${r.files.map((f) => `  ${f}`).join('\n')}\n\n` +
        `Next: casebook dev ${target}\n` +
        `Before the first deploy: npm install in ${target} (it pins Casebook ${r.casebookVersion}), then commit package-lock.json.\n` +
        `If npm cannot find that version (E404: it is not on the registry yet), install a packed tarball instead: docs/guide.md, Install.\n`,
    );
    return EXIT_OK;
  } catch (e) {
    return reportErrors(io, e);
  }
}

async function newCommand(io: Io, args: string[]): Promise<number> {
  const parsed = parseCommand(io, args, { site: { type: 'string' } });
  if (typeof parsed === 'number') return parsed;
  const { newPost, unknownKindError } = await import('../scaffold/new-post.js');
  const { scaffoldKinds } = await import('../content/kinds.js');
  const kinds = scaffoldKinds();
  const [kind, title, ...extra] = parsed.positionals;
  if (!kind) return usageError(io, `new needs a kind: ${kinds.join(', ')}.`);
  if (!kinds.includes(kind)) {
    const e = unknownKindError(kind);
    return usageError(io, e.message, undefined, e.code);
  }
  if (!title || extra.length) return usageError(io, 'new needs one quoted title, e.g. casebook new article "Zero-downtime migrations".');
  if (!slugify(title)) return usageError(io, `"${title}" gives an empty slug; use a title with letters or digits.`);
  try {
    const file = await newPost((parsed.values.site as string | undefined) ?? '.', kind, title);
    io.out.write(`Created ${file}\n`);
    return EXIT_OK;
  } catch (e) {
    return reportErrors(io, e);
  }
}

async function previewCommand(io: Io, args: string[]): Promise<number> {
  const parsed = parseCommand(io, args, LISTEN_OPTIONS);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const listen = listenOptions(io, values);
  if (!listen) return EXIT_USAGE;
  const { port, host, allowHosts } = listen;
  const dir = resolve(positionals[0] ?? 'dist');
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    return reportErrors(io, new CasebookError('CB3004', `${dir} does not exist or is not a folder.`, { file: dir }));
  }
  try {
    // Loaded by the command that serves, as the other commands' modules are: node:http and the
    // server cost every build and --version some 10 ms of CPU to load.
    const { startPreview } = await import('../preview/server.js');
    const server = await startPreview({ root: dir, port, host, allowHosts });
    const addr = server.address();
    const actual = typeof addr === 'object' && addr ? addr.port : port;
    // A site built for a base path is served under it; the URL printed is the one that works.
    const under = server.basePath === '/' ? '' : ` under its base path ${server.basePath}`;
    io.out.write(`Serving ${dir}${under} at ${shownUrl(host, actual)}${server.basePath.slice(1)} (Ctrl+C to stop)\n`);
    await untilSignal(() => server.close());
    return EXIT_OK;
  } catch (e) {
    const failure = listenFailure(e, host, port);
    if (failure) return reportErrors(io, failure);
    throw e;
  }
}

async function cvCommand(io: Io, args: string[]): Promise<number> {
  const parsed = parseCommand(io, args, { pdf: { type: 'string' }, paper: { type: 'string' } });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const pdf = values.pdf as string | undefined;
  if (!pdf) return usageError(io, 'cv needs --pdf FILE: the PDF to write.');
  const paper = ((values.paper as string | undefined) ?? 'a4').toLowerCase();
  if (paper !== 'a4' && paper !== 'letter') return usageError(io, `--paper must be a4 or letter, got "${values.paper}".`);
  if (positionals.length > 1) return usageError(io, `cv takes one site folder, got ${positionals.length}.`);
  try {
    const { writeCvPdf } = await import('../pdf/cv-pdf.js');
    const result = await writeCvPdf({ site: positionals[0] ?? '.', out: pdf, paper });
    io.out.write(`Wrote ${result.file} (${Math.round(result.bytes / 1024)} KB, ${paper.toUpperCase()})\n`);
    return EXIT_OK;
  } catch (e) {
    return reportErrors(io, e, 'cv');
  }
}

export async function main(argv: string[], io: Io = { out: process.stdout, err: process.stderr }): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'build':
      return buildCommand(io, rest);
    case 'preview':
      return previewCommand(io, rest);
    case 'dev':
      return devCommand(io, rest);
    case 'init':
      return initCommand(io, rest);
    case 'check':
      return checkCommand(io, rest);
    case 'new':
      return newCommand(io, rest);
    case 'cv':
      return cvCommand(io, rest);
    case 'import':
      return (await import('./import-command.js')).importCommand(io, rest, { parseCommand, usageError, reportErrors });
    case 'export':
      return (await import('./export-command.js')).exportCommand(io, rest, { parseCommand, usageError, reportErrors });
    case 'analytics':
      return (await import('./analytics-command.js')).analyticsCommand(io, rest, { parseCommand, usageError, reportErrors, untilSignal });
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      io.out.write(HELP + '\n');
      return command === undefined ? EXIT_USAGE : EXIT_OK;
    case '-v':
    case '--version':
      io.out.write(casebookVersion() + '\n');
      return EXIT_OK;
    default:
      return usageError(io, `Unknown command "${command}".`, unknownCommandHint(command));
  }
}
