/**
 * Every user-facing problem Casebook reports. Codes are permanent: once published a code
 * keeps its meaning, so users can search for it and docs/errors.md can link to it.
 * CB1xxx content, CB2xxx config, CB3xxx command line, CB4xxx output.
 */
export interface CatalogEntry {
  readonly title: string;
  readonly hint: string;
  readonly severity: 'error' | 'warning';
}

export const catalog = {
  CB1001: { severity: 'error', title: 'Malformed YAML front matter', hint: 'Fix the YAML syntax at the marked position. Quote values that contain a colon followed by a space, or start with @, `, [ or {.' },
  CB1002: { severity: 'error', title: 'Malformed TOML front matter', hint: 'Fix the TOML syntax at the marked position. Strings need quotes in TOML: title = "My post".' },
  CB1003: { severity: 'error', title: 'Malformed JSON front matter', hint: 'Fix the JSON syntax at the marked position. Keys and strings need double quotes and there is no trailing comma.' },
  CB1004: { severity: 'error', title: 'Front matter is never closed', hint: 'Add the closing delimiter line (--- for YAML, +++ for TOML) after the last front matter field.' },
  CB1005: { severity: 'error', title: 'Front matter is not a set of fields', hint: 'Front matter must be a map of `key: value` pairs, not a list or a single value.' },
  CB1010: { severity: 'error', title: 'Unknown front matter field', hint: 'Remove the field or correct its spelling. The content reference in docs/guide.md lists every field.' },
  CB1011: { severity: 'error', title: 'Invalid front matter value', hint: 'Change the value to the type the field expects; docs/guide.md lists every field and its type.' },
  CB1012: { severity: 'error', title: 'Invalid date', hint: 'Write dates as YYYY-MM-DD, YYYY-MM-DDThh:mm:ss, or with an offset such as 2024-03-01T09:30:00+01:00.' },
  CB1013: { severity: 'error', title: 'The same field is set twice under different names', hint: 'Keep one of the two names; they mean the same thing to Casebook.' },
  CB1020: { severity: 'error', title: 'Two pages want the same URL', hint: 'Give one of them a different `slug` in its front matter, or rename the file.' },
  CB1021: { severity: 'error', title: 'Invalid slug', hint: 'A slug may contain letters, digits, dashes and underscores; it cannot be empty or contain slashes.' },
  CB1022: { severity: 'error', title: 'Two series parts claim the same position', hint: 'Give every part of a series a distinct `seriesPart` number.' },
  CB1023: { severity: 'error', title: 'An alias collides with another page', hint: 'Remove the alias, or change it to a path no page or other alias uses.' },
  CB1024: { severity: 'error', title: 'A page takes a URL the site generates', hint: 'Give the page another `slug`: writing, case-studies, categories, tags, series, cv, search, assets and pagefind are taken by Casebook.' },
  CB1030: { severity: 'error', title: 'Image not found', hint: 'Check the path: relative image paths are resolved from the folder of the Markdown file.' },
  CB1031: { severity: 'error', title: 'File is not valid UTF-8 text', hint: 'Save the file as UTF-8, or move binary files out of content/ (images may sit beside posts).' },
  CB1032: { severity: 'error', title: 'File too large', hint: 'A Markdown file may be at most 5 MB. Split it into several posts, or move data out of content/.' },
  CB1033: { severity: 'error', title: 'File cannot be read', hint: 'Fix or remove the file: a symbolic link that points at itself or at nothing, or a file without read permission.' },
  CB1040: { severity: 'error', title: 'Invalid profile', hint: 'resume.json and profile.yaml follow the JSON Resume schema (jsonresume.org/schema); fix the marked field.' },
  CB1041: { severity: 'error', title: 'Malformed profile file', hint: 'Fix the syntax at the marked position.' },
  CB1042: { severity: 'error', title: 'More than one profile file', hint: 'Keep either resume.json or profile.yaml, not both.' },
  CB1105: { severity: 'warning', title: 'No baseUrl for a production build', hint: 'Set baseUrl in the config or pass --base-url, so canonical links, feeds, sitemap and social cards point at the real site.' },
  CB1101: { severity: 'warning', title: 'Title taken from the file name', hint: 'Add a `title` field, or start the body with a `# Heading`.' },
  CB1102: { severity: 'warning', title: 'Scheduled post left out', hint: 'Posts dated in the future are published by the first build after their date.' },
  CB1103: { severity: 'warning', title: 'Duplicated front matter key', hint: 'The last value wins; remove the earlier one.' },
  CB1104: { severity: 'warning', title: 'Code block in a language without highlighting', hint: 'The block is shown as plain code. Use a common language name such as ts, go, rust, sql or bash.' },
  CB2001: { severity: 'error', title: 'Malformed config file', hint: 'Fix the syntax at the marked position.' },
  CB2002: { severity: 'error', title: 'Unknown config key', hint: 'Remove the key or correct its spelling; docs/guide.md lists every config key.' },
  CB2003: { severity: 'error', title: 'Invalid config value', hint: 'Change the value to the type the key expects; docs/guide.md lists every key and its type.' },
  CB2004: { severity: 'error', title: 'Unknown time zone', hint: 'Use an IANA time zone name such as UTC, Europe/Amsterdam or America/New_York.' },
  CB2005: { severity: 'error', title: 'Config file failed to load', hint: 'The config module threw while loading; fix the error shown above.' },
  CB2006: { severity: 'error', title: 'Site folder not found', hint: 'Pass the folder that holds content/ (and optionally casebook.config.*), e.g. `casebook build my-site`.' },
  CB2007: { severity: 'error', title: 'More than one config file', hint: 'Keep a single casebook.config.* file in the site folder.' },
  CB2008: { severity: 'error', title: 'Navigation names a page that does not exist', hint: 'Use the slug of a standalone page (a file in content/pages/ or a post with `kind: page`).' },
  CB2200: { severity: 'error', title: 'Analytics endpoint would be blocked as mixed content', hint: 'An https site can only send events to an https collector (or one on localhost): put `casebook analytics serve` behind TLS and set analytics.endpoint to its https URL.' },
  CB2300: { severity: 'error', title: 'Accent colour fails the contrast check', hint: 'Links and buttons use the accent on the page background; WCAG AA needs 4.5:1. Darken the light-scheme accent or lighten the dark-scheme one.' },
  CB2301: { severity: 'error', title: 'Override of a component that does not exist', hint: 'Name the file after a component in docs/theming.md (header, footer, post-meta, post-card, outcome-card, series-box, cv-section, home-hero). Prefix helper modules with an underscore.' },
  CB2302: { severity: 'error', title: 'Malformed locale file', hint: 'A locale file maps message ids to text (or to plural forms such as one and other); see locales/en.json for every id.' },
  CB2303: { severity: 'error', title: 'Unknown theme string', hint: 'Use an id from locales/en.json; docs/theming.md lists them.' },
  CB2304: { severity: 'error', title: 'Component file does not export a component', hint: "Export default defineComponent('<name>', (props, helpers) => html`…`), with the same name as the file." },
  CB2305: { severity: 'error', title: 'Component file cannot be loaded', hint: 'Fix the syntax or the import at the marked position; theme components may import each other and npm packages installed in the site.' },
  CB2306: { severity: 'error', title: 'Component failed to render', hint: "A component must return html`…` from 'casebook' and may not throw; check the props it uses against docs/theming.md." },
  CB2307: { severity: 'warning', title: 'No theme strings for the site language', hint: 'The theme falls back to English. Add theme/locales/<lang>.json with the strings of locales/en.json translated.' },
  CB2308: { severity: 'error', title: 'Theme file cannot be read', hint: 'Fix the file permissions or remove the file from theme/.' },
  CB2309: { severity: 'error', title: 'Logo or favicon file not found', hint: 'Put the file under static/ (static/logo.svg is served as /logo.svg), or use a full URL.' },
  CB3001: { severity: 'error', title: 'Unknown command', hint: 'Run `casebook --help` for the list of commands.' },
  CB3002: { severity: 'error', title: 'Invalid command-line option', hint: 'Run `casebook <command> --help` for the options of a command.' },
  CB3003: { severity: 'error', title: 'Port already in use', hint: 'Stop the other server or pass --port with a free port.' },
  CB3005: { severity: 'error', title: 'No Chromium found for PDF output', hint: 'Install Chromium (Debian/Ubuntu: `apt-get install chromium`; macOS: install Google Chrome) or point CHROME_PATH at a Chromium-based browser.' },
  CB3006: { severity: 'error', title: 'The site has no profile', hint: 'Add resume.json (JSON Resume) or profile.yaml to the site folder to get a CV.' },
  CB3007: { severity: 'error', title: 'The file already exists', hint: 'Choose another title, or edit the existing file.' },
  CB3008: { severity: 'error', title: 'The folder is not empty', hint: 'Pick an empty or new folder, or pass --force to add the starter files anyway (existing files with the same names are replaced).' },
  CB3004: { severity: 'error', title: 'Folder to serve not found', hint: 'Build the site first (`casebook build`), or pass the folder that holds index.html.' },
  CB3200: { severity: 'error', title: 'No analytics token', hint: 'Pass --token TOKEN or set CASEBOOK_ANALYTICS_TOKEN; use at least 16 characters, e.g. the output of `openssl rand -hex 24`.' },
  CB3201: { severity: 'error', title: 'Invalid analytics database', hint: 'Pass --db sqlite:FILE (the default is sqlite:analytics.db) or --db postgres://user:password@host:5432/database.' },
  CB3202: { severity: 'error', title: 'Analytics database unavailable', hint: 'Check that the SQLite file\'s folder exists and is writable, or that the PostgreSQL server is running and the URL\'s user, password and database are right.' },
  CB3203: { severity: 'error', title: 'Analytics database is newer than this Casebook', hint: 'The database was migrated by a newer Casebook: upgrade Casebook, or point --db at another database.' },
  CB3204: { severity: 'error', title: 'No site origin for the collector', hint: 'Name the sites whose pages may send events: --site DIR (reads baseUrl from the site config) or --origin https://example.com, each as often as needed.' },
  CB3205: { severity: 'error', title: 'Invalid rate limit', hint: 'Write --rate-limit as events per client per period, such as 120/min, 10/s or 1000/h, or `off`.' },
  CB4001: { severity: 'error', title: 'Unsafe output folder', hint: 'Choose an output folder that is not the site folder, its content/ or static/ folder, or one of their parents.' },
  CB4002: { severity: 'error', title: 'A static file collides with a generated page', hint: 'Rename or remove the file in static/, or change the page URL.' },
} as const satisfies Record<string, CatalogEntry>;

export type ErrorCode = keyof typeof catalog;
