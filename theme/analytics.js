// Casebook reader analytics: a page view on every page and, on posts, a read-through event when
// the end of the body scrolls into view, with the visible time until then in coarse buckets.
// No cookies, no storage, no identifiers of any kind: the collector counts unique visitors with
// a daily salted hash that it cannot reverse. Nothing at all is sent when the browser asks for
// Do Not Track or Global Privacy Control. Pages load this only when the site config sets
// analytics.endpoint; the build minifies it.
(() => {
  const script = document.currentScript;
  const nav = navigator;
  if (!script || nav.doNotTrack === '1' || window.doNotTrack === '1' || nav.globalPrivacyControl === true) return;
  const endpoint = script.dataset.endpoint;
  const site = script.dataset.site;
  const path = location.pathname;

  const send = (kind, extra) => {
    const body = JSON.stringify({ site, path, kind, ...extra });
    // sendBeacon posts text/plain (no CORS preflight) and outlives the page; fetch with
    // keepalive stands in where it is missing or its queue is full.
    if (!(nav.sendBeacon && nav.sendBeacon(endpoint, body))) {
      fetch(endpoint, { method: 'POST', body, keepalive: true, credentials: 'omit' }).catch(() => {});
    }
  };

  // Time counts only while the page is visible: a tab left open in the background is not reading.
  let visible = 0;
  let since;
  const tick = () => {
    const now = performance.now();
    if (since !== undefined) visible += now - since;
    since = document.visibilityState === 'visible' ? now : undefined;
  };

  const start = () => {
    tick();
    document.addEventListener('visibilitychange', tick);
    send('view', { referrer: document.referrer });
    const end = document.querySelector('[data-read-end]');
    if (!end || !window.IntersectionObserver) return;
    const observer = new IntersectionObserver((entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      observer.disconnect();
      tick();
      // Same limits as TIME_BUCKETS in src/analytics/event.ts.
      const seconds = visible / 1000;
      const bucket = ['<10s', '10-30s', '30s-1m', '1-2m', '2-5m', '5-10m', '10m+'][[10, 30, 60, 120, 300, 600].filter((l) => seconds >= l).length];
      send('read', { bucket });
    });
    observer.observe(end);
  };

  // A prerendered page counts when the reader actually opens it.
  if (document.prerendering) document.addEventListener('prerenderingchange', start, { once: true });
  else start();
})();
