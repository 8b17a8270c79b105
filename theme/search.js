// Casebook search page: queries the Pagefind index in the browser. This is the only script the
// default theme ships, and only /search/ loads it.
const root = document.querySelector('[data-search]');
const input = root.querySelector('input[type="search"]');
const status = root.querySelector('[role="status"]');
const list = root.querySelector('.search-results');
const base = root.dataset.base;
// Messages in the page's language, as written in its locale file; plural forms are picked here.
const strings = JSON.parse(root.dataset.strings);
const plural = new Intl.PluralRules(strings.lang);
const numbers = new Intl.NumberFormat(strings.lang);
let pagefind;
let sequence = 0;

/** Pagefind excerpts are escaped text with <mark> around matches: keep exactly that, nothing else. */
function excerptNodes(excerpt) {
  const doc = new DOMParser().parseFromString(`<p>${excerpt}</p>`, 'text/html');
  return [...doc.body.firstChild.childNodes].map((node) => {
    if (node.nodeName === 'MARK') {
      const mark = document.createElement('mark');
      mark.textContent = node.textContent;
      return mark;
    }
    return document.createTextNode(node.textContent);
  });
}

function show(results, total, query) {
  list.replaceChildren(
    ...results.map((r) => {
      const li = document.createElement('li');
      const h = document.createElement('h2');
      h.className = 'card-title';
      const a = document.createElement('a');
      a.href = r.url;
      a.textContent = r.meta.title || r.url;
      h.append(a);
      const p = document.createElement('p');
      p.className = 'card-summary';
      p.append(...excerptNodes(r.excerpt));
      li.append(h, p);
      return li;
    }),
  );
  status.textContent = total === 0
    ? fill(strings.noResults, { query })
    : fill(total > results.length ? strings.resultsFirst : strings.results, { n: total, query, shown: results.length });
}

function fill(message, values) {
  const text = typeof message === 'string' ? message : message[plural.select(values.n)] ?? message.other;
  return text.replace(/\{(\w+)\}/g, (whole, name) => {
    const v = values[name];
    return v === undefined ? whole : typeof v === 'number' ? numbers.format(v) : v;
  });
}

async function run(query) {
  const id = ++sequence;
  const url = new URL(location.href);
  if (query) url.searchParams.set('q', query);
  else url.searchParams.delete('q');
  history.replaceState(null, '', url);
  if (!query.trim()) {
    list.replaceChildren();
    status.textContent = '';
    return;
  }
  pagefind ??= await import(`${base}pagefind/pagefind.js`);
  const search = await pagefind.debouncedSearch(query, {}, 120);
  if (search === null || id !== sequence) return;
  const results = await Promise.all(search.results.slice(0, 20).map((r) => r.data()));
  if (id === sequence) show(results, search.results.length, query);
}

root.querySelector('form').addEventListener('submit', (e) => {
  e.preventDefault();
  run(input.value);
});
input.addEventListener('input', () => run(input.value));
// "/" focuses the search box, as on GitHub and MDN, unless the reader is typing somewhere.
document.addEventListener('keydown', (e) => {
  if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
  if (e.target.closest('input, textarea, select, [contenteditable]')) return;
  e.preventDefault();
  input.focus();
  input.select();
});
const initial = new URLSearchParams(location.search).get('q');
if (initial) {
  input.value = initial;
  run(initial);
}
