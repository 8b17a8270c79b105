import { html, type SafeHtml } from '../util/html.js';

/**
 * Server-drawn SVG charts. Each is an image with a title and a description that states what it
 * shows in words (role="img" + aria-labelledby), and the dashboard puts the full data in a table
 * beside it: the chart is for the eye, the table for screen readers, keyboards and copying.
 */

export const fmt = (n: number): string => n.toLocaleString('en-US');
export const pct = (r: number): string => `${Math.round(r * 100)}%`;

/** A round upper bound for an axis: 1, 2, 2.5 or 5 × 10^n at or above `max`. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const exp = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * exp >= max) return Math.max(1, m * exp);
  return 10 * exp;
}

function frame(id: string, title: string, desc: string, width: number, height: number, body: SafeHtml): SafeHtml {
  return html`<svg class="chart" role="img" aria-labelledby="${id}-title ${id}-desc" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg"><title id="${id}-title">${title}</title><desc id="${id}-desc">${desc}</desc>${body}</svg>`;
}

export interface Series {
  name: string;
  className: string;
  values: number[];
  /** Marker shape, so series differ by more than colour. */
  marker: 'circle' | 'square';
}

/** Lines over days: one point per day, a y axis from 0, labels on a few days. */
export function lineChart(id: string, title: string, desc: string, days: string[], series: Series[]): SafeHtml {
  const width = 720;
  const height = 260;
  const left = 48;
  const right = 12;
  const top = 12;
  const bottom = 36;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values)));
  const x = (i: number) => left + (days.length <= 1 ? plotW / 2 : (i * plotW) / (days.length - 1));
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => Math.round(max * f * 100) / 100);
  // About six dates under the axis, always the last, none crowding it.
  const every = Math.max(1, Math.ceil(days.length / 6));
  const last = days.length - 1;
  const labelled = days.map((_, i) => i).filter((i) => i === last || (i % every === 0 && last - i >= every / 2));
  const markers = days.length <= 62;
  return frame(
    id,
    title,
    desc,
    width,
    height,
    html`<g class="grid" aria-hidden="true">${ticks.map((t) => html`<line x1="${left}" x2="${width - right}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}"/><text class="tick" x="${left - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end">${fmt(t)}</text>`)}
${labelled.map((i) => html`<text class="tick" x="${x(i).toFixed(1)}" y="${height - bottom + 18}" text-anchor="${i === last && i > 0 ? 'end' : i === 0 && last > 0 ? 'start' : 'middle'}">${days[i]!.slice(5)}</text>`)}</g>
${series.map(
  (s) =>
    html`<g class="${s.className}"><polyline fill="none" points="${s.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ')}"/>${
      markers
        ? s.values.map((v, i) =>
            s.marker === 'circle'
              ? html`<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3.5"><title>${days[i]}: ${fmt(v)} ${s.name}</title></circle>`
              : html`<rect x="${(x(i) - 3.5).toFixed(1)}" y="${(y(v) - 3.5).toFixed(1)}" width="7" height="7"><title>${days[i]}: ${fmt(v)} ${s.name}</title></rect>`,
          )
        : ''
    }</g>`,
)}`,
  );
}

export interface BarRow {
  label: string;
  value: number;
  /** The value as shown beside the bar ("62% · 31 of 50 views"). */
  text: string;
}

/** Horizontal bars, the label above each bar and the value beside it, so nothing is colour alone. */
export function barChart(id: string, title: string, desc: string, rows: BarRow[], max: number, className: string): SafeHtml {
  const width = 720;
  const rowH = 40;
  const labelW = 560;
  const height = Math.max(1, rows.length) * rowH + 8;
  const scale = max > 0 ? max : 1;
  const shown = (label: string) => (label.length > 80 ? `${label.slice(0, 79)}…` : label);
  return frame(
    id,
    title,
    desc,
    width,
    height,
    html`${rows.map((r, i) => {
      const y = 4 + i * rowH;
      const w = Math.max(r.value > 0 ? 2 : 0, (r.value / scale) * labelW);
      return html`<g class="${className}"><title>${r.label}: ${r.text}</title><text class="label" x="0" y="${y + 13}">${shown(r.label)}</text><rect class="track" x="0" y="${y + 19}" width="${labelW}" height="12" rx="2"/><rect x="0" y="${y + 19}" width="${w.toFixed(1)}" height="12" rx="2"/><text class="value" x="${labelW + 8}" y="${y + 30}">${r.text}</text></g>`;
    })}${rows.length ? '' : html`<text class="label" x="0" y="24">No data in this range.</text>`}`,
  );
}
