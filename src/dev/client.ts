/**
 * The dev server's own script, added to every HTML page it serves (never to built sites):
 * reloads the page after each rebuild and lets the error overlay be dismissed.
 */
export const DEV_CLIENT = `(() => {
  const source = new EventSource('/__casebook/events');
  let seen;
  source.addEventListener('version', (e) => {
    if (seen !== undefined && e.data !== seen) location.reload();
    seen = e.data;
  });
  document.addEventListener('click', (e) => {
    if (e.target.closest && e.target.closest('[data-casebook-dismiss]')) document.getElementById('casebook-overlay')?.remove();
  });
})();`;
