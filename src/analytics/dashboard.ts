import { createHash } from 'node:crypto';
import { html, raw, type SafeHtml } from '../util/html.js';
import { barChart, fmt, lineChart, pct } from './charts.js';
import type { Stats } from './stats.js';

/**
 * The dashboard: one server-rendered page without JavaScript. A GET form picks the range and the
 * site; every chart has a data table; the page works with a keyboard alone and reads in order
 * with a screen reader (headings per section, captions on tables, charts described in words).
 */

const CSS = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--track:#eef1f4;--views:#1a5aa6;--reads:#a4461a;--focus:#1a5aa6}
@media (prefers-color-scheme:dark){:root{--bg:#16181d;--fg:#e6e8eb;--muted:#a8b0ba;--line:#3a414b;--track:#262b33;--views:#86b6f2;--reads:#f0a274;--focus:#86b6f2}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif}
main{max-width:62rem;margin:0 auto;padding:1.5rem 1rem 4rem}
h1{font-size:1.75rem;margin:0 0 .25rem}
h2{font-size:1.25rem;margin:2.5rem 0 .75rem;border-top:1px solid var(--line);padding-top:1.25rem}
.muted{color:var(--muted)}
a{color:var(--views)}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.skip-link{position:absolute;left:-999px}.skip-link:focus{left:1rem;top:1rem;background:var(--bg);padding:.5rem}
form.filters{display:flex;flex-wrap:wrap;gap:.75rem 1rem;align-items:end;margin:1rem 0}
form.filters label{display:flex;flex-direction:column;font-size:.875rem;color:var(--muted)}
input,select,button{font:inherit;color:inherit;background:var(--bg);border:1px solid var(--muted);border-radius:4px;padding:.35rem .5rem}
button{cursor:pointer;border-color:var(--views)}
.error{border-left:4px solid var(--reads);padding:.5rem 1rem;background:var(--track)}
dl.totals{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:1rem;margin:0}
dl.totals div{border:1px solid var(--line);border-radius:6px;padding:.75rem 1rem}
dt{color:var(--muted);font-size:.875rem}dd{margin:0;font-size:1.6rem;font-weight:600}
figure{margin:0}
svg.chart{width:100%;max-width:60rem;height:auto;font-size:12px}
svg .grid line{stroke:var(--line)}svg text{fill:var(--fg)}svg .tick{fill:var(--muted)}
svg .views polyline{stroke:var(--views);stroke-width:2.5}svg .views circle,svg .views rect{fill:var(--views)}
svg .reads polyline{stroke:var(--reads);stroke-width:2.5;stroke-dasharray:7 4}svg .reads circle,svg .reads rect{fill:var(--reads)}
svg g rect.track{fill:var(--track)}
.legend{display:flex;gap:1.5rem;list-style:none;padding:0;margin:.5rem 0 0;font-size:.875rem}
.legend span{display:inline-block;width:1.75rem;height:0;border-top:3px solid;vertical-align:middle;margin-right:.4rem}
.legend .views span{border-color:var(--views)}.legend .reads span{border-color:var(--reads);border-top-style:dashed}
.table-wrap{overflow-x:auto;margin:.75rem 0}
table{border-collapse:collapse;width:100%;font-size:.9375rem}
thead th{font-weight:600}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{font-weight:normal;padding:.35rem .6rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
td.path{word-break:break-all}
details{margin:.75rem 0}summary{cursor:pointer}
`;

/** The Content-Security-Policy of the dashboard: no script at all, only this page's own style. */
export const DASHBOARD_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(CSS).digest('base64')}'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`;

const TABLE_ROWS = 200;

function table(id: string, caption: string, head: [string, boolean][], rows: (string | number)[][], note?: string): SafeHtml {
  return html`<div class="table-wrap" role="region" aria-labelledby="${id}-caption" tabindex="0"><table id="${id}">
<caption id="${id}-caption">${caption}</caption>
<thead><tr>${head.map(([h, num]) => html`<th scope="col"${num ? raw(' class="n"') : ''}>${h}</th>`)}</tr></thead>
<tbody>${
    rows.length
      ? rows.map(
          (r) =>
            html`<tr>${r.map((c, i) => (i === 0 ? html`<th scope="row"${head[0]![1] ? raw(' class="n"') : raw(' class="path"')}>${c}</th>` : html`<td${head[i]![1] ? raw(' class="n"') : ''}>${c}</td>`))}</tr>`,
        )
      : html`<tr><td colspan="${head.length}">No data in this range.</td></tr>`
  }</tbody>
</table></div>${note ? html`<p class="muted">${note}</p>` : ''}`;
}

/** Links and the form are relative to /dashboard, so a collector behind a path prefix works too. */
function exportLinks(query: string): SafeHtml {
  const link = (table: string, label: string) =>
    html`<li><a href="${`api/stats.csv?table=${table}${query ? `&${query}` : ''}`}" download>${label} (CSV)</a></li>`;
  return html`<ul>${link('pages', 'Pages')}${link('referrers', 'Referrers')}${link('days', 'Days')}${link('read-times', 'Time to the end')}</ul>`;
}

export interface DashboardInput {
  stats: Stats | undefined;
  /** The form's values as given (shown back even when invalid). */
  from: string;
  to: string;
  site: string;
  sites: string[];
  error?: string;
}

export function renderDashboard(input: DashboardInput): string {
  const { stats } = input;
  const where = stats?.site ?? (input.sites.length === 1 ? input.sites[0]! : 'all sites');
  const query = stats ? new URLSearchParams({ from: stats.from, to: stats.to, ...(stats.site ? { site: stats.site } : {}) }).toString() : '';
  const title = stats ? `Reader analytics · ${where} · ${stats.from} to ${stats.to}` : 'Reader analytics';
  const body = stats ? sections(stats, where, query) : '';
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<style>${raw(CSS)}</style>
</head>
<body>
<a class="skip-link" href="#summary">Skip to the numbers</a>
<main id="main">
<h1>Reader analytics</h1>
<p class="muted">${stats ? html`${where}, ${stats.from} to ${stats.to} (UTC days). Visitors are counted once per day.` : ''}</p>
<form class="filters" method="get" action="dashboard" aria-label="Range and site">
<label for="from">From<input type="date" id="from" name="from" value="${input.from}" required></label>
<label for="to">To<input type="date" id="to" name="to" value="${input.to}" required></label>
${input.sites.length > 1 || input.site ? html`<label for="site">Site<select id="site" name="site"><option value="">All sites</option>${input.sites.map((s) => html`<option${s === input.site ? raw(' selected') : ''}>${s}</option>`)}</select></label>` : ''}
<button type="submit">Show</button>
</form>
${input.error ? html`<p class="error" role="alert">${input.error}</p>` : ''}
${body}
</main>
</body>
</html>
`.value;
}

function sections(stats: Stats, where: string, query: string): SafeHtml {
  const t = stats.totals;
  const days = stats.days.map((d) => d.day);
  const peak = (key: 'views' | 'reads') => stats.days.reduce((best, d) => (d[key] > best[key] ? d : best), stats.days[0]!);
  const vPeak = peak('views');
  const rPeak = peak('reads');
  const timeDesc = t.views
    ? `${fmt(t.views)} views and ${fmt(t.reads)} reads over ${days.length} days. Most views: ${fmt(vPeak.views)} on ${vPeak.day}. Most reads: ${fmt(rPeak.reads)} on ${rPeak.day}. The table after the chart lists every day.`
    : `No views or reads between ${stats.from} and ${stats.to}.`;

  const posts = stats.pages.filter((p) => p.reads > 0 || p.views > 0).slice(0, 15);
  const readRows = posts.map((p) => ({ label: p.path, value: p.readThrough, text: `${pct(p.readThrough)} · ${fmt(p.reads)} of ${fmt(p.views)}` }));
  const best = [...posts].filter((p) => p.views > 0).sort((a, b) => b.readThrough - a.readThrough)[0];
  const readDesc = posts.length
    ? `Share of views that reached the end of the page, for the ${posts.length} most viewed pages.${best ? ` Highest: ${best.path} at ${pct(best.readThrough)}.` : ''} The table after the chart has every page.`
    : 'No page views in this range.';

  const refs = stats.referrers.slice(0, 10);
  const refMax = Math.max(0, ...refs.map((r) => r.views));
  const refDesc = refs.length
    ? `Views by the site that linked to the page, top ${refs.length}. First: ${refs[0]!.referrer} with ${fmt(refs[0]!.views)} views.`
    : 'No views came from other sites in this range.';

  const totalReads = stats.readTimes.reduce((s, b) => s + b.reads, 0);
  const timeMax = Math.max(0, ...stats.readTimes.map((b) => b.reads));
  const timeRows = stats.readTimes.map((b) => ({
    label: b.bucket,
    value: b.reads,
    text: `${fmt(b.reads)}${totalReads ? ` (${pct(b.reads / totalReads)})` : ''}`,
  }));

  return html`<section aria-labelledby="summary">
<h2 id="summary" tabindex="-1">Summary</h2>
<dl class="totals">
<div><dt>Views</dt><dd>${fmt(t.views)}</dd></div>
<div><dt>Visitors</dt><dd>${fmt(t.visitors)}</dd></div>
<div><dt>Reads to the end</dt><dd>${fmt(t.reads)}</dd></div>
<div><dt>Read-through</dt><dd>${pct(t.readThrough)}</dd></div>
</dl>
</section>
<section aria-labelledby="over-time">
<h2 id="over-time">Views and reads over time</h2>
<figure>
${lineChart('chart-days', `Views and reads per day, ${where}`, timeDesc, days, [
  { name: 'views', className: 'views', values: stats.days.map((d) => d.views), marker: 'circle' },
  { name: 'reads', className: 'reads', values: stats.days.map((d) => d.reads), marker: 'square' },
])}
<figcaption><ul class="legend" aria-label="Legend"><li class="views"><span></span>Views (solid line, circles)</li><li class="reads"><span></span>Reads to the end (dashed line, squares)</li></ul></figcaption>
</figure>
<details><summary>Views, visitors and reads per day (table)</summary>
${table(
  'table-days',
  'Per day',
  [
    ['Day', false],
    ['Views', true],
    ['Visitors', true],
    ['Reads', true],
  ],
  stats.days.map((d) => [d.day, fmt(d.views), fmt(d.visitors), fmt(d.reads)]),
)}
</details>
</section>
<section aria-labelledby="read-through">
<h2 id="read-through">Read-through by page</h2>
<p class="muted">A read is counted when the reader reaches the end of an article or case study; read-through is reads divided by views.</p>
<figure>${barChart('chart-read-through', 'Read-through rate of the most viewed pages', readDesc, readRows, 1, 'reads')}</figure>
${table(
  'table-pages',
  'Pages',
  [
    ['Page', false],
    ['Views', true],
    ['Visitors', true],
    ['Reads', true],
    ['Read-through', true],
  ],
  stats.pages.slice(0, TABLE_ROWS).map((p) => [p.path, fmt(p.views), fmt(p.visitors), fmt(p.reads), pct(p.readThrough)]),
  stats.pages.length > TABLE_ROWS ? `The first ${TABLE_ROWS} of ${fmt(stats.pages.length)} pages; the CSV export has all of them.` : undefined,
)}
</section>
<section aria-labelledby="referrers">
<h2 id="referrers">Top referrers</h2>
<figure>${barChart(
    'chart-referrers',
    'Views by referring site',
    refDesc,
    refs.map((r) => ({ label: r.referrer, value: r.views, text: `${fmt(r.views)} views` })),
    refMax,
    'views',
  )}</figure>
${table(
  'table-referrers',
  'Referrers',
  [
    ['Site', false],
    ['Views', true],
    ['Visitors', true],
  ],
  stats.referrers.slice(0, TABLE_ROWS).map((r) => [r.referrer, fmt(r.views), fmt(r.visitors)]),
  stats.referrers.length > TABLE_ROWS ? `The first ${TABLE_ROWS} of ${fmt(stats.referrers.length)} referrers; the CSV export has all of them.` : undefined,
)}
</section>
<section aria-labelledby="time-to-end">
<h2 id="time-to-end">Time to the end</h2>
<p class="muted">Visible time from opening a page to reaching the end of its body, for every read.</p>
<figure>${barChart('chart-time', 'Reads by time to the end', totalReads ? `${fmt(totalReads)} reads in ${stats.readTimes.length} time ranges; the table after the chart lists them.` : 'No reads in this range.', timeRows, timeMax, 'reads')}</figure>
${table(
  'table-time',
  'Reads by time to the end',
  [
    ['Time', false],
    ['Reads', true],
  ],
  stats.readTimes.map((b) => [b.bucket, fmt(b.reads)]),
)}
</section>
<section aria-labelledby="export">
<h2 id="export">Export</h2>
${exportLinks(query)}
</section>`;
}
