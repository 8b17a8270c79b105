import { formatError, type CasebookError } from '../errors/index.js';
import { escapeHtml } from '../util/escape.js';

/**
 * The error overlay shown on every page while the latest build is broken: the same text the
 * terminal prints (code, file:line:col, code frame, hint), escaped, in an alert dialog. Its
 * background is opaque: the page showing through made the error hard to read.
 */
export function overlayHtml(errors: CasebookError[], internal: Error | undefined, cwd: string, built = true): string {
  const text = internal ? `internal error: ${internal.stack ?? internal.message}` : errors.map((e) => formatError(e, { cwd })).join('\n\n');
  // `built`: a build has succeeded since the server started; before that there is no older site behind the overlay.
  const shown = built ? 'the site shows the last good build' : 'nothing is built yet';
  const title = internal ? 'Casebook crashed while building' : `${errors.length} error${errors.length === 1 ? '' : 's'}: ${shown}`;
  return `<div id="casebook-overlay" role="alertdialog" aria-modal="true" aria-labelledby="casebook-overlay-title" style="position:fixed;inset:0;z-index:2147483647;background:#0a0a0c;color:#f2f2f2;overflow:auto;padding:2rem;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace">
<div style="max-width:60rem;margin:0 auto">
<h2 id="casebook-overlay-title" style="color:#ff9d92;font:600 1.1rem/1.3 system-ui,sans-serif;margin:0 0 1rem">${escapeHtml(title)}</h2>
<pre style="white-space:pre-wrap;margin:0 0 1rem">${escapeHtml(text)}</pre>
<p style="font-family:system-ui,sans-serif;color:#bbb">Fix the file and save: this page reloads by itself. <button type="button" data-casebook-dismiss style="font:inherit;margin-left:1rem">Dismiss</button></p>
</div></div>`;
}
