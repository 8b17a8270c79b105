#!/usr/bin/env node
var __defProp = Object.defineProperty;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __esm = (fn, res, err) => function __init() {
  if (err) throw err[0];
  try {
    return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;
  } catch (e) {
    throw err = [e], e;
  }
};
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};

// dist/errors/catalog.js
var catalog;
var init_catalog = __esm({
  "dist/errors/catalog.js"() {
    "use strict";
    catalog = {
      CB1001: { severity: "error", title: "Malformed YAML front matter", hint: "Fix the YAML syntax at the marked position. Quote values that contain a colon followed by a space, or start with @, `, [ or {." },
      CB1002: { severity: "error", title: "Malformed TOML front matter", hint: 'Fix the TOML syntax at the marked position. Strings need quotes in TOML: title = "My post".' },
      CB1003: { severity: "error", title: "Malformed JSON front matter", hint: "Fix the JSON syntax at the marked position. Keys and strings need double quotes and there is no trailing comma." },
      CB1004: { severity: "error", title: "Front matter is never closed", hint: "Add the closing delimiter line (--- for YAML, +++ for TOML) after the last front matter field." },
      CB1005: { severity: "error", title: "Front matter is not a set of fields", hint: "Front matter must be a map of `key: value` pairs, not a list or a single value." },
      CB1010: { severity: "error", title: "Unknown front matter field", hint: "Remove the field or correct its spelling. The content reference in docs/guide.md lists every field." },
      CB1011: { severity: "error", title: "Invalid front matter value", hint: "Change the value to the type the field expects; docs/guide.md lists every field and its type." },
      CB1012: { severity: "error", title: "Invalid date", hint: "Write dates as YYYY-MM-DD, YYYY-MM-DDThh:mm:ss, or with an offset such as 2024-03-01T09:30:00+01:00." },
      CB1013: { severity: "error", title: "The same field is set twice under different names", hint: "Keep one of the two names; they mean the same thing to Casebook." },
      CB1020: { severity: "error", title: "Two pages want the same URL", hint: "Give one of them a different `slug` in its front matter, or rename the file." },
      CB1021: { severity: "error", title: "Invalid slug", hint: "A slug may contain letters, digits, dashes and underscores; it cannot be empty or contain slashes." },
      CB1022: { severity: "error", title: "Two series parts claim the same position", hint: "Give every part of a series a distinct `seriesPart` number." },
      CB1023: { severity: "error", title: "An alias collides with another page", hint: "Remove the alias, or change it to a path no page or other alias uses." },
      CB1024: { severity: "error", title: "A page takes a URL the site generates", hint: "Give the page another `slug`: writing, case-studies, categories, tags, series, cv, search, assets and pagefind are taken by Casebook." },
      CB1030: { severity: "error", title: "Image not found", hint: "Check the path: relative image paths are resolved from the folder of the Markdown file." },
      CB1031: { severity: "error", title: "File is not valid UTF-8 text", hint: "Save the file as UTF-8, or move binary files out of content/ (images may sit beside posts)." },
      CB1032: { severity: "error", title: "File too large", hint: "A Markdown file may be at most 5 MB. Split it into several posts, or move data out of content/." },
      CB1033: { severity: "error", title: "File cannot be read", hint: "Fix or remove the file: a symbolic link that points at itself or at nothing, or a file without read permission." },
      CB1040: { severity: "error", title: "Invalid profile", hint: "resume.json and profile.yaml follow the JSON Resume schema (jsonresume.org/schema); fix the marked field." },
      CB1041: { severity: "error", title: "Malformed profile file", hint: "Fix the syntax at the marked position." },
      CB1042: { severity: "error", title: "More than one profile file", hint: "Keep either resume.json or profile.yaml, not both." },
      CB1105: { severity: "warning", title: "No baseUrl for a production build", hint: "Set baseUrl in the config or pass --base-url, so canonical links, feeds, sitemap and social cards point at the real site." },
      CB1101: { severity: "warning", title: "Title taken from the file name", hint: "Add a `title` field, or start the body with a `# Heading`." },
      CB1102: { severity: "warning", title: "Scheduled post left out", hint: "Posts dated in the future are published by the first build after their date." },
      CB1103: { severity: "warning", title: "Duplicated front matter key", hint: "The last value wins; remove the earlier one." },
      CB1104: { severity: "warning", title: "Code block in a language without highlighting", hint: "The block is shown as plain code. Use a common language name such as ts, go, rust, sql or bash." },
      CB1200: { severity: "warning", title: "Front matter field ignored", hint: "The old tool accepted this field and Casebook has no use for it, so it is ignored. Remove it, or rename it if it is a misspelt Casebook field." },
      CB1201: { severity: "warning", title: "Front matter value ignored", hint: "The value does not have the type Casebook expects for this field, so the field is left out of the post. docs/migrating.md lists the names and types Casebook reads." },
      CB1202: { severity: "warning", title: "Date not readable; another date used", hint: "Write the date as YYYY-MM-DD, YYYY-MM-DD hh:mm:ss or ISO 8601 with an offset. Until then the date comes from the file name, else from the last git commit of the file." },
      CB1203: { severity: "warning", title: "Post without a date", hint: "The post is published and listed after every dated post. Add a `date` field (or a YYYY-MM-DD- file name prefix) to place it." },
      CB1204: { severity: "warning", title: "Front matter not readable; the file is read without it", hint: "Fix the syntax at the marked position; until then the post gets its title from its first heading or file name, and no other fields." },
      CB1205: { severity: "warning", title: "Template syntax of the old tool removed", hint: "Casebook renders the old tool's template tags and shortcodes whose meaning is clear (docs/migrating.md lists them) and removes the rest. Replace the construct with Markdown or HTML to keep its content." },
      CB1206: { severity: "warning", title: "Old URL already taken; the post moved", hint: "Two files had the same URL in the old site, or the URL is one Casebook generates. The post is published at its Casebook URL instead; give it its own `permalink`, `url` or `slug`." },
      CB1207: { severity: "warning", title: "The same field is set under two names", hint: "The first of the two is used. Keep one name; they mean the same thing to Casebook." },
      CB1208: { severity: "warning", title: "Link to another post not found", hint: "The post named in ref, relref, post_url, link or an @/ link does not exist in this site. The link text is kept and points nowhere; fix the file name." },
      CB1209: { severity: "warning", title: "File in a format Casebook does not render", hint: "Casebook reads Markdown, MDX and HTML posts. Convert the file to Markdown to publish it." },
      CB1210: { severity: "warning", title: "Image not found; its address is kept as written", hint: "The old tool published the page with this image missing too. Put the file beside the post or in the static folder, or fix the path." },
      CB2001: { severity: "error", title: "Malformed config file", hint: "Fix the syntax at the marked position." },
      CB2002: { severity: "error", title: "Unknown config key", hint: "Remove the key or correct its spelling; docs/guide.md lists every config key." },
      CB2003: { severity: "error", title: "Invalid config value", hint: "Change the value to the type the key expects; docs/guide.md lists every key and its type." },
      CB2004: { severity: "error", title: "Unknown time zone", hint: "Use an IANA time zone name such as UTC, Europe/Amsterdam or America/New_York." },
      CB2005: { severity: "error", title: "Config file failed to load", hint: "The config module threw while loading; fix the error shown above." },
      CB2006: { severity: "error", title: "Site folder not found", hint: "Pass the folder that holds content/ (and optionally casebook.config.*), e.g. `casebook build my-site`." },
      CB2007: { severity: "error", title: "More than one config file", hint: "Keep a single casebook.config.* file in the site folder." },
      CB2008: { severity: "error", title: "Navigation names a page that does not exist", hint: "Use the slug of a standalone page (a file in content/pages/ or a post with `kind: page`)." },
      CB2100: { severity: "error", title: "Malformed config of the old tool", hint: "Casebook reads the title, base URL, time zone and URL rules from this file; fix the syntax at the marked position (the old tool could not have read it either)." },
      CB2101: { severity: "warning", title: "Setting of the old tool not used", hint: "The value in the old tool's config cannot be used as it is; Casebook's default applies. Set the value in casebook.config.yaml to choose another." },
      CB2200: { severity: "error", title: "Analytics endpoint would be blocked as mixed content", hint: "An https site can only send events to an https collector (or one on localhost): put `casebook analytics serve` behind TLS and set analytics.endpoint to its https URL." },
      CB2300: { severity: "error", title: "Accent colour fails the contrast check", hint: "Links and buttons use the accent on the page background; WCAG AA needs 4.5:1. Darken the light-scheme accent or lighten the dark-scheme one." },
      CB2301: { severity: "error", title: "Override of a component that does not exist", hint: "Name the file after a component in docs/theming.md (header, footer, post-meta, post-card, outcome-card, series-box, cv-section, home-hero). Prefix helper modules with an underscore." },
      CB2302: { severity: "error", title: "Malformed locale file", hint: "A locale file maps message ids to text (or to plural forms such as one and other); see locales/en.json for every id." },
      CB2303: { severity: "error", title: "Unknown theme string", hint: "Use an id from locales/en.json; docs/theming.md lists them." },
      CB2304: { severity: "error", title: "Component file does not export a component", hint: "Export default defineComponent('<name>', (props, helpers) => html`\u2026`), with the same name as the file." },
      CB2305: { severity: "error", title: "Component file cannot be loaded", hint: "Fix the syntax or the import at the marked position; theme components may import each other and npm packages installed in the site." },
      CB2306: { severity: "error", title: "Component failed to render", hint: "A component must return html`\u2026` from 'casebook' and may not throw; check the props it uses against docs/theming.md." },
      CB2307: { severity: "warning", title: "No theme strings for the site language", hint: "The theme falls back to English. Add theme/locales/<lang>.json with the strings of locales/en.json translated." },
      CB2308: { severity: "error", title: "Theme file cannot be read", hint: "Fix the file permissions or remove the file from theme/." },
      CB2309: { severity: "error", title: "Logo or favicon file not found", hint: "Put the file under static/ (static/logo.svg is served as /logo.svg), or use a full URL." },
      CB3001: { severity: "error", title: "Unknown command", hint: "Run `casebook --help` for the list of commands." },
      CB3002: { severity: "error", title: "Invalid command-line option", hint: "Run `casebook <command> --help` for the options of a command." },
      CB3003: { severity: "error", title: "Port already in use", hint: "Stop the other server or pass --port with a free port." },
      CB3005: { severity: "error", title: "No Chromium found for PDF output", hint: "Install Chromium (Debian/Ubuntu: `apt-get install chromium`; macOS: install Google Chrome) or point CHROME_PATH at a Chromium-based browser." },
      CB3006: { severity: "error", title: "The site has no profile", hint: "Add resume.json (JSON Resume) or profile.yaml to the site folder to get a CV." },
      CB3007: { severity: "error", title: "The file already exists", hint: "Choose another title, or edit the existing file." },
      CB3008: { severity: "error", title: "The folder is not empty", hint: "Pick an empty or new folder, or pass --force to add the starter files anyway (existing files with the same names are replaced)." },
      CB3004: { severity: "error", title: "Folder to serve not found", hint: "Build the site first (`casebook build`), or pass the folder that holds index.html." },
      CB3100: { severity: "error", title: "Export file or folder not found", hint: "Pass the file your old platform exported (WordPress: Tools \u2192 Export; Ghost: Settings \u2192 Labs \u2192 Export; dev.to: Export content in the settings) or, for Medium, the unzipped export folder." },
      CB3101: { severity: "error", title: "Malformed XML in the export", hint: "The file is not well-formed XML at the marked position. Export it again; if it was edited by hand, fix the marked tag." },
      CB3102: { severity: "error", title: "Malformed JSON in the export", hint: "The file is not valid JSON at the marked position. Export it again, or unzip the export first if you passed the .zip." },
      CB3103: { severity: "error", title: "Not a WordPress export", hint: "Pass the WXR file from WordPress \u2192 Tools \u2192 Export (an RSS file with wp: elements), not a plain RSS feed." },
      CB3104: { severity: "error", title: "Not a Ghost export", hint: "Pass the JSON file from Ghost \u2192 Settings \u2192 Labs (or Migrate) \u2192 Export content; it has db[0].data.posts." },
      CB3105: { severity: "error", title: "Not a Medium export", hint: "Pass the unzipped Medium export folder (it has a posts/ folder of .html files) or that posts/ folder itself." },
      CB3106: { severity: "error", title: "Not a dev.to export", hint: "Pass the articles JSON from dev.to (Export content in the settings, or /api/articles/me/all): a list of articles with body_markdown." },
      CB3107: { severity: "error", title: "Import would overwrite existing files", hint: "Import into a new folder, move the listed files away, or pass --force to replace them." },
      CB3108: { severity: "error", title: "Nothing to import", hint: "The export holds no posts or pages (attachments, revisions and menu items are never imported). Check that you exported all content." },
      CB3109: { severity: "error", title: "The import target is not a folder", hint: "Pass a folder (new or an existing site) to --out." },
      CB3120: { severity: "warning", title: "Markup from the old platform removed", hint: "Shortcodes and template tags Casebook cannot render were removed, keeping the text inside them. Search the post for what the old platform showed there." },
      CB3121: { severity: "warning", title: "Old URL kept without a redirect", hint: "The old path is used by a Casebook page or by another post; link to the post's new URL instead." },
      CB3122: { severity: "warning", title: "Non-public post imported as a draft", hint: "It was private, password-protected, members-only or sent by email only on the old platform. Remove `draft: true` to publish it." },
      CB3123: { severity: "warning", title: "Item of an unsupported type skipped", hint: "Only posts and pages are imported; custom post types (products, forms, reusable blocks) have no place in a Casebook site." },
      CB3124: { severity: "warning", title: "Post without a title", hint: "It was imported with a placeholder title; edit `title` in its front matter." },
      CB3140: { severity: "error", title: "Cross-posting needs the site's public URL", hint: "Set baseUrl in the config or pass --base-url, so canonical_url points at your published page." },
      CB3141: { severity: "error", title: "Unsafe export folder", hint: "Choose a folder outside content/ and static/ (the default is <site>/export/<platform>/), or Casebook would publish the exported copies." },
      CB3142: { severity: "warning", title: "Tags cut to the platform limit", hint: "dev.to takes 4 tags and Hashnode 5; order the post's tags by importance, or edit the exported front matter." },
      CB3143: { severity: "error", title: "No published posts to export", hint: "Drafts and scheduled posts have no public URL yet; publish a post (remove `draft: true`) and export again." },
      CB3200: { severity: "error", title: "No analytics token", hint: "Pass --token TOKEN or set CASEBOOK_ANALYTICS_TOKEN; use at least 16 characters, e.g. the output of `openssl rand -hex 24`." },
      CB3201: { severity: "error", title: "Invalid analytics database", hint: "Pass --db sqlite:FILE (the default is sqlite:analytics.db) or --db postgres://user:password@host:5432/database." },
      CB3202: { severity: "error", title: "Analytics database unavailable", hint: "Check that the SQLite file's folder exists and is writable, or that the PostgreSQL server is running and the URL's user, password and database are right." },
      CB3203: { severity: "error", title: "Analytics database is newer than this Casebook", hint: "The database was migrated by a newer Casebook: upgrade Casebook, or point --db at another database." },
      CB3204: { severity: "error", title: "No site origin for the collector", hint: "Name the sites whose pages may send events: --site DIR (reads baseUrl from the site config) or --origin https://example.com, each as often as needed." },
      CB3205: { severity: "error", title: "Invalid rate limit", hint: "Write --rate-limit as events per client per period, such as 120/min, 10/s or 1000/h, or `off`." },
      CB4001: { severity: "error", title: "Unsafe output folder", hint: "Choose an output folder that is not the site folder, its content/ or static/ folder, or one of their parents." },
      CB4002: { severity: "error", title: "A static file collides with a generated page", hint: "Rename or remove the file in static/, or change the page URL." }
    };
  }
});

// dist/errors/casebook-error.js
var CasebookError, CasebookErrors;
var init_casebook_error = __esm({
  "dist/errors/casebook-error.js"() {
    "use strict";
    init_catalog();
    CasebookError = class extends Error {
      code;
      location;
      hint;
      constructor(code, message, location2, hint) {
        super(message);
        this.name = "CasebookError";
        this.code = code;
        this.location = location2;
        this.hint = hint ?? catalog[code].hint;
      }
      get title() {
        return catalog[this.code].title;
      }
    };
    CasebookErrors = class extends Error {
      errors;
      constructor(errors) {
        super(errors.map((e) => `${e.code}: ${e.message}`).join("\n"));
        this.name = "CasebookErrors";
        this.errors = errors;
      }
    };
  }
});

// dist/errors/format.js
function rel(file, cwd) {
  if (cwd && file.startsWith(cwd + "/")) return file.slice(cwd.length + 1);
  return file;
}
function locationLabel(loc, cwd) {
  let s = rel(loc.file, cwd);
  if (loc.line) s += `:${loc.line}`;
  if (loc.line && loc.column) s += `:${loc.column}`;
  return s;
}
function codeFrame(source, line, column, color2) {
  const lines = source.split(/\r?\n/);
  const first = Math.max(1, line - 2);
  const last = Math.min(lines.length, line + 1);
  const width = String(last).length;
  const out = [];
  for (let n3 = first; n3 <= last; n3++) {
    const text5 = (lines[n3 - 1] ?? "").replace(/\t/g, "  ");
    const mark = n3 === line ? paint(color2, "31", ">") : " ";
    out.push(`${mark} ${String(n3).padStart(width)} | ${text5.length > 160 ? text5.slice(0, 157) + "..." : text5}`);
    if (n3 === line && column) {
      const prefix = (lines[n3 - 1] ?? "").slice(0, column - 1).replace(/\t/g, "  ");
      out.push(`  ${" ".repeat(width)} | ${" ".repeat(Math.min(prefix.length, 160))}${paint(color2, "31", "^")}`);
    }
  }
  return out.join("\n");
}
function formatError(err, opts = {}) {
  const parts = [`${paint(opts.color, "1;31", `error ${err.code}`)}: ${paint(opts.color, "1", err.title)}`];
  if (err.location) parts.push(`  --> ${locationLabel(err.location, opts.cwd)}`);
  parts.push(`  ${err.message}`);
  if (err.location?.source && err.location.line) {
    parts.push(codeFrame(err.location.source, err.location.line, err.location.column, opts.color));
  }
  parts.push(`  ${paint(opts.color, "36", "hint")}: ${err.hint}`);
  return parts.join("\n");
}
function formatWarnings(warnings, opts = {}) {
  const byCode = /* @__PURE__ */ new Map();
  for (const w of warnings) {
    const list4 = byCode.get(w.code) ?? [];
    list4.push(w);
    byCode.set(w.code, list4);
  }
  const out = [];
  for (const [code, list4] of byCode) {
    const title = catalog[code].title;
    const head = `${paint(opts.color, "33", `warning ${code}`)}: ${title} (${list4.length})`;
    out.push(head);
    const shown2 = opts.verbose ? list4 : list4.slice(0, 3);
    for (const w of shown2) out.push(`  - ${w.location ? locationLabel(w.location, opts.cwd) + ": " : ""}${w.message}`);
    if (shown2.length < list4.length) out.push(`  \u2026 and ${list4.length - shown2.length} more (--verbose lists them all)`);
  }
  return out.join("\n");
}
var paint;
var init_format = __esm({
  "dist/errors/format.js"() {
    "use strict";
    init_catalog();
    paint = (on, code, s) => on ? `\x1B[${code}m${s}\x1B[0m` : s;
  }
});

// dist/errors/index.js
var init_errors = __esm({
  "dist/errors/index.js"() {
    "use strict";
    init_catalog();
    init_casebook_error();
    init_format();
  }
});

// dist/theming/color.js
function parseHex(hex) {
  let h = hex.slice(1);
  if (h.length === 3) h = [...h].map((c) => c + c).join("");
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16));
}
function toHex(c) {
  return "#" + c.map((v) => Math.round(Math.min(255, Math.max(0, v))).toString(16).padStart(2, "0")).join("");
}
function luminance([r, g, b]) {
  const lin = (v) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}
function contrastRatio(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
function mix(a, b, weight) {
  return a.map((v, i) => v * weight + b[i] * (1 - weight));
}
function formatRatio(r) {
  return `${Math.floor(r * 100) / 100}:1`;
}
var HEX_COLOR;
var init_color = __esm({
  "dist/theming/color.js"() {
    "use strict";
    HEX_COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;
  }
});

// dist/theming/code-themes.js
var LIGHT_CODE_THEMES, DARK_CODE_THEMES, LIGHT_CODE_THEME_NAMES, DARK_CODE_THEME_NAMES;
var init_code_themes = __esm({
  "dist/theming/code-themes.js"() {
    "use strict";
    LIGHT_CODE_THEMES = {
      casebook: {
        "--code-bg": "#f4f2ee",
        "--code-text": "#1d1c1a",
        "--hl-keyword": "#b3261e",
        "--hl-string": "#0b4a7d",
        "--hl-comment": "#5b6068",
        "--hl-number": "#0b57a4",
        "--hl-title": "#6a3bc0",
        "--hl-builtin": "#8a3b00",
        "--hl-add-bg": "#dff5e3",
        "--hl-add": "#125228",
        "--hl-del-bg": "#fbe4e2",
        "--hl-del": "#87101c"
      },
      paper: {
        "--code-bg": "#ffffff",
        "--code-text": "#222222",
        "--hl-keyword": "#000000",
        "--hl-string": "#3d5a1e",
        "--hl-comment": "#6b6b6b",
        "--hl-number": "#5c3d00",
        "--hl-title": "#1f3f77",
        "--hl-builtin": "#4a4a4a",
        "--hl-add-bg": "#e8f5e9",
        "--hl-add": "#1b4d20",
        "--hl-del-bg": "#fdecea",
        "--hl-del": "#7a1616"
      },
      solarized: {
        "--code-bg": "#fdf6e3",
        "--code-text": "#3b4a50",
        "--hl-keyword": "#4f6300",
        "--hl-string": "#1f6e68",
        "--hl-comment": "#5e6b6e",
        "--hl-number": "#a3231f",
        "--hl-title": "#1f5f9e",
        "--hl-builtin": "#8f4a00",
        "--hl-add-bg": "#eaf2d3",
        "--hl-add": "#3c4d00",
        "--hl-del-bg": "#f9e1d8",
        "--hl-del": "#8c1d19"
      }
    };
    DARK_CODE_THEMES = {
      casebook: {
        "--code-bg": "#1e2026",
        "--code-text": "#e9e7e3",
        "--hl-keyword": "#ff8a80",
        "--hl-string": "#a8d4ff",
        "--hl-comment": "#9aa1ab",
        "--hl-number": "#86c1ff",
        "--hl-title": "#d4b0ff",
        "--hl-builtin": "#ffb26b",
        "--hl-add-bg": "#0d3a1c",
        "--hl-add": "#b2f2bd",
        "--hl-del-bg": "#4a1015",
        "--hl-del": "#ffd3ce"
      },
      midnight: {
        "--code-bg": "#0b1020",
        "--code-text": "#d6deeb",
        "--hl-keyword": "#c792ea",
        "--hl-string": "#addb67",
        "--hl-comment": "#8a96ab",
        "--hl-number": "#f78c6c",
        "--hl-title": "#82aaff",
        "--hl-builtin": "#7fdbca",
        "--hl-add-bg": "#10301f",
        "--hl-add": "#a6e3b5",
        "--hl-del-bg": "#3a1218",
        "--hl-del": "#ffb3b8"
      },
      solarized: {
        "--code-bg": "#002b36",
        "--code-text": "#c5d1d3",
        "--hl-keyword": "#a9bd3a",
        "--hl-string": "#4fc4b9",
        "--hl-comment": "#8a9a9c",
        "--hl-number": "#f08a80",
        "--hl-title": "#6fb3ea",
        "--hl-builtin": "#e0a040",
        "--hl-add-bg": "#0e3d2a",
        "--hl-add": "#b5e0a0",
        "--hl-del-bg": "#4a1a1c",
        "--hl-del": "#ffc0b8"
      }
    };
    LIGHT_CODE_THEME_NAMES = Object.keys(LIGHT_CODE_THEMES);
    DARK_CODE_THEME_NAMES = Object.keys(DARK_CODE_THEMES);
  }
});

// dist/theming/tokens.js
import { z } from "zod";
function softOf(accent, bg) {
  return mix(accent, bg, 0.12);
}
function worstContrast(accent, scheme) {
  const p = BASE_PALETTES[scheme];
  const against = [
    ["the page background " + p["--bg"], parseHex(p["--bg"])],
    ["the surface colour " + p["--surface"], parseHex(p["--surface"])],
    ["its own tint " + toHex(softOf(accent, parseHex(p["--bg"]))), softOf(accent, parseHex(p["--bg"]))]
  ];
  return against.map(([name, c]) => ({ ratio: contrastRatio(accent, c), against: name })).sort((a, b) => a.ratio - b.ratio)[0];
}
function deriveDarkAccent(light) {
  for (let w = 0; w <= 1; w += 0.05) {
    const c = mix([255, 255, 255], light, w);
    if (worstContrast(c, "dark").ratio >= AA) return c;
  }
  return [255, 255, 255];
}
function resolveTheme(tokens, where) {
  const accent = tokens.accent;
  const lightHex = typeof accent === "string" ? accent : accent?.light;
  const darkHex = typeof accent === "object" ? accent.dark : void 0;
  const check = (hex, scheme, key) => {
    const { ratio: ratio2, against } = worstContrast(parseHex(hex), scheme);
    if (ratio2 < AA) {
      throw new CasebookError(
        "CB2300",
        `${key} ${hex} has a contrast of ${formatRatio(ratio2)} against ${against} in the ${scheme} scheme; WCAG AA needs ${AA}:1.`,
        where(key)
      );
    }
  };
  const light = { ...BASE_PALETTES.light, ...LIGHT_CODE_THEMES[tokens.codeTheme.light] };
  const dark = { ...BASE_PALETTES.dark, ...DARK_CODE_THEMES[tokens.codeTheme.dark] };
  if (lightHex) {
    check(lightHex, "light", typeof accent === "string" ? "theme.accent" : "theme.accent.light");
    const c = parseHex(lightHex);
    light["--accent"] = toHex(c);
    light["--accent-soft"] = toHex(softOf(c, parseHex(BASE_PALETTES.light["--bg"])));
    const d = darkHex ? parseHex(darkHex) : deriveDarkAccent(c);
    if (darkHex) check(darkHex, "dark", "theme.accent.dark");
    dark["--accent"] = toHex(d);
    dark["--accent-soft"] = toHex(softOf(d, parseHex(BASE_PALETTES.dark["--bg"])));
  }
  const shared2 = {
    "--font-body": tokens.fonts.body ?? DEFAULT_FONTS.body,
    "--font-heading": tokens.fonts.heading ?? DEFAULT_FONTS.heading,
    "--font-mono": tokens.fonts.mono ?? DEFAULT_FONTS.mono,
    "--content-width": tokens.contentWidth
  };
  const block = (selector, vars) => `${selector}{${Object.entries(vars).map(([k, v]) => `${k}:${v}`).join(";")}}`;
  const flipped = ":root:has(#theme-flip:checked)";
  const css = [
    block(":root", { ...shared2, ...light }),
    block(flipped, dark),
    "@media (prefers-color-scheme: dark){",
    block(":root", dark),
    block(flipped, light),
    ".when-light{display:none}",
    "}",
    "@media (prefers-color-scheme: light){.when-dark{display:none}}"
  ].join("\n");
  return { css, light, dark };
}
var color, fontStack, length, themeSchema, DEFAULT_FONTS, BASE_PALETTES, AA;
var init_tokens = __esm({
  "dist/theming/tokens.js"() {
    "use strict";
    init_errors();
    init_color();
    init_code_themes();
    color = z.string().regex(HEX_COLOR, "must be a hex colour such as #0f766e");
    fontStack = z.string().min(1).regex(/^[\p{L}\p{N} ,'"_.-]+$/u, 'must be a font list such as "Iowan Old Style", Georgia, serif');
    length = z.string().regex(/^\d+(\.\d+)?(rem|em|ch|px)$/, "must be a length such as 44rem, 70ch or 720px");
    themeSchema = z.object({
      /** Links, buttons and highlights. One colour for both schemes, or one per scheme. */
      accent: z.union([color, z.object({ light: color, dark: color.optional() }).strict()]).optional(),
      fonts: z.object({ body: fontStack.optional(), heading: fontStack.optional(), mono: fontStack.optional() }).strict().default({}),
      /** Width of the text column. */
      contentWidth: length.default("46rem"),
      codeTheme: z.object({ light: z.enum(LIGHT_CODE_THEME_NAMES).default("casebook"), dark: z.enum(DARK_CODE_THEME_NAMES).default("casebook") }).strict().default({ light: "casebook", dark: "casebook" }),
      /** An image beside the site title: a file under static/ (`/logo.svg`) or a URL. */
      logo: z.string().min(1).optional(),
      /** The browser tab icon: a file under static/ (`/icon.png`). Default: a monogram of the title. */
      favicon: z.string().min(1).optional()
    }).strict();
    DEFAULT_FONTS = {
      body: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif',
      heading: "var(--font-body)",
      mono: 'ui-monospace, SFMono-Regular, "JetBrains Mono", Menlo, Consolas, "Liberation Mono", monospace'
    };
    BASE_PALETTES = {
      light: {
        "color-scheme": "light",
        "--bg": "#fdfcfa",
        "--surface": "#f4f2ee",
        "--text": "#1d1c1a",
        "--muted": "#57534d",
        "--border": "#dcd8d0",
        "--accent": "#1a5aa6",
        "--accent-soft": "#e6eef8",
        "--focus": "#b3261e",
        "--good": "#176339",
        "--bad": "#a3271b"
      },
      dark: {
        "color-scheme": "dark",
        "--bg": "#15161a",
        "--surface": "#1e2026",
        "--text": "#e9e7e3",
        "--muted": "#aaa59d",
        "--border": "#3a3d45",
        "--accent": "#8cb8ff",
        "--accent-soft": "#1f2a3c",
        "--focus": "#ffb4a9",
        "--good": "#7ddc9b",
        "--bad": "#ff9d92"
      }
    };
    AA = 4.5;
  }
});

// dist/config/schema.js
import { z as z2 } from "zod";
var link, navItem, section, DEFAULT_CASE_STUDY_SECTIONS, configSchema, CONFIG_KEYS;
var init_schema = __esm({
  "dist/config/schema.js"() {
    "use strict";
    init_tokens();
    link = z2.object({ label: z2.string().min(1), url: z2.string().min(1) }).strict();
    navItem = z2.union([
      link,
      z2.object({ page: z2.string().min(1), label: z2.string().min(1).optional() }).strict()
    ]);
    section = z2.object({
      title: z2.string().min(1),
      /** Case studies whose category is one of these (case-insensitive) belong here. */
      categories: z2.array(z2.string().min(1)).default([]),
      /** A section of the featured case studies. */
      featured: z2.boolean().default(false),
      description: z2.string().optional()
    }).strict();
    DEFAULT_CASE_STUDY_SECTIONS = [
      { title: "Featured", categories: [], featured: true },
      { title: "Failure Analysis", categories: ["Failure Analysis"], featured: false },
      { title: "Optimization & Migration Wins", categories: ["Optimization & Migration Wins"], featured: false },
      { title: "Architecture & Design", categories: ["Architecture & Design"], featured: false }
    ];
    configSchema = z2.object({
      title: z2.string().min(1).default("My site"),
      description: z2.string().default(""),
      baseUrl: z2.string().url().default("http://localhost:4321/"),
      lang: z2.string().min(2).default("en"),
      timezone: z2.string().default("UTC"),
      author: z2.object({ name: z2.string().min(1), email: z2.string().email().optional(), url: z2.string().url().optional() }).strict().optional(),
      paginate: z2.number().int().min(1).max(1e3).default(10),
      /** Default: Writing, Case studies, and CV when the site has a profile. */
      nav: z2.array(navItem).optional(),
      social: z2.array(link).default([]),
      footer: z2.string().optional(),
      outDir: z2.string().min(1).default("dist"),
      readingSpeed: z2.number().int().min(50).max(1e3).default(230),
      /** Full-text search with Pagefind: /search/ and a header search box. */
      search: z2.boolean().default(true),
      /** Generated 1200×630 social cards for posts and section pages without their own image. */
      socialCards: z2.boolean().default(true),
      /** Where the build cache lives (rendered Markdown, social cards), relative to the site folder. */
      cacheDir: z2.string().min(1).default(".casebook/cache"),
      /** Design tokens: accent colour, fonts, content width, code colours, logo and favicon. */
      theme: themeSchema.prefault({}),
      caseStudies: z2.object({
        intro: z2.string().optional(),
        /** In order; each case study is listed in the first section it belongs to. */
        sections: z2.array(section).default(DEFAULT_CASE_STUDY_SECTIONS)
      }).strict().default({ sections: DEFAULT_CASE_STUDY_SECTIONS }),
      /** Reader analytics (docs/analytics.md): without it pages carry no script for it at all. */
      analytics: z2.object({
        /** The URL `casebook analytics serve` is reachable at; the beacon posts to <endpoint>/api/event. */
        endpoint: z2.string().url().regex(/^https?:\/\//i, "must be an http(s) URL"),
        /** The id events carry (default: the host name of baseUrl). */
        site: z2.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,62}[A-Za-z0-9])?$/, 'must be 1\u201364 letters, digits, ".", "-" or "_"').optional()
      }).strict().optional()
    }).strict();
    CONFIG_KEYS = Object.keys(configSchema.shape);
  }
});

// dist/detect/profile.js
var init_profile = __esm({
  "dist/detect/profile.js"() {
    "use strict";
  }
});

// dist/util/walk.js
import { readdir } from "node:fs/promises";
import { join } from "node:path";
async function walkFiles(dir, opts = {}) {
  const out = [];
  async function walk(d) {
    let entries;
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch (e) {
      if (e.code === "ENOENT") return;
      throw e;
    }
    for (const e of entries) {
      if (opts.skipDotFiles && e.name.startsWith(".")) continue;
      if (e.name === "node_modules") continue;
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (!opts.skipDir?.(p)) await walk(p);
      } else if ((e.isFile() || e.isSymbolicLink()) && (!opts.include || opts.include(e.name))) out.push(p);
    }
  }
  await walk(dir);
  return out.sort();
}
var init_walk = __esm({
  "dist/util/walk.js"() {
    "use strict";
  }
});

// dist/util/source-position.js
import { parseDocument } from "yaml";
function findKeyLine(source, key, firstLine = 1) {
  const lines = source.split(/\r?\n/);
  const esc = key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const re = new RegExp(`^(\\s*)(?:${esc}|"${esc}"|'${esc}')\\s*[:=]`);
  for (let i = 0; i < lines.length; i++) {
    const m = re.exec(lines[i]);
    if (m) return { line: i + firstLine, column: m[1].length + 1 };
  }
  return void 0;
}
function offsetToLineColumn(source, offset) {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: offset - last };
}
function jsonErrorPosition(source, err) {
  const lc = /line (\d+) column (\d+)/.exec(err.message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const pos = /position (\d+)/.exec(err.message);
  if (pos) return offsetToLineColumn(source, Number(pos[1]));
  return offsetToLineColumn(source, source.length);
}
function yamlPathPosition(source, path) {
  const doc = parseDocument(source, { prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length) return void 0;
  for (let n3 = path.length; n3 >= 0; n3--) {
    const node = doc.getIn(path.slice(0, n3), true);
    if (node?.range) return offsetToLineColumn(source, node.range[0]);
  }
  return void 0;
}
var init_source_position = __esm({
  "dist/util/source-position.js"() {
    "use strict";
  }
});

// dist/detect/config-file.js
import { existsSync, readFileSync, statSync } from "node:fs";
import { join as join2 } from "node:path";
import { parseDocument as parseDocument2 } from "yaml";
import { parse as parseToml, TomlError } from "smol-toml";
function isFile(path) {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
function isDir(path) {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
function firstExisting(root, names) {
  return names.find((n3) => existsSync(join2(root, n3)));
}
function readDataFile(file) {
  const source = readFileSync(file, "utf8").replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  let data;
  if (/\.toml$/i.test(file)) {
    try {
      data = parseToml(source);
    } catch (e) {
      if (e instanceof TomlError) {
        throw new CasebookError("CB2100", e.message.split("\n")[0].replace(/^Invalid TOML document: /, ""), { file, line: e.line, column: e.column, source });
      }
      throw e;
    }
  } else if (/\.json$/i.test(file)) {
    try {
      data = JSON.parse(source);
    } catch (e) {
      throw new CasebookError("CB2100", e.message, { file, ...jsonErrorPosition(source, e), source });
    }
  } else {
    const doc = parseDocument2(source, { prettyErrors: false, uniqueKeys: false, strict: false });
    const err = doc.errors[0];
    if (err) throw new CasebookError("CB2100", err.message.split("\n")[0].replace(/ at line \d+, column \d+.*$/, ""), { file, ...offsetToLineColumn(source, err.pos[0]), source });
    data = doc.toJS({ maxAliasCount: 100 });
  }
  if (data === null || data === void 0) data = {};
  if (typeof data !== "object" || Array.isArray(data)) {
    throw new CasebookError("CB2100", "The config is not a map of keys to values.", { file });
  }
  return { data, source };
}
function getCI(data, key) {
  if (!data) return void 0;
  if (key in data) return data[key];
  const lower = key.toLowerCase();
  for (const [k, v] of Object.entries(data)) if (k.toLowerCase() === lower) return v;
  return void 0;
}
function asRecord(v) {
  return v && typeof v === "object" && !Array.isArray(v) && !(v instanceof Date) ? v : void 0;
}
function asString(v) {
  if (typeof v === "string") return v.trim() || void 0;
  if (typeof v === "number") return String(v);
  return void 0;
}
function readAuthor(v) {
  const name = asString(v);
  if (name) return { name };
  const map = asRecord(v);
  const n3 = asString(map?.name);
  if (!map || !n3) return void 0;
  const email = asString(map.email);
  const url2 = asString(map.url) ?? asString(map.website);
  return { name: n3, ...email && /^[^@\s]+@[^@\s]+$/.test(email) ? { email } : {}, ...url2 && /^https?:\/\//.test(url2) ? { url: url2 } : {} };
}
function jsString(source, names) {
  for (const name of names) {
    const re = new RegExp(`(?:^|[\\s,{(])["']?${name.replace(/[.$]/g, "\\$&")}["']?\\s*[:=]\\s*(["'\`])((?:\\\\.|(?!\\1)[^\\\\\\n])*)\\1`, "m");
    const m = re.exec(stripJsComments(source));
    if (m) return m[2].replace(/\\(.)/g, "$1");
  }
  return void 0;
}
function jsBoolean(source, name) {
  const m = new RegExp(`(?:^|[\\s,{(])${name}\\s*:\\s*(true|false)\\b`, "m").exec(stripJsComments(source));
  return m ? m[1] === "true" : void 0;
}
function stripJsComments(source) {
  return source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");
}
var init_config_file = __esm({
  "dist/detect/config-file.js"() {
    "use strict";
    init_errors();
    init_source_position();
  }
});

// dist/detect/js-routes.js
import { readFileSync as readFileSync2 } from "node:fs";
import { basename, dirname, extname, relative, sep } from "node:path";
async function dynamicRoutes(pagesDirs) {
  const out = [];
  for (const dir of pagesDirs) {
    if (!isDir(dir)) continue;
    const files = await walkFiles(dir, { skipDotFiles: true, include: (n3) => /\.(astro|jsx?|tsx?|mjs)$/.test(n3) });
    for (const file of files) {
      const rel2 = relative(dir, file).split(sep).join("/");
      const parts = rel2.split("/");
      const at = parts.findIndex((p) => /^\[(\.\.\.)?(slug|id|post|postSlug|path|name)\](\.[a-z]+)?$/i.test(p));
      if (at < 0) continue;
      const rest = parts.slice(at + 1);
      if (rest.length && !/^(page|index)\.(astro|jsx?|tsx?|mjs)$/.test(rest.join("/"))) continue;
      if (parts.includes("api")) continue;
      const prefix = parts.slice(0, at).filter((p) => !/^\(.*\)$/.test(p)).join("/");
      out.push({ prefix, source: readFileSync2(file, "utf8") });
    }
  }
  return out;
}
function routeFor(routes, names) {
  for (const name of names) {
    const esc = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const hit = routes.find((r) => new RegExp(`getCollection\\(\\s*["'\`]${esc}["'\`]|["'\`/]${esc}["'\`/]`).test(r.source));
    if (hit) return hit;
  }
  return routes.length === 1 ? routes[0] : void 0;
}
function fileId(rel2, slug) {
  const noExt = rel2.slice(0, rel2.length - extname(rel2).length);
  const segments = noExt.split("/").map(slug);
  if (segments.length > 1 && segments[segments.length - 1] === "index") segments.pop();
  return segments.join("/");
}
var init_js_routes = __esm({
  "dist/detect/js-routes.js"() {
    "use strict";
    init_walk();
    init_config_file();
  }
});

// dist/detect/shared.js
function stripDateFromName(name) {
  return name.replace(/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}[:-]\d{2}(?:[:-]\d{2})?)?[-_]/, "");
}
function textOf(v) {
  if (typeof v === "string") return v.trim() || void 0;
  if (typeof v === "number") return String(v);
  return void 0;
}
function taxonomyMap(input) {
  const names = [];
  if (Array.isArray(input)) {
    for (const t of input) {
      const name = asRecord(t)?.name;
      if (typeof name === "string") names.push(name);
    }
  } else if (asRecord(input)) {
    for (const v of Object.values(asRecord(input))) if (typeof v === "string") names.push(v);
  }
  const out = {};
  for (const name of names) {
    const n3 = name.toLowerCase();
    if (n3 === "tags" || n3 === "categories" || n3 === "series") continue;
    if (/^(tag|keyword|topic|label)s?$/.test(n3)) out[name] = "tags";
    else if (/^(categor(y|ies)|section|subject)s?$/.test(n3)) out[name] = "categories";
  }
  return out;
}
var init_shared = __esm({
  "dist/detect/shared.js"() {
    "use strict";
    init_config_file();
  }
});

// dist/util/dates.js
function formatterFor(timeZone) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric"
    });
    formatters.set(timeZone, f);
  }
  return f;
}
function isValidTimeZone(timeZone) {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}
function zoneOffset(timeZone, epoch) {
  if (timeZone === "UTC" || timeZone === "Etc/UTC") return 0;
  const parts = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(epoch))) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return Math.round((asUtc - Math.floor(epoch / 1e3) * 1e3) / 6e4);
}
function daysInMonth(year, month) {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
function parseDate(input, timeZone) {
  let text5;
  if (typeof input === "string") text5 = input.trim();
  else if (input instanceof Date && input.constructor.name === "TomlDate") text5 = input.toISOString();
  else if (input instanceof Date) {
    if (Number.isNaN(input.getTime())) return { ok: false, reason: "it is not a valid date" };
    text5 = input.toISOString();
  } else return { ok: false, reason: `expected a date like 2024-03-01, got ${describe(input)}` };
  const m = DATE_RE.exec(text5);
  if (!m) return { ok: false, reason: `"${text5}" is not a date in a format Casebook reads` };
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dateOnly = m[4] === void 0;
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (month < 1 || month > 12) return { ok: false, reason: `"${text5}" has month ${month}; months run from 01 to 12` };
  const dim = daysInMonth(year, month);
  if (day < 1 || day > dim) return { ok: false, reason: `"${text5}" has day ${day}, but that month has ${dim} days` };
  if (hour > 23 || minute > 59 || second > 59) return { ok: false, reason: `"${text5}" has an impossible time of day` };
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  let offset;
  const zone2 = m[7];
  if (zone2 === void 0) {
    offset = zoneOffset(timeZone, wall);
    const settled = zoneOffset(timeZone, wall - offset * 6e4);
    if (settled !== offset) offset = settled;
  } else if (zone2 === "Z" || zone2 === "z") {
    offset = 0;
  } else {
    const sign = zone2[0] === "-" ? -1 : 1;
    const digits = zone2.slice(1).replace(":", "");
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2) || 0);
    if (oh > 18 || om > 59) return { ok: false, reason: `"${text5}" has an impossible UTC offset` };
    offset = sign * (oh * 60 + om);
  }
  return {
    ok: true,
    date: { year, month, day, hour, minute, second, offset, epoch: wall - offset * 6e4, dateOnly }
  };
}
function describe(v) {
  if (v === null) return "nothing (null)";
  if (typeof v === "number") return `the number ${v}`;
  if (typeof v === "boolean") return `${v}`;
  if (Array.isArray(v)) return "a list";
  return typeof v === "object" ? "a map" : typeof v;
}
function offsetText(offset, colon) {
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  return `${sign}${pad(Math.floor(abs / 60))}${colon ? ":" : ""}${pad(abs % 60)}`;
}
function ymd(d) {
  return `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;
}
function rfc3339(d) {
  const zone2 = d.offset === 0 ? "Z" : offsetText(d.offset, true);
  return `${ymd(d)}T${pad(d.hour)}:${pad(d.minute)}:${pad(d.second)}${zone2}`;
}
function rfc822(d) {
  const weekday = DAYS[new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay()];
  return `${weekday}, ${pad(d.day)} ${MONTHS[d.month - 1]} ${pad(d.year, 4)} ${pad(d.hour)}:${pad(d.minute)}:${pad(d.second)} ${offsetText(d.offset, false)}`;
}
function displayDate(d, locale = "en-US") {
  let f = displayFormats.get(locale);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" });
    displayFormats.set(locale, f);
  }
  return f.format(new Date(Date.UTC(d.year, d.month - 1, d.day)));
}
function compareDates(a, b) {
  if (a && b) return a.epoch - b.epoch;
  if (a) return 1;
  if (b) return -1;
  return 0;
}
var DATE_RE, formatters, pad, DAYS, MONTHS, displayFormats;
var init_dates = __esm({
  "dist/util/dates.js"() {
    "use strict";
    DATE_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;
    formatters = /* @__PURE__ */ new Map();
    pad = (n3, w = 2) => String(n3).padStart(w, "0");
    DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    displayFormats = /* @__PURE__ */ new Map();
  }
});

// dist/detect/url-path.js
function toSitePath(url2, extensionless = "folder") {
  let p = url2.trim().replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]+/i, "").replace(/[?#].*$/, "");
  p = p.split("/").map((s) => safeDecode(s)).filter((s) => s !== "" && s !== "." && s !== ".." && !s.includes("/")).join("/") + (p.endsWith("/") ? "/" : "");
  if (p === "/") return "";
  if (p === "" || p.endsWith("/")) return p;
  const last = p.slice(p.lastIndexOf("/") + 1);
  if (/\.[A-Za-z0-9]{1,5}$/.test(last)) return p;
  return extensionless === "folder" ? `${p}/` : `${p}.html`;
}
function safeDecode(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
function dateParts(date, timezone) {
  if (!timezone) return date;
  const offset = zoneOffset(timezone, date.epoch);
  const d = new Date(date.epoch + offset * 6e4);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    epoch: date.epoch
  };
}
function datePlaceholders(d) {
  if (!d) return {};
  const start = Date.UTC(d.year, 0, 1);
  const today2 = Date.UTC(d.year, d.month - 1, d.day);
  const yday = Math.floor((today2 - start) / 864e5) + 1;
  const weekday = new Date(today2).getUTCDay();
  const thursday = new Date(today2 + (3 - (weekday + 6) % 7) * 864e5);
  const week = Math.ceil(((thursday.getTime() - Date.UTC(thursday.getUTCFullYear(), 0, 1)) / 864e5 + 1) / 7);
  return {
    year: pad2(d.year, 4),
    short_year: pad2(d.year % 100),
    month: pad2(d.month),
    i_month: String(d.month),
    day: pad2(d.day),
    i_day: String(d.day),
    hour: pad2(d.hour),
    minute: pad2(d.minute),
    second: pad2(d.second),
    y_day: pad2(yday, 3),
    yearday: String(yday),
    week: pad2(week),
    monthname: MONTHS2[d.month - 1],
    long_month: MONTHS2[d.month - 1],
    short_month: MONTHS2[d.month - 1].slice(0, 3),
    weekday: String(weekday),
    weekdayname: DAYS2[weekday],
    long_day: DAYS2[weekday],
    short_day: DAYS2[weekday].slice(0, 3)
  };
}
function expandPlaceholders(pattern, values) {
  const names = Object.keys(values).sort((a, b) => b.length - a.length);
  if (!names.length) return pattern;
  const re = new RegExp(`:(${names.map((n3) => n3.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})`, "g");
  return pattern.replace(re, (_, name) => values[name] ?? "");
}
function hugoUrlize(s, lower = true) {
  const out = s.trim().replace(/\s+/g, "-").replace(/[^\p{L}\p{N}\p{M}._~/+-]/gu, "");
  return lower ? out.toLowerCase() : out;
}
function jekyllPretty(s) {
  return s.replace(/[^\p{L}\p{N}._~!$&'()+,;=@]+/gu, "-").replace(/^-+|-+$/g, "");
}
function jekyllDefault(s) {
  return s.replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-+|-+$/g, "").toLowerCase();
}
function githubSlug(s) {
  return s.toLowerCase().trim().replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, "").replace(/\s/g, "-");
}
var pad2, MONTHS2, DAYS2;
var init_url_path = __esm({
  "dist/detect/url-path.js"() {
    "use strict";
    init_dates();
    pad2 = (n3, w = 2) => String(n3).padStart(w, "0");
    MONTHS2 = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    DAYS2 = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
  }
});

// dist/detect/astro.js
import { readdirSync, readFileSync as readFileSync3 } from "node:fs";
import { join as join3, relative as relative2, sep as sep2 } from "node:path";
function detectAstro(root) {
  const name = firstExisting(root, CONFIG_NAMES);
  if (!name) return void 0;
  const source = readFileSync3(join3(root, name), "utf8");
  const consts = ["src/consts.ts", "src/consts.js", "src/config.ts", "src/config.js", "src/site.config.ts", "src/site.ts"].filter((f) => isFile(join3(root, f))).map((f) => readFileSync3(join3(root, f), "utf8")).join("\n");
  const config = {};
  const site = jsString(source, ["site"]) ?? jsString(consts, ["website", "SITE_URL", "url", "site"]);
  const base = jsString(source, ["base"]);
  if (site && /^https?:\/\//i.test(site)) config.baseUrl = site.replace(/\/+$/, "") + "/" + (base ? base.replace(/^\/+|\/+$/g, "") + "/" : "").replace(/^\/$/, "");
  const title = jsString(consts, ["SITE_TITLE", "title"]);
  if (title) config.title = title;
  const description = jsString(consts, ["SITE_DESCRIPTION", "desc", "description"]);
  if (description) config.description = description;
  const author = jsString(consts, ["SITE_AUTHOR", "author"]);
  if (author) config.author = { name: author };
  const tz = jsString(consts, ["timezone", "TIMEZONE", "timeZone"]);
  if (tz) config.timezone = tz;
  const lang = jsString(consts, ["lang", "SITE_LANG"]);
  if (lang && lang.length >= 2) config.lang = lang;
  const trailing = jsString(source, ["trailingSlash"]);
  const collections = findCollections(root);
  return {
    tool: "astro",
    name: "Astro",
    configFile: name,
    config,
    family: "mdx",
    staticDirs: [{ dir: "public", to: "" }],
    staticFiles: [],
    permalinkLabel: "",
    excerptSeparator: void 0,
    taxonomies: {},
    ignoredKeys: ASTRO_KEYS,
    dropTags: [],
    splitTermsOnSpaces: false,
    siteVars: { title: title ?? "" },
    warnings: [],
    async discover() {
      const routes = await dynamicRoutes([join3(root, "src/pages")]);
      const out = [];
      const prefixes = [];
      for (const c of collections) {
        const route = routeFor(routes, [c.name]);
        const prefix = route ? route.prefix : c.name;
        prefixes.push(`/${prefix ? `${prefix}/` : ""}[slug]${trailing === "never" ? "" : "/"}`);
        const files = await walkFiles(c.dir, { skipDotFiles: true, include: (n3) => /\.(md|mdx|markdown)$/i.test(n3) });
        for (const file of files) {
          const contentRel = relative2(c.dir, file).split(sep2).join("/");
          if (contentRel.split("/").some((p) => p.startsWith("_"))) continue;
          out.push({ file, rel: relative2(root, file).split(sep2).join("/"), contentRel: `${prefix}\0${contentRel}`, role: "post" });
        }
      }
      const pagesDir = join3(root, "src/pages");
      for (const file of await walkFiles(pagesDir, { skipDotFiles: true, include: (n3) => /\.(md|mdx|markdown)$/i.test(n3) })) {
        const contentRel = relative2(pagesDir, file).split(sep2).join("/");
        if (contentRel.split("/").some((p) => p.startsWith("_"))) continue;
        if (/^index\.(md|mdx|markdown)$/i.test(contentRel)) continue;
        out.push({ file, rel: relative2(root, file).split(sep2).join("/"), contentRel: `\0${contentRel}`, role: contentRel.includes("/") ? "post" : "page" });
      }
      this.permalinkLabel = [...new Set(prefixes)].join(", ") || "/[file path]/";
      return out;
    },
    route(input) {
      const [prefix, rel2] = input.entry.contentRel.split("\0");
      const id = textOf(input.data.slug) ?? fileId(rel2, githubSlug);
      return { path: toSitePath(`/${prefix}/${id}/`.replace(/\/{2,}/g, "/")) };
    }
  };
}
function findCollections(root) {
  const out = [];
  const contentDir = join3(root, "src/content");
  for (const f of ["src/content.config.ts", "src/content.config.mjs", "src/content.config.js", "src/content/config.ts", "src/content/config.mjs", "src/content/config.js"]) {
    if (!isFile(join3(root, f))) continue;
    const text5 = readFileSync3(join3(root, f), "utf8");
    const re = /(?:const|let)\s+(\w+)\s*=\s*defineCollection\(\s*\{[\s\S]*?base:\s*["'`]([^"'`]+)["'`]/g;
    for (const m of text5.matchAll(re)) {
      const dir = join3(root, m[2]);
      if (isDir(dir)) out.push({ name: m[1], dir });
    }
  }
  if (isDir(contentDir)) {
    for (const entry2 of readdirDirs(contentDir)) {
      if (!out.some((c) => c.dir === join3(contentDir, entry2))) out.push({ name: entry2, dir: join3(contentDir, entry2) });
    }
  }
  return out;
}
function readdirDirs(dir) {
  return readdirSyncSafe(dir).filter((n3) => !n3.startsWith(".") && !n3.startsWith("_") && isDir(join3(dir, n3)));
}
function readdirSyncSafe(dir) {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}
var CONFIG_NAMES, ASTRO_KEYS;
var init_astro = __esm({
  "dist/detect/astro.js"() {
    "use strict";
    init_walk();
    init_config_file();
    init_js_routes();
    init_shared();
    init_url_path();
    CONFIG_NAMES = ["astro.config.mjs", "astro.config.ts", "astro.config.js", "astro.config.mts", "astro.config.cjs"];
    ASTRO_KEYS = ["author", "layout", "heroImageAlt", "ogImageAlt", "coverAlt", "readingTime", "hideEditPost", "timezone", "lang", "prev", "next", "sidebar", "template", "minutesRead", "type", "authors"];
  }
});

// dist/util/slug.js
function slugify(text5) {
  let slug = memo.get(text5);
  if (slug === void 0) {
    if (memo.size > 2e4) memo.clear();
    slug = computeSlug(text5);
    memo.set(text5, slug);
  }
  return slug;
}
function computeSlug(text5) {
  return text5.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^\p{L}\p{N}_]+/gu, "-").replace(/^-+|-+$/g, "");
}
function stripDatePrefix(name) {
  const m = DATE_PREFIX.exec(name);
  if (!m) return { name };
  return { name: name.slice(m[0].length), date: `${m[1]}-${m[2]}-${m[3]}` };
}
var memo, DATE_PREFIX;
var init_slug = __esm({
  "dist/util/slug.js"() {
    "use strict";
    memo = /* @__PURE__ */ new Map();
    DATE_PREFIX = /^(\d{4})-(\d{2})-(\d{2})-/;
  }
});

// dist/detect/eleventy.js
import { readFileSync as readFileSync4 } from "node:fs";
import { basename as basename2, dirname as dirname2, extname as extname2, join as join4, normalize, relative as relative3, sep as sep3 } from "node:path";
function detectEleventy(root) {
  const name = firstExisting(root, CONFIG_NAMES2);
  if (!name) return void 0;
  const source = stripJsComments(readFileSync4(join4(root, name), "utf8"));
  const input = normalizeDir(jsString(source, ["input"]) ?? ".");
  const includes = normalizeDir(jsString(source, ["includes"]) ?? "_includes");
  const dataDir = normalizeDir(jsString(source, ["data"]) ?? "_data");
  const output2 = normalizeDir(jsString(source, ["output"]) ?? "_site");
  const pathPrefix = jsString(source, ["pathPrefix"]);
  const inputAbs = join4(root, input);
  const data = {};
  for (const dir of [join4(inputAbs, dataDir), join4(root, "_data")]) {
    for (const f of ["metadata.json", "site.json", "metadata.js", "metadata.cjs", "metadata.mjs", "site.js", "site.cjs", "site.mjs"]) {
      const file = join4(dir, f);
      if (!isFile(file)) continue;
      const text5 = readFileSync4(file, "utf8");
      if (f.endsWith(".json")) {
        try {
          Object.assign(data, JSON.parse(text5));
        } catch {
        }
      } else {
        for (const k of ["title", "url", "description", "language", "lang"]) {
          const v = jsString(text5, [k]);
          if (v !== void 0 && data[k] === void 0) data[k] = v;
        }
        const authorName = /author\s*:\s*\{[\s\S]*?name\s*:\s*["'`]([^"'`]+)/.exec(text5)?.[1];
        if (authorName && data.author === void 0) data.author = { name: authorName };
      }
    }
  }
  const config = {};
  const title = asString(data.title);
  if (title) config.title = title;
  const url2 = asString(data.url);
  if (url2 && /^https?:\/\//i.test(url2)) config.baseUrl = url2.replace(/\/+$/, "") + "/" + (pathPrefix ? pathPrefix.replace(/^\/+|\/+$/g, "") + "/" : "").replace(/^\/$/, "");
  const description = asString(data.description);
  if (description) config.description = description;
  const lang = asString(data.language) ?? asString(data.lang);
  if (lang && lang.length >= 2) config.lang = lang;
  const author = readAuthor(data.author);
  if (author) config.author = author;
  const ignore = readIgnore(root);
  const skipDir = (abs) => {
    const rel2 = relative3(inputAbs, abs).split(sep3).join("/");
    return rel2 === includes || rel2 === dataDir || relative3(root, abs).split(sep3).join("/") === output2 || basename2(abs) === "_site" || ignore.some((i) => rel2 === i || relative3(root, abs) === i);
  };
  return {
    tool: "eleventy",
    name: "Eleventy",
    configFile: name,
    config,
    family: "liquid",
    staticDirs: [],
    staticFiles: passthroughCopies(root, source, input),
    permalinkLabel: "/:inputPath/ (permalink front matter)",
    excerptSeparator: void 0,
    taxonomies: {},
    ignoredKeys: ELEVENTY_KEYS,
    dropTags: ["all", "posts", "post", "nav", "pages", "page", "blog"],
    splitTermsOnSpaces: false,
    siteVars: Object.fromEntries(Object.entries(data).filter(([, v]) => typeof v === "string")),
    warnings: [],
    async discover() {
      const files = await walkFiles(inputAbs, { skipDotFiles: true, skipDir, include: (n3) => /\.(md|markdown)$/i.test(n3) });
      const out = [];
      for (const file of files) {
        const contentRel = relative3(inputAbs, file).split(sep3).join("/");
        const rel2 = relative3(root, file).split(sep3).join("/");
        if (/^(readme|license|changelog)\.md$/i.test(contentRel) || ignore.includes(rel2) || ignore.includes(contentRel)) continue;
        if (contentRel === "index.md") continue;
        const defaults = directoryData(inputAbs, contentRel);
        out.push({ file, rel: rel2, contentRel, role: contentRel.includes("/") ? "post" : "page", ...defaults ? { defaults } : {} });
      }
      return out;
    },
    route(input2) {
      return eleventyRoute(input2);
    }
  };
}
function normalizeDir(d) {
  const n3 = normalize(d).split(sep3).join("/").replace(/^\.\/?/, "").replace(/\/+$/, "");
  return n3 === "." ? "" : n3;
}
function readIgnore(root) {
  const file = join4(root, ".eleventyignore");
  if (!isFile(file)) return [];
  return readFileSync4(file, "utf8").split("\n").map((l) => l.trim().replace(/^\.\//, "").replace(/\/+$/, "")).filter((l) => l && !l.startsWith("#"));
}
function directoryData(inputAbs, contentRel) {
  const parts = contentRel.split("/").slice(0, -1);
  let merged;
  for (let i = 1; i <= parts.length; i++) {
    const dir = join4(inputAbs, ...parts.slice(0, i));
    const leaf = parts[i - 1];
    for (const f of [`${leaf}.json`, `${leaf}.11tydata.json`]) {
      if (!isFile(join4(dir, f))) continue;
      try {
        const v = asRecord(JSON.parse(readFileSync4(join4(dir, f), "utf8")));
        if (v) merged = { ...merged ?? {}, ...v };
      } catch {
      }
    }
    for (const f of [`${leaf}.11tydata.js`, `${leaf}.11tydata.cjs`, `${leaf}.11tydata.mjs`]) {
      if (!isFile(join4(dir, f))) continue;
      const text5 = readFileSync4(join4(dir, f), "utf8");
      const v = {};
      const permalink = jsString(text5, ["permalink"]);
      if (permalink) v.permalink = permalink;
      const layout2 = jsString(text5, ["layout"]);
      if (layout2) v.layout = layout2;
      const tags = jsString(text5, ["tags"]) ?? /tags\s*:\s*\[\s*["'`]([^"'`]+)/.exec(text5)?.[1];
      if (tags) v.tags = tags;
      merged = { ...merged ?? {}, ...v };
    }
  }
  return merged;
}
function passthroughCopies(root, source, input) {
  const pairs = [];
  for (const m of source.matchAll(/addPassthroughCopy\(\s*(["'`])([^"'`]+)\1/g)) {
    const from = m[2].replace(/^\.\//, "");
    const to = input && from.startsWith(`${input}/`) ? from.slice(input.length + 1) : from;
    pairs.push([from, to]);
  }
  for (const m of source.matchAll(/addPassthroughCopy\(\s*\{([^}]*)\}/g)) {
    for (const p of m[1].matchAll(/(["'`])([^"'`]+)\1\s*:\s*(["'`])([^"'`]+)\3/g)) pairs.push([p[2].replace(/^\.\//, ""), p[4].replace(/^\.?\/+/, "")]);
  }
  const out = [];
  for (const [from, to] of pairs) {
    if (from.includes("*")) {
      out.push({ from: `glob:${from}`, to });
      continue;
    }
    out.push({ from: join4(root, from), to: to.replace(/\/+$/, "") });
  }
  return out;
}
function eleventyRoute(input) {
  const { entry: entry2, data } = input;
  const permalink = data.permalink ?? entry2.defaults?.permalink;
  if (permalink === false || permalink === "false") return { skip: "permalink: false" };
  const stemPath = entry2.contentRel.slice(0, entry2.contentRel.length - extname2(entry2.contentRel).length);
  const fileSlug = stripDateFromName(basename2(stemPath) === "index" ? basename2(dirname2(stemPath)) : basename2(stemPath));
  const text5 = textOf(permalink);
  if (text5) {
    const d = input.date;
    const vars = {
      "page.fileSlug": fileSlug,
      "page.filePathStem": `/${stemPath}`,
      title: input.title,
      "page.url": "",
      "page.date.getFullYear()": d ? String(d.year) : ""
    };
    const evaluated = text5.replace(/\{\{-?\s*([^}]+?)\s*-?\}\}/g, (_, expr) => {
      const [head, ...filters] = expr.split("|").map((s) => s.trim());
      let v = vars[head] ?? /^["'](.*)["']$/.exec(head)?.[1] ?? textOf(data[head]) ?? "";
      for (const f of filters) {
        if (/^(slugify|slug)\b/.test(f)) v = slugify(v);
        else if (/^date\b/.test(f) && d) v = eleventyDate(f, d);
      }
      return v;
    }).replace(/\{%[\s\S]*?%\}/g, "");
    return { path: toSitePath(evaluated) };
  }
  const dir = dirname2(stemPath);
  const leaf = basename2(stemPath);
  const path = leaf === "index" || leaf === basename2(dir) ? `${dir}/` : `${stemPath}/`;
  return { path: toSitePath(path === "./" ? "" : path) };
}
function eleventyDate(filter, d) {
  const fmt2 = /["']([^"']+)["']/.exec(filter)?.[1] ?? "";
  const pad5 = (n3) => String(n3).padStart(2, "0");
  return fmt2.replace(/%Y|yyyy/g, String(d.year)).replace(/%m|MM/g, pad5(d.month)).replace(/%d|dd/g, pad5(d.day));
}
var CONFIG_NAMES2, ELEVENTY_KEYS;
var init_eleventy = __esm({
  "dist/detect/eleventy.js"() {
    "use strict";
    init_slug();
    init_walk();
    init_config_file();
    init_shared();
    init_url_path();
    CONFIG_NAMES2 = ["eleventy.config.js", "eleventy.config.mjs", "eleventy.config.cjs", "eleventy.config.ts", ".eleventy.js", ".eleventy.cjs"];
    ELEVENTY_KEYS = ["layout", "permalink", "eleventyExcludeFromCollections", "eleventyNavigation", "eleventyComputed", "pagination", "templateEngineOverride", "eleventyImport", "dynamicPermalink", "author", "renderData"];
  }
});

// dist/detect/hugo.js
import { basename as basename3, dirname as dirname3, extname as extname3, join as join5, relative as relative4, sep as sep4 } from "node:path";
function detectHugo(root) {
  let name = firstExisting(root, CONFIG_NAMES3);
  if (!name) {
    const legacy = firstExisting(root, LEGACY_NAMES);
    if (legacy && isDir(join5(root, "content"))) {
      const { data: data2 } = readDataFile(join5(root, legacy));
      if (!("base_url" in data2)) name = legacy;
    }
  }
  if (!name) {
    for (const d of SPLIT_DIRS) {
      const n3 = firstExisting(join5(root, d), [...CONFIG_NAMES3, ...LEGACY_NAMES]);
      if (n3) {
        name = `${d}/${n3}`;
        break;
      }
    }
  }
  if (!name) return void 0;
  const { data } = readDataFile(join5(root, name));
  const warnings = [];
  const params = asRecord(getCI(data, "params"));
  const contentDir = asString(getCI(data, "contentDir")) ?? "content";
  const staticDirs = [getCI(data, "staticDir")].flat().filter((x) => typeof x === "string");
  const lower = getCI(data, "disablePathToLower") !== true;
  const ugly = getCI(data, "uglyURLs") === true;
  const permalinks = readPermalinks(asRecord(getCI(data, "permalinks")));
  const fmConfig = asRecord(getCI(data, "frontmatter"));
  const filenameDates = [getCI(fmConfig, "date")].flat().includes(":filename");
  const taxonomies = taxonomyMap(asRecord(getCI(data, "taxonomies")) ?? { tag: "tags", category: "categories" });
  const config = {};
  const title = asString(getCI(data, "title"));
  if (title) config.title = title;
  const baseUrl = asString(getCI(data, "baseURL"));
  if (baseUrl && /^https?:\/\//i.test(baseUrl)) config.baseUrl = baseUrl;
  const description = asString(getCI(params, "description")) ?? asString(getCI(data, "description"));
  if (description) config.description = description;
  const lang = asString(getCI(data, "languageCode")) ?? asString(getCI(data, "defaultContentLanguage"));
  if (lang && lang.length >= 2) config.lang = lang;
  const tz = asString(getCI(data, "timeZone"));
  if (tz) config.timezone = tz;
  const author = readAuthor(getCI(params, "author")) ?? readAuthor(getCI(data, "author"));
  if (author) config.author = author;
  const contentRoot = join5(root, contentDir);
  const profile = {
    tool: "hugo",
    name: "Hugo",
    configFile: name,
    config,
    family: "hugo",
    staticDirs: (staticDirs.length ? staticDirs : ["static"]).map((dir) => ({ dir, to: "" })),
    staticFiles: [],
    permalinkLabel: Object.keys(permalinks).length ? Object.entries(permalinks).map(([s, p]) => `${s} ${p}`).join(", ") : ugly ? "/:sections/:filename.html" : "/:sections/:filename/",
    excerptSeparator: void 0,
    taxonomies,
    ignoredKeys: HUGO_KEYS,
    dropTags: [],
    splitTermsOnSpaces: false,
    // `{{< param "x" >}}` falls back to the site's [params].
    siteVars: {
      ...Object.fromEntries(Object.entries(params ?? {}).filter(([, v]) => typeof v === "string" || typeof v === "number").map(([k, v]) => [k, String(v)])),
      title: title ?? "",
      baseURL: baseUrl ?? ""
    },
    warnings,
    async discover() {
      const files = await walkFiles(contentRoot, { skipDotFiles: true, include: (n3) => /\.(md|markdown|html?|org|adoc|asciidoc|rst|pdc|pandoc)$/i.test(n3) });
      const out = [];
      for (const file of files) {
        const contentRel = relative4(contentRoot, file).split(sep4).join("/");
        const stem = basename3(file, extname3(file));
        if (stem === "_index") continue;
        if (contentRel === `index${extname3(file)}`) continue;
        const rel2 = relative4(root, file).split(sep4).join("/");
        out.push({ file, rel: rel2, contentRel, role: contentRel.includes("/") ? "post" : "page" });
      }
      return out;
    },
    route(input) {
      return hugoRoute(input, { permalinks, lower, ugly, filenameDates });
    }
  };
  return profile;
}
function readPermalinks(map) {
  const out = {};
  if (!map) return out;
  const page = asRecord(getCI(map, "page"));
  for (const [k, v] of Object.entries(page ?? map)) if (typeof v === "string") out[k] = v;
  return out;
}
function hugoRoute(input, opts) {
  const { entry: entry2, data } = input;
  const build2 = asRecord(data._build) ?? asRecord(data.build);
  if (data.headless === true || build2?.render === "never" || build2?.render === false) return { skip: "headless or build.render: never" };
  const url2 = textOf(data.url);
  if (url2) return { path: toSitePath(url2) };
  const isBundle = /^index\.[^/]+$/.test(basename3(entry2.contentRel));
  const dirOf = isBundle ? dirname3(dirname3(entry2.contentRel)) : dirname3(entry2.contentRel);
  const sections2 = dirOf === "." ? [] : dirOf.split("/");
  const written = isBundle ? basename3(dirname3(entry2.contentRel)) : basename3(entry2.contentRel, extname3(entry2.contentRel));
  const filename = opts.filenameDates ? stripDateFromName(written) : written;
  const slugFm = textOf(data.slug);
  const section3 = sections2[0] ?? "";
  const pattern = section3 ? opts.permalinks[section3] : void 0;
  const clean = (s) => hugoUrlize(s, opts.lower);
  let path;
  if (pattern) {
    const values = {
      // An undated page has Go's zero time in Hugo: its URL really was /0001/01/….
      ...datePlaceholders(input.date ? dateParts(input.date) : { year: 1, month: 1, day: 1, hour: 0, minute: 0, second: 0, epoch: -621355968e5 }),
      section: section3,
      sections: sections2.join("/"),
      title: clean(input.title),
      slug: clean(slugFm ?? input.title),
      filename: clean(filename),
      slugorfilename: clean(slugFm ?? filename),
      contentbasename: clean(filename)
    };
    path = expandPlaceholders(pattern, values);
    if (opts.lower) path = path.toLowerCase();
  } else {
    path = [...sections2.map(clean), clean(slugFm ?? filename)].filter(Boolean).join("/") + "/";
    if (opts.ugly && !isBundle) path = path.replace(/\/$/, ".html");
  }
  return { path: toSitePath(path) };
}
var CONFIG_NAMES3, LEGACY_NAMES, SPLIT_DIRS, HUGO_KEYS;
var init_hugo = __esm({
  "dist/detect/hugo.js"() {
    "use strict";
    init_walk();
    init_config_file();
    init_shared();
    init_url_path();
    CONFIG_NAMES3 = ["hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json"];
    LEGACY_NAMES = ["config.toml", "config.yaml", "config.yml", "config.json"];
    SPLIT_DIRS = ["config/_default"];
    HUGO_KEYS = [
      "author",
      "authors",
      "weight",
      "type",
      "layout",
      "menu",
      "menus",
      "keywords",
      "expiryDate",
      "publishDate",
      "headless",
      "build",
      "_build",
      "linkTitle",
      "markup",
      "outputs",
      "resources",
      "sitemap",
      "translationKey",
      "isCJKLanguage",
      "showToc",
      "TocOpen",
      "hidemeta",
      "comments",
      "disableShare",
      "hideSummary",
      "searchHidden",
      "ShowReadingTime",
      "ShowBreadCrumbs",
      "ShowPostNavLinks",
      "ShowWordCount",
      "ShowRssButtonInSectionTermList",
      "UseHugoToc",
      "disableHLJS",
      "math",
      "katex",
      "mathjax",
      "mermaid",
      "editPost",
      "images",
      "audio",
      "videos",
      "featured_image",
      "featuredImage",
      "thumbnail",
      "share",
      "readingTime",
      "toc",
      "cascade",
      "license",
      "hidden",
      "nomenu",
      "notoc",
      "disqus_identifier",
      "showDate",
      "showAuthor"
    ];
  }
});

// dist/detect/jekyll.js
import { openSync, readSync, closeSync } from "node:fs";
import { basename as basename4, dirname as dirname4, extname as extname4, join as join6, relative as relative5, sep as sep5 } from "node:path";
function hasFrontMatter(file) {
  const fd = openSync(file, "r");
  try {
    const buf = Buffer.alloc(5);
    const n3 = readSync(fd, buf, 0, 5, 0);
    return /^(\uFEFF)?---\r?\n?/.test(buf.subarray(0, n3).toString("utf8"));
  } finally {
    closeSync(fd);
  }
}
function detectJekyll(root, loose = false) {
  const name = firstExisting(root, CONFIG_NAMES4);
  if (!name && !(loose && isDir(join6(root, "_posts")))) return void 0;
  const data = name ? readDataFile(join6(root, name)).data : {};
  const warnings = [];
  const style = asString(data.permalink) ?? "date";
  const sitePermalink = JEKYLL_STYLES[style] ?? style;
  const prettyPages = style === "pretty" || sitePermalink.endsWith("/");
  const timezone = asString(data.timezone);
  const excluded = /* @__PURE__ */ new Set([...ALWAYS_EXCLUDED, ...[data.exclude].flat().filter((x) => typeof x === "string").map((x) => x.replace(/\/+$/, ""))]);
  const included = new Set([data.include].flat().filter((x) => typeof x === "string"));
  const collectionsDir = asString(data.collections_dir) ?? "";
  const defaults = readDefaults(data.defaults);
  const config = {};
  const title = asString(data.title) ?? asString(data.name);
  if (title) config.title = title;
  const url2 = asString(data.url);
  const baseurl = asString(data.baseurl) ?? "";
  if (url2 && /^https?:\/\//i.test(url2)) config.baseUrl = url2.replace(/\/+$/, "") + "/" + baseurl.replace(/^\/+|\/+$/g, "") + (baseurl.replace(/^\/+|\/+$/g, "") ? "/" : "");
  const description = asString(data.description);
  if (description) config.description = description;
  if (timezone) config.timezone = timezone;
  const lang = asString(data.lang) ?? asString(data.locale);
  if (lang && lang.length >= 2) config.lang = lang.replace("_", "-");
  const author = readAuthor(data.author);
  if (author) config.author = author;
  const siteVars = {};
  flattenVars(data, "", siteVars);
  siteVars.url = url2?.replace(/\/+$/, "") ?? "";
  siteVars.baseurl = baseurl.replace(/\/+$/, "");
  const isExcluded = (rel2) => {
    const parts = rel2.split("/");
    if (parts.some((_, i) => included.has(parts.slice(0, i + 1).join("/")))) return false;
    return parts.some((_, i) => excluded.has(parts.slice(0, i + 1).join("/")));
  };
  const skipDir = (abs) => {
    const rel2 = relative5(root, abs).split(sep5).join("/");
    const leaf = basename4(abs);
    if (leaf === "_site" || leaf === ".jekyll-cache" || leaf === ".sass-cache") return true;
    return isExcluded(rel2);
  };
  return {
    tool: "jekyll",
    name: "Jekyll",
    configFile: name ?? "_posts/",
    config,
    family: "liquid",
    staticDirs: [],
    staticFiles: [],
    permalinkLabel: sitePermalink,
    excerptSeparator: asString(data.excerpt_separator),
    taxonomies: {},
    ignoredKeys: JEKYLL_KEYS,
    dropTags: [],
    splitTermsOnSpaces: true,
    siteVars,
    warnings,
    async discover() {
      const files = await walkFiles(root, { skipDotFiles: true, skipDir });
      const out = [];
      for (const file of files) {
        const rel2 = relative5(root, file).split(sep5).join("/");
        const parts = rel2.split("/");
        const ext = extname4(file).toLowerCase();
        const postsAt = parts.indexOf("_posts");
        const draftsAt = parts.indexOf("_drafts");
        if (postsAt >= 0 || draftsAt >= 0) {
          if (![".md", ".markdown", ".html", ".htm"].includes(ext)) continue;
          const at = postsAt >= 0 ? postsAt : draftsAt;
          const before = parts.slice(0, at).filter((p, i) => !(i === 0 && collectionsDir && p === collectionsDir));
          out.push({
            file,
            rel: rel2,
            contentRel: rel2,
            role: "post",
            draft: postsAt < 0,
            categories: before,
            defaults: defaultsFor(defaults, rel2, "posts")
          });
          continue;
        }
        if (parts.some((p) => p.startsWith("_"))) continue;
        if (![".md", ".markdown"].includes(ext)) continue;
        const stem = basename4(file, extname4(file));
        if (/^(index|404|readme|license|changelog)$/i.test(stem)) continue;
        if (!hasFrontMatter(file)) continue;
        out.push({ file, rel: rel2, contentRel: rel2, role: "page", defaults: defaultsFor(defaults, rel2, "pages") });
      }
      return out;
    },
    route(input) {
      return jekyllRoute(input, { sitePermalink, prettyPages, timezone });
    }
  };
}
async function jekyllStatic(root, profile, skip) {
  const out = [];
  const files = await walkFiles(root, {
    skipDotFiles: true,
    skipDir: (abs) => skip(abs) || basename4(abs).startsWith("_") || ["_site", "node_modules", "vendor"].includes(basename4(abs))
  });
  for (const file of files) {
    const rel2 = relative5(root, file).split(sep5).join("/");
    if (rel2.split("/").some((p) => p.startsWith("_"))) continue;
    if (ALWAYS_EXCLUDED.includes(rel2) || /\.(md|markdown|gemspec)$/i.test(rel2) || rel2 === profile.configFile) continue;
    if (/\.(html?|xml|scss|sass|css|js|json|txt)$/i.test(rel2) && hasFrontMatter(file)) continue;
    out.push({ from: file, to: rel2 });
  }
  return out;
}
function readDefaults(v) {
  if (!Array.isArray(v)) return [];
  const out = [];
  for (const d of v) {
    const scope2 = asRecord(asRecord(d)?.scope) ?? {};
    const values = asRecord(asRecord(d)?.values);
    if (!values) continue;
    out.push({ path: (asString(scope2.path) ?? "").replace(/^\/+|\/+$/g, ""), type: asString(scope2.type), values });
  }
  return out;
}
function defaultsFor(list4, rel2, type) {
  let merged;
  const matching = list4.filter((d) => (!d.type || d.type === type) && (d.path === "" || rel2 === d.path || rel2.startsWith(`${d.path}/`)));
  matching.sort((a, b) => a.path.length - b.path.length || (a.type ? 1 : 0) - (b.type ? 1 : 0));
  for (const d of matching) merged = { ...merged ?? {}, ...d.values };
  return merged;
}
function jekyllRoute(input, opts) {
  const { entry: entry2, data } = input;
  const own = textOf(data.permalink) ?? textOf(entry2.defaults?.permalink);
  if (entry2.role === "page") {
    if (own) return { path: toSitePath(own, ".html") };
    const dir = dirname4(entry2.rel);
    const stem = basename4(entry2.rel, extname4(entry2.rel));
    return { path: toSitePath(`${dir === "." ? "" : dir}/${stem}${opts.prettyPages ? "/" : ".html"}`, ".html") };
  }
  const template = own ? JEKYLL_STYLES[own] ?? own : opts.sitePermalink;
  const fileSlug = stripDateFromName(basename4(entry2.rel, extname4(entry2.rel)));
  const slugFm = textOf(data.slug);
  const cats = [...new Set(input.categories.map((c) => c.toLowerCase()))];
  const values = {
    ...datePlaceholders(input.date ? dateParts(input.date, opts.timezone) : void 0),
    categories: cats.join("/"),
    title: jekyllPretty(slugFm ?? fileSlug),
    slug: jekyllDefault(slugFm ?? fileSlug),
    name: jekyllDefault(fileSlug),
    path: entry2.rel.replace(/\.[^.]+$/, ""),
    collection: "posts",
    output_ext: ".html"
  };
  const path = expandPlaceholders(template, values).replace(/\/{2,}/g, "/");
  return { path: toSitePath(path, ".html") };
}
function flattenVars(data, prefix, out, depth = 0) {
  for (const [k, v] of Object.entries(data)) {
    if (typeof v === "string" || typeof v === "number") out[prefix + k] = String(v);
    else if (depth < 3 && asRecord(v)) flattenVars(asRecord(v), `${prefix}${k}.`, out, depth + 1);
  }
}
var CONFIG_NAMES4, JEKYLL_STYLES, ALWAYS_EXCLUDED, JEKYLL_KEYS;
var init_jekyll = __esm({
  "dist/detect/jekyll.js"() {
    "use strict";
    init_walk();
    init_config_file();
    init_shared();
    init_url_path();
    CONFIG_NAMES4 = ["_config.yml", "_config.yaml", "_config.toml"];
    JEKYLL_STYLES = {
      date: "/:categories/:year/:month/:day/:title:output_ext",
      pretty: "/:categories/:year/:month/:day/:title/",
      ordinal: "/:categories/:year/:y_day/:title:output_ext",
      weekdate: "/:categories/:year/W:week/:short_day/:title:output_ext",
      none: "/:categories/:title:output_ext"
    };
    ALWAYS_EXCLUDED = ["Gemfile", "Gemfile.lock", "gemfiles", "node_modules", "vendor", "package.json", "package-lock.json", "yarn.lock", "pnpm-lock.yaml", "README.md", "README", "LICENSE", "LICENSE.md", "LICENSE.txt", "CHANGELOG.md", "Rakefile", "netlify.toml"];
    JEKYLL_KEYS = [
      "layout",
      "author",
      "authors",
      "comments",
      "share",
      "related",
      "header",
      "sidebar",
      "toc_label",
      "toc_icon",
      "toc_sticky",
      "classes",
      "author_profile",
      "read_time",
      "show_date",
      "mathjax",
      "math",
      "mermaid",
      "pin",
      "render_with_liquid",
      "last_modified_at",
      "sitemap",
      "permalink",
      "redirect_to",
      "hidden",
      "feature_image",
      "feature-img",
      "thumbnail",
      "comments_id",
      "disqus",
      "lang",
      "nav_order",
      "parent",
      "modified",
      "og_image",
      "seo",
      "twitter",
      "giscus_comments",
      "related_posts",
      "featured",
      "type",
      "excerpt_separator",
      "subtitle",
      "published"
    ];
  }
});

// dist/detect/next.js
import { readFileSync as readFileSync5 } from "node:fs";
import { join as join7, relative as relative6, sep as sep6 } from "node:path";
function detectNext(root) {
  const name = firstExisting(root, CONFIG_NAMES5);
  if (!name) return void 0;
  const contentDir = CONTENT_DIRS.find((d) => isDir(join7(root, d)));
  if (!contentDir) return void 0;
  const source = readFileSync5(join7(root, name), "utf8");
  const trailingSlash = jsBoolean(source, "trailingSlash") === true;
  const basePath = jsString(source, ["basePath"]) ?? "";
  const meta2 = ["data/siteMetadata.js", "data/siteMetadata.ts", "site.config.js", "site.config.ts", "lib/constants.ts", "lib/constants.js", "src/lib/constants.ts", "src/site.config.ts", "config/site.ts"].filter((f) => isFile(join7(root, f))).map((f) => readFileSync5(join7(root, f), "utf8")).join("\n");
  const config = {};
  const title = jsString(meta2, ["title", "SITE_NAME", "CMS_NAME", "name"]);
  if (title) config.title = title;
  const url2 = jsString(meta2, ["siteUrl", "SITE_URL", "url"]);
  if (url2 && /^https?:\/\//i.test(url2)) config.baseUrl = url2.replace(/\/+$/, "") + "/" + (basePath ? basePath.replace(/^\/+|\/+$/g, "") + "/" : "");
  const description = jsString(meta2, ["description", "SITE_DESCRIPTION"]);
  if (description) config.description = description;
  const author = jsString(meta2, ["author", "AUTHOR"]);
  if (author) config.author = { name: author };
  const lang = jsString(meta2, ["language", "locale"]);
  if (lang && lang.length >= 2) config.lang = lang;
  const contentAbs = join7(root, contentDir);
  const fallbackPrefix = contentDir.split("/").pop().replace(/^_/, "");
  const profile = {
    tool: "next",
    name: "Next.js",
    configFile: name,
    config,
    family: "mdx",
    staticDirs: [{ dir: "public", to: "" }],
    staticFiles: [],
    permalinkLabel: "",
    excerptSeparator: void 0,
    taxonomies: {},
    ignoredKeys: NEXT_KEYS,
    dropTags: [],
    splitTermsOnSpaces: false,
    siteVars: { title: title ?? "" },
    warnings: [],
    async discover() {
      const routes = await dynamicRoutes(["pages", "app", "src/pages", "src/app"].map((d) => join7(root, d)));
      const route = routeFor(routes, [contentDir, fallbackPrefix]);
      const prefix = route ? route.prefix : fallbackPrefix;
      profile.permalinkLabel = `/${prefix ? `${prefix}/` : ""}[slug]${trailingSlash ? "/" : ""}`;
      const files = await walkFiles(contentAbs, { skipDotFiles: true, include: (n3) => /\.(md|mdx|markdown)$/i.test(n3) });
      const out = [];
      for (const file of files) {
        const contentRel = relative6(contentAbs, file).split(sep6).join("/");
        out.push({ file, rel: relative6(root, file).split(sep6).join("/"), contentRel: `${prefix}\0${contentRel}`, role: "post" });
      }
      return out;
    },
    route(input) {
      const [prefix, rel2] = input.entry.contentRel.split("\0");
      const id = textOf(input.data.slug) ?? fileId(rel2, (s) => s);
      return { path: toSitePath(`/${prefix}/${id}/`.replace(/\/{2,}/g, "/")) };
    }
  };
  return profile;
}
var CONFIG_NAMES5, CONTENT_DIRS, NEXT_KEYS;
var init_next = __esm({
  "dist/detect/next.js"() {
    "use strict";
    init_walk();
    init_config_file();
    init_js_routes();
    init_shared();
    init_url_path();
    CONFIG_NAMES5 = ["next.config.js", "next.config.mjs", "next.config.ts", "next.config.cjs", "next.config.mts"];
    CONTENT_DIRS = ["_posts", "posts", "data/blog", "content/posts", "content/blog", "src/content/posts", "src/content/blog", "content", "src/posts", "blog"];
    NEXT_KEYS = ["author", "authors", "layout", "coverImage", "bibliography", "images", "ogImage", "type", "lastmod"];
  }
});

// dist/detect/zola.js
import { basename as basename5, dirname as dirname5, extname as extname5, join as join8, relative as relative7, sep as sep7 } from "node:path";
function detectZola(root) {
  const name = firstExisting(root, ["zola.toml", "config.toml"]);
  if (!name || !isDir(join8(root, "content"))) return void 0;
  const { data } = readDataFile(join8(root, name));
  if (!("base_url" in data)) return void 0;
  const extra = asRecord(data.extra);
  const slugPaths = asRecord(data.slugify)?.paths;
  const slugOn = slugPaths === void 0 || slugPaths === "on";
  const config = {};
  const title = asString(data.title);
  if (title) config.title = title;
  const baseUrl = asString(data.base_url);
  if (baseUrl && /^https?:\/\//i.test(baseUrl)) config.baseUrl = baseUrl;
  const description = asString(data.description);
  if (description) config.description = description;
  const lang = asString(data.default_language);
  if (lang && lang.length >= 2) config.lang = lang;
  const author = readAuthor(extra?.author) ?? readAuthor(data.author);
  if (author) config.author = author;
  const contentRoot = join8(root, "content");
  const clean = (s) => slugOn ? slugify(s) : s.trim();
  return {
    tool: "zola",
    name: "Zola",
    configFile: name,
    config,
    family: "zola",
    staticDirs: [{ dir: "static", to: "" }],
    staticFiles: [],
    permalinkLabel: "/:section/:slug/",
    excerptSeparator: void 0,
    taxonomies: taxonomyMap(data.taxonomies),
    ignoredKeys: ZOLA_KEYS,
    dropTags: [],
    splitTermsOnSpaces: false,
    siteVars: { title: title ?? "", base_url: baseUrl ?? "", description: description ?? "" },
    warnings: [],
    async discover() {
      const files = await walkFiles(contentRoot, { skipDotFiles: true, include: (n3) => /\.md$/i.test(n3) });
      const out = [];
      for (const file of files) {
        const contentRel = relative7(contentRoot, file).split(sep7).join("/");
        if (basename5(file) === "_index.md") continue;
        out.push({ file, rel: relative7(root, file).split(sep7).join("/"), contentRel, role: contentRel.includes("/") && !/^[^/]+\/index\.md$/.test(contentRel) ? "post" : "page" });
      }
      return out;
    },
    route(input) {
      const { entry: entry2, data: fm } = input;
      if (fm.render === false) return { skip: "render = false" };
      const path = textOf(fm.path);
      if (path) return { path: toSitePath(`/${path}/`.replace(/\/{2,}/g, "/")) };
      const isBundle = basename5(entry2.contentRel) === "index.md";
      const dir = isBundle ? dirname5(dirname5(entry2.contentRel)) : dirname5(entry2.contentRel);
      const stem = isBundle ? basename5(dirname5(entry2.contentRel)) : basename5(entry2.contentRel, extname5(entry2.contentRel));
      const slug = textOf(fm.slug) ?? stripDateFromName(stem);
      const sections2 = dir === "." ? [] : dir.split("/").map(clean);
      return { path: toSitePath(`${[...sections2, clean(slug)].join("/")}/`) };
    }
  };
}
var ZOLA_KEYS;
var init_zola = __esm({
  "dist/detect/zola.js"() {
    "use strict";
    init_slug();
    init_walk();
    init_config_file();
    init_shared();
    init_url_path();
    ZOLA_KEYS = ["weight", "template", "in_search_index", "render", "authors", "extra", "taxonomies", "path", "aliases", "insert_anchor_links", "sort_by", "paginate_by", "transparent", "page_template"];
  }
});

// dist/detect/detect.js
function detectForeignSite(root) {
  for (const detect of [detectHugo, detectZola, detectJekyll, detectAstro, detectEleventy, detectNext, (r) => detectJekyll(r, true)]) {
    const profile = detect(root);
    if (profile) return profile;
  }
  return void 0;
}
var init_detect = __esm({
  "dist/detect/detect.js"() {
    "use strict";
    init_astro();
    init_eleventy();
    init_hugo();
    init_jekyll();
    init_next();
    init_zola();
  }
});

// dist/detect/static-files.js
import { join as join9, relative as relative8, sep as sep8 } from "node:path";
function globToRegExp(glob) {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*" && glob[i + 1] === "*") {
      re += glob[i + 2] === "/" ? "(?:.*/)?" : ".*";
      i += glob[i + 2] === "/" ? 2 : 1;
    } else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else if (c === "{") {
      const end = glob.indexOf("}", i);
      re += `(?:${glob.slice(i + 1, end).split(",").map((s) => s.replace(/[.+^$()|[\]\\]/g, "\\$&")).join("|")})`;
      i = end;
    } else re += c.replace(/[.+^$()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}
async function listForeignStatic(root, profile, skip) {
  const out = [];
  if (profile.tool === "jekyll") out.push(...await jekyllStatic(root, profile, skip));
  const add = async (dir, to) => {
    for (const f of await walkFiles(dir, { skipDotFiles: true, skipDir: skip })) {
      out.push({ from: f, to: [to, relative8(dir, f).split(sep8).join("/")].filter(Boolean).join("/") });
    }
  };
  for (const d of profile.staticDirs) await add(join9(root, d.dir), d.to);
  for (const f of profile.staticFiles) {
    if (f.from.startsWith("glob:")) {
      const re = globToRegExp(f.from.slice(5).replace(/^\.\//, ""));
      for (const file of await walkFiles(root, { skipDotFiles: true, skipDir: skip })) {
        const rel2 = relative8(root, file).split(sep8).join("/");
        if (re.test(rel2)) out.push({ from: file, to: f.to ? `${f.to.replace(/\/+$/, "")}/${rel2.split("/").pop()}` : rel2 });
      }
    } else if (isDir(f.from)) await add(f.from, f.to);
    else if (isFile(f.from)) out.push({ from: f.from, to: f.to });
  }
  const byPath = new Map(out.map((f) => [f.to, f]));
  return [...byPath.values()].sort((a, b) => a.to < b.to ? -1 : 1);
}
var init_static_files = __esm({
  "dist/detect/static-files.js"() {
    "use strict";
    init_walk();
    init_config_file();
    init_jekyll();
  }
});

// dist/detect/index.js
var init_detect2 = __esm({
  "dist/detect/index.js"() {
    "use strict";
    init_profile();
    init_detect();
    init_static_files();
    init_url_path();
  }
});

// dist/config/foreign.js
function foreignConfigInput(profile, warnings) {
  const out = {};
  const shape = configSchema.shape;
  for (const [key, value] of Object.entries(profile.config)) {
    const field2 = shape[key];
    const ok = field2?.safeParse(value).success && (key !== "timezone" || isValidTimeZone(String(value)));
    if (ok) out[key] = value;
    else {
      warnings.push({
        code: "CB2101",
        message: `${profile.name}'s ${key} value ${JSON.stringify(value)} cannot be used; Casebook's default applies.`,
        location: { file: `${profile.configFile}` }
      });
    }
  }
  return out;
}
var init_foreign = __esm({
  "dist/config/foreign.js"() {
    "use strict";
    init_dates();
    init_schema();
  }
});

// dist/util/suggest.js
function distance(a, b) {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}
function closest(word, candidates2) {
  const w = word.toLowerCase();
  let best;
  let bestScore = Infinity;
  for (const c of candidates2) {
    const d = distance(w, c.toLowerCase());
    if (d < bestScore) {
      bestScore = d;
      best = c;
    }
  }
  return best !== void 0 && bestScore <= Math.max(2, Math.floor(word.length / 3)) ? best : void 0;
}
var init_suggest = __esm({
  "dist/util/suggest.js"() {
    "use strict";
  }
});

// dist/util/zod-sentence.js
function describeValue(v) {
  if (v === void 0) return "missing";
  if (v === null) return "empty (null)";
  if (typeof v === "string") return `the text "${v.length > 40 ? v.slice(0, 37) + "..." : v}"`;
  if (typeof v === "number") return `the number ${v}`;
  if (typeof v === "boolean") return `${v}`;
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (v instanceof Date) return "a date";
  return "a map";
}
function valueAt(root, path) {
  let cur = root;
  for (const p of path) {
    if (cur === null || typeof cur !== "object") return void 0;
    cur = cur[p];
  }
  return cur;
}
function pathLabel(path) {
  let s = "";
  for (const p of path) s += typeof p === "number" ? `[${p + 1}]` : s ? `.${String(p)}` : String(p);
  return s || "value";
}
function issueToSentence(issue, input) {
  const where = `\`${pathLabel(issue.path)}\``;
  const actual = describeValue(valueAt(input, issue.path));
  switch (issue.code) {
    case "invalid_type":
      return `${where} must be ${EXPECTED[issue.expected] ?? issue.expected}, but it is ${actual}.`;
    case "too_small":
      if (issue.origin === "string") return `${where} must not be empty.`;
      if (issue.origin === "array") return `${where} needs at least ${issue.minimum} item(s).`;
      return `${where} must be at least ${issue.minimum}, but it is ${actual}.`;
    case "too_big":
      return `${where} must be at most ${issue.maximum}, but it is ${actual}.`;
    case "invalid_value":
      return `${where} must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}, but it is ${actual}.`;
    case "invalid_format":
      if (issue.format === "regex") return `${where} must be ${issue.message}, but it is ${actual}.`;
      return `${where} must be a valid ${issue.format === "url" ? "absolute URL (https://\u2026)" : issue.format}, but it is ${actual}.`;
    case "unrecognized_keys":
      return `${where} has unknown field(s): ${issue.keys.join(", ")}.`;
    case "invalid_union":
      return `${where} has an unexpected shape: it is ${actual}.`;
    default:
      return `${where} is invalid: ${issue.message}.`;
  }
}
var EXPECTED;
var init_zod_sentence = __esm({
  "dist/util/zod-sentence.js"() {
    "use strict";
    EXPECTED = {
      string: "text",
      number: "a number",
      boolean: "true or false",
      array: "a list",
      object: "a map of fields",
      int: "a whole number"
    };
  }
});

// dist/theming/bundle-module.js
import { existsSync as existsSync2, readFileSync as readFileSync6 } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
function publicModule() {
  for (const ext of ["js", "ts"]) {
    const file = fileURLToPath(new URL(`../public.${ext}`, import.meta.url));
    if (existsSync2(file)) return file;
  }
  throw new Error("casebook public module not found");
}
async function importSiteModule(file, codes) {
  const { build: build2 } = await import("esbuild");
  let text5;
  try {
    const result = await build2({
      entryPoints: [file],
      bundle: true,
      write: false,
      format: "esm",
      platform: "node",
      target: "node20",
      logLevel: "silent",
      alias: { casebook: publicModule(), "casebook/config": publicModule() }
    });
    text5 = result.outputFiles[0].text;
  } catch (e) {
    const err = e;
    const first = err.errors?.[0];
    if (first) {
      throw new CasebookError(codes.syntax, first.text, {
        file: first.location?.file ? resolve(first.location.file) : file,
        ...first.location ? { line: first.location.line, column: first.location.column + 1 } : {},
        ...first.location ? { source: readFileSync6(resolve(first.location.file), "utf8") } : {}
      });
    }
    throw new CasebookError(codes.syntax, err.message, { file });
  }
  try {
    return await import(`data:text/javascript;base64,${Buffer.from(text5).toString("base64")}`);
  } catch (e) {
    throw new CasebookError(codes.run, `Loading the file threw: ${e.message}`, { file });
  }
}
var init_bundle_module = __esm({
  "dist/theming/bundle-module.js"() {
    "use strict";
    init_errors();
  }
});

// dist/config/load.js
import { existsSync as existsSync3, readFileSync as readFileSync7, statSync as statSync2 } from "node:fs";
import { join as join10, resolve as resolve2 } from "node:path";
import { parseDocument as parseDocument3 } from "yaml";
async function loadConfig(siteDir, overrides = {}) {
  const root = resolve2(siteDir);
  if (!existsSync3(root) || !statSync2(root).isDirectory()) {
    throw new CasebookError("CB2006", `The site folder ${root} does not exist.`, { file: root });
  }
  const found = CONFIG_NAMES6.filter((n3) => existsSync3(join10(root, n3)));
  if (found.length > 1) {
    throw new CasebookError("CB2007", `Found ${found.join(" and ")}; Casebook reads only one.`, { file: join10(root, found[1]) });
  }
  const file = found[0] ? join10(root, found[0]) : void 0;
  let data = {};
  let source;
  if (file) {
    if (/\.(ya?ml|json)$/.test(file)) {
      source = readFileSync7(file, "utf8");
      data = file.endsWith(".json") ? parseJsonConfig(source, file) : parseYamlConfig(source, file);
    } else {
      data = await importModuleConfig(file);
    }
  }
  if (data === null || data === void 0) data = {};
  if (typeof data !== "object" || Array.isArray(data)) {
    throw new CasebookError("CB2003", "The config must be a map of keys to values.", { file: file ?? root });
  }
  const warnings = [];
  const foreign = detectForeignSite(root);
  if (foreign) warnings.push(...foreign.warnings.splice(0));
  const input = { ...foreign ? foreignConfigInput(foreign, warnings) : {}, ...data };
  if (overrides.baseUrl !== void 0) input.baseUrl = overrides.baseUrl;
  const loc = (key) => {
    const l = { file: file ?? root };
    if (source) {
      const pos = findKeyLine(source, key);
      if (pos) Object.assign(l, pos, { source });
    }
    return l;
  };
  for (const key of Object.keys(input)) {
    if (!CONFIG_KEYS.includes(key)) {
      const near = closest(key, CONFIG_KEYS);
      throw new CasebookError(
        "CB2002",
        `"${key}" is not a config key.${near ? ` Did you mean "${near}"?` : ""}`,
        loc(key),
        near ? `Rename "${key}" to "${near}".` : void 0
      );
    }
  }
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const top = String(issue.path[0] ?? "");
    if (issue.code === "unrecognized_keys") {
      const keys = issue.keys;
      throw new CasebookError("CB2002", `${issue.path.join(".") || "config"} has an unknown key "${keys[0]}".`, loc(keys[0] ?? top));
    }
    throw new CasebookError("CB2003", issueToSentence(issue, input), file ? configLocation(file, issue.path) : loc(top));
  }
  const config = parsed.data;
  if (!isValidTimeZone(config.timezone)) {
    throw new CasebookError("CB2004", `"${config.timezone}" is not a time zone this machine knows.`, loc("timezone"));
  }
  if (!config.baseUrl.endsWith("/")) config.baseUrl += "/";
  if (foreign) {
    for (const w of warnings) if (w.location && !w.location.file.startsWith("/")) w.location.file = join10(root, w.location.file);
  }
  return { config, root, ...file ? { file } : {}, baseUrlSet: input.baseUrl !== void 0, ...foreign ? { foreign } : {}, warnings };
}
function configLocation(file, path) {
  if (!/\.(ya?ml|json)$/.test(file)) return { file };
  const source = readFileSync7(file, "utf8");
  const pos = yamlPathPosition(source, path);
  return pos ? { file, ...pos, source } : { file, source };
}
function parseYamlConfig(source, file) {
  const doc = parseDocument3(source, { prettyErrors: false });
  const err = doc.errors[0];
  if (err) {
    throw new CasebookError("CB2001", err.message.split("\n")[0], { file, ...offsetToLineColumn(source, err.pos[0]), source });
  }
  return doc.toJS();
}
function parseJsonConfig(source, file) {
  try {
    return JSON.parse(source);
  } catch (e) {
    const pos = jsonErrorPosition(source, e);
    throw new CasebookError("CB2001", e.message, { file, ...pos, source });
  }
}
async function importModuleConfig(file) {
  return (await importSiteModule(file, { syntax: "CB2001", run: "CB2005" })).default;
}
var CONFIG_NAMES6;
var init_load = __esm({
  "dist/config/load.js"() {
    "use strict";
    init_errors();
    init_detect2();
    init_foreign();
    init_dates();
    init_suggest();
    init_source_position();
    init_schema();
    init_zod_sentence();
    init_bundle_module();
    CONFIG_NAMES6 = [
      "casebook.config.ts",
      "casebook.config.mts",
      "casebook.config.js",
      "casebook.config.mjs",
      "casebook.config.json",
      "casebook.config.yaml",
      "casebook.config.yml"
    ];
  }
});

// dist/config/define.js
function defineConfig(config) {
  return config;
}
var init_define = __esm({
  "dist/config/define.js"() {
    "use strict";
  }
});

// dist/config/index.js
var config_exports = {};
__export(config_exports, {
  CONFIG_KEYS: () => CONFIG_KEYS,
  CONFIG_NAMES: () => CONFIG_NAMES6,
  DEFAULT_CASE_STUDY_SECTIONS: () => DEFAULT_CASE_STUDY_SECTIONS,
  configLocation: () => configLocation,
  configSchema: () => configSchema,
  defineConfig: () => defineConfig,
  loadConfig: () => loadConfig
});
var init_config = __esm({
  "dist/config/index.js"() {
    "use strict";
    init_schema();
    init_load();
    init_define();
  }
});

// dist/content/discover.js
import { relative as relative9, sep as sep9 } from "node:path";
async function discoverContent(contentDir) {
  const files = await walkFiles(contentDir, {
    skipDotFiles: true,
    include: (name) => MARKDOWN_EXTENSIONS.some((x) => name.toLowerCase().endsWith(x))
  });
  return files.map((file) => ({ file, rel: relative9(contentDir, file).split(sep9).join("/") })).sort((a, b) => a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0);
}
var MARKDOWN_EXTENSIONS;
var init_discover = __esm({
  "dist/content/discover.js"() {
    "use strict";
    init_walk();
    MARKDOWN_EXTENSIONS = [".md", ".markdown"];
  }
});

// dist/content/front-matter.js
import { parseDocument as parseDocument4, isMap, isScalar } from "yaml";
import { parse as parseToml2, TomlError as TomlError2 } from "smol-toml";
function closingLine(lines, delimiter) {
  for (let i = 1; i < lines.length; i++) if (delimiter.test(lines[i])) return i;
  return -1;
}
function jsonObjectEnd(text5) {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text5.length; i++) {
    const c = text5[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return i + 1;
  }
  return -1;
}
function splitFrontMatter(source, file, warnings) {
  const lines = source.split("\n");
  const first = lines[0]?.trimEnd();
  if (first === "---" || first === "+++") {
    const isYaml = first === "---";
    const end = closingLine(lines, isYaml ? /^(---|\.\.\.)\s*$/ : /^\+\+\+\s*$/);
    if (end < 0) {
      throw new CasebookError("CB1004", `The front matter opened on line 1 with ${first} is never closed.`, {
        file,
        line: 1,
        column: 1,
        source
      });
    }
    const raw2 = lines.slice(1, end).join("\n");
    const data = isYaml ? parseYaml(raw2, file, source, warnings) : parseTomlText(raw2, file, source);
    return { format: isYaml ? "yaml" : "toml", data, raw: raw2, rawLine: 2, body: lines.slice(end + 1).join("\n"), bodyLine: end + 2 };
  }
  if (first?.startsWith("{")) {
    const endIdx = jsonObjectEnd(source);
    if (endIdx < 0) {
      throw new CasebookError("CB1004", "The JSON front matter that opens on line 1 is never closed with }.", { file, line: 1, column: 1, source });
    }
    const raw2 = source.slice(0, endIdx);
    let data;
    try {
      data = JSON.parse(raw2);
    } catch (e) {
      const pos = jsonErrorPosition(raw2, e);
      throw new CasebookError("CB1003", cleanJsonMessage(e.message), { file, ...pos, source });
    }
    const rest = source.slice(endIdx);
    const bodyLine = raw2.split("\n").length + (rest.startsWith("\n") ? 1 : 0);
    return { format: "json", data: asMap(data, file, source, 1), raw: raw2, rawLine: 1, body: rest.replace(/^[^\S\n]*\n/, ""), bodyLine };
  }
  return { format: "none", data: {}, raw: "", rawLine: 1, body: source, bodyLine: 1 };
}
function cleanJsonMessage(msg) {
  return msg.replace(/\s*in JSON at position \d+.*$/, "").replace(/^JSON\.parse: /, "");
}
function asMap(data, file, source, line) {
  if (data === null || data === void 0) return {};
  if (typeof data !== "object" || Array.isArray(data)) {
    throw new CasebookError("CB1005", `The front matter is ${Array.isArray(data) ? "a list" : "a single value"}, not a set of fields.`, {
      file,
      line,
      column: 1,
      source
    });
  }
  return data;
}
function parseYaml(raw2, file, source, warnings) {
  const doc = parseDocument4(raw2, { uniqueKeys: false, prettyErrors: false, strict: false });
  const err = doc.errors[0];
  if (err) {
    const pos = offsetToLineColumn(raw2, err.pos[0]);
    throw new CasebookError("CB1001", err.message.split("\n")[0].replace(/ at line \d+, column \d+.*$/, ""), {
      file,
      line: pos.line + 1,
      column: pos.column,
      source
    });
  }
  if (isMap(doc.contents)) {
    const seen = /* @__PURE__ */ new Set();
    for (const item of doc.contents.items) {
      const key = isScalar(item.key) ? String(item.key.value) : void 0;
      if (key === void 0) continue;
      if (seen.has(key)) {
        const line = item.key && isScalar(item.key) && item.key.range ? raw2.slice(0, item.key.range[0]).split("\n").length + 1 : void 0;
        warnings.push({ code: "CB1103", message: `"${key}" appears more than once; the last value is used.`, location: { file, ...line ? { line } : {} } });
      }
      seen.add(key);
    }
  }
  return asMap(doc.toJS({ maxAliasCount: 100 }), file, source, 2);
}
function parseTomlText(raw2, file, source) {
  try {
    return asMap(parseToml2(raw2), file, source, 2);
  } catch (e) {
    if (e instanceof TomlError2) {
      const message = e.message.split("\n")[0].replace(/^Invalid TOML document: /, "");
      throw new CasebookError("CB1002", message, { file, line: e.line + 1, column: e.column, source });
    }
    throw e;
  }
}
var init_front_matter = __esm({
  "dist/content/front-matter.js"() {
    "use strict";
    init_errors();
    init_source_position();
  }
});

// dist/content/schema.js
import { z as z3 } from "zod";
var POST_KINDS, text, textList, when, decision, outcome, timelineEntry, frontMatterSchema, FRONT_MATTER_KEYS;
var init_schema2 = __esm({
  "dist/content/schema.js"() {
    "use strict";
    POST_KINDS = ["article", "case-study", "retrospective", "postmortem", "page"];
    text = z3.preprocess((v) => typeof v === "number" || typeof v === "boolean" ? String(v) : v, z3.string());
    textList = z3.preprocess((v) => {
      if (typeof v === "string") return v.split(",").map((s) => s.trim()).filter(Boolean);
      if (Array.isArray(v)) return v.map((x) => typeof x === "number" ? String(x) : x);
      return v;
    }, z3.array(z3.string().min(1)));
    when = z3.preprocess((v) => v instanceof Date ? v.toISOString() : v, z3.string().min(1));
    decision = z3.object({ decision: text, alternatives: textList.default([]), why: text.optional() }).strict();
    outcome = z3.object({
      metric: text,
      before: z3.number(),
      after: z3.number(),
      unit: text.optional(),
      better: z3.enum(["lower", "higher"])
    }).strict();
    timelineEntry = z3.object({ at: when, event: text }).strict();
    frontMatterSchema = z3.object({
      title: text.pipe(z3.string().min(1)).optional(),
      date: z3.unknown().optional(),
      updated: z3.unknown().optional(),
      description: text.optional(),
      tags: textList.default([]),
      categories: textList.default([]),
      series: text.pipe(z3.string().min(1)).optional(),
      seriesPart: z3.number().int().min(1).optional(),
      draft: z3.boolean().default(false),
      slug: text.optional(),
      aliases: textList.default([]),
      featured: z3.boolean().default(false),
      image: text.optional(),
      imageAlt: text.optional(),
      canonical: text.optional(),
      kind: z3.enum(POST_KINDS).optional(),
      toc: z3.boolean().default(true),
      lang: text.optional(),
      // Case studies, retrospectives and postmortems.
      role: text.optional(),
      period: text.optional(),
      stack: textList.optional(),
      context: text.optional(),
      problem: text.optional(),
      constraints: textList.optional(),
      decisions: z3.array(decision).optional(),
      tradeoffs: textList.optional(),
      outcomes: z3.array(outcome).optional(),
      lessons: textList.optional(),
      severity: text.optional(),
      impact: text.optional(),
      detection: text.optional(),
      timeline: z3.array(timelineEntry).optional(),
      rootCause: text.optional(),
      actionItems: textList.optional()
    }).strict();
    FRONT_MATTER_KEYS = Object.keys(frontMatterSchema.shape);
  }
});

// dist/content/aliases.js
function applyAliases(data) {
  const out = {};
  const origin = {};
  const put = (canonical, key, value) => {
    if (canonical in out) return { key, other: origin[canonical] };
    out[canonical] = value;
    origin[canonical] = key;
    return void 0;
  };
  for (const [key, value] of Object.entries(data)) {
    let conflict;
    if (key === "published") {
      conflict = typeof value === "boolean" ? put("draft", key, !value) : put("date", key, value);
    } else {
      conflict = put(FIELD_ALIASES[key] ?? key, key, value);
    }
    if (conflict) return { data: out, conflict };
  }
  return { data: out };
}
var FIELD_ALIASES;
var init_aliases = __esm({
  "dist/content/aliases.js"() {
    "use strict";
    FIELD_ALIASES = {
      pubDate: "date",
      pubDatetime: "date",
      lastmod: "updated",
      updatedDate: "updated",
      modDatetime: "updated",
      summary: "description",
      excerpt: "description",
      subtitle: "description",
      canonicalURL: "canonical",
      canonicalUrl: "canonical",
      canonical_url: "canonical",
      cover: "image",
      heroImage: "image",
      ogImage: "image",
      category: "categories"
    };
  }
});

// dist/content/post.js
var init_post = __esm({
  "dist/content/post.js"() {
    "use strict";
  }
});

// dist/content/post-fields.js
import { createHash } from "node:crypto";
function sourceDigest(rel2, source) {
  return createHash("sha1").update(rel2).update("\0").update(source).digest("hex");
}
function caseStudyFields(fm) {
  const caseStudy = {};
  for (const key of CASE_STUDY_KEYS) {
    if (fm[key] !== void 0) caseStudy[key] = fm[key];
  }
  return caseStudy;
}
function dedupe(list4) {
  const seen = /* @__PURE__ */ new Set();
  return list4.filter((x) => {
    const k = x.toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
function titleFromHeading(body2) {
  const h1 = /^[ \t]{0,3}#[ \t]+(.+?)[ \t#]*$/m.exec(body2);
  if (!h1 || body2.slice(0, h1.index).trim() !== "") return void 0;
  return { title: h1[1], body: body2.slice(0, h1.index) + body2.slice(h1.index + h1[0].length) };
}
var CASE_STUDY_KEYS;
var init_post_fields = __esm({
  "dist/content/post-fields.js"() {
    "use strict";
    CASE_STUDY_KEYS = [
      "role",
      "period",
      "stack",
      "context",
      "problem",
      "constraints",
      "decisions",
      "tradeoffs",
      "outcomes",
      "lessons",
      "severity",
      "impact",
      "detection",
      "timeline",
      "rootCause",
      "actionItems"
    ];
  }
});

// dist/content/read-post.js
import { readFileSync as readFileSync8, statSync as statSync3 } from "node:fs";
import { basename as basename6, dirname as dirname6, extname as extname6 } from "node:path";
function readPost(entry2, opts, warnings) {
  return parsePostSource(entry2, readSourceText(entry2), opts, warnings);
}
function readSourceText(entry2) {
  let bytes;
  try {
    const size = statSync3(entry2.file).size;
    if (size > MAX_FILE_BYTES) {
      throw new CasebookError("CB1032", `The file is ${(size / 1024 / 1024).toFixed(1)} MB; the limit is ${MAX_FILE_BYTES / 1024 / 1024} MB.`, { file: entry2.file });
    }
    bytes = readFileSync8(entry2.file);
  } catch (e) {
    if (e instanceof CasebookError) throw e;
    const code = e.code;
    const why = code === "ELOOP" ? "it is a symbolic link that loops back on itself" : code === "ENOENT" ? "it is a symbolic link to a file that does not exist" : code === "EACCES" || code === "EPERM" ? "there is no permission to read it" : code === "EISDIR" ? "it is a folder" : e.message;
    throw new CasebookError("CB1033", `The file cannot be read: ${why}.`, { file: entry2.file });
  }
  let source;
  try {
    source = utf8.decode(bytes);
  } catch {
    throw new CasebookError("CB1031", "The file contains bytes that are not UTF-8 text.", { file: entry2.file });
  }
  if (source.includes("\0")) {
    throw new CasebookError("CB1031", "The file contains NUL bytes: it looks like a binary file with a Markdown name.", { file: entry2.file });
  }
  source = source.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  return source;
}
function parsePostSource(entry2, source, opts, warnings) {
  const { file } = entry2;
  const split = splitFrontMatter(source, file, warnings);
  const keyLine = (key) => findKeyLine(split.raw, key, split.rawLine)?.line;
  const at = (key) => {
    const pos = findKeyLine(split.raw, key, split.rawLine);
    return pos ? { file, ...pos, source } : { file, line: 1, column: 1, source };
  };
  for (const key of Object.keys(split.data)) {
    if (!KNOWN_NAMES.includes(key)) {
      const near = closest(key, KNOWN_NAMES);
      throw new CasebookError(
        "CB1010",
        `"${key}" is not a front matter field Casebook knows.${near ? ` Did you mean "${near}"?` : ""}`,
        at(key),
        near ? `Rename "${key}" to "${near}", or remove it.` : void 0
      );
    }
  }
  const aliased = applyAliases(split.data);
  if (aliased.conflict) {
    const { key, other } = aliased.conflict;
    throw new CasebookError("CB1013", `"${key}" and "${other}" both set the same field.`, at(key));
  }
  const parsed = frontMatterSchema.safeParse(aliased.data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const top = String(issue.path[0] ?? "");
    const written = Object.keys(split.data).find((k) => (FIELD_ALIASES[k] ?? k) === top) ?? top;
    const nested = split.format === "yaml" || split.format === "json" ? yamlPathPosition(split.raw, [written, ...issue.path.slice(1)]) : void 0;
    const where = nested ? { file, line: nested.line + split.rawLine - 1, column: nested.column, source } : at(written);
    throw new CasebookError("CB1011", issueToSentence(issue, aliased.data).replace(`\`${top}`, `\`${written}`), where);
  }
  const fm = parsed.data;
  const readDate = (key) => {
    const value = fm[key];
    if (value === void 0 || value === null || value === "") return void 0;
    const result = parseDate(value, opts.timezone);
    if (!result.ok) {
      const written = Object.keys(split.data).find((k) => (FIELD_ALIASES[k] ?? (k === "published" ? "date" : k)) === key) ?? key;
      throw new CasebookError("CB1012", `\`${written}\`: ${result.reason}.`, at(written));
    }
    return result.date;
  };
  const isIndex = /^(index|_index)$/i.test(basename6(file, extname6(file)));
  const stem = isIndex ? basename6(dirname6(file)) : basename6(file, extname6(file));
  const fromName = stripDatePrefix(stem);
  let date = readDate("date");
  if (!date && fromName.date) {
    const r = parseDate(fromName.date, opts.timezone);
    if (!r.ok) throw new CasebookError("CB1012", `The file name starts with ${fromName.date}: ${r.reason}.`, { file });
    date = r.date;
  }
  const updated = readDate("updated");
  let body2 = split.body;
  let title = fm.title;
  if (!title) {
    const heading = titleFromHeading(body2);
    if (heading) {
      ({ title, body: body2 } = heading);
    } else {
      title = fromName.name.replace(/[-_]+/g, " ").replace(/^\w/, (c) => c.toUpperCase()) || "Untitled";
      warnings.push({ code: "CB1101", message: `No title; using "${title}" from the file name.`, location: { file } });
    }
  }
  let slug;
  if (fm.slug !== void 0) {
    slug = fm.slug.trim();
    if (!/^[\p{L}\p{N}_.~-]+$/u.test(slug) || /^\.+$/.test(slug)) {
      throw new CasebookError("CB1021", `The slug "${fm.slug}" cannot be used in a URL.`, at("slug"));
    }
  } else {
    slug = slugify(fromName.name);
    if (!slug) throw new CasebookError("CB1021", `The file name "${stem}" gives an empty slug.`, { file }, "Rename the file or add a `slug` field.");
  }
  const caseStudy = caseStudyFields(fm);
  return {
    file,
    rel: entry2.rel,
    source,
    digest: sourceDigest(entry2.rel, source),
    keyLine,
    kind: fm.kind ?? (/^case-studies\//.test(entry2.rel) ? "case-study" : /^pages\//.test(entry2.rel) ? "page" : "article"),
    title,
    slug,
    date,
    updated,
    description: fm.description?.trim() || void 0,
    tags: dedupe(fm.tags),
    categories: dedupe(fm.categories),
    series: fm.series ? { name: fm.series, part: fm.seriesPart } : void 0,
    draft: fm.draft,
    featured: fm.featured,
    aliases: fm.aliases,
    image: fm.image,
    imageAlt: fm.imageAlt,
    canonical: fm.canonical,
    toc: fm.toc,
    lang: fm.lang,
    caseStudy,
    body: body2,
    bodyLine: split.bodyLine,
    bundle: isIndex
  };
}
var utf8, KNOWN_NAMES, MAX_FILE_BYTES;
var init_read_post = __esm({
  "dist/content/read-post.js"() {
    "use strict";
    init_errors();
    init_dates();
    init_slug();
    init_suggest();
    init_source_position();
    init_zod_sentence();
    init_aliases();
    init_front_matter();
    init_schema2();
    init_post_fields();
    utf8 = new TextDecoder("utf-8", { fatal: true });
    KNOWN_NAMES = [...FRONT_MATTER_KEYS, ...Object.keys(FIELD_ALIASES), "published"];
    MAX_FILE_BYTES = 5 * 1024 * 1024;
  }
});

// dist/content/index.js
var init_content = __esm({
  "dist/content/index.js"() {
    "use strict";
    init_discover();
    init_front_matter();
    init_schema2();
    init_aliases();
    init_post();
    init_read_post();
  }
});

// dist/output/sink.js
function fileForPath(path) {
  return path === "" || path.endsWith("/") ? `${path}index.html` : path;
}
var init_sink = __esm({
  "dist/output/sink.js"() {
    "use strict";
  }
});

// dist/output/memory-sink.js
import { readFile } from "node:fs/promises";
var MemorySink;
var init_memory_sink = __esm({
  "dist/output/memory-sink.js"() {
    "use strict";
    MemorySink = class {
      files = /* @__PURE__ */ new Map();
      committed = false;
      async write(path, data) {
        this.files.set(path, data);
      }
      async copy(path, fromFile) {
        this.files.set(path, await readFile(fromFile));
      }
      async link(path, fromFile) {
        await this.copy(path, fromFile);
      }
      async commit() {
        this.committed = true;
      }
      async abort() {
        this.files.clear();
      }
      text(path) {
        const v = this.files.get(path);
        return v === void 0 ? void 0 : typeof v === "string" ? v : Buffer.from(v).toString("utf8");
      }
    };
  }
});

// dist/output/disk-sink.js
import { spawn } from "node:child_process";
import { copyFileSync, linkSync, mkdirSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { mkdir, readdir as readdir2, rename, rm, stat } from "node:fs/promises";
import { basename as basename7, dirname as dirname7, join as join11 } from "node:path";
async function exists(p) {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}
function removeInBackground(dir) {
  if (process.platform === "win32" || process.env.CASEBOOK_SYNC_CLEANUP) {
    rmSync(dir, { recursive: true, force: true });
    return;
  }
  try {
    spawn("rm", ["-rf", "--", dir], { detached: true, stdio: "ignore" }).on("error", () => rmSync(dir, { recursive: true, force: true })).unref();
  } catch {
    rmSync(dir, { recursive: true, force: true });
  }
}
var TMP, OLD, DiskSink;
var init_disk_sink = __esm({
  "dist/output/disk-sink.js"() {
    "use strict";
    TMP = ".casebook-tmp-";
    OLD = ".casebook-old-";
    DiskSink = class _DiskSink {
      constructor(outDir) {
        this.outDir = outDir;
        this.tmp = join11(dirname7(outDir), `${basename7(outDir)}${TMP}${process.pid}-${Date.now()}`);
      }
      outDir;
      tmp;
      dirs = /* @__PURE__ */ new Set();
      /** Files linked to the previous build's: writing through one would change the old output too. */
      linked = /* @__PURE__ */ new Set();
      static async open(outDir) {
        const sink = new _DiskSink(outDir);
        await sink.recover();
        await mkdir(sink.tmp, { recursive: true });
        sink.dirs.add(sink.tmp);
        return sink;
      }
      /** Cleans what an interrupted earlier build left behind. */
      async recover() {
        const parent = dirname7(this.outDir);
        const name = basename7(this.outDir);
        let entries = [];
        try {
          entries = await readdir2(parent);
        } catch {
          return;
        }
        const olds = entries.filter((e) => e.startsWith(name + OLD)).sort();
        if (!await exists(this.outDir) && olds.length) {
          await rename(join11(parent, olds.pop()), this.outDir);
        }
        for (const e of entries) {
          if (e.startsWith(name + TMP) || olds.includes(e)) {
            await rm(join11(parent, e), { recursive: true, force: true }).catch(() => void 0);
          }
        }
      }
      ensureDir(file) {
        const dir = dirname7(file);
        if (this.dirs.has(dir)) return;
        mkdirSync(dir, { recursive: true });
        this.dirs.add(dir);
      }
      // Synchronous writes: pages are a few KB each, and the promise API's per-file handle
      // round trips through the thread pool cost more than the writes themselves (measured 3.4x).
      async write(path, data) {
        const file = this.target(path);
        writeFileSync(file, data);
      }
      async copy(path, fromFile) {
        const file = this.target(path);
        copyFileSync(fromFile, file);
      }
      /** The file to write `path` to, never one that shares its inode with the previous output. */
      target(path) {
        const file = join11(this.tmp, path);
        this.ensureDir(file);
        if (this.linked.delete(file)) unlinkSync(file);
        return file;
      }
      /**
       * Unchanged files of the previous build become hard links in the new one: no bytes are written,
       * and the old folder's removal after the swap leaves them intact. Across file systems, a copy.
       */
      async link(path, fromFile) {
        const file = this.target(path);
        try {
          linkSync(fromFile, file);
          this.linked.add(file);
        } catch {
          copyFileSync(fromFile, file);
        }
      }
      async commit() {
        const old = `${this.outDir}${OLD}${process.pid}-${Date.now()}`;
        const hadOutput = await exists(this.outDir);
        if (hadOutput) await rename(this.outDir, old);
        await rename(this.tmp, this.outDir);
        if (hadOutput) removeInBackground(old);
      }
      async abort() {
        await rm(this.tmp, { recursive: true, force: true });
      }
    };
  }
});

// dist/output/safe-out-dir.js
import { resolve as resolve3, sep as sep10 } from "node:path";
import { homedir } from "node:os";
function contains(parent, child) {
  return child === parent || child.startsWith(parent.endsWith(sep10) ? parent : parent + sep10);
}
function assertSafeOutDir(outDir, siteRoot) {
  const out = resolve3(outDir);
  const guarded = [siteRoot, resolve3(siteRoot, "content"), resolve3(siteRoot, "static")];
  const bad = out === resolve3("/") || out === homedir() || guarded.some((g) => contains(out, g) || contains(g, out) && g !== siteRoot);
  if (bad) {
    throw new CasebookError("CB4001", `Refusing to use ${out} as the output folder: building replaces it entirely.`, { file: out });
  }
}
var init_safe_out_dir = __esm({
  "dist/output/safe-out-dir.js"() {
    "use strict";
    init_errors();
  }
});

// dist/output/index.js
var init_output = __esm({
  "dist/output/index.js"() {
    "use strict";
    init_sink();
    init_memory_sink();
    init_disk_sink();
    init_safe_out_dir();
  }
});

// dist/util/escape.js
function escapeHtml(value) {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}
function escapeXml(value) {
  return escapeHtml(value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, ""));
}
function jsonForScript(value, indent) {
  return JSON.stringify(value, null, indent).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}
function safeUrl(value) {
  if (value === void 0) return void 0;
  const trimmed = value.trim();
  const squeezed = trimmed.replace(/[\u0000-\u0020]/g, "");
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(squeezed);
  if (scheme && !SAFE_SCHEMES.has(scheme[1].toLowerCase() + ":")) return void 0;
  if (squeezed.startsWith("//") || squeezed.startsWith("\\")) {
    return /^\/\/[^/\\]/.test(squeezed) ? trimmed : void 0;
  }
  return trimmed;
}
function decodeHtmlEntities(value) {
  return value.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (m, e) => {
    const lower = e.toLowerCase();
    if (lower in NAMED) return NAMED[lower];
    const code = lower.startsWith("#x") ? parseInt(lower.slice(2), 16) : parseInt(lower.slice(1), 10);
    return code > 0 && code <= 1114111 ? String.fromCodePoint(code) : m;
  });
}
var HTML_ESCAPES, SAFE_SCHEMES, NAMED;
var init_escape = __esm({
  "dist/util/escape.js"() {
    "use strict";
    HTML_ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
    SAFE_SCHEMES = /* @__PURE__ */ new Set(["http:", "https:", "mailto:", "tel:"]);
    NAMED = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
  }
});

// dist/util/page-folder.js
function pageFolder(path) {
  return path === "" || path.endsWith("/") ? path : `${path.replace(/\.[^./]+$/, "")}/`;
}
var init_page_folder = __esm({
  "dist/util/page-folder.js"() {
    "use strict";
  }
});

// dist/render/context.js
function withLang(ctx, lang) {
  if (!lang || lang === ctx.i18n.lang) return ctx;
  return { ...ctx, i18n: ctx.translatorFor(lang) };
}
function cardPath(pagePath) {
  return `${pageFolder(pagePath)}og.png`;
}
function createContext(model, opts) {
  const u = (path) => model.base + path.replace(/^\//, "").replace(/ /g, "%20");
  const abs = (path) => model.origin + u(path);
  const link3 = (url2) => {
    const safe = safeUrl(url2);
    if (safe === void 0) return void 0;
    return safe.startsWith("/") && !safe.startsWith("//") ? u(safe) : safe;
  };
  const chrome = opts.translatorFor(model.config.lang);
  return {
    model,
    u,
    abs,
    link: link3,
    stylesheet: opts.stylesheet,
    favicon: opts.favicon,
    cards: opts.cards ? /* @__PURE__ */ new Map() : void 0,
    searchScript: opts.searchScript,
    analytics: opts.analytics,
    i18n: chrome,
    chrome,
    translatorFor: opts.translatorFor,
    components: opts.components,
    logo: opts.logo
  };
}
var init_context = __esm({
  "dist/render/context.js"() {
    "use strict";
    init_escape();
    init_page_folder();
  }
});

// dist/profile/schema.js
import { z as z4 } from "zod";
var isoPartial, url, text2, list, location, profileLink, profileSchema, PROFILE_SECTIONS;
var init_schema3 = __esm({
  "dist/profile/schema.js"() {
    "use strict";
    isoPartial = z4.string().regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, "a date like 2021, 2021-03 or 2021-03-15");
    url = z4.string().url();
    text2 = z4.string();
    list = z4.array(z4.string());
    location = z4.object({ address: text2, postalCode: text2, city: text2, countryCode: text2, region: text2 }).partial().passthrough();
    profileLink = z4.object({ network: text2, username: text2, url }).partial().passthrough();
    profileSchema = z4.object({
      $schema: text2.optional(),
      basics: z4.object({
        name: z4.string().min(1),
        label: text2.optional(),
        image: text2.optional(),
        email: z4.string().email().optional(),
        phone: text2.optional(),
        url: url.optional(),
        summary: text2.optional(),
        location: location.optional(),
        profiles: z4.array(profileLink).optional()
      }).passthrough(),
      work: z4.array(
        z4.object({
          name: z4.string().min(1),
          position: text2.optional(),
          location: text2.optional(),
          url: url.optional(),
          startDate: isoPartial.optional(),
          endDate: isoPartial.optional(),
          summary: text2.optional(),
          highlights: list.optional()
        }).passthrough()
      ).optional(),
      volunteer: z4.array(z4.object({ organization: text2, position: text2, url, startDate: isoPartial, endDate: isoPartial, summary: text2, highlights: list }).partial().passthrough()).optional(),
      education: z4.array(
        z4.object({
          institution: z4.string().min(1),
          url: url.optional(),
          area: text2.optional(),
          studyType: text2.optional(),
          startDate: isoPartial.optional(),
          endDate: isoPartial.optional(),
          score: text2.optional(),
          courses: list.optional()
        }).passthrough()
      ).optional(),
      awards: z4.array(z4.object({ title: text2, date: isoPartial, awarder: text2, summary: text2 }).partial().passthrough()).optional(),
      certificates: z4.array(z4.object({ name: text2, date: isoPartial, issuer: text2, url }).partial().passthrough()).optional(),
      publications: z4.array(z4.object({ name: z4.string().min(1), publisher: text2.optional(), releaseDate: isoPartial.optional(), url: url.optional(), summary: text2.optional() }).passthrough()).optional(),
      skills: z4.array(z4.object({ name: z4.string().min(1), level: text2.optional(), keywords: list.optional() }).passthrough()).optional(),
      languages: z4.array(z4.object({ language: z4.string().min(1), fluency: text2.optional() }).passthrough()).optional(),
      interests: z4.array(z4.object({ name: text2, keywords: list }).partial().passthrough()).optional(),
      references: z4.array(z4.object({ name: text2, reference: text2 }).partial().passthrough()).optional(),
      projects: z4.array(
        z4.object({
          name: z4.string().min(1),
          description: text2.optional(),
          highlights: list.optional(),
          keywords: list.optional(),
          startDate: isoPartial.optional(),
          endDate: isoPartial.optional(),
          url: url.optional(),
          roles: list.optional(),
          entity: text2.optional(),
          type: text2.optional()
        }).passthrough()
      ).optional(),
      meta: z4.object({ canonical: text2, version: text2, lastModified: text2 }).partial().passthrough().optional()
    }).strict();
    PROFILE_SECTIONS = Object.keys(profileSchema.shape);
  }
});

// dist/profile/load.js
import { existsSync as existsSync4, readFileSync as readFileSync9 } from "node:fs";
import { join as join12 } from "node:path";
import { parseDocument as parseDocument5 } from "yaml";
function loadProfile(root) {
  const present = PROFILE_FILES.filter((f) => existsSync4(join12(root, f)));
  if (present.length > 1) {
    throw new CasebookError("CB1042", `Found ${present.join(" and ")}; Casebook reads one profile.`, { file: join12(root, present[1]) });
  }
  if (!present.length) return void 0;
  const file = join12(root, present[0]);
  const source = readFileSync9(file, "utf8").replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const doc = parseDocument5(source, { prettyErrors: false, uniqueKeys: true });
  const err = doc.errors[0];
  if (err) {
    throw new CasebookError("CB1041", err.message.split("\n")[0], { file, ...offsetToLineColumn(source, err.pos[0]), source });
  }
  const raw2 = doc.toJS();
  if (raw2 && typeof raw2 === "object" && !Array.isArray(raw2)) {
    for (const key of Object.keys(raw2)) {
      if (!PROFILE_SECTIONS.includes(key)) {
        const near = closest(key, PROFILE_SECTIONS);
        throw new CasebookError("CB1040", `"${key}" is not a JSON Resume section.${near ? ` Did you mean "${near}"?` : ""}`, {
          file,
          ...yamlPathPosition(source, [key]) ?? { line: 1, column: 1 },
          source
        });
      }
    }
  }
  const parsed = profileSchema.safeParse(raw2);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CasebookError("CB1040", issueToSentence(issue, raw2), { file, ...yamlPathPosition(source, issue.path) ?? { line: 1, column: 1 }, source });
  }
  return { profile: parsed.data, file, raw: raw2 };
}
var PROFILE_FILES;
var init_load2 = __esm({
  "dist/profile/load.js"() {
    "use strict";
    init_errors();
    init_source_position();
    init_suggest();
    init_zod_sentence();
    init_schema3();
    PROFILE_FILES = ["resume.json", "profile.yaml", "profile.yml"];
  }
});

// dist/profile/dates.js
function resumeDate(value, lang = "en") {
  if (!value) return void 0;
  const [y, m] = value.split("-");
  if (!m) return y;
  let f = monthFormats.get(lang);
  if (!f) monthFormats.set(lang, f = new Intl.DateTimeFormat(lang, { month: "short", year: "numeric", timeZone: "UTC" }));
  return f.format(new Date(Date.UTC(Number(y), Number(m) - 1, 1)));
}
function resumeRange(start, end, ongoing = "present", lang = "en") {
  const a = resumeDate(start, lang);
  const b = resumeDate(end, lang);
  if (a && b) return a === b ? a : `${a} \u2013 ${b}`;
  if (a) return `${a} \u2013 ${ongoing}`;
  return b;
}
var monthFormats;
var init_dates2 = __esm({
  "dist/profile/dates.js"() {
    "use strict";
    monthFormats = /* @__PURE__ */ new Map();
  }
});

// dist/profile/index.js
var init_profile2 = __esm({
  "dist/profile/index.js"() {
    "use strict";
    init_schema3();
    init_load2();
    init_dates2();
  }
});

// dist/util/html.js
function isSafeHtml(value) {
  return typeof value === "object" && value !== null && value[BRAND] === true && typeof value.value === "string";
}
function serialize(value) {
  if (value === null || value === void 0 || value === false) return "";
  if (isSafeHtml(value)) return value.value;
  if (Array.isArray(value)) return value.map(serialize).join("");
  return escapeHtml(String(value));
}
function html(strings, ...values) {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += serialize(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}
function raw(markup) {
  return new SafeHtml(markup);
}
var BRAND, SafeHtml;
var init_html = __esm({
  "dist/util/html.js"() {
    "use strict";
    init_escape();
    BRAND = /* @__PURE__ */ Symbol.for("casebook.safe-html");
    SafeHtml = class {
      constructor(value) {
        this.value = value;
      }
      value;
      /**
       * A registry symbol, not `instanceof`: a site's theme components are bundled with their own
       * copy of this module, and their markup must still nest into the theme's without re-escaping.
       */
      [BRAND] = true;
      toString() {
        return this.value;
      }
    };
  }
});

// dist/og/card-input.js
var CARD_WIDTH, CARD_HEIGHT, CARD_VERSION;
var init_card_input = __esm({
  "dist/og/card-input.js"() {
    "use strict";
    CARD_WIDTH = 1200;
    CARD_HEIGHT = 630;
    CARD_VERSION = 3;
  }
});

// dist/i18n/messages.js
import { existsSync as existsSync5, readFileSync as readFileSync10, readdirSync as readdirSync2 } from "node:fs";
import { join as join13 } from "node:path";
import { parse as parseYaml2 } from "yaml";
function readShipped(lang) {
  if (!shipped.has(lang)) {
    const file = new URL(`${lang}.json`, LOCALES_DIR);
    shipped.set(lang, existsSync5(file) ? JSON.parse(readFileSync10(file, "utf8")) : {});
  }
  const m = shipped.get(lang);
  return Object.keys(m).length ? m : void 0;
}
function englishMessages() {
  return readShipped("en");
}
function candidates(lang) {
  const parts = lang.split("-");
  const out = [];
  for (let i = parts.length; i > 0; i--) out.push(parts.slice(0, i).join("-"));
  return out;
}
function resolveMessages(lang, siteLocalesDir) {
  const english = englishMessages();
  let source;
  const layers = [];
  for (const name of candidates(lang).reverse()) {
    const m = readShipped(name);
    if (m) {
      layers.push(m);
      source = `locales/${name}.json`;
    }
  }
  if (siteLocalesDir) {
    for (const name of candidates(lang).reverse()) {
      for (const ext of ["json", "yaml", "yml"]) {
        const file = join13(siteLocalesDir, `${name}.${ext}`);
        if (existsSync5(file)) {
          layers.push(readSiteLocale(file, english));
          source = file;
        }
      }
    }
  }
  return { messages: Object.assign({}, english, ...layers), source };
}
function readSiteLocale(file, english) {
  const text5 = readFileSync10(file, "utf8");
  let data;
  try {
    data = file.endsWith(".json") ? JSON.parse(text5) : parseYaml2(text5);
  } catch (e) {
    throw new CasebookError("CB2302", `${e.message.split("\n")[0]}`, { file });
  }
  if (!data || typeof data !== "object" || Array.isArray(data)) {
    throw new CasebookError("CB2302", "A locale file must be a map of message ids to text.", { file });
  }
  for (const [key, value] of Object.entries(data)) {
    const line = text5.split("\n").findIndex((l) => l.includes(key)) + 1;
    const where = line > 0 ? { file, line, column: text5.split("\n")[line - 1].indexOf(key) + 1, source: text5 } : { file };
    if (!(key in english)) {
      const near = closest(key, Object.keys(english));
      throw new CasebookError("CB2303", `"${key}" is not a theme string.${near ? ` Did you mean "${near}"?` : ""}`, where);
    }
    const base = english[key];
    if (typeof value !== typeof base || typeof value === "object" && (value === null || Array.isArray(value))) {
      throw new CasebookError("CB2302", `"${key}" must be ${typeof base === "string" ? "text" : "a map of plural forms (one, other, \u2026)"}.`, where);
    }
  }
  return data;
}
function directionOf(lang) {
  const primary = lang.split("-")[0].toLowerCase();
  if (/-(Arab|Hebr|Syrc|Thaa|Nkoo|Adlm|Rohg)\b/i.test(lang)) return "rtl";
  if (/-(Latn|Cyrl)\b/i.test(lang)) return "ltr";
  return RTL.has(primary) ? "rtl" : "ltr";
}
var LOCALES_DIR, shipped, RTL;
var init_messages = __esm({
  "dist/i18n/messages.js"() {
    "use strict";
    init_errors();
    init_suggest();
    LOCALES_DIR = new URL("../../locales/", import.meta.url);
    shipped = /* @__PURE__ */ new Map();
    RTL = /* @__PURE__ */ new Set(["ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ps", "sd", "syr", "ug", "ur", "yi"]);
  }
});

// dist/i18n/translator.js
function createTranslator(lang, messages) {
  const plural2 = new Intl.PluralRules(lang);
  const plain = new Intl.NumberFormat(lang);
  const withOptions = /* @__PURE__ */ new Map();
  const integers = /* @__PURE__ */ new Map();
  const number = (n3, options) => {
    if (options) {
      let f = withOptions.get(options);
      if (!f) withOptions.set(options, f = new Intl.NumberFormat(lang, options));
      return f.format(n3);
    }
    let s = integers.get(n3);
    if (s === void 0) {
      s = plain.format(n3);
      if (Number.isInteger(n3) && integers.size < 1e4) integers.set(n3, s);
    }
    return s;
  };
  const dates = new Intl.DateTimeFormat(lang, { dateStyle: "long", timeZone: "UTC" });
  const dateTexts = /* @__PURE__ */ new Map();
  const pick = (key, params) => {
    const m = messages[key];
    if (m === void 0) throw new Error(`No theme string "${key}"`);
    if (typeof m === "string") return m;
    const n3 = typeof params?.n === "number" ? params.n : 0;
    return m[plural2.select(n3)] ?? m.other ?? Object.values(m)[0] ?? "";
  };
  const fill = (text5, params, asHtml) => text5.replace(/\{(\w+)\}/g, (whole, name) => {
    const v = params?.[name];
    if (v === void 0) return whole;
    if (isSafeHtml(v)) return asHtml ? v.value : v.value.replace(/<[^>]*>/g, "");
    const s = typeof v === "number" ? number(v) : v;
    return asHtml ? escapeHtml(s) : s;
  });
  return {
    lang,
    dir: directionOf(lang),
    t: (key, params) => fill(pick(key, params), params, false),
    h: (key, params) => {
      const text5 = pick(key, params);
      const parts = text5.split(/(\{\w+\})/);
      return raw(parts.map((p) => /^\{\w+\}$/.test(p) ? fill(p, params, true) : escapeHtml(p)).join(""));
    },
    message: (key) => messages[key],
    date: (d) => {
      const day = Date.UTC(d.year, d.month - 1, d.day);
      let text5 = dateTexts.get(day);
      if (text5 === void 0) dateTexts.set(day, text5 = dates.format(new Date(day)));
      return text5;
    },
    number
  };
}
var init_translator = __esm({
  "dist/i18n/translator.js"() {
    "use strict";
    init_html();
    init_escape();
    init_messages();
  }
});

// dist/i18n/index.js
var init_i18n = __esm({
  "dist/i18n/index.js"() {
    "use strict";
    init_translator();
    init_messages();
  }
});

// dist/theming/components.js
var COMPONENT_NAMES;
var init_components = __esm({
  "dist/theming/components.js"() {
    "use strict";
    COMPONENT_NAMES = [
      "header",
      "footer",
      "post-meta",
      "post-card",
      "outcome-card",
      "series-box",
      "cv-section",
      "home-hero"
    ];
  }
});

// dist/theming/load-theme.js
import { createHash as createHash2 } from "node:crypto";
import { existsSync as existsSync6, readFileSync as readFileSync11, statSync as statSync4 } from "node:fs";
import { basename as basename8, extname as extname7, join as join14, relative as relative10 } from "node:path";
async function loadSiteTheme(root) {
  const dir = join14(root, "theme");
  if (!existsSync6(dir) || !statSync4(dir).isDirectory()) return { components: {}, css: [], localesDir: void 0, digest: "" };
  const files = (await walkFiles(dir, { skipDotFiles: true })).sort();
  const hash = createHash2("sha256");
  for (const file of files) {
    let bytes;
    try {
      bytes = readFileSync11(file);
    } catch (e) {
      throw new CasebookError("CB2308", `theme/${relative10(dir, file)} cannot be read: ${e.message}`, { file });
    }
    hash.update(relative10(dir, file)).update("\0").update(bytes).update("\0");
  }
  const digest3 = hash.digest("hex");
  const cached = loaded.get(dir);
  if (cached && cached.digest === digest3) return cached;
  const components = {};
  const componentsDir = join14(dir, "components");
  for (const file of files.filter((f) => f.startsWith(componentsDir + "/") && relative10(componentsDir, f).indexOf("/") === -1)) {
    const ext = extname7(file);
    const name = basename8(file, ext);
    if (name.startsWith("_") || !COMPONENT_EXTENSIONS.includes(ext) || file.endsWith(".d.ts")) continue;
    if (!COMPONENT_NAMES.includes(name)) {
      const near = closest(name, COMPONENT_NAMES);
      throw new CasebookError(
        "CB2301",
        `theme/components/${basename8(file)} overrides "${name}", which is not a component.${near ? ` Did you mean "${near}"?` : ""}`,
        { file },
        near ? `Rename the file to ${near}${ext}.` : void 0
      );
    }
    const mod = await importSiteModule(file, { syntax: "CB2305", run: "CB2305" });
    const def = mod.default;
    if (!def || typeof def.render !== "function" || typeof def.component !== "string") {
      throw new CasebookError("CB2304", `theme/components/${basename8(file)} has no default export made with defineComponent.`, { file });
    }
    if (def.component !== name) {
      throw new CasebookError("CB2304", `theme/components/${basename8(file)} defines the component "${def.component}", but its file name says "${name}".`, { file });
    }
    components[name] = { render: def.render, file };
  }
  const css = files.filter((f) => extname7(f) === ".css" && relative10(dir, f).indexOf("/") === -1).map((f) => readFileSync11(f, "utf8"));
  const localesDir = existsSync6(join14(dir, "locales")) ? join14(dir, "locales") : void 0;
  const theme = { components, css, localesDir, digest: digest3 };
  loaded.set(dir, theme);
  return theme;
}
var COMPONENT_EXTENSIONS, loaded;
var init_load_theme = __esm({
  "dist/theming/load-theme.js"() {
    "use strict";
    init_errors();
    init_suggest();
    init_walk();
    init_bundle_module();
    init_components();
    COMPONENT_EXTENSIONS = [".ts", ".mts", ".js", ".mjs"];
    loaded = /* @__PURE__ */ new Map();
  }
});

// dist/theming/prepare.js
async function prepareTheme(root, config, configFile, warnings) {
  const site = await loadSiteTheme(root);
  const tokens = resolveTheme(config.theme, (key) => configFile ? configLocation(configFile, key.split(".")) : void 0);
  const translators = /* @__PURE__ */ new Map();
  const translatorFor = (lang) => {
    let t = translators.get(lang);
    if (!t) {
      const { messages, source } = resolveMessages(lang, site.localesDir);
      if (!source && !/^en\b/i.test(lang)) {
        warnings.push({ code: "CB2307", message: `No theme strings for "${lang}"; pages in it show English theme strings.` });
      }
      t = createTranslator(lang, messages);
      translators.set(lang, t);
    }
    return t;
  };
  return {
    tokensCss: tokens.css,
    siteCss: site.css,
    components: site.components,
    translatorFor,
    digest: site.digest,
    accent: tokens.light["--accent"]
  };
}
var init_prepare = __esm({
  "dist/theming/prepare.js"() {
    "use strict";
    init_load();
    init_i18n();
    init_load_theme();
    init_tokens();
  }
});

// dist/theming/render-component.js
function renderComponent(scope2, name, props, fallback) {
  const override = scope2.components[name];
  if (!override) return fallback(props);
  let original;
  const helpers = {
    get original() {
      return original ??= fallback(props);
    },
    t: scope2.i18n.t,
    lang: scope2.i18n.lang,
    dir: scope2.i18n.dir
  };
  let out;
  try {
    out = override.render(props, helpers);
  } catch (e) {
    throw new CasebookError("CB2306", `The ${name} component threw: ${e.message}`, { file: override.file });
  }
  if (!isSafeHtml(out)) {
    throw new CasebookError(
      "CB2306",
      `The ${name} component returned ${out === null ? "null" : typeof out}, not markup from the html tag.`,
      { file: override.file },
      "Return html`\u2026` (import { html } from 'casebook'): it escapes every value, so post titles cannot inject markup."
    );
  }
  return out;
}
var init_render_component = __esm({
  "dist/theming/render-component.js"() {
    "use strict";
    init_errors();
    init_html();
  }
});

// dist/theming/index.js
var init_theming = __esm({
  "dist/theming/index.js"() {
    "use strict";
    init_prepare();
    init_render_component();
    init_components();
  }
});

// dist/render/layout.js
function navItems(ctx, path) {
  const here = ctx.u(path);
  return ctx.model.nav.map((item) => ({ label: item.label, url: ctx.link(item.url) })).filter((item) => item.url !== void 0).map((item) => ({
    ...item,
    current: item.url === here ? "page" : item.url !== ctx.u("") && here.startsWith(item.url) ? "true" : void 0
  }));
}
function themeSwitch(ctx) {
  const t = ctx.chrome;
  return html`<label class="theme-switch"><input type="checkbox" id="theme-flip" role="switch"><span class="when-light">${t.t("layout.toDark")}</span><span class="when-dark">${t.t("layout.toLight")}</span></label>`;
}
function siteSearch(ctx) {
  const label = ctx.chrome.t("layout.search");
  return html`<form class="site-search" role="search" action="${ctx.u("search/")}" method="get"><label class="visually-hidden" for="site-search-q">${label}</label><input id="site-search-q" type="search" name="q" placeholder="${label}" autocomplete="off"><button type="submit" class="reveal-on-focus">${label}</button></form>`;
}
function defaultHeader(ctx, p) {
  return html`<header class="site-header"><div class="wrap header-inner">
<a class="site-title" href="${p.homeUrl}"${p.isHome ? html` aria-current="page"` : ""}>${p.logo ? html`<img class="site-logo" src="${p.logo}" alt="" height="32">` : ""}${p.siteTitle}</a>
<nav class="site-nav" aria-label="${ctx.chrome.t("layout.mainNav")}"><ul role="list">${p.nav.map(
    (item) => html`<li><a href="${item.url}"${item.current ? html` aria-current="${item.current}"` : ""}>${item.label}</a></li>`
  )}</ul></nav>
${p.search}
${p.themeSwitch}
</div></header>`;
}
function header(ctx, path) {
  const props = {
    siteTitle: ctx.model.config.title,
    homeUrl: ctx.u(""),
    isHome: path === "",
    logo: ctx.logo ? ctx.link(ctx.logo) : void 0,
    nav: navItems(ctx, path),
    search: ctx.searchScript && path !== "search/" ? siteSearch(ctx) : html``,
    themeSwitch: themeSwitch(ctx)
  };
  return renderComponent({ components: ctx.components, i18n: ctx.chrome }, "header", props, (p) => defaultHeader(ctx, p));
}
function defaultFooter(ctx, p) {
  const t = ctx.chrome;
  return html`<footer class="site-footer"><div class="wrap">
${p.social.length ? html`<ul class="social" role="list">${p.social.map((s) => html`<li><a href="${s.url}" rel="me">${s.label}</a></li>`)}</ul>` : ""}
<p class="feeds">${t.h("layout.followBy", {
    rss: html`<a href="${p.feeds.rss}">RSS</a>`,
    atom: html`<a href="${p.feeds.atom}">Atom</a>`,
    json: html`<a href="${p.feeds.json}">JSON Feed</a>`
  })}</p>
<p class="colophon">${p.text}. ${t.t("layout.builtWith")}</p>
</div></footer>`;
}
function footer(ctx) {
  const { config } = ctx.model;
  const props = {
    siteTitle: config.title,
    author: ctx.model.author ? { name: ctx.model.author.name, url: ctx.model.author.url } : void 0,
    social: config.social.map((s) => ({ label: s.label, url: ctx.link(s.url) })).filter((s) => s.url !== void 0),
    feeds: { rss: ctx.u("feed.xml"), atom: ctx.u("atom.xml"), json: ctx.u("feed.json") },
    text: config.footer ?? `\xA9 ${ctx.model.author?.name ?? config.title}`
  };
  return renderComponent({ components: ctx.components, i18n: ctx.chrome }, "footer", props, (p) => defaultFooter(ctx, p));
}
function iconType(file) {
  const type = ICON_TYPES[file.split(".").pop()?.toLowerCase() ?? ""];
  return type ? html` type="${type}"` : html``;
}
function layout(ctx, props) {
  const { config } = ctx.model;
  const fullTitle = props.title ? `${props.title} \xB7 ${config.title}` : config.title;
  const canonical = props.canonical ?? ctx.abs(props.path);
  let image2 = props.image;
  let imageAlt;
  let imageSize2;
  if (!image2 && props.card && ctx.cards) {
    ctx.cards.set(props.path, props.card);
    image2 = ctx.abs(cardPath(props.path));
    imageAlt = props.card.title;
    imageSize2 = [CARD_WIDTH, CARD_HEIGHT];
  }
  const doc = html`<!doctype html>
<html lang="${config.lang}" dir="${ctx.chrome.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${fullTitle}</title>
<meta name="description" content="${props.description}">
<link rel="canonical" href="${canonical}">
${props.noindex ? raw('<meta name="robots" content="noindex">\n') : ""}<meta name="color-scheme" content="light dark">
<meta name="generator" content="Casebook">
<link rel="stylesheet" href="${ctx.u(ctx.stylesheet)}">
<link rel="icon" href="${ctx.u(ctx.favicon)}"${iconType(ctx.favicon)}>
${ctx.analytics ? html`<script defer src="${ctx.u(ctx.analytics.script)}" data-endpoint="${ctx.analytics.eventUrl}" data-site="${ctx.analytics.site}"></script>
` : ""}<link rel="alternate" type="application/rss+xml" title="${config.title} (RSS)" href="${ctx.abs("feed.xml")}">
<link rel="alternate" type="application/atom+xml" title="${config.title} (Atom)" href="${ctx.abs("atom.xml")}">
<link rel="alternate" type="application/feed+json" title="${config.title} (JSON Feed)" href="${ctx.abs("feed.json")}">
${props.feeds ? html`<link rel="alternate" type="application/rss+xml" title="${props.feeds.title} (RSS)" href="${ctx.abs(props.feeds.rss)}">
<link rel="alternate" type="application/atom+xml" title="${props.feeds.title} (Atom)" href="${ctx.abs(props.feeds.atom)}">
` : ""}
<meta property="og:site_name" content="${config.title}">
<meta property="og:title" content="${props.title ?? config.title}">
<meta property="og:description" content="${props.description}">
<meta property="og:type" content="${props.ogType ?? "website"}">
<meta property="og:url" content="${canonical}">
<meta property="og:locale" content="${(props.lang ?? config.lang).replace("-", "_")}">
${image2 ? html`<meta property="og:image" content="${image2}">\n` : ""}${imageSize2 ? html`<meta property="og:image:width" content="${imageSize2[0]}">\n<meta property="og:image:height" content="${imageSize2[1]}">\n` : ""}${imageAlt ? html`<meta property="og:image:alt" content="${imageAlt}">\n` : ""}<meta name="twitter:card" content="${image2 ? "summary_large_image" : "summary"}">
<meta name="twitter:title" content="${props.title ?? config.title}">
<meta name="twitter:description" content="${props.description}">
${props.head ?? ""}${(props.jsonLd ?? []).map((o) => raw(`<script type="application/ld+json">${jsonForScript(o)}</script>
`))}</head>
<body${props.bodyClass ? html` class="${props.bodyClass}"` : ""}>
<a class="skip-link" href="#main">${ctx.chrome.t("layout.skipToContent")}</a>
${header(ctx, props.path)}
<main id="main" class="wrap" tabindex="-1">
${props.body}
</main>
${footer(ctx)}
${(props.scripts ?? []).map((src) => html`<script type="module" src="${ctx.u(src)}"></script>\n`)}</body>
</html>
`;
  return doc.value;
}
var ICON_TYPES;
var init_layout = __esm({
  "dist/render/layout.js"() {
    "use strict";
    init_escape();
    init_html();
    init_context();
    init_card_input();
    init_theming();
    ICON_TYPES = { svg: "image/svg+xml", png: "image/png", ico: "image/x-icon", webp: "image/webp", gif: "image/gif", jpg: "image/jpeg", jpeg: "image/jpeg" };
  }
});

// dist/render/profile.js
function locationText(basics) {
  const l = basics.location;
  if (!l) return void 0;
  return [l.city, l.countryCode].filter(Boolean).join(", ") || void 0;
}
function profileLinks(ctx, basics) {
  const links = [];
  const site = ctx.link(basics.url);
  if (site) links.push(html`<li><a href="${site}" rel="me">${site.replace(/^https?:\/\//, "").replace(/\/$/, "")}</a></li>`);
  if (basics.email) links.push(html`<li><a href="${`mailto:${basics.email}`}">${basics.email}</a></li>`);
  for (const p of basics.profiles ?? []) {
    const href = ctx.link(p.url);
    if (href) links.push(html`<li><a href="${href}" rel="me">${p.network ?? p.username ?? href}</a></li>`);
  }
  return links.length ? html`<ul class="profile-links" role="list">${links}</ul>` : html``;
}
function skillKeyword(ctx, keyword) {
  const tag = ctx.model.tags.find((t) => t.slug === slugify(keyword));
  return tag ? html`<li><a href="${ctx.u(tag.path)}">${keyword}<span class="visually-hidden">: ${ctx.i18n.t("profile.postsTagged", { tag: tag.name })}</span></a></li>` : html`<li><span>${keyword}</span></li>`;
}
function techStack(ctx, profile, headingLevel = 3) {
  const skills = profile.skills ?? [];
  if (!skills.length) return html``;
  return html`<div class="stack">${skills.map((s) => html`<section class="stack-group">
${headingLevel === 3 ? html`<h3>${s.name}</h3>` : html`<h2>${s.name}</h2>`}${s.level ? html`<p class="meta">${s.level}</p>` : ""}
<ul class="chips" role="list">${(s.keywords ?? []).map((k) => skillKeyword(ctx, k))}</ul>
</section>`)}</div>`;
}
function experienceTimeline(ctx, profile) {
  const work = profile.work ?? [];
  if (!work.length) return html``;
  return html`<ul class="experience" role="list">${work.map((w) => {
    const href = ctx.link(w.url);
    return html`<li><span class="when">${resumeRange(w.startDate, w.endDate, ctx.i18n.t("cv.present"), ctx.i18n.lang) ?? ""}</span>
<span class="what"><strong>${w.position ?? w.name}</strong>${w.position ? html` · ${href ? html`<a href="${href}">${w.name}</a>` : w.name}` : ""}</span></li>`;
  })}</ul>`;
}
var init_profile3 = __esm({
  "dist/render/profile.js"() {
    "use strict";
    init_profile2();
    init_slug();
    init_html();
  }
});

// dist/render/cv.js
function section2(ctx, id, title, body2) {
  if (!body2) return html``;
  return renderComponent(
    { components: ctx.components, i18n: ctx.i18n },
    "cv-section",
    { id, title, content: body2 },
    (p) => html`<section class="cv-section" aria-labelledby="${p.id}"><h2 id="${p.id}">${p.title}</h2>${p.content}</section>`
  );
}
function entry(title, sub, when2, body2 = "") {
  return html`<article class="cv-entry">
<header><h3>${title}</h3>${when2 ? html`<p class="cv-when">${when2}</p>` : ""}</header>
${sub ? html`<p class="cv-sub">${sub}</p>` : ""}${body2}
</article>`;
}
function bullets(items) {
  return items?.length ? html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>` : html``;
}
function renderCv(ctx, profile) {
  const b = profile.basics;
  const t = ctx.i18n;
  const range = (start, end, open = t.t("cv.present")) => resumeRange(start, end, open, t.lang);
  const date = (value) => resumeDate(value, t.lang);
  const maybeLink = (name, url2) => {
    const href = ctx.link(url2);
    return href ? html`<a href="${href}">${name}</a>` : name;
  };
  const body2 = html`<article class="cv">
<header class="cv-header">
<h1>${b.name}</h1>
${b.label ? html`<p class="lede">${b.label}</p>` : ""}
${locationText(b) ? html`<p class="meta">${locationText(b)}</p>` : ""}
${profileLinks(ctx, b)}
</header>
${b.summary ? html`<p class="cv-summary">${b.summary}</p>` : ""}
${section2(ctx, "cv-work", t.t("cv.experience"), !!profile.work?.length && html`${profile.work.map((w) => entry(w.position ?? w.name, w.position ? maybeLink(w.name, w.url) : w.location, range(w.startDate, w.endDate), html`${w.summary ? html`<p>${w.summary}</p>` : ""}${bullets(w.highlights)}`))}`)}
${section2(ctx, "cv-skills", t.t("cv.skills"), !!profile.skills?.length && html`<dl class="cv-skills">${profile.skills.map((s) => html`<div><dt>${s.name}${s.level ? html` <span class="meta">(${s.level})</span>` : ""}</dt><dd><ul class="chips" role="list">${(s.keywords ?? []).map((k) => skillKeyword(ctx, k))}</ul></dd></div>`)}</dl>`)}
${section2(ctx, "cv-projects", t.t("cv.projects"), !!profile.projects?.length && html`${profile.projects.map((p) => entry(maybeLink(p.name, p.url), p.roles?.join(", ") ?? p.entity, range(p.startDate, p.endDate, t.t("cv.ongoing")), html`${p.description ? html`<p>${p.description}</p>` : ""}${bullets(p.highlights)}`))}`)}
${section2(ctx, "cv-education", t.t("cv.education"), !!profile.education?.length && html`${profile.education.map((e) => entry(maybeLink(e.institution, e.url), [e.studyType, e.area].filter(Boolean).join(", ") || void 0, range(e.startDate, e.endDate), html`${e.score ? html`<p>${e.score}</p>` : ""}${e.courses?.length ? html`<p class="meta">${e.courses.join(" \xB7 ")}</p>` : ""}`))}`)}
${section2(ctx, "cv-publications", t.t("cv.publications"), !!profile.publications?.length && html`${profile.publications.map((p) => entry(maybeLink(p.name, p.url), p.publisher, date(p.releaseDate), p.summary ? html`<p>${p.summary}</p>` : ""))}`)}
${section2(ctx, "cv-awards", t.t("cv.awards"), !!profile.awards?.length && html`${profile.awards.map((a) => entry(a.title ?? "", a.awarder, date(a.date), a.summary ? html`<p>${a.summary}</p>` : ""))}`)}
${section2(ctx, "cv-certificates", t.t("cv.certificates"), !!profile.certificates?.length && html`${profile.certificates.map((c) => entry(maybeLink(c.name ?? "", c.url), c.issuer, date(c.date)))}`)}
${section2(ctx, "cv-volunteer", t.t("cv.volunteer"), !!profile.volunteer?.length && html`${profile.volunteer.map((v) => entry(v.position ?? v.organization ?? "", v.position ? maybeLink(v.organization ?? "", v.url) : void 0, range(v.startDate, v.endDate), html`${v.summary ? html`<p>${v.summary}</p>` : ""}${bullets(v.highlights)}`))}`)}
${section2(ctx, "cv-languages", t.t("cv.languages"), !!profile.languages?.length && html`<ul class="cv-inline" role="list">${profile.languages.map((l) => html`<li>${l.language}${l.fluency ? html` <span class="meta">(${l.fluency})</span>` : ""}</li>`)}</ul>`)}
${section2(ctx, "cv-interests", t.t("cv.interests"), !!profile.interests?.length && html`<ul class="cv-inline" role="list">${profile.interests.map((i) => html`<li>${i.name ?? ""}${i.keywords?.length ? html` <span class="meta">(${i.keywords.join(", ")})</span>` : ""}</li>`)}</ul>`)}
<p class="cv-machine no-print">${t.h("cv.machine", { link: html`<a href="${ctx.u("resume.json")}">JSON Resume</a>` })}</p>
</article>`;
  return {
    path: "cv/",
    html: layout(ctx, {
      path: "cv/",
      title: t.t("cv.title"),
      description: t.t("cv.description", { name: b.label ? `${b.name}, ${b.label}` : b.name }),
      body: body2,
      bodyClass: "page-cv",
      card: { title: b.name, eyebrow: t.t("cv.eyebrow"), meta: b.label, siteName: ctx.model.config.title, highlight: void 0 },
      jsonLd: [personLd(ctx, profile)]
    })
  };
}
function personLd(ctx, profile) {
  const b = profile.basics;
  const sameAs = [b.url, ...(b.profiles ?? []).map((p) => p.url)].map((u) => ctx.link(u)).filter((u) => !!u && /^https?:/.test(u));
  return {
    "@context": "https://schema.org",
    "@type": "Person",
    name: b.name,
    url: ctx.abs(""),
    ...b.label ? { jobTitle: b.label } : {},
    ...b.summary ? { description: b.summary } : {},
    ...b.location?.city ? { address: { "@type": "PostalAddress", addressLocality: b.location.city, ...b.location.countryCode ? { addressCountry: b.location.countryCode } : {} } } : {},
    ...sameAs.length ? { sameAs } : {},
    ...profile.skills?.length ? { knowsAbout: profile.skills.flatMap((s) => s.keywords ?? []) } : {}
  };
}
var init_cv = __esm({
  "dist/render/cv.js"() {
    "use strict";
    init_profile2();
    init_html();
    init_layout();
    init_theming();
    init_profile3();
  }
});

// dist/render/case-study.js
function relativeChange(o) {
  if (o.before === 0) return void 0;
  const pct2 = (o.after - o.before) / Math.abs(o.before) * 100;
  const rounded = Math.abs(pct2) < 1 ? Math.round(pct2 * 10) / 10 : Math.round(pct2);
  return rounded === 0 ? 0 : rounded;
}
function changeLabel(t, o) {
  const pct2 = relativeChange(o);
  const delta = o.after - o.before;
  const verdict = delta === 0 ? "same" : delta < 0 === (o.better === "lower") ? "better" : "worse";
  if (pct2 === void 0) return { text: delta === 0 ? t.t("outcome.noChange") : `${delta > 0 ? "+" : "\u2212"}${t.number(Math.abs(delta), FRACTION)}`, verdict };
  return { text: `${pct2 > 0 ? "+" : pct2 < 0 ? "\u2212" : "\xB1"}${t.number(Math.abs(pct2), FRACTION)}%`, verdict };
}
function withUnit(t, n3, unit) {
  const v = t.number(n3, FRACTION);
  if (!unit) return v;
  if (unit === "%" || unit.startsWith("/")) return `${v}${unit}`;
  const currency = /^([$€£¥])(.*)$/.exec(unit);
  if (currency) return `${currency[1]}${v}${currency[2]}`;
  return `${v} ${unit}`;
}
function defaultOutcomeCard(t, p) {
  const verdict = p.verdict === "same" ? t.t("outcome.unchanged") : t.t(VERDICT_KEYS[p.verdict][p.better]);
  return html`<li class="outcome outcome-${p.verdict}">
<p class="outcome-metric">${p.metric}</p>
<p class="outcome-values"><span class="before">${p.beforeText}</span> <span aria-hidden="true">${t.dir === "rtl" ? "\u2190" : "\u2192"}</span><span class="visually-hidden"> ${t.t("outcome.to")} </span> <span class="after">${p.afterText}</span></p>
<p class="outcome-change"><bdi>${p.changeText}</bdi><span class="visually-hidden"> (${verdict})</span></p>
</li>`;
}
function outcomeCards(ctx, outcomes) {
  const t = ctx.i18n;
  return html`<ul class="outcomes" role="list">${outcomes.map((o) => {
    const change = changeLabel(t, o);
    const props = {
      metric: o.metric,
      before: o.before,
      after: o.after,
      unit: o.unit,
      better: o.better,
      beforeText: withUnit(t, o.before, o.unit),
      afterText: withUnit(t, o.after, o.unit),
      changeText: change.text,
      verdict: change.verdict
    };
    return renderComponent({ components: ctx.components, i18n: t }, "outcome-card", props, (p) => defaultOutcomeCard(t, p));
  })}</ul>`;
}
function caseStudySummary(ctx, post) {
  const cs = post.caseStudy;
  const t = ctx.i18n;
  const facts = [];
  if (cs.role) facts.push([t.t("cs.role"), cs.role]);
  if (cs.period) facts.push([t.t("cs.period"), cs.period]);
  if (cs.severity) facts.push([t.t("cs.severity"), cs.severity]);
  if (cs.stack?.length) facts.push([t.t("cs.stack"), cs.stack.join(", ")]);
  if (!facts.length && !cs.outcomes?.length && !cs.problem && !cs.context && !cs.impact) return html``;
  return html`<section class="case-summary" aria-labelledby="at-a-glance">
<h2 id="at-a-glance">${t.t("cs.atAGlance")}</h2>
${facts.length ? html`<dl class="facts">${facts.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}</dl>` : ""}
${cs.context ? html`<p><strong>${t.t("cs.context")}</strong> ${cs.context}</p>` : ""}
${cs.problem ? html`<p><strong>${t.t("cs.problem")}</strong> ${cs.problem}</p>` : ""}
${cs.impact ? html`<p><strong>${t.t("cs.impact")}</strong> ${cs.impact}</p>` : ""}
${cs.detection ? html`<p><strong>${t.t("cs.detection")}</strong> ${cs.detection}</p>` : ""}
${cs.outcomes?.length ? outcomeCards(ctx, cs.outcomes) : ""}
</section>`;
}
function list2(items, ordered = false) {
  if (!items?.length) return html``;
  const lis = items.map((i) => html`<li>${i}</li>`);
  return ordered ? html`<ol>${lis}</ol>` : html`<ul>${lis}</ul>`;
}
function caseStudySections(ctx, post) {
  const cs = post.caseStudy;
  const t = ctx.i18n;
  const toc2 = [];
  const section3 = (id, title, content2) => {
    toc2.push({ id, text: title });
    return html`<section class="case-section" aria-labelledby="${id}"><h2 id="${id}">${title}</h2>${content2}</section>`;
  };
  const parts = [];
  if (cs.constraints?.length) parts.push(section3("cs-constraints", t.t("cs.constraints"), list2(cs.constraints)));
  if (cs.decisions?.length) {
    parts.push(section3("cs-decisions", t.t("cs.decisions"), html`<section class="table-scroll" tabindex="0" aria-label="${t.t("cs.decisionsTable")}"><table class="decisions">
<thead><tr><th scope="col">${t.t("cs.decision")}</th><th scope="col">${t.t("cs.alternatives")}</th><th scope="col">${t.t("cs.why")}</th></tr></thead>
<tbody>${cs.decisions.map((d) => html`<tr><td>${d.decision}</td><td>${d.alternatives.length ? d.alternatives.join("; ") : "\u2014"}</td><td>${d.why ?? "\u2014"}</td></tr>`)}</tbody>
</table></section>`));
  }
  if (cs.tradeoffs?.length) parts.push(section3("cs-tradeoffs", t.t("cs.tradeoffs"), list2(cs.tradeoffs)));
  if (cs.timeline?.length) {
    parts.push(section3("cs-timeline", t.t("cs.timeline"), html`<ol class="timeline">${cs.timeline.map((t2) => html`<li><span class="at">${t2.at}</span> <span class="event">${t2.event}</span></li>`)}</ol>`));
  }
  if (cs.rootCause) parts.push(section3("cs-root-cause", t.t("cs.rootCause"), html`<p>${cs.rootCause}</p>`));
  if (cs.actionItems?.length) parts.push(section3("cs-action-items", t.t("cs.actionItems"), list2(cs.actionItems, true)));
  if (cs.lessons?.length) parts.push(section3("cs-lessons", t.t("cs.lessons"), list2(cs.lessons)));
  return { html: html`${parts}`, toc: toc2 };
}
var FRACTION, VERDICT_KEYS;
var init_case_study = __esm({
  "dist/render/case-study.js"() {
    "use strict";
    init_html();
    init_theming();
    FRACTION = { maximumFractionDigits: 2 };
    VERDICT_KEYS = {
      better: { lower: "outcome.betterLower", higher: "outcome.betterHigher" },
      worse: { lower: "outcome.worseLower", higher: "outcome.worseHigher" }
    };
  }
});

// dist/render/components.js
function kindLabel(ctx, post) {
  return post.kind === "case-study" || post.kind === "retrospective" || post.kind === "postmortem" ? ctx.i18n.t(`kind.${post.kind}`) : void 0;
}
function timeTag(ctx, post, which = "date") {
  const d = post[which];
  return d ? html`<time datetime="${rfc3339(d)}">${ctx.i18n.date(d)}</time>` : html``;
}
function readingTime(ctx, post) {
  return ctx.i18n.t("post.readingTime", { n: post.rendered.readingMinutes });
}
function summaryOf(post) {
  return post.description ?? post.rendered.summary;
}
function postView(ctx, post) {
  let byPost = views.get(ctx.i18n);
  if (!byPost) views.set(ctx.i18n, byPost = /* @__PURE__ */ new WeakMap());
  let view = byPost.get(post);
  if (!view) byPost.set(post, view = makePostView(ctx, post));
  return view;
}
function makePostView(ctx, post) {
  const cat = post.categoryTerms[0];
  const info = post.seriesInfo;
  return {
    title: post.title,
    url: ctx.u(post.path),
    kind: post.kind,
    kindLabel: kindLabel(ctx, post),
    status: post.status,
    statusLabel: post.status === "published" ? void 0 : ctx.i18n.t(post.status === "draft" ? "status.draft" : "status.scheduled"),
    date: post.date ? { iso: rfc3339(post.date), text: ctx.i18n.date(post.date) } : void 0,
    updated: post.updated ? { iso: rfc3339(post.updated), text: ctx.i18n.date(post.updated) } : void 0,
    description: post.description,
    summary: summaryOf(post),
    readingMinutes: post.rendered.readingMinutes,
    readingTime: readingTime(ctx, post),
    category: cat ? { name: cat.name, url: ctx.u(cat.path) } : void 0,
    tags: post.tagTerms.map((t) => ({ name: t.name, url: ctx.u(t.path) })),
    series: info ? { name: info.series.name, url: ctx.u(info.series.path), part: info.index, total: info.total } : void 0,
    featured: post.featured,
    lang: post.lang,
    image: post.image
  };
}
function scope(ctx) {
  return { components: ctx.components, i18n: ctx.i18n };
}
function defaultPostMeta(post, linkCategory) {
  const parts = [];
  if (post.statusLabel) parts.push(html`<span class="status status-${post.status}">${post.statusLabel}</span>`);
  if (post.kindLabel) parts.push(html`<span class="kind">${post.kindLabel}</span>`);
  const cat = post.category;
  if (cat) parts.push(linkCategory ? html`<a href="${cat.url}">${cat.name}</a>` : html`<span>${cat.name}</span>`);
  if (post.date) parts.push(html`<time datetime="${post.date.iso}">${post.date.text}</time>`);
  parts.push(html`<span>${post.readingTime}</span>`);
  return html`<p class="meta" data-pagefind-ignore>${parts.map((p, i) => i ? html`<span class="sep" aria-hidden="true"> · </span>${p}` : p)}</p>`;
}
function postMeta(ctx, post, linkCategory = true) {
  return renderComponent(scope(ctx), "post-meta", { post: postView(ctx, post) }, (p) => defaultPostMeta(p.post, linkCategory));
}
function defaultPostCard(ctx, post, p) {
  const title = html`<a href="${p.post.url}">${p.post.title}</a>`;
  return html`<article class="card">
${p.headingLevel === 2 ? html`<h2 class="card-title" dir="auto">${title}</h2>` : html`<h3 class="card-title" dir="auto">${title}</h3>`}
${postMeta(ctx, post, false)}
<p class="card-summary" dir="auto">${p.post.summary}</p>
</article>`;
}
function postCard(ctx, post, headingLevel = 2) {
  return renderComponent(scope(ctx), "post-card", { post: postView(ctx, post), headingLevel }, (p) => defaultPostCard(ctx, post, p));
}
function postList(ctx, posts, headingLevel = 2, empty = ctx.i18n.t("list.empty")) {
  if (!posts.length) return html`<p class="empty">${empty}</p>`;
  return html`<ul class="post-list" role="list">${posts.map((p) => html`<li>${postCard(ctx, p, headingLevel)}</li>`)}</ul>`;
}
function pagination(ctx, page) {
  if (page.total < 2) return html``;
  const t = ctx.i18n;
  const newer = page.number > 1 ? html`<a rel="prev" href="${ctx.u(page.pathOf(page.number - 1))}">${t.t("list.newerPage")}</a>` : html`<span></span>`;
  const older = page.number < page.total ? html`<a rel="next" href="${ctx.u(page.pathOf(page.number + 1))}">${t.t("list.olderPage")}</a>` : html`<span></span>`;
  return html`<nav class="pagination" aria-label="${t.t("list.pagination")}">${newer}<span class="page-count">${t.t("list.pageOf", { n: page.number, total: page.total })}</span>${older}</nav>`;
}
function categoryFilter(ctx, current, allPath) {
  const cats = ctx.model.categories.filter((c) => c.posts.some((p) => p.kind === "article"));
  if (!cats.length) return html``;
  const item = (label, path, count, active) => html`<li><a href="${ctx.u(path)}"${active ? html` aria-current="page"` : ""}>${label}${count !== void 0 ? html` <span class="count">${ctx.i18n.number(count)}</span>` : ""}</a></li>`;
  return html`<nav class="filters" aria-label="${ctx.i18n.t("list.filterByCategory")}"><ul role="list">
${item(ctx.i18n.t("list.all"), allPath, void 0, !current)}
${cats.map((c) => item(c.name, c.path, c.posts.length, current === c))}
</ul></nav>`;
}
function tagList(ctx, terms) {
  if (!terms.length) return html``;
  return html`<ul class="tags" role="list">${terms.map((t) => html`<li><a href="${ctx.u(t.path)}">#${t.name}</a></li>`)}</ul>`;
}
var views;
var init_components2 = __esm({
  "dist/render/components.js"() {
    "use strict";
    init_dates();
    init_html();
    init_theming();
    views = /* @__PURE__ */ new WeakMap();
  }
});

// dist/render/structured-data.js
function blogPostingLd(ctx, post, image2) {
  const { config } = ctx.model;
  const a = ctx.model.author;
  const author = a ? { "@type": "Person", name: a.name, ...a.url ? { url: a.url } : {} } : void 0;
  return {
    "@context": "https://schema.org",
    "@type": "BlogPosting",
    headline: post.title,
    description: summaryOf(post),
    url: ctx.abs(post.path),
    mainEntityOfPage: ctx.abs(post.path),
    ...post.date ? { datePublished: rfc3339(post.date) } : {},
    ...post.updated || post.date ? { dateModified: rfc3339(post.updated ?? post.date) } : {},
    ...author ? { author } : {},
    ...image2 ? { image: image2.startsWith("http") ? image2 : ctx.model.origin + image2 } : {},
    ...post.tags.length ? { keywords: post.tags.join(", ") } : {},
    ...post.categoryTerms[0] ? { articleSection: post.categoryTerms[0].name } : {},
    wordCount: post.rendered.words,
    inLanguage: post.lang ?? config.lang
  };
}
function breadcrumbLd(ctx, crumbs) {
  return {
    "@context": "https://schema.org",
    "@type": "BreadcrumbList",
    itemListElement: [[ctx.i18n.t("nav.home"), ""], ...crumbs].map(([name, path], i) => ({
      "@type": "ListItem",
      position: i + 1,
      name,
      item: ctx.abs(path)
    }))
  };
}
var init_structured_data = __esm({
  "dist/render/structured-data.js"() {
    "use strict";
    init_dates();
    init_components2();
  }
});

// dist/render/pages.js
function siteDescription(ctx) {
  return ctx.model.config.description || ctx.model.config.title;
}
function postCardInput(ctx, post) {
  const first = post.caseStudy.outcomes?.[0];
  const change = first ? relativeChange(first) : void 0;
  return {
    title: post.title,
    eyebrow: [kindLabel(ctx, post), post.categoryTerms[0]?.name].filter(Boolean).join(" \xB7 ") || void 0,
    meta: [post.date ? ctx.i18n.date(post.date) : void 0, readingTime(ctx, post)].filter(Boolean).join(" \xB7 "),
    siteName: ctx.model.config.title,
    highlight: first && change !== void 0 ? `${first.metric} ${change > 0 ? "+" : change < 0 ? "\u2212" : "\xB1"}${Math.abs(change)}%` : void 0
  };
}
function sectionCard(ctx, eyebrow, title) {
  return { title, eyebrow, meta: void 0, siteName: ctx.model.config.title, highlight: void 0 };
}
function defaultSeriesBox(ctx, p) {
  return html`<nav class="series-box" aria-labelledby="series-title" data-pagefind-ignore>
<p id="series-title" class="series-label">${ctx.i18n.h("post.seriesPart", { index: p.index, total: p.total, series: html`<a href="${p.series.url}">${p.series.name}</a>` })}</p>
<ol>${p.parts.map((part) => part.current ? html`<li><span aria-current="page">${part.title}</span></li>` : html`<li><a href="${part.url}">${part.title}</a></li>`)}</ol>
</nav>`;
}
function seriesBox(ctx, post) {
  const info = post.seriesInfo;
  if (!info) return html``;
  const props = {
    series: { name: info.series.name, url: ctx.u(info.series.path) },
    index: info.index,
    total: info.total,
    parts: info.series.parts.map((p) => ({ title: p.title, url: ctx.u(p.path), current: p === post }))
  };
  return renderComponent({ components: ctx.components, i18n: ctx.i18n }, "series-box", props, (p) => defaultSeriesBox(ctx, p));
}
function toc(ctx, entries) {
  if (entries.length < 2) return html``;
  const groups = [];
  for (const e of entries) {
    const parent = groups[groups.length - 1];
    if ((e.level ?? 2) > 2 && parent) parent.children.push(e);
    else groups.push({ entry: e, children: [] });
  }
  const link3 = (e) => html`<a href="#${e.id}">${e.text}</a>`;
  return html`<nav class="toc" aria-labelledby="toc-heading" data-pagefind-ignore><h2 id="toc-heading">${ctx.i18n.t("post.contents")}</h2><ol>${groups.map(
    (g) => html`<li>${link3(g.entry)}${g.children.length ? html`<ol>${g.children.map((c) => html`<li>${link3(c)}</li>`)}</ol>` : ""}</li>`
  )}</ol></nav>`;
}
function coverUrl(ctx, cover) {
  return cover ? cover.url.startsWith("http") ? cover.url : ctx.model.origin + cover.url : void 0;
}
function coverImage(cover, post) {
  if (!cover) return html``;
  return html`<img class="cover" src="${cover.url}" alt="${post.imageAlt ?? ""}"${cover.width ? raw(` width="${cover.width}" height="${cover.height}"`) : ""} decoding="async">`;
}
function articleLang(site, post) {
  if (!post.lang || post.lang === site.model.config.lang) return html``;
  return html` lang="${post.lang}" dir="${directionOf(post.lang)}"`;
}
function renderPost(site, post, cover) {
  const ctx = withLang(site, post.lang);
  const t = ctx.i18n;
  const sections2 = post.kind === "article" ? { html: html``, toc: [] } : caseStudySections(ctx, post);
  const tocEntries = post.toc ? [...post.rendered.toc, ...sections2.toc] : [];
  const neighbours = post.older || post.newer ? html`<nav class="neighbours" aria-label="${t.t(post.kind === "article" ? "post.moreWriting" : "post.moreCaseStudies")}">
${post.newer ? html`<a class="newer" rel="next" href="${ctx.u(post.newer.path)}"><span class="dir">${t.t("post.newer")}</span> ${post.newer.title}</a>` : ""}
${post.older ? html`<a class="older" rel="prev" href="${ctx.u(post.older.path)}"><span class="dir">${t.t("post.older")}</span> ${post.older.title}</a>` : ""}
</nav>` : "";
  const updated = post.updated && (!post.date || post.updated.epoch > post.date.epoch) ? html`<p class="updated" data-pagefind-ignore>${t.h("post.updated", { date: timeTag(ctx, post, "updated") })}</p>` : "";
  const related = post.related.length ? html`<section class="related" aria-labelledby="related-title" data-pagefind-ignore><h2 id="related-title">${t.t("post.related")}</h2>${postList(ctx, post.related, 3)}</section>` : "";
  const body2 = html`<article class="post${post.kind === "article" ? "" : ` case-study kind-${post.kind}`}"${articleLang(site, post)} data-pagefind-body>
<header class="post-header">
<h1>${post.title}</h1>
${postMeta(ctx, post)}
${updated}
${post.description ? html`<p class="lede">${post.description}</p>` : ""}
</header>
${coverImage(cover, post)}
${seriesBox(ctx, post)}
${post.kind === "article" ? "" : caseStudySummary(ctx, post)}
${toc(ctx, tocEntries)}
<div class="prose">
${raw(post.rendered.html)}
</div>
${sections2.html}
<footer class="post-footer" data-pagefind-ignore${ctx.analytics ? raw(" data-read-end") : ""}>
${tagList(ctx, post.tagTerms)}
${related}
${neighbours}
</footer>
</article>`;
  const head = html`${post.date ? html`<meta property="article:published_time" content="${rfc3339(post.date)}">\n` : ""}${post.updated ? html`<meta property="article:modified_time" content="${rfc3339(post.updated)}">\n` : ""}${post.tagTerms.map((t2) => html`<meta property="article:tag" content="${t2.name}">\n`)}`;
  return {
    path: post.path,
    html: layout(site, {
      path: post.path,
      title: post.title,
      description: summaryOf(post) || siteDescription(ctx),
      body: body2,
      ogType: "article",
      image: coverUrl(ctx, cover),
      card: postCardInput(ctx, post),
      canonical: ctx.link(post.canonical),
      lang: post.lang,
      head,
      jsonLd: [
        blogPostingLd(ctx, post, cover?.url ?? (ctx.cards ? ctx.abs(cardPath(post.path)) : void 0)),
        breadcrumbLd(site, [
          [site.i18n.t(post.kind === "article" ? "nav.writing" : "nav.caseStudies"), post.kind === "article" ? "writing/" : "case-studies/"],
          [post.title, post.path]
        ])
      ]
    })
  };
}
function renderStandalonePage(site, page, cover) {
  const ctx = withLang(site, page.lang);
  const body2 = html`<article class="post standalone"${articleLang(site, page)} data-pagefind-body>
<header class="post-header">
<h1>${page.title}</h1>
${page.updated ? html`<p class="updated" data-pagefind-ignore>${ctx.i18n.h("post.updated", { date: timeTag(ctx, page, "updated") })}</p>` : ""}
${page.description ? html`<p class="lede">${page.description}</p>` : ""}
</header>
${coverImage(cover, page)}
${page.toc ? toc(ctx, page.rendered.toc) : ""}
<div class="prose">
${raw(page.rendered.html)}
</div>
</article>`;
  return {
    path: page.path,
    html: layout(site, {
      path: page.path,
      title: page.title,
      description: summaryOf(page) || siteDescription(ctx),
      body: body2,
      image: coverUrl(ctx, cover),
      card: { title: page.title, eyebrow: void 0, meta: void 0, siteName: ctx.model.config.title, highlight: void 0 },
      canonical: ctx.link(page.canonical),
      lang: page.lang,
      jsonLd: [breadcrumbLd(site, [[page.title, page.path]])]
    })
  };
}
function renderHome(ctx) {
  const { model } = ctx;
  const { config, profile } = model;
  const featured = model.featured.slice(0, 3);
  const featuredStudies = profile ? model.caseStudies.filter((p) => p.featured).slice(0, 3) : [];
  const latest = model.articles.filter((p) => !featured.includes(p) || profile).slice(0, 6);
  const studies = model.caseStudies.filter((p) => !featured.includes(p)).slice(0, 3);
  const basics = profile?.basics;
  const t = ctx.i18n;
  const heroProps = basics ? { name: basics.name, headline: basics.label, location: locationText(basics), summary: basics.summary, links: profileLinks(ctx, basics) } : { name: model.author?.name ?? config.title, headline: void 0, location: void 0, summary: config.description || void 0, links: html`` };
  const hero = renderComponent({ components: ctx.components, i18n: t }, "home-hero", heroProps, (p) => html`<section class="hero" aria-labelledby="hero-title">
<h1 id="hero-title" dir="auto">${p.name}</h1>
${p.headline ? html`<p class="headline" dir="auto">${p.headline}</p>` : ""}
${p.location ? html`<p class="meta" dir="auto">${p.location}</p>` : ""}
${p.summary ? html`<p class="lede" dir="auto">${p.summary}</p>` : ""}
${p.links}
</section>`);
  const section3 = (id, title, content2, more) => html`<section class="home-section" aria-labelledby="${id}"><h2 id="${id}">${title}</h2>${content2}${more ?? ""}</section>`;
  const body2 = profile ? html`${hero}
${featuredStudies.length ? section3("featured-title", t.t("home.featuredCaseStudies"), postList(ctx, featuredStudies, 3)) : ""}
${section3(
    "latest-title",
    t.t("home.latestWriting"),
    postList(ctx, latest, 3, t.t("home.noPosts")),
    model.articles.length > latest.length ? html`<p class="more"><a href="${ctx.u("writing/")}">${t.t("home.allWriting")}</a></p>` : void 0
  )}
${profile.skills?.length ? section3("stack-title", t.t("home.stack"), techStack(ctx, profile)) : ""}
${profile.work?.length ? section3("experience-title", t.t("home.experience"), experienceTimeline(ctx, profile), html`<p class="more"><a href="${ctx.u("cv/")}">${t.t("home.fullCv")}</a></p>`) : ""}` : html`${hero}
${featured.length ? section3("featured-title", t.t("home.featured"), postList(ctx, featured, 3)) : ""}
${section3(
    "latest-title",
    t.t("home.latestWriting"),
    postList(ctx, latest.filter((p) => !featured.includes(p)), 3, t.t("home.noPosts")),
    model.articles.length > latest.length ? html`<p class="more"><a href="${ctx.u("writing/")}">${t.t("home.allWriting")}</a></p>` : void 0
  )}
${studies.length ? section3("cases-title", t.t("home.caseStudies"), postList(ctx, studies, 3), html`<p class="more"><a href="${ctx.u("case-studies/")}">${t.t("home.allCaseStudies")}</a></p>`) : ""}`;
  const author = model.author;
  const person = profile ? [personLd(ctx, profile)] : author ? [{ "@context": "https://schema.org", "@type": "Person", name: author.name, url: ctx.abs(""), ...author.url ? { sameAs: [author.url] } : {} }] : [];
  return {
    path: "",
    html: layout(ctx, {
      path: "",
      title: void 0,
      description: basics?.label ? `${basics.name}: ${basics.label}` : siteDescription(ctx),
      body: body2,
      card: sectionCard(ctx, basics?.name ?? config.title, basics?.label ?? (config.description || config.title)),
      jsonLd: [{ "@context": "https://schema.org", "@type": "WebSite", name: config.title, url: ctx.abs("") }, ...person]
    })
  };
}
function sectionFilter(ctx, current) {
  const sections2 = ctx.model.caseStudySections;
  const item = (label, path, count, active) => html`<li><a href="${ctx.u(path)}"${active ? html` aria-current="page"` : ""}>${label}${count !== void 0 ? html` <span class="count">${count}</span>` : ""}</a></li>`;
  return html`<nav class="filters" aria-label="${ctx.i18n.t("caseStudies.filter")}"><ul role="list">
${item(ctx.i18n.t("list.all"), "case-studies/", void 0, !current)}
${sections2.map((s) => item(s.title, s.path, s.posts.length, current === s))}
</ul></nav>`;
}
function renderCaseStudies(ctx) {
  const { model } = ctx;
  const t = ctx.i18n;
  const intro = model.config.caseStudies.intro ?? t.t("caseStudies.intro");
  const sections2 = model.caseStudySections;
  const title = t.t("caseStudies.title");
  const index = html`<header class="page-header"><h1>${title}</h1><p class="lede">${intro}</p></header>
${sectionFilter(ctx, void 0)}
${model.caseStudies.length ? sections2.filter((s) => s.posts.length).map((s) => html`<section class="cs-group" aria-labelledby="${`group-${s.slug}`}">
<h2 id="${`group-${s.slug}`}"><a href="${ctx.u(s.path)}">${s.title}</a></h2>${s.description ? html`<p class="meta">${s.description}</p>` : ""}
${postList(ctx, s.posts, 3)}
</section>`) : html`<p class="empty">${t.t("caseStudies.empty")}</p>`}`;
  const pages = [{
    path: "case-studies/",
    html: layout(ctx, { path: "case-studies/", title, description: intro, body: index, card: sectionCard(ctx, title, intro), jsonLd: [breadcrumbLd(ctx, [[title, "case-studies/"]])] })
  }];
  for (const s of sections2) {
    const sectionTitle = s.slug === "more" && s.title === "More case studies" ? t.t("caseStudies.more") : s.title;
    const body2 = html`<header class="page-header"><p class="eyebrow">${title}</p><h1>${sectionTitle}</h1>${s.description ? html`<p class="lede">${s.description}</p>` : ""}</header>
${sectionFilter(ctx, s)}
${postList(ctx, s.posts, 2, t.t("caseStudies.emptySection"))}`;
    pages.push({
      path: s.path,
      html: layout(ctx, {
        path: s.path,
        title: t.t("caseStudies.sectionTitle", { section: sectionTitle }),
        description: s.description ?? t.t("caseStudies.sectionDescription", { section: sectionTitle, n: s.posts.length, site: model.config.title }),
        body: body2,
        card: sectionCard(ctx, title, sectionTitle),
        jsonLd: [breadcrumbLd(ctx, [[title, "case-studies/"], [sectionTitle, s.path]])]
      })
    });
  }
  return pages;
}
function renderListPage(ctx, opts, page) {
  {
    const t = ctx.i18n;
    const title = page.number > 1 ? t.t("list.titleWithPage", { title: opts.title, n: page.number }) : opts.title;
    const feedLinks = opts.feeds ? html`<p class="meta">${t.h(opts.feeds.kind === "tag" ? "list.followTag" : "list.followCategory", {
      rss: html`<a href="${ctx.u(opts.feeds.rss)}">RSS</a>`,
      atom: html`<a href="${ctx.u(opts.feeds.atom)}">Atom</a>`
    })}</p>` : "";
    const body2 = html`<header class="page-header"><h1>${title}</h1>${opts.intro ? html`<p class="lede">${opts.intro}</p>` : ""}${feedLinks}</header>
${opts.filter ? categoryFilter(ctx, opts.filter.current, opts.filter.allPath) : ""}
${postList(ctx, page.items, 2, opts.empty)}
${pagination(ctx, page)}`;
    const head = html`${page.number > 1 ? html`<link rel="prev" href="${ctx.abs(page.pathOf(page.number - 1))}">\n` : ""}${page.number < page.total ? html`<link rel="next" href="${ctx.abs(page.pathOf(page.number + 1))}">\n` : ""}`;
    return {
      path: page.path,
      html: layout(ctx, {
        path: page.path,
        title,
        description: typeof opts.intro === "string" && opts.intro ? opts.intro : t.t("list.postCount", { title: opts.title, n: opts.posts.length, site: ctx.model.config.title }),
        body: body2,
        head,
        ...page.number === 1 ? { card: sectionCard(ctx, opts.kind, opts.title) } : ctx.cards ? { image: ctx.abs(cardPath(opts.firstPath)) } : {},
        ...opts.feeds ? { feeds: opts.feeds } : {},
        jsonLd: [breadcrumbLd(ctx, opts.crumbs)]
      })
    };
  }
}
function renderTermIndex(ctx, title, path, terms, prefix = "") {
  const body2 = html`<header class="page-header"><h1>${title}</h1></header>
${terms.length ? html`<ul class="term-cloud" role="list">${terms.map((t) => html`<li><a href="${ctx.u(t.path)}">${prefix}${t.name} <span class="count">${ctx.i18n.number(t.posts.length)}</span></a></li>`)}</ul>` : html`<p class="empty">${ctx.i18n.t("list.empty")}</p>`}`;
  return { path, html: layout(ctx, { path, title, description: ctx.i18n.t("terms.description", { title, site: ctx.model.config.title }), body: body2, jsonLd: [breadcrumbLd(ctx, [[title, path]])] }) };
}
function renderSeriesIndex(ctx) {
  const path = "series/";
  const all = ctx.model.series;
  const t = ctx.i18n;
  const body2 = html`<header class="page-header"><h1>${t.t("series.title")}</h1></header>
${all.length ? html`<ul class="post-list" role="list">${all.map((s) => html`<li><article class="card"><h2 class="card-title"><a href="${ctx.u(s.path)}">${s.name}</a></h2><p class="meta">${t.t("series.parts", { n: s.parts.length })}</p></article></li>`)}</ul>` : html`<p class="empty">${t.t("series.empty")}</p>`}`;
  return { path, html: layout(ctx, { path, title: t.t("series.title"), description: t.t("series.description", { site: ctx.model.config.title }), body: body2 }) };
}
function renderSeries(ctx, series) {
  const t = ctx.i18n;
  const body2 = html`<header class="page-header"><p class="eyebrow">${t.t("series.eyebrow")}</p><h1>${series.name}</h1><p class="lede">${t.t("series.lede", { n: series.parts.length })}</p></header>
<ol class="series-parts">${series.parts.map((p, i) => html`<li><article class="card"><h2 class="card-title"><a href="${ctx.u(p.path)}"><span class="part">${t.t("series.part", { n: i + 1 })}</span> ${p.title}</a></h2>${postMeta(ctx, p, false)}<p class="card-summary">${summaryOf(p)}</p></article></li>`)}</ol>`;
  return {
    path: series.path,
    html: layout(ctx, {
      path: series.path,
      title: series.name,
      description: t.t("series.pageDescription", { series: series.name, n: series.parts.length, site: ctx.model.config.title }),
      body: body2,
      card: sectionCard(ctx, `${t.t("series.eyebrow")} \xB7 ${t.t("series.parts", { n: series.parts.length })}`, series.name),
      jsonLd: [breadcrumbLd(ctx, [[t.t("series.title"), "series/"], [series.name, series.path]])]
    })
  };
}
function renderNotFound(ctx) {
  const t = ctx.i18n;
  const body2 = html`<header class="page-header"><h1>${t.t("notFound.title")}</h1><p class="lede">${t.t("notFound.lede")}</p></header>
<ul class="not-found-links"><li><a href="${ctx.u("")}">${t.t("nav.home")}</a></li><li><a href="${ctx.u("writing/")}">${t.t("home.allWriting")}</a></li><li><a href="${ctx.u("case-studies/")}">${t.t("home.caseStudies")}</a></li></ul>
${ctx.model.posts.length ? html`<h2>${t.t("notFound.recent")}</h2>${postList(ctx, ctx.model.posts.slice(0, 3), 3)}` : ""}`;
  return { path: "404.html", html: layout(ctx, { path: "404.html", title: t.t("notFound.title"), description: t.t("notFound.title"), body: body2, noindex: true }) };
}
function renderRedirect(ctx, from, to) {
  const target = ctx.abs(to.path);
  return {
    path: from,
    html: html`<!doctype html>
<html lang="${ctx.model.config.lang}" dir="${ctx.chrome.dir}">
<head>
<meta charset="utf-8">
<title>${to.title}</title>
<meta name="description" content="${ctx.i18n.t("redirect.movedTo", { link: target })}">
<link rel="canonical" href="${target}">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url=${target}">
</head>
<body>
<p>${ctx.i18n.h("redirect.movedTo", { link: html`<a href="${target}">${to.title}</a>` })}</p>
</body>
</html>
`.value
  };
}
function renderSearch(ctx, script) {
  const t = ctx.i18n;
  const strings = jsonForScript({
    lang: t.lang,
    noResults: t.message("search.noResults"),
    results: t.message("search.results"),
    resultsFirst: t.message("search.resultsFirst")
  });
  const body2 = html`<header class="page-header"><h1>${t.t("search.title")}</h1></header>
<div class="search" data-search data-base="${ctx.u("")}" data-strings="${strings}">
<form role="search" action="${ctx.u("search/")}" method="get">
<label for="search-q">${t.t("search.label")}</label>
<div class="search-row"><input id="search-q" type="search" name="q" autocomplete="off" spellcheck="false"><button type="submit">${t.t("search.button")}</button></div>
<p class="meta">${t.h("search.shortcut", { key: html`<kbd>/</kbd>` })}</p>
</form>
<p role="status" aria-live="polite" class="search-status"></p>
<ul class="post-list search-results" role="list"></ul>
<noscript><p class="empty">${t.h("search.noscript", { writing: html`<a href="${ctx.u("writing/")}">${t.t("nav.writing")}</a>`, tags: html`<a href="${ctx.u("tags/")}">${t.t("tags.title")}</a>` })}</p></noscript>
</div>`;
  return {
    path: "search/",
    html: layout(ctx, { path: "search/", title: t.t("search.title"), description: t.t("search.description", { site: ctx.model.config.title }), body: body2, scripts: [script], noindex: true })
  };
}
var init_pages = __esm({
  "dist/render/pages.js"() {
    "use strict";
    init_cv();
    init_profile3();
    init_dates();
    init_html();
    init_escape();
    init_case_study();
    init_theming();
    init_i18n();
    init_components2();
    init_context();
    init_layout();
    init_structured_data();
  }
});

// dist/render/stylesheet.js
import { createHash as createHash3 } from "node:crypto";
import { readFileSync as readFileSync12 } from "node:fs";
function themeAsset(file, name, ext) {
  let asset = assets.get(file);
  if (!asset) {
    const text5 = readFileSync12(new URL(`../../theme/${file}`, import.meta.url), "utf8");
    asset = { path: `assets/${name}-${createHash3("sha256").update(text5).digest("hex").slice(0, 10)}.${ext}`, text: text5 };
    assets.set(file, asset);
  }
  return asset;
}
function stylesheet(tokensCss, siteCss = []) {
  const base = themeAsset("casebook.css", "casebook", "css").text;
  const css = [tokensCss, base, ...siteCss].join("\n");
  return { path: `assets/casebook-${createHash3("sha256").update(css).digest("hex").slice(0, 10)}.css`, css };
}
function monogramFavicon(title, accent = "#1a5aa6") {
  const letter = [...title.trim()][0]?.toUpperCase() ?? "C";
  const safe = letter.replace(/[<>&"']/g, "C");
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="${accent}"/><text x="32" y="44" font-family="system-ui,sans-serif" font-size="36" font-weight="700" text-anchor="middle" fill="#fff">${safe}</text></svg>
`;
}
var assets;
var init_stylesheet = __esm({
  "dist/render/stylesheet.js"() {
    "use strict";
    assets = /* @__PURE__ */ new Map();
  }
});

// dist/emit/absolutize.js
function absolutizeHtml(markup, origin, pageUrl) {
  return markup.replace(/\b(src|href)="([^"]*)"/g, (whole, name, value) => {
    if (value.startsWith("//") || /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(value)) return whole;
    if (value.startsWith("/")) return `${name}="${origin}${value}"`;
    if (value.startsWith("#")) return `${name}="${pageUrl}${value}"`;
    return whole;
  });
}
var init_absolutize = __esm({
  "dist/emit/absolutize.js"() {
    "use strict";
  }
});

// dist/emit/feeds.js
function siteFeedScope(ctx) {
  const { config } = ctx.model;
  return { posts: ctx.model.posts, title: config.title, description: config.description || config.title, home: "", rss: "feed.xml", atom: "atom.xml" };
}
function feedPosts(scope2) {
  return scope2.posts.filter((p) => p.date).slice(0, FEED_SIZE);
}
function content(ctx, post) {
  return absolutizeHtml(post.rendered.html, ctx.model.origin, ctx.abs(post.path));
}
function feedUpdated(scope2) {
  let newest;
  for (const p of scope2.posts) {
    const d = p.updated ?? p.date;
    if (d && (!newest || d.epoch > newest.epoch)) newest = d;
  }
  return newest;
}
function rssFeed(ctx, scope2 = siteFeedScope(ctx)) {
  const { config } = ctx.model;
  const updated = feedUpdated(scope2);
  const items = feedPosts(scope2).map((p) => {
    const url2 = ctx.abs(p.path);
    return `<item>
<title>${escapeXml(p.title)}</title>
<link>${escapeXml(url2)}</link>
<guid isPermaLink="true">${escapeXml(url2)}</guid>
<pubDate>${rfc822(p.date)}</pubDate>
${ctx.model.author?.email ? `<author>${escapeXml(`${ctx.model.author.email} (${ctx.model.author.name})`)}</author>
` : ""}${p.categories.map((c) => `<category>${escapeXml(c)}</category>
`).join("")}<description>${escapeXml(summaryOf(p))}</description>
<content:encoded>${escapeXml(content(ctx, p))}</content:encoded>
</item>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
<title>${escapeXml(scope2.title)}</title>
<link>${escapeXml(ctx.abs(scope2.home))}</link>
<description>${escapeXml(scope2.description)}</description>
<language>${escapeXml(config.lang)}</language>
<generator>Casebook</generator>
${updated ? `<lastBuildDate>${rfc822(updated)}</lastBuildDate>
` : ""}<atom:link href="${escapeXml(ctx.abs(scope2.rss))}" rel="self" type="application/rss+xml"/>
${items.join("\n")}
</channel>
</rss>
`;
}
function atomFeed(ctx, scope2 = siteFeedScope(ctx)) {
  const { config } = ctx.model;
  const updated = feedUpdated(scope2);
  const author = ctx.model.author ?? { name: config.title };
  const entries = feedPosts(scope2).map((p) => {
    const url2 = ctx.abs(p.path);
    return `<entry>
<title type="text">${escapeXml(p.title)}</title>
<link rel="alternate" type="text/html" href="${escapeXml(url2)}"/>
<id>${escapeXml(url2)}</id>
<published>${rfc3339(p.date)}</published>
<updated>${rfc3339(p.updated ?? p.date)}</updated>
${p.categories.map((c) => `<category term="${escapeXml(c)}"/>
`).join("")}<summary type="text">${escapeXml(summaryOf(p))}</summary>
<content type="html" xml:base="${escapeXml(url2)}">${escapeXml(content(ctx, p))}</content>
</entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeXml(config.lang)}">
<title type="text">${escapeXml(scope2.title)}</title>
<subtitle type="text">${escapeXml(scope2.description)}</subtitle>
<link rel="alternate" type="text/html" href="${escapeXml(ctx.abs(scope2.home))}"/>
<link rel="self" type="application/atom+xml" href="${escapeXml(ctx.abs(scope2.atom))}"/>
<id>${escapeXml(ctx.abs(scope2.atom))}</id>
<updated>${updated ? rfc3339(updated) : "1970-01-01T00:00:00Z"}</updated>
<author><name>${escapeXml(author.name)}</name>${"email" in author && author.email ? `<email>${escapeXml(author.email)}</email>` : ""}</author>
<generator>Casebook</generator>
${entries.join("\n")}
</feed>
`;
}
function jsonFeed(ctx) {
  const { config } = ctx.model;
  const a = ctx.model.author;
  const authors = a ? [{ name: a.name, ...a.url ? { url: a.url } : {} }] : void 0;
  const feed = {
    version: "https://jsonfeed.org/version/1.1",
    title: config.title,
    home_page_url: ctx.abs(""),
    feed_url: ctx.abs("feed.json"),
    ...config.description ? { description: config.description } : {},
    language: config.lang,
    ...authors ? { authors } : {},
    items: feedPosts(siteFeedScope(ctx)).map((p) => ({
      id: ctx.abs(p.path),
      url: ctx.abs(p.path),
      title: p.title,
      content_html: content(ctx, p),
      summary: summaryOf(p),
      date_published: rfc3339(p.date),
      ...p.updated ? { date_modified: rfc3339(p.updated) } : {},
      ...p.tags.length ? { tags: p.tags } : {}
    }))
  };
  return jsonForScript(feed, 1) + "\n";
}
var FEED_SIZE;
var init_feeds = __esm({
  "dist/emit/feeds.js"() {
    "use strict";
    init_components2();
    init_dates();
    init_escape();
    init_absolutize();
    FEED_SIZE = 20;
  }
});

// dist/build/cache.js
import { createHash as createHash4 } from "node:crypto";
import { dirname as dirname8 } from "node:path";
function digest(value) {
  return createHash4("sha1").update(JSON.stringify(value)).digest("hex");
}
var BuildCache;
var init_cache = __esm({
  "dist/build/cache.js"() {
    "use strict";
    BuildCache = class {
      posts = /* @__PURE__ */ new Map();
      pages = /* @__PURE__ */ new Map();
      /** Settings every cached item depends on; a change empties the cache. */
      settings = "";
      /** Call at the start of a build with everything that shapes every post and page. */
      useSettings(settings) {
        const key = digest(settings);
        if (key !== this.settings) {
          this.posts.clear();
          this.pages.clear();
          this.settings = key;
        }
      }
      /**
       * A non-Markdown file changed: forget the posts that use it (an image anywhere, found through
       * their rendered assets) and the posts of its folder (a file that was missing before).
       */
      forgetUsersOf(changed) {
        for (const [file, entry2] of this.posts) {
          const uses = entry2.rendered?.body.assets.some((a) => a.from === changed);
          if (uses || dirname8(file) === dirname8(changed)) this.posts.delete(file);
        }
      }
    };
  }
});

// dist/og/pool.js
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
var CardPool;
var init_pool = __esm({
  "dist/og/pool.js"() {
    "use strict";
    CardPool = class {
      workers = [];
      idle = [];
      queue = [];
      pending = /* @__PURE__ */ new Map();
      nextId = 0;
      constructor(size = availableParallelism()) {
        const script = new URL("../../dist/og/worker.js", import.meta.url);
        for (let i = 0; i < Math.max(1, size); i++) {
          const w = new Worker(script);
          w.on("message", (msg) => {
            const p = this.pending.get(msg.id);
            this.pending.delete(msg.id);
            if (msg.error) p.reject(new Error(msg.error));
            else p.resolve(msg.png);
            this.dispatch(w);
          });
          w.on("error", (e) => {
            for (const p of this.pending.values()) p.reject(e);
            this.pending.clear();
          });
          this.workers.push(w);
          this.idle.push(w);
        }
      }
      dispatch(worker) {
        const job = this.queue.shift();
        if (job) worker.postMessage(job);
        else this.idle.push(worker);
      }
      render(card) {
        return new Promise((resolve15, reject) => {
          const id = this.nextId++;
          this.pending.set(id, { resolve: resolve15, reject });
          this.queue.push({ id, card });
          const w = this.idle.pop();
          if (w) this.dispatch(w);
        });
      }
      async close() {
        await Promise.all(this.workers.map((w) => w.terminate()));
      }
    };
  }
});

// dist/og/cache.js
import { createHash as createHash5 } from "node:crypto";
import { mkdirSync as mkdirSync2, readFileSync as readFileSync13, renameSync, writeFileSync as writeFileSync2 } from "node:fs";
import { crc32 } from "node:zlib";
import { join as join15 } from "node:path";
function isCompletePng(png) {
  if (png.length < PNG_SIGNATURE.length + PNG_END.length || !png.subarray(0, 8).equals(PNG_SIGNATURE)) return false;
  let at = 8;
  while (at + 12 <= png.length) {
    const length2 = png.readUInt32BE(at);
    const end = at + 12 + length2;
    if (end > png.length) return false;
    if (crc32(png.subarray(at + 4, at + 8 + length2)) !== png.readUInt32BE(at + 8 + length2)) return false;
    if (png.toString("latin1", at + 4, at + 8) === "IEND") return end === png.length && png.subarray(at).equals(PNG_END);
    at = end;
  }
  return false;
}
function cardDigest(card) {
  return createHash5("sha256").update(JSON.stringify([CARD_VERSION, card])).digest("hex");
}
var PNG_SIGNATURE, PNG_END, CardCache;
var init_cache2 = __esm({
  "dist/og/cache.js"() {
    "use strict";
    init_card_input();
    init_pool();
    PNG_SIGNATURE = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
    PNG_END = Buffer.from([0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130]);
    CardCache = class {
      /** `useDisk` false (`--no-cache`): draw every card and leave the cache folder alone. */
      constructor(dir, useDisk = true) {
        this.dir = dir;
        this.useDisk = useDisk;
      }
      dir;
      useDisk;
      rendered = 0;
      reused = 0;
      pool;
      async get(card) {
        const file = join15(this.dir, `${cardDigest(card)}.png`);
        if (this.useDisk) try {
          const png2 = readFileSync13(file);
          if (isCompletePng(png2)) {
            this.reused++;
            return png2;
          }
        } catch {
        }
        this.pool ??= new CardPool();
        const png = await this.pool.render(card);
        this.rendered++;
        if (!this.useDisk) return png;
        mkdirSync2(this.dir, { recursive: true });
        const tmp = `${file}.${process.pid}.tmp`;
        writeFileSync2(tmp, png);
        renameSync(tmp, file);
        return png;
      }
      async close() {
        await this.pool?.close();
      }
    };
  }
});

// dist/search/pagefind-index.js
import * as pagefind from "pagefind";
async function buildSearchIndex(pages, language) {
  const { index, errors } = await pagefind.createIndex({ forceLanguage: language.split("-")[0] });
  if (!index) throw new Error(`Pagefind could not start: ${errors.join("; ")}`);
  try {
    for (const page of pages) {
      const added = await index.addHTMLFile({ url: page.url, content: page.html });
      if (added.errors.length) throw new Error(`Pagefind could not index ${page.url}: ${added.errors.join("; ")}`);
    }
    const out = await index.getFiles();
    if (out.errors.length) throw new Error(`Pagefind could not write its index: ${out.errors.join("; ")}`);
    return out.files.filter((f) => !UNUSED.test(f.path)).map((f) => ({ path: `pagefind/${f.path}`, content: f.content }));
  } finally {
    await index.deleteIndex();
    await pagefind.close();
  }
}
var UNUSED;
var init_pagefind_index = __esm({
  "dist/search/pagefind-index.js"() {
    "use strict";
    UNUSED = /^pagefind-(ui|modular-ui|component-ui)\b/;
  }
});

// dist/analytics/beacon.js
var beacon_exports = {};
__export(beacon_exports, {
  analyticsSiteId: () => analyticsSiteId,
  beaconFor: () => beaconFor,
  beaconScript: () => beaconScript,
  eventUrl: () => eventUrl
});
import { createHash as createHash6 } from "node:crypto";
import { readFileSync as readFileSync14 } from "node:fs";
async function beaconScript() {
  if (minified === void 0) {
    const source = readFileSync14(new URL("../../theme/analytics.js", import.meta.url), "utf8");
    const { transform } = await import("esbuild");
    minified = (await transform(source, { minify: true, target: "es2018", legalComments: "none" })).code;
  }
  return minified;
}
function analyticsSiteId(config) {
  return config.analytics?.site ?? new URL(config.baseUrl).hostname;
}
function eventUrl(endpoint) {
  return new URL("api/event", endpoint.endsWith("/") ? endpoint : `${endpoint}/`).href;
}
async function beaconFor(config) {
  const endpoint = config.analytics?.endpoint;
  if (!endpoint) return void 0;
  const target = new URL(endpoint);
  if (new URL(config.baseUrl).protocol === "https:" && target.protocol === "http:" && !LOOPBACK.test(target.hostname)) {
    throw new CasebookError(
      "CB2200",
      `analytics.endpoint ${endpoint} is plain http, but the site is served over https (${config.baseUrl}): browsers block such requests.`
    );
  }
  const text5 = await beaconScript();
  const digest3 = createHash6("sha256").update(text5).digest("hex").slice(0, 10);
  return { script: `assets/analytics-${digest3}.js`, text: text5, eventUrl: eventUrl(endpoint), site: analyticsSiteId(config) };
}
var minified, LOOPBACK;
var init_beacon = __esm({
  "dist/analytics/beacon.js"() {
    "use strict";
    init_errors();
    LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;
  }
});

// dist/emit/sitemap.js
function sitemap(ctx, entries) {
  const urls = entries.map(
    (e) => `<url><loc>${escapeXml(ctx.abs(e.path))}</loc>${e.lastmod ? `<lastmod>${ymd(e.lastmod)}</lastmod>` : ""}</url>`
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${urls.join("\n")}
</urlset>
`;
}
function robots(ctx) {
  return `User-agent: *
Allow: /

Sitemap: ${ctx.abs("sitemap.xml")}
`;
}
var init_sitemap = __esm({
  "dist/emit/sitemap.js"() {
    "use strict";
    init_dates();
    init_escape();
  }
});

// dist/site/model.js
var init_model = __esm({
  "dist/site/model.js"() {
    "use strict";
  }
});

// dist/site/routes.js
function defaultPostPath(post) {
  if (post.kind === "page") return `${post.slug}/`;
  return post.kind === "article" ? `writing/${post.slug}/` : `case-studies/${post.slug}/`;
}
function postPath(post) {
  return post.outputPath ?? defaultPostPath(post);
}
function assignPaths(posts, lenient) {
  const paths = /* @__PURE__ */ new Map();
  const owners = /* @__PURE__ */ new Map();
  const errors = [];
  for (const post of posts) {
    let path = postPath(post);
    if (lenient && post.outputPath !== void 0) {
      const other2 = owners.get(path.toLowerCase());
      const p = path.toLowerCase();
      const generated = GENERATED_FILES.has(p) || RESERVED_PATHS.includes(p) || /^(writing|case-studies|categories|tags|series|search|cv|pagefind|assets)\//.test(p) && !/^(writing|case-studies)\/[^/]+\/$/.test(p);
      if (other2 || generated) {
        const moved = defaultPostPath(post);
        lenient.warnings.push({
          code: "CB1206",
          message: `/${path} ${other2 ? `is also the URL of ${other2.rel}` : "is a page Casebook generates"}; "${post.title}" is published at /${moved}.`,
          location: { file: post.file }
        });
        path = moved;
      }
    }
    const key = path.toLowerCase();
    if (post.kind === "page" && RESERVED_PATHS.includes(key)) {
      const line = post.keyLine("slug");
      errors.push(
        new CasebookError("CB1024", `The page ${post.rel} would take /${path}, which Casebook generates itself.`, {
          file: post.file,
          ...line ? { line, column: 1 } : {},
          source: post.source
        })
      );
      continue;
    }
    const other = owners.get(key);
    if (other) {
      const blamed = !post.keyLine("slug") && other.keyLine("slug") ? other : post;
      const line = blamed.keyLine("slug");
      errors.push(
        new CasebookError("CB1020", `/${path} is produced by both ${other.rel} and ${post.rel}.`, {
          file: blamed.file,
          ...line ? { line, column: 1 } : {},
          source: blamed.source
        })
      );
      continue;
    }
    owners.set(key, post);
    paths.set(post, path);
  }
  return { paths, errors };
}
var GENERATED_FILES, RESERVED_PATHS;
var init_routes = __esm({
  "dist/site/routes.js"() {
    "use strict";
    init_errors();
    init_page_folder();
    GENERATED_FILES = /* @__PURE__ */ new Set(["", "404.html", "feed.xml", "atom.xml", "feed.json", "sitemap.xml", "robots.txt", "resume.json"]);
    RESERVED_PATHS = [
      "writing/",
      "case-studies/",
      "categories/",
      "tags/",
      "series/",
      "cv/",
      "search/",
      "assets/",
      "pagefind/",
      "page/"
    ];
  }
});

// dist/site/build-model.js
import { readFileSync as readFileSync15 } from "node:fs";
function compareNewestFirst(a, b) {
  if (a.date && b.date) {
    if (a.date.epoch !== b.date.epoch) return b.date.epoch - a.date.epoch;
  } else if (a.date) return -1;
  else if (b.date) return 1;
  return collator.compare(a.title, b.title) || (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0);
}
function collectTerms(posts, pick, prefix, assign) {
  const bySlug = /* @__PURE__ */ new Map();
  for (const post of posts) {
    for (const name of pick(post)) {
      const slug = slugify(name) || "untitled";
      let term = bySlug.get(slug);
      if (!term) {
        term = { name, slug, path: `${prefix}/${slug}/`, posts: [] };
        bySlug.set(slug, term);
      }
      if (term.posts[term.posts.length - 1] !== post) {
        term.posts.push(post);
        assign(post, term);
      }
    }
  }
  return [...bySlug.values()].sort((a, b) => b.posts.length - a.posts.length || collator.compare(a.name, b.name));
}
function linkNeighbours(list4) {
  for (let i = 0; i < list4.length; i++) {
    list4[i].newer = list4[i - 1];
    list4[i].older = list4[i + 1];
  }
}
function buildModel(config, all, profile, configFile) {
  const url2 = new URL(config.baseUrl);
  const pages = all.filter((p) => p.kind === "page").sort((a, b) => collator.compare(a.title, b.title));
  const sorted = all.filter((p) => p.kind !== "page").sort(compareNewestFirst);
  const articles = sorted.filter((p) => p.kind === "article");
  const caseStudies = sorted.filter((p) => p.kind !== "article");
  linkNeighbours(articles);
  linkNeighbours(caseStudies);
  const categories = collectTerms(sorted, (p) => p.categories, "categories", (p, t) => p.categoryTerms.push(t));
  const tags = collectTerms(sorted, (p) => p.tags, "tags", (p, t) => p.tagTerms.push(t));
  const errors = [];
  const seriesBySlug = /* @__PURE__ */ new Map();
  for (const post of [...sorted].reverse()) {
    if (!post.series) continue;
    const slug = slugify(post.series.name) || "series";
    let s = seriesBySlug.get(slug);
    if (!s) {
      s = { name: post.series.name, slug, path: `series/${slug}/`, parts: [] };
      seriesBySlug.set(slug, s);
    }
    s.parts.push(post);
  }
  const series = [...seriesBySlug.values()];
  for (const s of series) {
    s.parts.sort((a, b) => (a.series.part ?? Infinity) - (b.series.part ?? Infinity) || compareDates(a.date, b.date));
    const seen = /* @__PURE__ */ new Map();
    for (const p of s.parts) {
      const n3 = p.series.part;
      if (n3 === void 0) continue;
      const other = seen.get(n3);
      if (other) {
        const line = p.keyLine("seriesPart");
        errors.push(
          new CasebookError("CB1022", `${other.rel} and ${p.rel} are both part ${n3} of "${s.name}".`, {
            file: p.file,
            ...line ? { line, column: 1 } : {},
            source: p.source
          })
        );
      }
      seen.set(n3, p);
    }
    s.parts.forEach((p, i) => p.seriesInfo = { series: s, index: i + 1, total: s.parts.length });
  }
  if (errors.length) throw new CasebookErrors(errors);
  series.sort((a, b) => collator.compare(a.name, b.name));
  const basics = profile?.basics;
  const author = config.author ?? (basics ? { name: basics.name, email: basics.email, url: basics.url } : void 0);
  const nav = config.nav ? resolveNav(config.nav, pages, configFile) : [
    { label: "Writing", url: "/writing/" },
    { label: "Case studies", url: "/case-studies/" },
    ...profile ? [{ label: "CV", url: "/cv/" }] : []
  ];
  assignRelated(sorted);
  let newestEdit;
  for (const p of sorted) if (!newestEdit || compareDates(p.updated ?? p.date, newestEdit.updated ?? newestEdit.date) > 0) newestEdit = p;
  return {
    config,
    base: url2.pathname.endsWith("/") ? url2.pathname : url2.pathname + "/",
    origin: url2.origin,
    posts: sorted,
    pages,
    articles,
    caseStudies,
    featured: sorted.filter((p) => p.featured),
    categories,
    tags,
    series,
    updated: newestEdit,
    caseStudySections: groupCaseStudies(config, caseStudies),
    profile,
    author,
    nav
  };
}
function resolveNav(items, pages, configFile) {
  return items.map((item) => {
    if ("url" in item) return item;
    const page = pages.find((p) => p.slug.toLowerCase() === item.page.toLowerCase());
    if (!page) {
      const near = closest(item.page, pages.map((p) => p.slug));
      throw new CasebookError(
        "CB2008",
        `The navigation names the page "${item.page}", but no standalone page has that slug.${near ? ` Did you mean "${near}"?` : ""}`,
        configFile ? locateInFile(configFile, item.page) : void 0,
        pages.length ? `Standalone pages: ${pages.map((p) => p.slug).join(", ")}.` : "Add content/pages/" + item.page + ".md, or give a post `kind: page`."
      );
    }
    return { label: item.label ?? page.title, url: "/" + page.path };
  });
}
function locateInFile(file, needle) {
  let source;
  try {
    source = readFileSync15(file, "utf8");
  } catch {
    return { file };
  }
  const at = source.indexOf(needle);
  return at < 0 ? { file } : { file, ...offsetToLineColumn(source, at), source };
}
function groupCaseStudies(config, caseStudies) {
  const taken = /* @__PURE__ */ new Set();
  const uniqueSlug = (title) => {
    const base = slugify(title) || "section";
    let slug = base;
    for (let n3 = 2; taken.has(slug); n3++) slug = `${base}-${n3}`;
    taken.add(slug);
    return slug;
  };
  const sections2 = config.caseStudies.sections.map((s) => {
    const slug = uniqueSlug(s.title);
    return { title: s.title, slug, path: `case-studies/sections/${slug}/`, description: s.description, posts: [] };
  });
  const rest = [];
  for (const post of caseStudies) {
    const cats = post.categories.map((c) => c.toLowerCase());
    const index = config.caseStudies.sections.findIndex(
      (s) => s.featured && post.featured || s.categories.some((c) => cats.includes(c.toLowerCase()))
    );
    if (index >= 0) sections2[index].posts.push(post);
    else rest.push(post);
  }
  if (rest.length) {
    const slug = uniqueSlug("more");
    sections2.push({ title: "More case studies", slug, path: `case-studies/sections/${slug}/`, description: void 0, posts: rest });
  }
  return sections2;
}
function paginate(items, size, firstPath) {
  const total = Math.max(1, Math.ceil(items.length / size));
  const pathOf2 = (n3) => n3 === 1 ? firstPath : `${firstPath}page/${n3}/`;
  return Array.from({ length: total }, (_, i) => ({
    items: items.slice(i * size, (i + 1) * size),
    number: i + 1,
    total,
    path: pathOf2(i + 1),
    pathOf: pathOf2
  }));
}
function assignRelated(posts) {
  const order = [...posts].sort((a, b) => (b.date?.epoch ?? -Infinity) - (a.date?.epoch ?? -Infinity) || (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  const keysOf = order.map((p) => ({
    strong: [
      ...p.series ? [[`s:${p.series.name.toLowerCase()}`, WEIGHT.series]] : [],
      ...p.tags.map((t) => [`t:${slugify(t)}`, WEIGHT.tag])
    ],
    categories: p.categories.map((c) => `c:${slugify(c)}`)
  }));
  const memoKey = JSON.stringify(order.map((p, i) => [p.rel, p.date?.epoch, p.kind, keysOf[i]]));
  if (lastRelated?.key === memoKey) {
    const byRel = new Map(order.map((p) => [p.rel, p]));
    for (const p of order) p.related = lastRelated.related.get(p.rel).map((rel2) => byRel.get(rel2));
    return;
  }
  const strongIndex = /* @__PURE__ */ new Map();
  const categoryIndex = /* @__PURE__ */ new Map();
  const add = (index, k, i) => {
    const list4 = index.get(k);
    if (list4) list4.push(i);
    else index.set(k, [i]);
  };
  keysOf.forEach((keys, i) => {
    for (const [k] of keys.strong) add(strongIndex, k, i);
    for (const k of keys.categories) add(categoryIndex, k, i);
  });
  const score = new Int32Array(order.length);
  const touched = [];
  order.forEach((post, i) => {
    const own = keysOf[i];
    for (const [k, w] of own.strong) {
      for (const j of strongIndex.get(k)) {
        if (j === i) continue;
        if (score[j] === 0) touched.push(j);
        score[j] = score[j] + w;
      }
    }
    for (const j of touched) for (const c of keysOf[j].categories) if (own.categories.includes(c)) score[j] = score[j] + WEIGHT.category;
    if (touched.length < RELATED_COUNT) {
      for (const c of own.categories) {
        for (const j of categoryIndex.get(c)) {
          if (j === i || score[j] !== 0) continue;
          touched.push(j);
          score[j] = WEIGHT.category;
        }
      }
    }
    const top = [];
    for (const j of touched) {
      let at = top.findIndex((t) => score[j] > score[t] || score[j] === score[t] && j < t);
      if (at < 0) at = top.length;
      if (at < RELATED_COUNT) {
        top.splice(at, 0, j);
        if (top.length > RELATED_COUNT) top.pop();
      }
    }
    for (const j of touched) score[j] = 0;
    touched.length = 0;
    const related = top.map((j) => order[j]);
    for (const p of order) {
      if (related.length >= RELATED_COUNT) break;
      if (p !== post && p.kind === post.kind && !related.includes(p)) related.push(p);
    }
    post.related = related;
  });
  lastRelated = { key: memoKey, related: new Map(order.map((p) => [p.rel, p.related.map((r) => r.rel)])) };
}
var collator, RELATED_COUNT, WEIGHT, lastRelated;
var init_build_model = __esm({
  "dist/site/build-model.js"() {
    "use strict";
    init_errors();
    init_source_position();
    init_dates();
    init_slug();
    init_suggest();
    collator = new Intl.Collator("en");
    RELATED_COUNT = 3;
    WEIGHT = { series: 4, tag: 2, category: 1 };
  }
});

// dist/site/index.js
var init_site = __esm({
  "dist/site/index.js"() {
    "use strict";
    init_model();
    init_routes();
    init_build_model();
  }
});

// dist/util/code-digest.js
import { createHash as createHash7 } from "node:crypto";
import { readdirSync as readdirSync3, readFileSync as readFileSync16 } from "node:fs";
import { join as join16 } from "node:path";
import { fileURLToPath as fileURLToPath2 } from "node:url";
function addTree(hash, dir, keep) {
  let entries;
  try {
    entries = readdirSync3(dir, { withFileTypes: true }).sort((a, b) => a.name < b.name ? -1 : 1);
  } catch {
    return;
  }
  for (const e of entries) {
    const p = join16(dir, e.name);
    if (e.isDirectory()) addTree(hash, p, keep);
    else if (keep(e.name)) hash.update(e.name).update("\0").update(readFileSync16(p)).update("\0");
  }
}
function codeDigest() {
  if (memo2) return memo2;
  const hash = createHash7("sha256").update(process.version);
  const code = fileURLToPath2(new URL("..", import.meta.url));
  const pkg = fileURLToPath2(new URL("../..", import.meta.url));
  addTree(hash, code, (n3) => /\.(js|ts)$/.test(n3) && !n3.endsWith(".test.ts") && !n3.endsWith(".map"));
  addTree(hash, join16(pkg, "theme"), () => true);
  addTree(hash, join16(pkg, "locales"), () => true);
  memo2 = hash.digest("hex");
  return memo2;
}
var memo2;
var init_code_digest = __esm({
  "dist/util/code-digest.js"() {
    "use strict";
  }
});

// dist/build/page-manifest.js
import { createHash as createHash8 } from "node:crypto";
import { mkdirSync as mkdirSync3, readFileSync as readFileSync17, renameSync as renameSync2, statSync as statSync5, writeFileSync as writeFileSync3 } from "node:fs";
import { join as join17 } from "node:path";
function keyDigest(key) {
  return createHash8("sha256").update(key).digest("hex");
}
var PageManifest;
var init_page_manifest = __esm({
  "dist/build/page-manifest.js"() {
    "use strict";
    init_code_digest();
    PageManifest = class {
      constructor(cacheDir, outDir) {
        this.outDir = outDir;
        this.file = join17(cacheDir, "pages.json");
        let stored;
        try {
          stored = JSON.parse(readFileSync17(this.file, "utf8"));
        } catch {
          stored = void 0;
        }
        this.previous = stored && stored.version === this.version && stored.outDir === outDir ? stored.entries : {};
      }
      outDir;
      file;
      previous;
      next = {};
      pending = [];
      /** Key of the entry behind each page path in this build, for keys that depend on pages (the search index). */
      keys = /* @__PURE__ */ new Map();
      /** Pages rendered by other code are not these pages: the manifest holds only for the same Casebook. */
      version = codeDigest();
      /** The files of `id` from the previous build, if its key is unchanged and they are untouched. */
      reusable(id, key) {
        const entry2 = this.previous[id];
        if (!entry2 || entry2.key !== key) return void 0;
        for (const [path, size, mtimeMs, ino] of entry2.files) {
          try {
            const s = statSync5(join17(this.outDir, path));
            if (s.size !== size || s.mtimeMs !== mtimeMs || s.ino !== ino) return void 0;
          } catch {
            return void 0;
          }
        }
        this.next[id] = entry2;
        for (const [path] of entry2.pages) this.keys.set(path, key);
        return { pages: entry2.pages, files: entry2.files.map((f) => f[0]) };
      }
      /** `id` was rendered into `paths` in this build; their stamps are taken after the output is in place. */
      rendered(id, key, pages, paths) {
        this.pending.push({ id, key, pages, paths });
        for (const [path] of pages) this.keys.set(path, key);
      }
      /** The key of the page at `path` in this build. */
      keyOf(path) {
        return this.keys.get(path);
      }
      /** Where a file of the previous build is (until the new output replaces it). */
      previousFile(path) {
        return join17(this.outDir, path);
      }
      /** Call after the new output replaced the old one. */
      save() {
        for (const { id, key, pages, paths } of this.pending) {
          try {
            this.next[id] = {
              key,
              pages,
              files: paths.map((p) => {
                const s = statSync5(join17(this.outDir, p));
                return [p, s.size, s.mtimeMs, s.ino];
              })
            };
          } catch {
          }
        }
        mkdirSync3(join17(this.file, ".."), { recursive: true });
        const tmp = `${this.file}.${process.pid}.tmp`;
        writeFileSync3(tmp, JSON.stringify({ version: this.version, outDir: this.outDir, entries: this.next }));
        renameSync2(tmp, this.file);
      }
    };
  }
});

// dist/build/emit-site.js
import { readFileSync as readFileSync18 } from "node:fs";
async function emitSite(input) {
  const { model, sink, timer, progress } = input;
  const { theme } = input;
  const css = stylesheet(theme.tokensCss, theme.siteCss);
  const search = input.search !== "off" ? themeAsset("search.js", "search", "js") : void 0;
  const tokens = model.config.theme;
  for (const [key, url2] of [["logo", tokens.logo], ["favicon", tokens.favicon]]) {
    if (url2 && url2.startsWith("/") && !url2.startsWith("//") && !input.staticFiles.some((f) => "/" + f.to === url2)) {
      throw new CasebookError("CB2309", `theme.${key} is ${url2}, but static${url2} does not exist.`, { file: model.config.outDir });
    }
  }
  const hasFavicon = !!tokens.favicon || input.staticFiles.some((f) => f.to === "favicon.svg");
  const beacon = await beaconFor(model.config);
  const ctx = createContext(model, {
    stylesheet: css.path,
    favicon: tokens.favicon?.replace(/^\//, "") ?? "favicon.svg",
    cards: !!input.cards,
    searchScript: search?.path,
    translatorFor: theme.translatorFor,
    components: theme.components,
    logo: tokens.logo,
    analytics: beacon
  });
  timer.start("render");
  const cache = input.cache;
  const renderedIds = [];
  const globalKey = digest([model.config, model.nav, model.author, model.profile, css.path, search?.path, !!input.cards, theme.digest, beacon?.script]);
  const deps = /* @__PURE__ */ new Map();
  const v = (p) => {
    if (!p) return null;
    let d = deps.get(p);
    if (d === void 0) {
      d = `${p.digest}|${p.rendered.digest}|${p.path}|${p.status}|${p.categoryTerms.map((t2) => t2.name).join(",")}|${p.tagTerms.map((t2) => t2.name).join(",")}`;
      deps.set(p, d);
    }
    return d;
  };
  const files = /* @__PURE__ */ new Map();
  const writes = [];
  const keepHtml = input.search === "full";
  const manifest = input.manifest;
  const emit = (out) => out.map((page) => {
    const file = fileForPath(page.path);
    writes.push(sink.write(file, page.html));
    files.set(file, IN_SINK);
    const indexed = (keepHtml || !!manifest) && page.html.includes("data-pagefind-body");
    return { path: page.path, indexed, html: keepHtml && indexed ? page.html : void 0 };
  });
  const cards = /* @__PURE__ */ new Map();
  const card = (p) => {
    let d = cards.get(p);
    if (d === void 0) {
      const info = p.seriesInfo;
      d = digest([
        p.path,
        p.title,
        p.kind,
        p.status,
        p.date?.epoch,
        p.updated?.epoch,
        p.description,
        p.rendered.summary,
        p.rendered.readingMinutes,
        p.categoryTerms.map((t2) => t2.name),
        p.tagTerms.map((t2) => t2.name),
        info ? [info.series.name, info.index, info.total] : null,
        p.featured,
        p.lang,
        p.image
      ]);
      cards.set(p, d);
    }
    return d;
  };
  const neighbour = (p) => p ? [p.path, p.title] : null;
  const takePrevious = (previous) => {
    for (const file of previous) {
      writes.push(sink.link(file, manifest.previousFile(file)));
      files.set(file, IN_SINK);
    }
  };
  const memo3 = (id, key, render2) => {
    const k = globalKey + JSON.stringify(key);
    const hit = cache?.pages.get(id);
    if (hit && hit.key === k) {
      for (const [path, card2] of hit.cards) ctx.cards?.set(path, card2);
      return emit(hit.out);
    }
    const kd = manifest ? keyDigest(k) : "";
    const previous = manifest?.reusable(id, kd);
    if (previous) {
      takePrevious(previous.files);
      return previous.pages.map(([path, indexed]) => ({ path, indexed, html: void 0 }));
    }
    const before = new Set(ctx.cards?.keys());
    const out = [render2()].flat();
    renderedIds.push(id);
    const cards2 = [...ctx.cards ?? []].filter(([path]) => !before.has(path));
    cache?.pages.set(id, { key: k, out, cards: cards2 });
    const refs = emit(out);
    manifest?.rendered(id, kd, refs.map((r) => [r.path, r.indexed]), [...refs.map((r) => fileForPath(r.path)), ...cards2.map(([path]) => cardPath(path))]);
    return refs;
  };
  const pages = [];
  const lastmod = /* @__PURE__ */ new Map();
  model.posts.forEach((post, i) => {
    const cover = input.covers.get(post);
    const info = post.seriesInfo;
    pages.push(...memo3(post.path, [
      v(post),
      cover,
      neighbour(post.older),
      neighbour(post.newer),
      post.related.map(card),
      info ? [info.index, info.total, info.series.parts.map((p) => [p.path, p.title])] : null
    ], () => renderPost(ctx, post, cover)));
    lastmod.set(post.path, post.updated ?? post.date);
    progress("render", i + 1, model.posts.length);
  });
  for (const page of model.pages) {
    const cover = input.covers.get(page);
    pages.push(...memo3(page.path, [v(page), cover], () => renderStandalonePage(ctx, page, cover)));
    lastmod.set(page.path, page.updated ?? page.date);
  }
  pages.push(...memo3("", [model.featured.map(card), model.articles.slice(0, 12).map(card), model.caseStudies.slice(0, 6).map(card), model.articles.length], () => renderHome(ctx)));
  const size = model.config.paginate;
  const categoryFilterState = model.categories.map((c) => [c.name, c.path, c.posts.length, c.posts.some((p) => p.kind === "article")]);
  const list4 = (opts, filterState) => {
    for (const page of opts.pages) {
      pages.push(...memo3(page.path, [opts.title, page.items.map(card), page.number, page.total, filterState, opts.posts.length], () => renderListPage(ctx, opts, page)));
    }
  };
  const t = ctx.i18n;
  list4({
    title: t.t("writing.title"),
    kind: t.t("writing.title"),
    posts: model.articles,
    firstPath: "writing/",
    pages: paginate(model.articles, size, "writing/"),
    filter: { current: void 0, allPath: "writing/" },
    empty: t.t("writing.empty"),
    crumbs: [[t.t("writing.title"), "writing/"]]
  }, categoryFilterState);
  pages.push(...memo3("case-studies/", [model.caseStudySections.map((s) => [s.title, s.path, s.posts.map(card)])], () => renderCaseStudies(ctx)));
  if (model.profile) pages.push(...memo3("cv/", [model.tags.map((t2) => t2.slug)], () => renderCv(ctx, model.profile)));
  const termFeeds = [];
  for (const [terms, kind, index] of [[model.categories, "category", "categories"], [model.tags, "tag", "tags"]]) {
    const label = t.t(`${index}.title`);
    for (const term of terms) {
      const feeds = { title: `${model.config.title}: ${term.name}`, rss: `${term.path}feed.xml`, atom: `${term.path}atom.xml`, kind };
      termFeeds.push({ posts: term.posts, title: feeds.title, description: t.t(`${kind}.feedDescription`, { name: term.name, site: model.config.title }), home: term.path, rss: feeds.rss, atom: feeds.atom });
      list4({
        title: kind === "tag" ? t.t("tag.title", { name: term.name }) : term.name,
        kind: t.t(`${kind}.eyebrow`),
        feeds,
        posts: term.posts,
        firstPath: term.path,
        pages: paginate(term.posts, size, term.path),
        ...kind === "category" ? { filter: { current: term, allPath: "writing/" } } : {},
        empty: t.t(`${kind}.empty`),
        crumbs: [[label, `${index}/`], [term.name, term.path]]
      }, kind === "category" ? categoryFilterState : null);
    }
  }
  const termState = (terms) => terms.map((t2) => [t2.name, t2.path, t2.posts.length]);
  pages.push(...memo3("categories/", termState(model.categories), () => renderTermIndex(ctx, t.t("categories.title"), "categories/", model.categories)));
  pages.push(...memo3("tags/", termState(model.tags), () => renderTermIndex(ctx, t.t("tags.title"), "tags/", model.tags, "#")));
  pages.push(...memo3("series/", model.series.map((s) => [s.name, s.path, s.parts.length]), () => renderSeriesIndex(ctx)));
  for (const s of model.series) pages.push(...memo3(s.path, [s.name, s.parts.map(card)], () => renderSeries(ctx, s)));
  if (search) pages.push(...memo3("search/", [], () => renderSearch(ctx, search.path)));
  memo3("404.html", [model.posts.slice(0, 3).map(card)], () => renderNotFound(ctx));
  const feedFile = (path, posts, make) => memo3(path, [posts.filter((p) => p.date).slice(0, FEED_SIZE).map(v)], () => ({ path, html: make() }));
  feedFile("feed.xml", model.posts, () => rssFeed(ctx));
  feedFile("atom.xml", model.posts, () => atomFeed(ctx));
  feedFile("feed.json", model.posts, () => jsonFeed(ctx));
  for (const scope2 of termFeeds) {
    feedFile(scope2.rss, scope2.posts, () => rssFeed(ctx, scope2));
    feedFile(scope2.atom, scope2.posts, () => atomFeed(ctx, scope2));
  }
  timer.start("emit");
  files.set(css.path, css.css);
  if (search) files.set(search.path, search.text);
  if (beacon) files.set(beacon.script, beacon.text);
  if (!hasFavicon) files.set("favicon.svg", monogramFavicon(model.config.title, theme.accent));
  files.set("sitemap.xml", sitemap(ctx, pages.filter((p) => p.path !== "search/").map((p) => ({ path: p.path, lastmod: lastmod.get(p.path) }))));
  files.set("robots.txt", robots(ctx));
  if (input.profileRaw !== void 0) {
    files.set("resume.json", jsonForScript(input.profileRaw, 2) + "\n");
  }
  const redirects = redirectPages(ctx, model, files);
  for (const r of redirects) files.set(fileForPath(r.path), r.html);
  if (redirects.length) {
    files.set("_redirects", redirects.map((r) => `${ctx.u(r.path)} ${r.to} 301`).join("\n") + "\n");
  }
  for (const a of input.assets) if (!files.has(a.to)) files.set(a.to, { copyFrom: a.from });
  const searchIndex = async () => {
    if (input.search !== "full") return;
    const indexed = pages.filter((p) => p.indexed);
    const indexKey = [model.config.lang, indexed.map((p) => [p.path, manifest?.keyOf(p.path) ?? null])];
    const reuse = manifest && !indexed.some((p) => manifest.keyOf(p.path) === void 0) ? manifest.reusable("pagefind/", keyDigest(JSON.stringify(indexKey))) : void 0;
    if (reuse) {
      takePrevious(reuse.files);
      return;
    }
    const html2 = (p) => p.html ?? readFileSync18(manifest.previousFile(fileForPath(p.path)), "utf8");
    const out = await buildSearchIndex(indexed.map((p) => ({ url: ctx.u(p.path), html: html2(p) })), model.config.lang);
    for (const f of out) files.set(f.path, f.content);
    manifest?.rendered("pagefind/", keyDigest(JSON.stringify(indexKey)), [], out.map((f) => f.path));
  };
  let cardsRendered = 0;
  let cardsReused = 0;
  const socialCards = async () => {
    if (!input.cards || !ctx.cards) return;
    const cache2 = new CardCache(input.cards.cacheDir, !input.cards.noCache);
    try {
      let done = 0;
      const entries = [...ctx.cards];
      await Promise.all(entries.map(async ([path, card2]) => {
        files.set(cardPath(path), await cache2.get(card2));
        progress("emit", ++done, entries.length);
      }));
    } finally {
      await cache2.close();
    }
    cardsRendered = cache2.rendered;
    cardsReused = cache2.reused;
  };
  await Promise.all([searchIndex(), socialCards()]);
  for (const f of input.staticFiles) {
    if (files.has(f.to) && !(f.to === "robots.txt" || f.to === "favicon.svg")) {
      throw new CasebookError("CB4002", `static/${f.to} would overwrite the generated /${f.to}.`, { file: f.from });
    }
    files.set(f.to, { copyFrom: f.from });
  }
  timer.start("write");
  await Promise.all(writes);
  let written = 0;
  for (const [path, data] of files) {
    if (data === IN_SINK) continue;
    if (typeof data === "object" && "copyFrom" in data) await sink.copy(path, data.copyFrom);
    else await sink.write(path, data);
    progress("write", ++written, files.size);
  }
  return { pages: pages.length + 1, files: files.size, cardsRendered, cardsReused, rendered: renderedIds };
}
function aliasPath(alias, base) {
  let p = alias.trim().replace(/^https?:\/\/[^/]+/i, "");
  if (base !== "/" && p.startsWith(base)) p = p.slice(base.length);
  p = p.replace(/^\/+/, "").replace(/[?#].*$/, "");
  return p === "" || /\.html?$/i.test(p) || p.endsWith("/") ? p : `${p}/`;
}
function redirectPages(ctx, model, files) {
  const errors = [];
  const taken = /* @__PURE__ */ new Map();
  const out = [];
  for (const post of [...model.posts, ...model.pages]) {
    for (const alias of post.aliases) {
      const path = aliasPath(alias, model.base);
      const file = fileForPath(path);
      const clash = path.split("/").includes("..") ? "a path outside the site" : files.has(file) ? `the page /${path}` : taken.get(file);
      if (clash || path === "") {
        const line = post.keyLine("aliases");
        errors.push(new CasebookError("CB1023", `The alias "${alias}" of ${post.rel} collides with ${clash ?? "the home page"}.`, {
          file: post.file,
          ...line ? { line, column: 1 } : {},
          source: post.source
        }));
        continue;
      }
      taken.set(file, `the alias of ${post.rel}`);
      out.push({ ...renderRedirect(ctx, path, post), to: ctx.u(post.path) });
    }
  }
  if (errors.length) throw new CasebookErrors(errors);
  return out;
}
var IN_SINK;
var init_emit_site = __esm({
  "dist/build/emit-site.js"() {
    "use strict";
    init_errors();
    init_output();
    init_context();
    init_pages();
    init_stylesheet();
    init_cv();
    init_escape();
    init_feeds();
    init_cache();
    init_cache2();
    init_pagefind_index();
    init_beacon();
    init_sitemap();
    init_site();
    init_page_manifest();
    IN_SINK = /* @__PURE__ */ Symbol("in sink");
  }
});

// dist/build/disk-cache.js
import { createHash as createHash9 } from "node:crypto";
import { mkdirSync as mkdirSync4, readFileSync as readFileSync19, renameSync as renameSync3, rmSync as rmSync2, statSync as statSync6, writeFileSync as writeFileSync4 } from "node:fs";
import { join as join18 } from "node:path";
var RenderCache;
var init_disk_cache = __esm({
  "dist/build/disk-cache.js"() {
    "use strict";
    init_code_digest();
    RenderCache = class {
      hits = 0;
      misses = 0;
      dir;
      constructor(root, settings) {
        this.dir = join18(root, "posts");
        const meta2 = JSON.stringify({ version: codeDigest(), settings: createHash9("sha256").update(JSON.stringify(settings)).digest("hex") });
        let current;
        try {
          current = readFileSync19(join18(root, "meta.json"), "utf8");
        } catch {
          current = void 0;
        }
        if (current !== meta2) {
          rmSync2(this.dir, { recursive: true, force: true });
          mkdirSync4(root, { recursive: true });
          writeFileSync4(join18(root, "meta.json"), meta2);
        }
      }
      keyOf(digest3, path) {
        return createHash9("sha256").update(`${digest3}\0${path}`).digest("hex");
      }
      get(digest3, path) {
        const key = this.keyOf(digest3, path);
        try {
          const entry2 = JSON.parse(readFileSync19(join18(this.dir, key.slice(0, 2), `${key}.json`), "utf8"));
          if (entry2.key !== key) throw new Error("foreign entry");
          for (const a of entry2.assets) {
            const st = statSync6(a.from);
            if (st.size !== a.size || st.mtimeMs !== a.mtimeMs) throw new Error("image changed");
          }
          this.hits++;
          return entry2.body;
        } catch {
          this.misses++;
          return void 0;
        }
      }
      set(digest3, path, body2) {
        const key = this.keyOf(digest3, path);
        const assets2 = body2.assets.map((a) => {
          const st = statSync6(a.from);
          return { from: a.from, size: st.size, mtimeMs: st.mtimeMs };
        });
        const dir = join18(this.dir, key.slice(0, 2));
        mkdirSync4(dir, { recursive: true });
        const file = join18(dir, `${key}.json`);
        const tmp = `${file}.${process.pid}.tmp`;
        writeFileSync4(tmp, JSON.stringify({ key, body: body2, assets: assets2 }));
        renameSync3(tmp, file);
      }
    };
  }
});

// dist/build/parse-cache.js
import { mkdirSync as mkdirSync5, readFileSync as readFileSync20, renameSync as renameSync4, writeFileSync as writeFileSync5 } from "node:fs";
import { join as join19 } from "node:path";
var DERIVED, KEY_NAMES, ParseCache;
var init_parse_cache = __esm({
  "dist/build/parse-cache.js"() {
    "use strict";
    init_content();
    init_post_fields();
    init_code_digest();
    DERIVED = /* @__PURE__ */ new Set(["file", "rel", "source", "digest", "keyLine", "body"]);
    KEY_NAMES = [.../* @__PURE__ */ new Set([...FRONT_MATTER_KEYS, ...Object.keys(FIELD_ALIASES), "published"])];
    ParseCache = class {
      file;
      entries;
      next = {};
      changed = false;
      version;
      constructor(cacheDir, timezone) {
        this.file = join19(cacheDir, "parsed.json");
        this.version = `${codeDigest()}:${timezone}`;
        let stored;
        try {
          stored = JSON.parse(readFileSync20(this.file, "utf8"));
        } catch {
          stored = void 0;
        }
        this.entries = stored?.version === this.version ? stored.entries : {};
        if (stored?.version !== this.version) this.changed = true;
      }
      get(entry2, source) {
        const hit = this.entries[entry2.rel];
        if (!hit) return void 0;
        const digest3 = sourceDigest(entry2.rel, source);
        if (hit.digest !== digest3) return void 0;
        this.next[entry2.rel] = hit;
        const post = {
          ...hit.fields,
          file: entry2.file,
          rel: entry2.rel,
          source,
          digest: digest3,
          body: typeof hit.body === "number" ? source.slice(hit.body) : hit.body,
          keyLine: (key) => hit.lines[key]
        };
        return { post, warnings: hit.warnings };
      }
      set(post, warnings) {
        const fields = {};
        for (const [k, v] of Object.entries(post)) if (!DERIVED.has(k)) fields[k] = v;
        const lines = {};
        for (const key of KEY_NAMES) {
          const line = post.keyLine(key);
          if (line !== void 0) lines[key] = line;
        }
        this.next[post.rel] = {
          digest: post.digest,
          fields,
          body: post.source.endsWith(post.body) ? post.source.length - post.body.length : post.body,
          lines,
          warnings
        };
        this.changed = true;
      }
      /** Writes the entries this build used; files that are gone drop out. */
      save() {
        if (!this.changed && Object.keys(this.next).length === Object.keys(this.entries).length) return;
        mkdirSync5(join19(this.file, ".."), { recursive: true });
        const tmp = `${this.file}.${process.pid}.tmp`;
        writeFileSync5(tmp, JSON.stringify({ version: this.version, entries: this.next }));
        renameSync4(tmp, this.file);
      }
    };
  }
});

// dist/content/lenient-dates.js
function parseLenientDate(input, timeZone) {
  const first = parseDate(input, timeZone);
  if (first.ok || typeof input !== "string") return first;
  const iso = toIso(input.trim());
  return iso ? parseDate(iso, timeZone) : first;
}
function toIso(text5) {
  let t = text5.replace(/\s+(UTC|GMT)$/i, "Z").replace(/^(\w{3,9}),\s*/, (m, day2) => /^\d/.test(day2) ? m : "");
  const numeric = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(.*)$/.exec(t);
  if (numeric) {
    const rest = numeric[4].trim();
    const time = /^[Tt ]?(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?\s*(.*)$/.exec(rest);
    if (rest === "") return `${numeric[1]}-${pad3(numeric[2])}-${pad3(numeric[3])}`;
    if (!time) return void 0;
    return `${numeric[1]}-${pad3(numeric[2])}-${pad3(numeric[3])}T${pad3(time[1])}:${time[2]}:${time[3] ?? "00"}${zone(time[4])}`;
  }
  t = t.replace(/,/g, " ").replace(/\s+/g, " ").trim();
  const named = /^(?:(\d{1,2}) ([A-Za-z]{3,9})|([A-Za-z]{3,9}) (\d{1,2})(?:st|nd|rd|th)?) (\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?(?: (.*))?)?$/.exec(t);
  if (!named) return void 0;
  const monthName = (named[2] ?? named[3]).toLowerCase().slice(0, 3);
  const month = MONTHS3.indexOf(monthName) + 1;
  if (month === 0) return void 0;
  const day = named[1] ?? named[4];
  const date = `${named[5]}-${pad3(month)}-${pad3(day)}`;
  if (named[6] === void 0) return date;
  return `${date}T${pad3(named[6])}:${named[7]}:${named[8] ?? "00"}${zone(named[9] ?? "")}`;
}
function zone(z5) {
  const s = z5.trim();
  if (s === "") return "";
  if (/^(Z|UTC|GMT)$/i.test(s)) return "Z";
  return /^[+-]\d{2}:?\d{2}$/.test(s) ? s : "?";
}
function dateFromPath(path) {
  if (!path) return void 0;
  const m = /(?:^|\/)(\d{4})\/(\d{2})\/(\d{2})(?:\/|$)/.exec(path) ?? /(?:^|\/)(\d{4})-(\d{2})-(\d{2})[-_]/.exec(path);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : void 0;
}
var MONTHS3, pad3;
var init_lenient_dates = __esm({
  "dist/content/lenient-dates.js"() {
    "use strict";
    init_dates();
    MONTHS3 = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    pad3 = (n3) => String(n3).padStart(2, "0");
  }
});

// dist/content/read-foreign.js
import { basename as basename9, dirname as dirname9, extname as extname8 } from "node:path";
function parseForeignSource(entry2, source, opts, warnings) {
  const { file } = entry2;
  const f = entry2.foreign;
  const { profile } = opts;
  const split = lenientSplit(source, file, warnings);
  const keyLine = (key) => findKeyLine(split.raw, key, split.rawLine)?.line;
  const where = (key) => {
    const line = keyLine(key);
    return { file, ...line ? { line } : {} };
  };
  const written = { ...f.defaults ?? {}, ...split.data };
  for (const [k, v] of Object.entries(written)) if (v === null || v === void 0 || v === "") delete written[k];
  for (const table2 of ["params", "extra", "taxonomies"]) {
    const inner = written[table2];
    if (!inner || typeof inner !== "object" || Array.isArray(inner) || inner instanceof Date) continue;
    for (const [k, v] of Object.entries(inner)) {
      if (v === null || v === void 0) continue;
      if (written[k] === void 0 && (KNOWN.has(k) || profile.taxonomies[k])) written[k] = v;
    }
  }
  for (const [name, target] of Object.entries(profile.taxonomies)) {
    if (written[name] === void 0) continue;
    written[target] = [...asList(written[target]), ...asList(written[name])];
    delete written[name];
  }
  const data = {};
  const origin = {};
  const keys = Object.keys(written).sort((a, b) => rank(a) - rank(b));
  for (const key of keys) {
    let value = written[key];
    if (ROUTING_KEYS.includes(key)) continue;
    if (!KNOWN.has(key)) {
      if (profile.ignoredKeys.includes(key)) continue;
      const near = closest(key, [...FRONT_MATTER_KEYS, ...Object.keys(FIELD_ALIASES)]);
      warnings.push({ code: "CB1200", message: `"${key}" is not a field Casebook reads; ignored.${near ? ` Did you mean "${near}"?` : ""}`, location: where(key) });
      continue;
    }
    let canonical = canonicalOf(key);
    if (key === "published") {
      if (typeof value === "boolean" || value === "true" || value === "false") {
        canonical = "draft";
        value = !(value === true || value === "true");
      } else canonical = "date";
    }
    if (canonical in data) {
      if (!QUIET_SECOND.has(key) && JSON.stringify(data[canonical]) !== JSON.stringify(value)) {
        warnings.push({ code: "CB1207", message: `"${key}" and "${origin[canonical]}" both set ${canonical}; "${origin[canonical]}" is used.`, location: where(key) });
      }
      continue;
    }
    data[canonical] = value;
    origin[canonical] = key;
  }
  coerce(data, profile, origin, where, warnings);
  let parsed = frontMatterSchema.safeParse(data);
  for (let guard = 0; !parsed.success && guard < 40; guard++) {
    const issue = parsed.error.issues[0];
    const top = String(issue.path[0] ?? "");
    if (!(top in data)) break;
    const key = origin[top] ?? top;
    warnings.push({ code: "CB1201", message: `\`${key}\` is ignored: ${describeIssue(issue.message, data[top])}.`, location: where(key) });
    delete data[top];
    parsed = frontMatterSchema.safeParse(data);
  }
  if (!parsed.success) throw new CasebookError("CB1011", parsed.error.issues[0].message, { file });
  const fm = parsed.data;
  const isIndex = /^(index|_index)$/i.test(basename9(file, extname8(file)));
  const stem = isIndex ? basename9(dirname9(file)) : basename9(file, extname8(file));
  const fromName = stripDatePrefix(stem.replace(/^(\d{4}-\d{2}-\d{2})_/, "$1-"));
  const pathDate = dateFromPath(textOf2(written.permalink) ?? textOf2(written.url) ?? textOf2(written.path));
  const readDate = (key) => {
    const value = fm[key];
    if (value === void 0 || value === null || value === "") return void 0;
    const r = parseLenientDate(value, opts.timezone);
    if (r.ok) return r.date;
    const name = origin[key] ?? key;
    if (key === "updated") {
      warnings.push({ code: "CB1202", message: `\`${name}\`: ${r.reason}; the post is shown without an update date.`, location: where(name) });
      return void 0;
    }
    const git = fromName.date || pathDate ? void 0 : opts.gitDate(file);
    const fallback = fromName.date ?? pathDate ?? git;
    const used = fallback ? parseLenientDate(fallback, opts.timezone) : void 0;
    const how = !fallback ? "the post has no date" : fromName.date ? `using ${fromName.date} from the file name` : pathDate ? `using ${pathDate} from its URL` : `using ${fallback} from the last git commit`;
    warnings.push({ code: "CB1202", message: `\`${name}\`: ${r.reason}; ${how}.`, location: where(name) });
    return used?.ok ? used.date : void 0;
  };
  let date = readDate("date");
  if (!date && fm.date === void 0) {
    const fallback = fromName.date ?? pathDate;
    const r = fallback ? parseLenientDate(fallback, opts.timezone) : void 0;
    if (r?.ok) date = r.date;
  }
  const updated = readDate("updated");
  let body2 = split.body;
  let title = fm.title;
  if (!title) {
    const heading = titleFromHeading(body2);
    if (heading) {
      ({ title, body: body2 } = heading);
    } else {
      title = fromName.name.replace(/[-_]+/g, " ").trim().replace(new RegExp("^\\p{Ll}", "u"), (c) => c.toUpperCase()) || "Untitled";
      warnings.push({ code: "CB1101", message: `No title; using "${title}" from the file name.`, location: { file } });
    }
  }
  const slug = slugify(fm.slug ?? "") || slugify(fromName.name) || slugify(title) || "post";
  const dropTags = new Set(profile.dropTags);
  const categories = dedupe([...f.categories ?? [], ...fm.categories]);
  const tags = dedupe(fm.tags).filter((t) => !dropTags.has(t.toLowerCase()));
  const routed = profile.route({ entry: f, data: written, title, slug, date, categories });
  if (!date && f.role === "post" && fm.kind !== "page" && !f.draft && !fm.draft && "path" in routed) {
    warnings.push({ code: "CB1203", message: `"${title}" has no date; it is listed after every dated post.`, location: { file } });
  }
  const caseStudy = caseStudyFields(fm);
  const ext = extname8(file).toLowerCase();
  const pageVars = {};
  for (const [k, v] of Object.entries(written)) {
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") pageVars[k] = String(v);
  }
  pageVars.title = title;
  const separator = textOf2(written.excerpt_separator) ?? profile.excerptSeparator;
  return {
    file,
    rel: entry2.rel,
    source,
    digest: sourceDigest(entry2.rel, source),
    keyLine,
    // Standalone pages of the old site (about, uses) are Casebook pages: outside feeds and lists.
    kind: fm.kind ?? (f.role === "page" ? "page" : "article"),
    title,
    slug,
    date,
    updated,
    description: fm.description?.trim() || void 0,
    tags,
    categories,
    series: fm.series ? { name: fm.series, part: fm.seriesPart } : void 0,
    draft: fm.draft || f.draft === true,
    featured: fm.featured,
    aliases: fm.aliases,
    image: fm.image,
    imageAlt: fm.imageAlt,
    canonical: fm.canonical,
    toc: fm.toc,
    lang: fm.lang,
    caseStudy,
    body: body2,
    bodyLine: split.bodyLine,
    bundle: isIndex,
    ..."path" in routed ? { outputPath: routed.path } : { excluded: routed.skip },
    legacy: {
      family: profile.family,
      format: ext === ".html" || ext === ".htm" ? "html" : ext === ".mdx" ? "mdx" : "markdown",
      excerptSeparator: separator && separator !== "<!--more-->" ? separator : void 0,
      contentRel: f.contentRel.replace(/^[^\u0000]*\u0000/, ""),
      page: pageVars
    }
  };
}
function rank(key) {
  if (FRONT_MATTER_KEYS.includes(key)) return 0;
  if (key in FIELD_ALIASES || key === "published") return 1;
  return QUIET_SECOND.has(key) ? 3 : 2;
}
function lenientSplit(source, file, warnings) {
  try {
    return splitFrontMatter(source, file, warnings);
  } catch (e) {
    if (!(e instanceof CasebookError) || !["CB1001", "CB1002", "CB1003", "CB1004", "CB1005"].includes(e.code)) throw e;
    const lines = source.split("\n");
    if (e.code === "CB1001") {
      const end2 = lines.findIndex((l, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(l));
      const detabbed = lines.map((l, i) => i > 0 && i < end2 ? l.replace(/^\t+/, (t) => "  ".repeat(t.length)) : l).join("\n");
      if (detabbed !== source) {
        try {
          return splitFrontMatter(detabbed, file, warnings);
        } catch {
        }
      }
    }
    warnings.push({ code: "CB1204", message: `${e.message} (${e.title.toLowerCase()})`, location: { file, ...e.location?.line ? { line: e.location.line } : {} } });
    if (e.code === "CB1004") return { format: "none", data: {}, raw: "", rawLine: 1, body: source, bodyLine: 1 };
    const end = lines.findIndex((l, i) => i > 0 && /^(---|\.\.\.|\+\+\+)\s*$/.test(l));
    return { format: "none", data: {}, raw: "", rawLine: 1, body: lines.slice(end + 1).join("\n"), bodyLine: end + 2 };
  }
}
function coerce(data, profile, origin, where, warnings) {
  for (const key of ["draft", "featured", "toc"]) {
    const v = data[key];
    if (typeof v === "string" && /^(true|false|yes|no)$/i.test(v.trim())) data[key] = /^(true|yes)$/i.test(v.trim());
  }
  const image2 = data.image;
  if (image2 && typeof image2 === "object" && !Array.isArray(image2)) {
    const m = image2;
    const src = textOf2(m.src) ?? textOf2(m.image) ?? textOf2(m.url) ?? textOf2(m.path) ?? textOf2(m.filename);
    const alt = textOf2(m.alt) ?? textOf2(m.caption);
    if (src) data.image = src;
    else delete data.image;
    if (alt && data.imageAlt === void 0) data.imageAlt = alt;
  }
  if (Array.isArray(data.image)) data.image = textOf2(data.image[0]);
  if (Array.isArray(data.series)) {
    if (data.series.length > 1) warnings.push({ code: "CB1201", message: `\`${origin.series ?? "series"}\` names ${data.series.length} series; the post is part of the first.`, location: where(origin.series ?? "series") });
    data.series = textOf2(data.series[0]);
    if (data.series === void 0) delete data.series;
  }
  for (const key of ["tags", "categories", "aliases"]) {
    const v = data[key];
    if (typeof v === "string" && profile.splitTermsOnSpaces && key !== "aliases" && origin[key] !== "category") data[key] = v.split(/\s+/).filter(Boolean);
    else if (Array.isArray(v)) data[key] = v.flat().filter((x) => x !== null && x !== void 0 && x !== "").map((x) => typeof x === "object" ? textOf2(x.name) ?? JSON.stringify(x) : String(x));
  }
  if (typeof data.kind === "string" && !POST_KINDS.includes(data.kind)) {
    warnings.push({ code: "CB1201", message: `\`kind: ${data.kind}\` is not a Casebook post kind; the post is an article.`, location: where(origin.kind ?? "kind") });
    delete data.kind;
  }
  if (typeof data.slug === "string" && !/^[\p{L}\p{N}_.~-]+$/u.test(data.slug.trim())) data.slug = slugify(data.slug);
  if (data.description !== void 0 && typeof data.description === "object" && data.description !== null && !Array.isArray(data.description)) {
    const first = Object.values(data.description).find((x) => typeof x === "string");
    if (first) data.description = first;
  }
}
function describeIssue(message, value) {
  const shown2 = value === null ? "null" : Array.isArray(value) ? "a list" : typeof value === "object" ? "a map" : JSON.stringify(value);
  return `${message.replace(/^Invalid input: /, "").replace(/\.$/, "")}, got ${shown2}`;
}
function asList(v) {
  if (v === void 0 || v === null) return [];
  return Array.isArray(v) ? v : [v];
}
function textOf2(v) {
  if (typeof v === "string") return v.trim() || void 0;
  if (typeof v === "number") return String(v);
  return void 0;
}
var LENIENT_ALIASES, QUIET_SECOND, ROUTING_KEYS, canonicalOf, KNOWN;
var init_read_foreign = __esm({
  "dist/content/read-foreign.js"() {
    "use strict";
    init_errors();
    init_dates();
    init_slug();
    init_suggest();
    init_source_position();
    init_aliases();
    init_front_matter();
    init_lenient_dates();
    init_schema2();
    init_post_fields();
    LENIENT_ALIASES = {
      teaser: "description",
      spoiler: "description",
      abstract: "description",
      lead: "description",
      desc: "description",
      publishDate: "date",
      publish_date: "date",
      publishedAt: "date",
      published_at: "date",
      pub_date: "date",
      created: "date",
      createdAt: "date",
      created_at: "date",
      datePublished: "date",
      updated_at: "updated",
      updatedAt: "updated",
      last_modified_at: "updated",
      lastModified: "updated",
      modified: "updated",
      dateModified: "updated",
      last_updated: "updated",
      lastUpdated: "updated",
      coverImage: "image",
      cover_image: "image",
      featured_image: "image",
      featuredImage: "image",
      og_image: "image",
      thumbnail: "image",
      banner: "image",
      header_image: "image",
      feature_image: "image",
      redirect_from: "aliases",
      alias: "aliases",
      tag: "tags",
      keywords: "tags",
      topics: "tags",
      canonicalLink: "canonical",
      canonical_link: "canonical"
    };
    QUIET_SECOND = /* @__PURE__ */ new Set(["publishDate", "modified", "keywords", "thumbnail", "topics", "og_image", "featured_image", "coverImage"]);
    ROUTING_KEYS = ["url", "permalink", "path", "excerpt_separator", "params", "extra", "taxonomies", "date_format", "render", "build", "_build", "headless", "layout"];
    canonicalOf = (key) => FIELD_ALIASES[key] ?? LENIENT_ALIASES[key] ?? key;
    KNOWN = /* @__PURE__ */ new Set([...FRONT_MATTER_KEYS, ...Object.keys(FIELD_ALIASES), ...Object.keys(LENIENT_ALIASES), "published", ...ROUTING_KEYS]);
  }
});

// dist/build/collect.js
function collect(errors, e) {
  if (e instanceof CasebookErrors) errors.push(...e.errors);
  else if (e instanceof CasebookError) errors.push(e);
  else throw e;
}
var init_collect = __esm({
  "dist/build/collect.js"() {
    "use strict";
    init_errors();
  }
});

// dist/build/parse-phase.js
import { statSync as statSync7 } from "node:fs";
import { relative as relative11, sep as sep11 } from "node:path";
function parsePosts(entries, timezone, cache, warnings, progress, foreign, persistent) {
  const errors = [];
  const readPost2 = (entry2, o, w) => entry2.foreign && foreign ? parseForeignSource({ ...entry2, foreign: entry2.foreign }, readSourceText(entry2), { ...foreign, timezone: o.timezone }, w) : readPost(entry2, o, w);
  if (cache) {
    const present = new Set(entries.map((e) => e.file));
    for (const file of cache.posts.keys()) if (!present.has(file)) cache.posts.delete(file);
  }
  let done = 0;
  const parsed = entries.map((entry2) => {
    try {
      if (!cache && persistent && !(entry2.foreign && foreign)) {
        const source = readSourceText(entry2);
        const hit2 = persistent.get(entry2, source);
        if (hit2) {
          warnings.push(...hit2.warnings);
          return hit2.post;
        }
        const own2 = [];
        const post2 = parsePostSource(entry2, source, { timezone }, own2);
        warnings.push(...own2);
        persistent.set(post2, own2);
        return post2;
      }
      if (!cache) return readPost2(entry2, { timezone }, warnings);
      let st;
      try {
        st = statSync7(entry2.file);
      } catch {
        return readPost2(entry2, { timezone }, warnings);
      }
      const hit = cache.posts.get(entry2.file);
      if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) {
        warnings.push(...hit.warnings);
        return hit.post;
      }
      const own = [];
      const post = readPost2(entry2, { timezone }, own);
      warnings.push(...own);
      cache.posts.set(entry2.file, { mtimeMs: st.mtimeMs, size: st.size, post, warnings: own });
      return post;
    } catch (e) {
      collect(errors, e);
      return void 0;
    } finally {
      progress("parse", ++done, entries.length);
    }
  });
  if (errors.length) throw new CasebookErrors(errors);
  return parsed.filter((p) => p !== void 0);
}
async function listStaticFiles(staticDir) {
  return assertReadable((await walkFiles(staticDir)).map((f) => ({ from: f, to: relative11(staticDir, f).split(sep11).join("/") })));
}
function assertReadable(files) {
  const unreadable = [];
  for (const f of files) {
    try {
      statSync7(f.from);
    } catch (e) {
      unreadable.push(new CasebookError("CB1033", `The static file cannot be read (${e.code ?? "error"}).`, { file: f.from }));
    }
  }
  if (unreadable.length) throw new CasebookErrors(unreadable);
  return files;
}
var init_parse_phase = __esm({
  "dist/build/parse-phase.js"() {
    "use strict";
    init_content();
    init_read_foreign();
    init_errors();
    init_walk();
    init_collect();
  }
});

// dist/markdown/images.js
import { existsSync as existsSync7, readFileSync as readFileSync21, statSync as statSync8 } from "node:fs";
import { createHash as createHash10 } from "node:crypto";
import { basename as basename10, dirname as dirname10, relative as relative12, resolve as resolve4, sep as sep12 } from "node:path";
import { imageSize } from "image-size";
function isRelativeAsset(src) {
  return !/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(src) && !src.startsWith("/") && !src.startsWith("#") && src !== "";
}
function dimensions(file) {
  const mtime = statSync8(file).mtimeMs;
  const hit = sizeCache.get(file);
  if (hit && hit.mtime === mtime) return hit;
  let result = {};
  try {
    const size = imageSize(readFileSync21(file));
    if (size.width && size.height) result = { width: size.width, height: size.height };
  } catch {
  }
  sizeCache.set(file, { ...result, mtime });
  return result;
}
function resolveImage(src, markdownFile, pagePath, base) {
  const clean = decodeURIComponent(src.split(/[?#]/)[0]);
  const from = resolve4(dirname10(markdownFile), clean);
  if (!existsSync7(from) || !statSync8(from).isFile()) return void 0;
  const inside2 = relative12(dirname10(markdownFile), from);
  const sub = inside2.startsWith("..") || inside2.includes(":") ? `${createHash10("sha256").update(from).digest("hex").slice(0, 8)}-${basename10(from)}` : inside2.split(sep12).join("/");
  const to = `${pageFolder(pagePath.replace(/^\//, ""))}${sub}`;
  return { url: `${base}${to.split("/").map(encodeURIComponent).join("/")}`, ...dimensions(from), asset: { from, to } };
}
var sizeCache;
var init_images = __esm({
  "dist/markdown/images.js"() {
    "use strict";
    init_page_folder();
    sizeCache = /* @__PURE__ */ new Map();
  }
});

// dist/markdown/highlight.js
import { createRequire } from "node:module";
function highlighter() {
  return hljs ??= createRequire(import.meta.url)("highlight.js");
}
function highlightCode(code, lang) {
  const name = lang.toLowerCase();
  if (name && highlighter().getLanguage(name)) {
    try {
      return { html: highlighter().highlight(code, { language: name, ignoreIllegals: true }).value, known: true };
    } catch {
    }
  }
  return { html: escapeHtml(code), known: name === "" || name === "text" || name === "plain" || name === "txt" };
}
var hljs;
var init_highlight = __esm({
  "dist/markdown/highlight.js"() {
    "use strict";
    init_escape();
  }
});

// dist/markdown/legacy/renderer.js
function parseFenceInfo(info) {
  const text5 = info.trim();
  const title = /(?:title|filename|file)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))/.exec(text5);
  let lang = /^\{?\.?([\w#+.-]+)/.exec(text5)?.[1] ?? "";
  let fromColon;
  const colon = /^([\w#+-]+):(\S+)/.exec(text5);
  if (colon) {
    lang = colon[1];
    fromColon = colon[2];
  }
  if (/^(title|filename|file)$/.test(lang)) lang = "";
  return { lang, title: title ? title[1] ?? title[2] ?? title[3] : fromColon };
}
function readAttrList(text5) {
  const out = [];
  const classes = [];
  for (const m of text5.matchAll(/([.#])([\w-]+)|([\w-]+)=(?:"([^"]*)"|'([^']*)'|(\S+))/g)) {
    if (m[1] === ".") classes.push(m[2]);
    else if (m[1] === "#") out.push(["id", m[2]]);
    else if (/^(id|title|lang|dir|data-[\w-]+|aria-[\w-]+)$/.test(m[3])) out.push([m[3], m[4] ?? m[5] ?? m[6]]);
  }
  if (classes.length) out.push(["class", classes.join(" ")]);
  return out;
}
function legacyRules(md2) {
  md2.renderer.rules.fence = (tokens, idx, _opts, rawEnv) => {
    const env = rawEnv;
    const token = tokens[idx];
    const { lang, title } = parseFenceInfo(token.info);
    if (lang.toLowerCase() === "mermaid") return `<pre class="mermaid">${escapeHtml(token.content)}</pre>
`;
    const grammar = LANGUAGE_ALIASES[lang.toLowerCase()] ?? (/^diff-/i.test(lang) ? "diff" : lang);
    const { html: html2, known } = highlightCode(token.content, grammar);
    if (!known) env.unknownLanguages.add(lang);
    const label = lang ? ` data-lang="${escapeHtml(lang)}"` : "";
    const caption = title ? `<p class="code-title"><code>${escapeHtml(title)}</code></p>
` : "";
    return `${caption}<pre class="code"${label} tabindex="0"><code${lang ? ` class="language-${escapeHtml(lang)}"` : ""}>${html2}</code></pre>
`;
  };
  md2.core.ruler.push("legacy_attribute_lists", (state) => {
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (t.type === "paragraph_open" && tokens[i + 1]?.type === "inline" && tokens[i + 2]?.type === "paragraph_close") {
        const m = ATTR_ONLY.exec(tokens[i + 1].content.trim());
        if (!m) continue;
        const target = blockBefore(tokens, i);
        if (target) for (const [k, v] of readAttrList(m[1])) k === "class" ? target.attrJoin("class", v) : target.attrSet(k, v);
        tokens.splice(i, 3);
        i--;
        continue;
      }
      if (t.type === "inline" && t.children) {
        for (const c of t.children) if (c.type === "text" && c.content.includes("{")) c.content = c.content.replace(STRAY_ATTRS, "").replace(/\{:[^}]*\}/g, "");
      }
    }
  });
}
function blockBefore(tokens, i) {
  const prev = tokens[i - 1];
  if (!prev) return void 0;
  if (prev.nesting === 0) return prev;
  if (prev.nesting === 1) return void 0;
  const openType = prev.type.replace(/_close$/, "_open");
  for (let j = i - 2; j >= 0; j--) {
    const t = tokens[j];
    if (t.type === openType && t.level === prev.level) return t;
  }
  return void 0;
}
var LANGUAGE_ALIASES, STRAY_ATTRS, ATTR_ONLY;
var init_renderer = __esm({
  "dist/markdown/legacy/renderer.js"() {
    "use strict";
    init_escape();
    init_highlight();
    LANGUAGE_ALIASES = {
      mdx: "markdown",
      liquid: "django",
      njk: "django",
      nunjucks: "django",
      jinja: "django",
      jinja2: "django",
      tera: "django",
      "go-html-template": "django",
      gotmpl: "django",
      astro: "xml",
      svelte: "xml",
      vue: "xml",
      html: "xml",
      hcl: "ini",
      terraform: "ini",
      tf: "ini"
    };
    STRAY_ATTRS = /[ \t]?\{:?\s*[.#][\w-]+(?:\s+(?:[.#][\w-]+|[\w-]+=(?:"[^"]*"|'[^']*'|[^\s}]+)))*\s*\}/g;
    ATTR_ONLY = /^\{:?\s*((?:[.#][\w-]+|[\w-]+=(?:"[^"]*"|'[^']*'|\S+)|\s)*)\}$/;
  }
});

// dist/markdown/legacy/math.js
function mathPlugin(md2) {
  md2.inline.ruler.before("escape", "math_inline", (state, silent) => {
    const src = state.src;
    const start = state.pos;
    let open;
    let close2;
    if (src.startsWith("\\(", start)) [open, close2] = ["\\(", "\\)"];
    else if (src.startsWith("$$", start)) [open, close2] = ["$$", "$$"];
    else if (src[start] === "$") [open, close2] = ["$", "$"];
    else return false;
    const from = start + open.length;
    let end = src.indexOf(close2, from);
    while (open === "$" && end >= 0 && (src[end - 1] === "\\" || src[end - 1] === " ")) end = src.indexOf(close2, end + 1);
    if (end < 0 || end === from) return false;
    if (open === "$" && (/\s/.test(src[from]) || /\d/.test(src[end + 1] ?? ""))) return false;
    if (!silent) {
      const token = state.push("math_inline", "span", 0);
      token.markup = open;
      token.content = src.slice(from, end);
      token.info = close2;
    }
    state.pos = end + close2.length;
    return true;
  });
  md2.block.ruler.before("fence", "math_block", (state, startLine, endLine, silent) => {
    const pos = state.bMarks[startLine] + state.tShift[startLine];
    const max = state.eMarks[startLine];
    if (state.sCount[startLine] - state.blkIndent >= 4) return false;
    const first = state.src.slice(pos, max);
    const open = first.startsWith("$$") ? "$$" : first.startsWith("\\[") ? "\\[" : void 0;
    if (!open) return false;
    const close2 = open === "$$" ? "$$" : "\\]";
    let content2;
    let line = startLine;
    const rest = first.slice(2);
    if (rest.trimEnd().endsWith(close2) && rest.trim().length >= close2.length) {
      content2 = rest.trimEnd().slice(0, -close2.length);
    } else {
      const lines = [rest];
      let found = false;
      for (line = startLine + 1; line < endLine; line++) {
        const text5 = state.src.slice(state.bMarks[line] + state.tShift[line], state.eMarks[line]);
        if (text5.trimEnd().endsWith(close2)) {
          lines.push(text5.trimEnd().slice(0, -close2.length));
          found = true;
          break;
        }
        lines.push(state.src.slice(state.bMarks[line], state.eMarks[line]));
      }
      if (!found) return false;
      content2 = lines.join("\n");
    }
    if (silent) return true;
    const token = state.push("math_block", "div", 0);
    token.block = true;
    token.content = content2.trim();
    token.markup = open;
    token.info = close2;
    token.map = [startLine, line + 1];
    state.line = line + 1;
    return true;
  }, { alt: ["paragraph", "reference", "blockquote", "list"] });
  md2.renderer.rules.math_inline = (tokens, idx) => {
    const t = tokens[idx];
    return `<span class="math math-inline">${escapeHtml(t.markup + t.content + t.info)}</span>`;
  };
  md2.renderer.rules.math_block = (tokens, idx) => {
    const t = tokens[idx];
    return `<div class="math math-display">${escapeHtml(`${t.markup}
${t.content}
${t.info}`)}</div>
`;
  };
}
var init_math = __esm({
  "dist/markdown/legacy/math.js"() {
    "use strict";
    init_escape();
  }
});

// dist/markdown/legacy/code-regions.js
function splitCode(text5) {
  const lines = text5.split("\n");
  const starts = [];
  let acc = 0;
  for (const l of lines) {
    starts.push(acc);
    acc += l.length + 1;
  }
  const endOf = (lineIdx) => Math.min(text5.length, starts[lineIdx] + lines[lineIdx].length + 1);
  const out = [];
  let proseStart = 0;
  const code = (from, to) => {
    if (from > proseStart) out.push(...splitSpans(text5.slice(proseStart, from), proseStart));
    out.push({ code: true, text: text5.slice(from, to), start: from });
    proseStart = to;
  };
  let inList = false;
  let prevBlank = true;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = FENCE_OPEN.exec(line);
    if (fence && !(fence[2][0] === "`" && fence[3].includes("`"))) {
      const ch = fence[2][0];
      const close2 = new RegExp(`^ {0,3}${ch === "`" ? "`" : "~"}{${fence[2].length},}\\s*$`);
      let j = i + 1;
      while (j < lines.length && !close2.test(lines[j])) j++;
      j = Math.min(j, lines.length - 1);
      code(starts[i], endOf(j));
      i = j;
      prevBlank = false;
      continue;
    }
    if (/^ {0,3}<pre[\s>]/i.test(line)) {
      let j = i;
      while (j < lines.length - 1 && !/<\/pre>/i.test(lines[j])) j++;
      code(starts[i], endOf(j));
      i = j;
      prevBlank = false;
      continue;
    }
    const blank2 = line.trim() === "";
    if (!blank2 && LIST_ITEM.test(line)) inList = true;
    else if (!blank2 && prevBlank && !/^(\s{2,}|\t)/.test(line)) inList = false;
    if (!blank2 && !inList && prevBlank && /^( {4}|\t)/.test(line)) {
      let j = i;
      while (j + 1 < lines.length && (/^( {4}|\t)/.test(lines[j + 1]) || lines[j + 1].trim() === "" && j + 2 < lines.length && /^( {4}|\t)/.test(lines[j + 2]))) j++;
      code(starts[i], endOf(j));
      i = j;
      prevBlank = false;
      continue;
    }
    prevBlank = blank2;
  }
  if (proseStart < text5.length) out.push(...splitSpans(text5.slice(proseStart), proseStart));
  return out.filter((s) => s.text.length);
}
function splitSpans(text5, base) {
  const out = [];
  let last = 0;
  const re = /`+/g;
  let m;
  while (m = re.exec(text5)) {
    const run = m[0];
    const from = m.index + run.length;
    const closeRe = new RegExp(`(?<!\`)${run}(?!\`)`, "g");
    closeRe.lastIndex = from;
    const close2 = closeRe.exec(text5);
    if (!close2 || /\n[ \t]*\n/.test(text5.slice(from, close2.index))) continue;
    if (m.index > last) out.push({ code: false, text: text5.slice(last, m.index), start: base + last });
    out.push({ code: true, text: text5.slice(m.index, close2.index + run.length), start: base + m.index });
    last = close2.index + run.length;
    re.lastIndex = last;
  }
  if (last < text5.length) out.push({ code: false, text: text5.slice(last), start: base + last });
  return out;
}
function mapProse(text5, fn) {
  return splitCode(text5).map((s) => s.code ? s.text : fn(s.text, s.start)).join("");
}
function lineAt(text5, offset) {
  let line = 1;
  for (let i = 0; i < offset && i < text5.length; i++) if (text5.charCodeAt(i) === 10) line++;
  return line;
}
var FENCE_OPEN, LIST_ITEM;
var init_code_regions = __esm({
  "dist/markdown/legacy/code-regions.js"() {
    "use strict";
    FENCE_OPEN = /^( {0,3})(`{3,}|~{3,})(.*)$/;
    LIST_ITEM = /^\s{0,3}([-*+]|\d{1,9}[.)])(\s|$)/;
  }
});

// dist/markdown/legacy/common.js
function commonSyntax(text5, excerptSeparator) {
  let separatorDone = false;
  return mapProse(text5, (prose) => {
    let p = prose.replace(/<!--\s*more\s*-->/gi, "<!--more-->").replace(/^[ \t]*(?:[-*+]|\d+\.)[ \t]+.*\n[ \t]*\{:\s*\.?toc\s*\}[ \t]*$/gim, "").replace(/^[ \t]*\{:\s*\.?toc\s*\}[ \t]*$/gim, "").replace(/\{::options[^}]*\/\}/g, "").replace(/\{::comment\}[\s\S]*?\{:\/(?:comment)?\}/g, "").replace(/\{::nomarkdown\}([\s\S]*?)\{:\/(?:nomarkdown)?\}/g, "$1").replace(/^[ \t]*\{:[\w-]+:[^}]*\}[ \t]*$/gm, "").replace(/\{:\s*([^}]*)\}/g, (_, inner) => `{${inner.trim()}}`);
    if (excerptSeparator && !separatorDone) {
      const sep19 = excerptSeparator.trim();
      const at = p.split("\n").findIndex((l) => l.trim() === sep19);
      if (at >= 0) {
        const lines = p.split("\n");
        lines[at] = "<!--more-->";
        p = lines.join("\n");
        separatorDone = true;
      }
    }
    return p;
  });
}
var init_common = __esm({
  "dist/markdown/legacy/common.js"() {
    "use strict";
    init_code_regions();
  }
});

// dist/markdown/legacy/context.js
function parseArgs(text5) {
  const positional = [];
  const named = {};
  const re = /(?:([\w-]+)\s*[=:]\s*)?("((?:\\.|[^"\\])*)"|'((?:\\.|[^'\\])*)'|`([^`]*)`|\[[^\]]*\]|[^\s,)]+)/g;
  for (const m of text5.matchAll(re)) {
    const value = m[3] !== void 0 ? m[3].replace(/\\(.)/g, "$1") : m[4] !== void 0 ? m[4].replace(/\\(.)/g, "$1") : m[5] ?? m[2];
    if (m[1]) named[m[1]] = value;
    else positional.push(value);
  }
  return { positional, named };
}
function escapeAttr(s) {
  return s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
function escapeText(s) {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
function youtube(id, title = "YouTube video") {
  if (!id) return void 0;
  const clean = /(?:v=|youtu\.be\/|embed\/)([\w-]{6,})/.exec(id)?.[1] ?? id;
  if (!/^[\w-]{6,}$/.test(clean)) return void 0;
  return `<div class="embed embed-video"><iframe src="https://www.youtube-nocookie.com/embed/${clean}" title="${escapeAttr(title)}" loading="lazy" allow="accelerometer; clipboard-write; encrypted-media; gyroscope; picture-in-picture" allowfullscreen></iframe></div>`;
}
function vimeo(id, title = "Vimeo video") {
  if (!id || !/^\d+$/.test(id)) return void 0;
  return `<div class="embed embed-video"><iframe src="https://player.vimeo.com/video/${id}?dnt=1" title="${escapeAttr(title)}" loading="lazy" allow="fullscreen; picture-in-picture" allowfullscreen></iframe></div>`;
}
function linkBlock(url2, text5) {
  return `<p><a href="${escapeAttr(url2)}">${escapeText(text5)}</a></p>`;
}
function figure(ctx, a) {
  if (!a.src) return void 0;
  const found = /^[a-z][a-z0-9+.-]*:/i.test(a.src) || a.src.startsWith("//") ? { url: a.src } : a.src.startsWith("/") ? { url: a.src.startsWith(ctx.base) && ctx.base !== "/" ? a.src : ctx.base + a.src.slice(1) } : ctx.image(a.src);
  if (!found) return void 0;
  const w = "width" in found && found.width ? ` width="${found.width}" height="${found.height}"` : a.width ? ` width="${escapeAttr(a.width)}"${a.height ? ` height="${escapeAttr(a.height)}"` : ""}` : "";
  let img = `<img src="${escapeAttr(found.url)}" alt="${escapeAttr(a.alt ?? a.caption?.replace(/<[^>]+>|[*_`]/g, "") ?? "")}"${w} loading="lazy" decoding="async">`;
  if (a.link) img = `<a href="${escapeAttr(a.link.startsWith("/") && !a.link.startsWith("//") && ctx.base !== "/" && !a.link.startsWith(ctx.base) ? ctx.base + a.link.slice(1) : a.link)}">${img}</a>`;
  const caption = a.title || a.caption ? `<figcaption>${a.title ? `<strong>${escapeText(a.title)}</strong>${a.caption ? " " : ""}` : ""}${a.caption ? ctx.inline(a.caption) : ""}</figcaption>` : "";
  return `<figure${a.cls ? ` class="${escapeAttr(a.cls)}"` : ""}>${img}${caption}</figure>`;
}
function asBlock(htmlText2) {
  return `

${htmlText2}

`;
}
var init_context2 = __esm({
  "dist/markdown/legacy/context.js"() {
    "use strict";
  }
});

// dist/markdown/legacy/hugo.js
function hugoShortcodes(text5, ctx) {
  const literal = [];
  text5 = text5.replace(COMMENTED, (_, open, inner, close2) => {
    literal.push(`{{${open}${inner}${close2}}}`);
    return `\uE000${literal.length - 1}\uE001`;
  });
  return process2(text5, ctx).replace(/\uE000(\d+)\uE001/g, (_, n3) => literal[Number(n3)]);
}
function process2(text5, ctx) {
  const tags = [];
  for (const m of text5.matchAll(TAG)) {
    tags.push({ start: m.index, end: m.index + m[0].length, name: m[3], closing: m[2] === "/", selfClosing: m[5] === "/", args: m[4].trim() });
  }
  let out = "";
  let pos = 0;
  for (let i = 0; i < tags.length; i++) {
    const tag = tags[i];
    if (tag.start < pos) continue;
    out += text5.slice(pos, tag.start);
    const line = ctx.bodyLine + lineAt(text5, tag.start) - 1;
    if (tag.closing) {
      pos = tag.end;
      continue;
    }
    let close2 = -1;
    if (!tag.selfClosing) {
      let depth = 0;
      for (let j = i + 1; j < tags.length; j++) {
        const t = tags[j];
        if (t.name !== tag.name || t.selfClosing) continue;
        if (!t.closing) depth++;
        else if (depth === 0) {
          close2 = j;
          break;
        } else depth--;
      }
    }
    const rawInner = close2 >= 0 ? text5.slice(tag.end, tags[close2].start) : void 0;
    const inner = rawInner !== void 0 && tag.name !== "highlight" ? process2(rawInner, ctx) : rawInner;
    const alone = isAlone(text5, tag.start, close2 >= 0 ? tags[close2].end : tag.end);
    out += render(tag, inner, ctx, line, alone);
    pos = close2 >= 0 ? tags[close2].end : tag.end;
    if (close2 >= 0) i = close2;
  }
  out += text5.slice(pos);
  return out;
}
function isAlone(text5, start, end) {
  const before = text5.lastIndexOf("\n", start - 1);
  const after = text5.indexOf("\n", end);
  return text5.slice(before + 1, start).trim() === "" && text5.slice(end, after < 0 ? text5.length : after).trim() === "";
}
function render(tag, inner, ctx, line, alone) {
  const { positional: pos, named } = parseArgs(tag.args);
  const get = (name, index) => named[name] ?? (index !== void 0 ? pos[index] : void 0);
  const block = (h) => alone ? asBlock(h) : h;
  const removed = () => {
    ctx.notes.push({ kind: "removed", construct: `{{< ${tag.name} >}}`, line });
    return inner ?? "";
  };
  switch (tag.name) {
    case "highlight": {
      const code = (inner ?? "").replace(/^\n/, "").replace(/\n$/, "");
      const fence = code.includes("```") ? "~~~~" : "```";
      return `
${fence}${pos[0] ?? ""}
${code}
${fence}
`;
    }
    case "figure": {
      const h = figure(ctx, { src: get("src"), alt: get("alt"), caption: get("caption"), title: get("title"), link: get("link"), cls: get("class"), width: get("width"), height: get("height") });
      return h ? block(h) : removed();
    }
    case "ref":
    case "relref": {
      const target = get("path", 0);
      if (!target) return removed();
      const [file, anchor2] = target.split("#");
      const url2 = file ? ctx.resolve("hugo", file) : "";
      if (url2 === void 0) {
        ctx.notes.push({ kind: "unresolved", construct: target, line });
        return "#";
      }
      const full = `${url2}${anchor2 ? `#${anchor2}` : ""}`;
      return tag.name === "ref" ? ctx.origin + (ctx.base.replace(/\/$/, "") + full) : full;
    }
    case "youtube": {
      const h = youtube(get("id", 0), get("title"));
      return h ? block(h) : removed();
    }
    case "vimeo": {
      const h = vimeo(get("id", 0), get("title"));
      return h ? block(h) : removed();
    }
    case "gist": {
      const user = pos[0];
      const id = pos[1];
      return user && id ? block(linkBlock(`https://gist.github.com/${user}/${id}`, `Gist ${user}/${id}${pos[2] ? ` (${pos[2]})` : ""}`)) : removed();
    }
    case "tweet":
    case "x":
    case "twitter": {
      const user = get("user") ?? "x";
      const id = get("id", 0);
      return id ? block(linkBlock(`https://x.com/${user}/status/${id}`, user === "x" ? "Post on X" : `Post by @${user} on X`)) : removed();
    }
    case "instagram": {
      const id = get("id", 0);
      return id ? block(linkBlock(`https://www.instagram.com/p/${id}/`, "Post on Instagram")) : removed();
    }
    case "details": {
      const summary = get("summary") ?? "Details";
      const open = get("open") === "true" ? " open" : "";
      return `

<details${open}>
<summary>${escapeText(summary)}</summary>

${(inner ?? "").trim()}

</details>

`;
    }
    case "param": {
      const key = get("name", 0);
      const value = key ? ctx.body.page[key] ?? ctx.site[key] : void 0;
      return value !== void 0 ? escapeText(value) : removed();
    }
    default:
      return removed();
  }
}
var TAG, COMMENTED;
var init_hugo2 = __esm({
  "dist/markdown/legacy/hugo.js"() {
    "use strict";
    init_context2();
    init_code_regions();
    TAG = /\{\{([<%])\s*(\/)?\s*([\w./-]+)((?:[^>%"'`]|"(?:\\.|[^"\\])*"|'[^']*'|`[^`]*`|[>%](?!\}\}))*?)\s*(\/)?\s*[>%]\}\}/g;
    COMMENTED = /\{\{([<%])\/\*([\s\S]*?)\*\/([>%])\}\}/g;
  }
});

// dist/markdown/legacy/liquid.js
function liquidTemplates(text5, ctx) {
  const page = ctx.body.page;
  if (page.render_with_liquid === "false" || page.templateEngineOverride && !/liquid|njk/.test(page.templateEngineOverride)) return text5;
  const kept = [];
  const keep = (s) => {
    kept.push(s);
    return `\uE002${kept.length - 1}\uE003`;
  };
  text5 = text5.replace(/\{%-?\s*raw\s*-?%\}([\s\S]*?)\{%-?\s*endraw\s*-?%\}/g, (_, inner) => keep(inner)).replace(/\{#[\s\S]*?#\}/g, "");
  const toks = [];
  for (const m of text5.matchAll(TOKEN)) toks.push({ start: m.index, end: m.index + m[0].length, tag: m[1]?.toLowerCase(), body: (m[1] ? m[2] : m[3]).trim() });
  let out = "";
  let pos = 0;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.start < pos) continue;
    out += text5.slice(pos, t.start);
    pos = t.end;
    const line = ctx.bodyLine + lineAt(text5, t.start) - 1;
    const note = (construct) => ctx.notes.push({ kind: "removed", construct, line });
    if (t.tag === void 0) {
      const v = output(t.body, ctx);
      if (v === void 0) note(`{{ ${t.body.split("|")[0].trim()} }}`);
      out += v ?? "";
      continue;
    }
    const name = t.tag;
    const endIdx = name.startsWith("end") ? -1 : findEnd(toks, i, name);
    const inner = endIdx >= 0 ? text5.slice(t.end, toks[endIdx].start) : void 0;
    const after = endIdx >= 0 ? toks[endIdx].end : t.end;
    const alone = isAlone2(text5, t.start, after);
    const args = parseArgs(t.body);
    switch (name) {
      case "highlight": {
        const code = (inner ?? "").replace(/^\n/, "").replace(/\n$/, "");
        const fence = code.includes("```") ? "~~~~" : "```";
        out += `
${fence}${args.positional[0] ?? ""}
${code}
${fence}
`;
        break;
      }
      case "post_url":
      case "link": {
        const target = args.positional[0] ?? "";
        const url2 = ctx.resolve(name === "link" ? "link" : "post_url", target);
        if (url2 === void 0) ctx.notes.push({ kind: "unresolved", construct: `{% ${name} ${target} %}`, line });
        out += url2 ?? "#";
        break;
      }
      case "gist": {
        const id = args.positional[0];
        out += id ? asBlock(linkBlock(`https://gist.github.com/${id}`, `Gist ${id}`)) : (note("{% gist %}"), "");
        break;
      }
      case "youtube": {
        const h = youtube(args.positional[0] ?? args.named.id);
        out += h ? alone ? asBlock(h) : h : (note("{% youtube %}"), "");
        break;
      }
      case "image": {
        const [src, alt] = args.positional;
        out += src ? `![${(alt ?? "").replace(/[[\]]/g, "")}](${src.includes(" ") ? `<${src}>` : src})` : (note("{% image %}"), "");
        break;
      }
      case "if":
      case "unless": {
        note(`{% ${name} %}`);
        if (inner !== void 0) out += liquidTemplates(inner.split(/\{%-?\s*(?:elsif|else|elif)\b[\s\S]*?-?%\}/)[0], ctx);
        break;
      }
      default:
        if (SILENT.has(name) || SILENT_BLOCKS.has(name)) break;
        if (name === "include" || name === "include_relative" || name === "render") note(`{% ${name} ${args.positional[0] ?? ""} %}`.replace("  ", " "));
        else note(`{% ${name} %}`);
        if (inner !== void 0 && !["for", "case", "tablerow", "paginate"].includes(name)) out += liquidTemplates(inner, ctx);
    }
    pos = after;
    if (endIdx >= 0) i = endIdx;
  }
  out += text5.slice(pos);
  return out.replace(/\uE002(\d+)\uE003/g, (whole, n3) => kept[Number(n3)] ?? whole);
}
function findEnd(toks, from, name) {
  let depth = 0;
  for (let j = from + 1; j < toks.length; j++) {
    const t = toks[j];
    if (t.tag === name) depth++;
    else if (t.tag === `end${name}`) {
      if (depth === 0) return j;
      depth--;
    }
  }
  return -1;
}
function isAlone2(text5, start, end) {
  const before = text5.lastIndexOf("\n", start - 1);
  const after = text5.indexOf("\n", end);
  return text5.slice(before + 1, start).trim() === "" && text5.slice(end, after < 0 ? text5.length : after).trim() === "";
}
function output(expr, ctx) {
  const [head, ...filters] = splitFilters(expr);
  let value = lookup(head.trim(), ctx);
  if (value === void 0) return void 0;
  for (const f of filters) {
    const [fname, ...rest] = f.split(":");
    const arg = rest.join(":").trim();
    switch (fname.trim()) {
      case "relative_url":
      case "url":
        value = value.startsWith("/") || !/^[a-z]+:/i.test(value) ? ctx.base.replace(/\/$/, "") + "/" + value.replace(/^\/+/, "") : value;
        break;
      case "absolute_url":
        value = /^[a-z]+:/i.test(value) ? value : ctx.origin + ctx.base.replace(/\/$/, "") + "/" + value.replace(/^\/+/, "");
        break;
      case "prepend":
        value = (lookup(arg, ctx) ?? "") + value;
        break;
      case "append":
        value = value + (lookup(arg, ctx) ?? "");
        break;
      case "escape":
      case "xml_escape":
      case "escape_once":
        value = escapeText(value);
        break;
      case "upcase":
        value = value.toUpperCase();
        break;
      case "downcase":
        value = value.toLowerCase();
        break;
      case "strip":
        value = value.trim();
        break;
      default:
        break;
    }
  }
  return value;
}
function splitFilters(expr) {
  const parts = [];
  let cur = "";
  let quote = "";
  for (const c of expr) {
    if (quote) {
      if (c === quote) quote = "";
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "|") {
      parts.push(cur);
      cur = "";
      continue;
    }
    cur += c;
  }
  parts.push(cur);
  return parts;
}
function lookup(head, ctx) {
  const lit = /^["'](.*)["']$/.exec(head);
  if (lit) return lit[1];
  if (head === "site.url") return ctx.site.url || ctx.origin;
  if (head === "site.baseurl" || head === "site.base_url") return ctx.base.replace(/\/$/, "");
  const m = /^(site|page|metadata|post)\.([\w.-]+)$/.exec(head);
  if (m) return m[1] === "page" || m[1] === "post" ? ctx.body.page[m[2]] : ctx.site[m[2]];
  if (/^[\w-]+$/.test(head) && head !== "content") return ctx.body.page[head];
  return void 0;
}
var TOKEN, SILENT, SILENT_BLOCKS;
var init_liquid = __esm({
  "dist/markdown/legacy/liquid.js"() {
    "use strict";
    init_context2();
    init_code_regions();
    TOKEN = /\{%-?\s*(\w+)([\s\S]*?)-?%\}|\{\{-?\s*([\s\S]*?)\s*-?\}\}/g;
    SILENT = /* @__PURE__ */ new Set(["assign", "set", "increment", "decrement", "cycle", "layout", "extends", "do", "liquid", "echo_off", "seo", "feed_meta"]);
    SILENT_BLOCKS = /* @__PURE__ */ new Set(["capture", "comment"]);
  }
});

// dist/markdown/legacy/mdx.js
function mdxSyntax(text5, ctx) {
  const stripped = stripModuleLines(text5);
  return mapProse(stripped, (prose, start) => {
    const line = (offset) => ctx.bodyLine + lineAt(stripped, start + offset) - 1;
    return prose.replace(/\{\s*\/\*[\s\S]*?\*\/\s*\}/g, "").replace(OPEN, (whole, name, attrText, self, offset) => {
      const attrs2 = readAttrs(attrText);
      const known = knownComponent(name, attrs2, ctx);
      if (known !== void 0) return known;
      ctx.notes.push({ kind: "removed", construct: `<${name}>`, line: line(offset) });
      return self ? "" : whole.includes("\n") ? "\n" : "";
    }).replace(CLOSE, (_, name) => name === "Link" ? "</a>" : "").split(/(\$\$[\s\S]*?\$\$|\$[^$\n]+\$)/).map((part, k) => k % 2 ? part : expressions(part, ctx, line)).join("");
  });
}
function expressions(part, ctx, line) {
  return part.replace(/(?<![\\$])\{\s*(frontmatter|props\.frontmatter|meta)\.(\w+)\s*\}/g, (_, _o, key, offset) => {
    const v = ctx.body.page[key];
    if (v === void 0) ctx.notes.push({ kind: "removed", construct: `{${_o}.${key}}`, line: line(offset) });
    return v ?? "";
  }).replace(/(?<![\\$\w])\{\s*([A-Za-z_$][\w$]*(?:\.[\w$]+)*(?:\([^(){}]*\))?)\s*\}(?!\})/g, (whole, expr, offset) => {
    if (/^[a-z]$/.test(expr)) return whole;
    ctx.notes.push({ kind: "removed", construct: `{${expr.replace(/\(.*$/, "()")}}`, line: line(offset) });
    return "";
  });
}
function stripModuleLines(text5) {
  const lines = text5.split("\n");
  const out = [];
  let inFence = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^\s{0,3}(```|~~~)/.test(line)) inFence = !inFence;
    if (!inFence && /^(import|export)\s/.test(line)) {
      let depth = 0;
      let j = i;
      for (; j < lines.length; j++) {
        for (const c of lines[j]) {
          if (c === "{" || c === "(" || c === "[") depth++;
          else if (c === "}" || c === ")" || c === "]") depth--;
        }
        const l = lines[j].trim();
        if (depth <= 0 && (l.endsWith(";") || /from\s+["'][^"']+["'];?$/.test(l) || /^import\s+["'][^"']+["'];?$/.test(l) || lines[j + 1]?.trim() === "" || j + 1 >= lines.length)) break;
      }
      for (let k = i; k <= j && k < lines.length; k++) out.push("");
      i = j;
      continue;
    }
    out.push(line);
  }
  return out.join("\n");
}
function readAttrs(text5) {
  const out = {};
  for (const m of text5.matchAll(ATTR)) {
    const raw2 = m[2] ?? m[3] ?? (m[4] !== void 0 ? stringExpr(m[4]) : "true");
    if (raw2 !== void 0) out[m[1]] = raw2;
  }
  return out;
}
function stringExpr(expr) {
  const m = /^\s*(?:"([^"]*)"|'([^']*)'|`([^`$]*)`|(\d+))\s*$/.exec(expr);
  return m ? m[1] ?? m[2] ?? m[3] ?? m[4] : void 0;
}
function knownComponent(name, a, ctx) {
  switch (name) {
    case "Image":
    case "Picture":
    case "Img": {
      const h = figure(ctx, { src: a.src, alt: a.alt, width: a.width, height: a.height, caption: a.caption });
      return h ? asBlock(h.replace(/^<figure>(.*)<\/figure>$/, a.caption ? "<figure>$1</figure>" : "$1")) : void 0;
    }
    case "YouTube":
    case "Youtube":
    case "LiteYouTube": {
      const h = youtube(a.id ?? a.videoid ?? a.url, a.title);
      return h ? asBlock(h) : void 0;
    }
    case "Tweet":
      return a.id ? asBlock(linkBlock(/^\d+$/.test(a.id) ? `https://x.com/i/status/${a.id}` : a.id, "Post on X")) : void 0;
    case "Code": {
      if (a.code === void 0) return void 0;
      const fence = a.code.includes("```") ? "~~~~" : "```";
      return `
${fence}${a.lang ?? ""}
${a.code}
${fence}
`;
    }
    case "Link":
      return a.href ? `<a href="${escapeAttr(a.href)}">` : void 0;
    default:
      return void 0;
  }
}
var ATTR, OPEN, CLOSE;
var init_mdx = __esm({
  "dist/markdown/legacy/mdx.js"() {
    "use strict";
    init_context2();
    init_code_regions();
    ATTR = /([\w:-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|\{((?:[^{}]|\{[^{}]*\})*)\}))?/g;
    OPEN = /<([A-Z][\w.]*)((?:\s+[\w:-]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|\{(?:[^{}]|\{[^{}]*\})*\}))?)*)\s*(\/?)>/g;
    CLOSE = /<\/([A-Z][\w.]*)\s*>/g;
  }
});

// dist/markdown/legacy/zola.js
function zolaSyntax(text5, ctx) {
  const body2 = text5.replace(/\{%\s*([\w-]+)\(([^)]*)\)\s*%\}([\s\S]*?)\{%\s*end\s*%\}/g, (whole, name, _args, inner, offset) => {
    if (insideCode(text5, offset)) return whole;
    ctx.notes.push({ kind: "removed", construct: `{% ${name}() %}`, line: ctx.bodyLine + lineAt(text5, offset) - 1 });
    return inner;
  });
  return mapProse(
    body2,
    (prose, start) => prose.replace(/\{\{\s*([\w-]+)\(([^)]*)\)\s*\}\}/g, (_, name, args, offset) => inline(name, args, ctx, ctx.bodyLine + lineAt(body2, start + offset) - 1)).replace(/@\/([^\s)#"'<>\]]+?\.md)(#[^\s)"'<>\]]*)?/g, (_, path, anchor2, offset) => {
      const url2 = ctx.resolve("zola", path);
      if (url2 === void 0) {
        ctx.notes.push({ kind: "unresolved", construct: `@/${path}`, line: ctx.bodyLine + lineAt(body2, start + offset) - 1 });
        return "#";
      }
      return `${url2}${anchor2 ?? ""}`;
    })
  );
}
function insideCode(text5, offset) {
  let inside2 = false;
  mapProse(text5, (prose, start) => {
    if (offset >= start && offset < start + prose.length) inside2 = true;
    return prose;
  });
  return !inside2;
}
function inline(name, args, ctx, line) {
  const { named } = parseArgs(args);
  let h;
  if (name === "youtube") h = youtube(named.id);
  else if (name === "vimeo") h = vimeo(named.id);
  else if (name === "gist" && named.url) h = linkBlock(named.url, `Gist ${named.url.replace(/^https?:\/\/gist\.github\.com\//, "")}`);
  else if (name === "streamable" && named.id) h = linkBlock(`https://streamable.com/${named.id}`, "Video on Streamable");
  if (h) return asBlock(h);
  ctx.notes.push({ kind: "removed", construct: `{{ ${name}() }}`, line });
  return "";
}
var init_zola2 = __esm({
  "dist/markdown/legacy/zola.js"() {
    "use strict";
    init_context2();
    init_code_regions();
  }
});

// dist/markdown/legacy/preprocess.js
function preprocessLegacy(body2, ctx) {
  let text5 = body2;
  switch (ctx.body.family) {
    case "hugo":
      text5 = hugoShortcodes(text5, ctx);
      break;
    case "liquid":
      text5 = liquidTemplates(text5, ctx);
      break;
    case "zola":
      text5 = zolaSyntax(text5, ctx);
      break;
    case "mdx":
      if (ctx.body.format === "mdx") text5 = mdxSyntax(text5, ctx);
      break;
  }
  return ctx.body.format === "html" ? text5.replace(/<!--\s*more\s*-->/gi, "<!--more-->") : commonSyntax(text5, ctx.body.excerptSeparator);
}
var init_preprocess = __esm({
  "dist/markdown/legacy/preprocess.js"() {
    "use strict";
    init_common();
    init_hugo2();
    init_liquid();
    init_mdx();
    init_zola2();
  }
});

// dist/markdown/render.js
import { createHash as createHash11 } from "node:crypto";
import MarkdownIt from "markdown-it";
import footnote from "markdown-it-footnote";
import taskLists from "markdown-it-task-lists";
import alerts from "markdown-it-github-alerts";
import anchor from "markdown-it-anchor";
import deflist from "markdown-it-deflist";
import abbr from "markdown-it-abbr";
import attrs from "markdown-it-attrs";
function createRenderer(legacy = false) {
  const md2 = new MarkdownIt({ html: true, linkify: true, typographer: true });
  md2.use(footnote).use(taskLists, { label: true }).use(alerts);
  if (legacy) {
    md2.use(mathPlugin).use(deflist).use(abbr).use(attrs, {
      // Only presentational attributes: an event handler in `{onclick=…}` is never copied.
      allowedAttributes: ["id", "class", "title", "lang", "dir", "width", "height", "target", "rel", "start", "reversed", "align", /^data-/, /^aria-/],
      errorHandler: () => void 0
    });
  }
  md2.use(anchor, { slugify: (s) => slugify(s) || "section", permalink: anchor.permalink.headerLink(), tabIndex: false, ...legacy ? { failOnNonUnique: false } : {} });
  md2.renderer.rules.fence = (tokens, idx, _opts, rawEnv) => {
    const env = rawEnv;
    const token = tokens[idx];
    const lang = token.info.trim().split(/\s+/)[0] ?? "";
    const { html: html2, known } = highlightCode(token.content, lang);
    if (!known) env.unknownLanguages.add(lang);
    const label = lang ? ` data-lang="${escapeHtml(lang)}"` : "";
    return `<pre class="code"${label} tabindex="0"><code${lang ? ` class="language-${escapeHtml(lang)}"` : ""}>${html2}</code></pre>
`;
  };
  md2.renderer.rules.code_block = (tokens, idx) => `<pre class="code" tabindex="0"><code>${escapeHtml(tokens[idx].content)}</code></pre>
`;
  md2.renderer.rules.image = (tokens, idx, options, rawEnv, self) => {
    const env = rawEnv;
    const token = tokens[idx];
    const src = String(token.attrGet("src") ?? "");
    const alt = self.renderInlineAsText(token.children ?? [], options, rawEnv);
    const title = token.attrGet("title");
    let url2 = src;
    let size = "";
    if (isRelativeAsset(src)) {
      const { input } = env;
      const found = resolveImage(src, input.file, input.pagePath, input.base);
      const fallback = !found && input.legacy ? legacyImage(src, input, input.legacy, env, token) : void 0;
      if (fallback !== void 0) url2 = fallback;
      else if (!found) {
        const line = token.meta?.line;
        const column = line ? (input.source.split("\n")[line - 1] ?? "").indexOf(src) + 1 || void 0 : void 0;
        throw new CasebookError("CB1030", `The image "${src}" does not exist next to ${input.file.split("/").pop()}.`, {
          file: input.file,
          ...line ? { line } : {},
          ...column ? { column } : {},
          source: input.source
        });
      } else {
        env.assets.push(found.asset);
        url2 = found.url;
        if (found.width && found.height) size = ` width="${found.width}" height="${found.height}"`;
      }
    } else if (src.startsWith("/") && !src.startsWith("//") && !(legacy && env.input.base !== "/" && src.startsWith(env.input.base))) {
      url2 = env.input.base + src.slice(1);
    }
    return `<img src="${escapeHtml(url2)}" alt="${escapeHtml(alt)}"${title ? ` title="${escapeHtml(title)}"` : ""}${size} loading="lazy" decoding="async">`;
  };
  md2.renderer.rules.table_open = (tokens, idx, options, _env, self) => '<div class="table-scroll" tabindex="0">' + self.renderToken(tokens, idx, options);
  md2.renderer.rules.table_close = (tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options) + "</div>";
  const defaultLink = md2.renderer.rules.link_open ?? ((t, i, o, _e, s) => s.renderToken(t, i, o));
  md2.renderer.rules.link_open = (tokens, idx, options, rawEnv, self) => {
    const env = rawEnv;
    const token = tokens[idx];
    const href = token.attrGet("href");
    if (href && href.startsWith("/") && !href.startsWith("//") && env.input.base !== "/" && !(legacy && href.startsWith(env.input.base))) {
      token.attrSet("href", env.input.base + href.slice(1));
    }
    return defaultLink(tokens, idx, options, rawEnv, self);
  };
  if (legacy) legacyRules(md2);
  return md2;
}
function legacyImage(src, input, legacy, env, token) {
  const rootRel = src.replace(/^\.\//, "").split(/[?#]/)[0];
  if (legacy.staticFile(rootRel)) return input.base + rootRel;
  const line = token.meta?.line ?? input.bodyLine;
  env.notes?.push({ kind: "missing-image", construct: src, line });
  return src;
}
function htmlToText(markup) {
  const text5 = markup.replace(/<(script|style)[\s\S]*?<\/\1>/gi, "").replace(/<[^>]+>/g, " ");
  return decodeHtmlEntities(text5).replace(/\s+/g, " ").trim();
}
function inlineText(token) {
  if (!token?.children) return token?.content ?? "";
  return token.children.filter((c) => c.type === "text" || c.type === "code_inline").map((c) => c.content).join("");
}
function countWordsIn(text5) {
  let n3 = 0;
  let inWord = false;
  for (let i = 0; i < text5.length; i++) {
    const c = text5.charCodeAt(i);
    const word = c >= 48 && c <= 57 || c >= 65 && c <= 90 || c >= 97 && c <= 122 || c > 127 && !isSpaceOrPunct(c);
    const joiner = c === 39 || c === 45 || c === 95 || c === 8217;
    if (word) {
      if (!inWord) n3++;
      inWord = true;
    } else if (!(inWord && joiner)) inWord = false;
  }
  return n3;
}
function isSpaceOrPunct(c) {
  return c === 160 || c >= 8192 && c <= 8303 || c === 12288 || c >= 12289 && c <= 12351 || c === 65279;
}
function countWords(tokens) {
  let n3 = 0;
  for (const t of tokens) {
    if (t.type === "inline") n3 += countWordsIn(inlineText(t));
    else if (t.type === "fence" || t.type === "code_block") n3 += countWordsIn(t.content);
  }
  return n3;
}
function renderMarkdown(input) {
  if (input.legacy) return renderLegacy(input, input.legacy);
  shared ??= createRenderer();
  return renderWith(shared, input, input.body);
}
function renderLegacy(input, legacy) {
  sharedLegacy ??= createRenderer(true);
  const md2 = sharedLegacy;
  const assets2 = [];
  const ctx = {
    body: legacy.body,
    site: legacy.site,
    origin: legacy.origin,
    base: input.base,
    resolve: legacy.resolve,
    image: (src) => {
      const found = resolveImage(src, input.file, input.pagePath, input.base);
      if (!found) {
        const rootRel = src.replace(/^\.\//, "").split(/[?#]/)[0];
        if (legacy.staticFile(rootRel)) return { url: input.base + rootRel };
        ctx.notes.push({ kind: "missing-image", construct: src, line: input.bodyLine });
        return { url: src };
      }
      assets2.push(found.asset);
      return { url: found.url, ...found.width ? { width: found.width, height: found.height } : {} };
    },
    inline: (text5) => md2.renderInline(text5, { input, assets: assets2, unknownLanguages: /* @__PURE__ */ new Set() }),
    notes: [],
    bodyLine: input.bodyLine
  };
  const body2 = preprocessLegacy(input.body, ctx);
  if (legacy.body.format === "html") {
    const more = body2.indexOf("<!--more-->");
    const excerptHtml = more >= 0 ? body2.slice(0, more) : void 0;
    const firstParagraph = /<p[\s>][\s\S]*?<\/p>/i.exec(body2)?.[0] ?? "";
    const summary = htmlToText(excerptHtml ?? firstParagraph);
    const words = countWordsIn(htmlToText(body2));
    return {
      html: body2,
      digest: createHash11("sha1").update(body2).digest("hex"),
      excerptHtml,
      summary: summary.length > 300 ? summary.slice(0, 297).replace(/\s+\S*$/, "") + "\u2026" : summary,
      toc: [...body2.matchAll(/<h([23])[^>]*\sid="([^"]+)"[^>]*>([\s\S]*?)<\/h\1>/gi)].map((m) => ({ level: Number(m[1]), id: m[2], text: htmlToText(m[3]) })),
      words,
      readingMinutes: Math.max(1, Math.ceil(words / input.wordsPerMinute)),
      assets: assets2,
      unknownLanguages: [],
      legacyNotes: ctx.notes
    };
  }
  const out = renderWith(md2, input, body2, ctx.notes);
  out.assets.unshift(...assets2);
  out.legacyNotes = ctx.notes;
  return out;
}
function renderWith(md2, input, bodyText, notes) {
  const env = { input, assets: [], unknownLanguages: /* @__PURE__ */ new Set(), ...notes ? { notes } : {} };
  const tokens = md2.parse(bodyText, env);
  const toc2 = [];
  let summary = "";
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === "inline" && t.map && t.children) {
      for (const c of t.children) if (c.type === "image") c.meta = { line: t.map[0] + input.bodyLine };
    }
    if (t.type === "heading_open" && (t.tag === "h2" || t.tag === "h3")) {
      const id = t.attrGet("id");
      const text5 = inlineText(tokens[i + 1]).trim();
      if (id && text5) toc2.push({ level: Number(t.tag[1]), id, text: text5 });
    }
    if (!summary && t.type === "paragraph_open" && t.level === 0) summary = inlineText(tokens[i + 1]).trim();
  }
  const html2 = md2.renderer.render(tokens, md2.options, env);
  const more = html2.indexOf("<!--more-->");
  const excerptHtml = more >= 0 ? html2.slice(0, more) : void 0;
  if (excerptHtml !== void 0) summary = htmlToText(excerptHtml);
  const words = countWords(tokens);
  return {
    html: html2,
    digest: createHash11("sha1").update(html2).digest("hex"),
    excerptHtml,
    summary: summary.length > 300 ? summary.slice(0, 297).replace(/\s+\S*$/, "") + "\u2026" : summary,
    toc: toc2,
    words,
    readingMinutes: Math.max(1, Math.ceil(words / input.wordsPerMinute)),
    assets: env.assets,
    unknownLanguages: [...env.unknownLanguages]
  };
}
var shared, sharedLegacy;
var init_render = __esm({
  "dist/markdown/render.js"() {
    "use strict";
    init_renderer();
    init_math();
    init_preprocess();
    init_errors();
    init_escape();
    init_slug();
    init_highlight();
    init_images();
  }
});

// dist/markdown/pool.js
import { availableParallelism as availableParallelism2 } from "node:os";
import { Worker as Worker2 } from "node:worker_threads";
async function renderInParallel(inputs, threads = availableParallelism2()) {
  const results = new Array(inputs.length);
  const script = new URL("../../dist/markdown/worker.js", import.meta.url);
  const size = Math.max(1, Math.min(threads, Math.ceil(inputs.length / BATCH)));
  let next = 0;
  const workers = Array.from({ length: size }, () => new Worker2(script));
  try {
    await Promise.all(workers.map((worker) => new Promise((resolve15, reject) => {
      const send4 = () => {
        if (next >= inputs.length) return resolve15();
        const start = next;
        next = Math.min(inputs.length, next + BATCH);
        worker.postMessage({ id: start, inputs: inputs.slice(start, next) });
      };
      worker.on("message", (msg) => {
        msg.results.forEach((r, i) => results[msg.id + i] = r);
        send4();
      });
      worker.on("error", reject);
      worker.on("exit", (code) => code !== 0 ? reject(new Error(`Markdown worker exited with code ${code}`)) : void 0);
      send4();
    })));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
function errorResult(e) {
  return e instanceof CasebookError ? { error: { code: e.code, message: e.message, location: e.location, hint: e.hint } } : void 0;
}
function reviveError(error) {
  return error.code ? new CasebookError(error.code, error.message, error.location, error.hint) : new Error(error.message);
}
var POOL_THRESHOLD, BATCH;
var init_pool2 = __esm({
  "dist/markdown/pool.js"() {
    "use strict";
    init_errors();
    POOL_THRESHOLD = 150;
    BATCH = 25;
  }
});

// dist/build/legacy-links.js
import { createHash as createHash12 } from "node:crypto";
import { basename as basename11, dirname as dirname11, extname as extname9 } from "node:path/posix";
function usesReferences(body2) {
  return REF_SYNTAX.test(body2);
}
function createLinkIndex(posts, paths) {
  const byContent = /* @__PURE__ */ new Map();
  const byRel = /* @__PURE__ */ new Map();
  const byPostName = /* @__PURE__ */ new Map();
  const byBase = /* @__PURE__ */ new Map();
  for (const post of posts) {
    const path = paths.get(post);
    if (path === void 0) continue;
    const url2 = `/${path.replace(/ /g, "%20")}`;
    const f = post.rel;
    byRel.set(f.toLowerCase(), url2);
    const contentRel = contentRelOf(post);
    const noExt = contentRel.slice(0, contentRel.length - extname9(contentRel).length);
    for (const k of [contentRel, noExt, ...basename11(noExt) === "index" || basename11(noExt) === "_index" ? [dirname11(noExt)] : []]) byContent.set(k.toLowerCase(), url2);
    const b = basename11(noExt) === "index" ? basename11(dirname11(noExt)) : basename11(noExt);
    byBase.set(b.toLowerCase(), byBase.has(b.toLowerCase()) ? null : url2);
    const at = f.split("/").indexOf("_posts");
    if (at >= 0) {
      const name = f.split("/").slice(at + 1).join("/");
      byPostName.set(name.slice(0, name.length - extname9(name).length).toLowerCase(), url2);
    }
  }
  const digest3 = createHash12("sha1").update(JSON.stringify([...byRel].sort())).digest("hex");
  return {
    digest: digest3,
    resolverFor: (post) => (kind, rawTarget) => {
      const target = rawTarget.trim().replace(/^["']|["']$/g, "");
      if (kind === "link") return byRel.get(target.replace(/^\/+/, "").toLowerCase());
      if (kind === "post_url") return byPostName.get(target.replace(/^\/+/, "").replace(/\.(md|markdown|html)$/i, "").toLowerCase());
      const clean = target.replace(/\/+$/, "");
      if (kind === "zola") return byContent.get(clean.replace(/^\/+/, "").toLowerCase());
      if (clean.startsWith("/")) return byContent.get(clean.slice(1).toLowerCase());
      const own = dirname11(contentRelOf(post));
      const relative19 = own === "." ? clean : `${own}/${clean}`;
      return byContent.get(normalize2(relative19).toLowerCase()) ?? byContent.get(clean.toLowerCase()) ?? byBase.get(basename11(clean).replace(/\.(md|markdown|html)$/i, "").toLowerCase()) ?? void 0;
    }
  };
}
function contentRelOf(post) {
  return post.legacy?.contentRel ?? post.rel;
}
function normalize2(p) {
  const out = [];
  for (const s of p.split("/")) {
    if (s === "..") out.pop();
    else if (s !== "." && s !== "") out.push(s);
  }
  return out.join("/");
}
function legacyWarnings(notes) {
  const removed = /* @__PURE__ */ new Map();
  const out = [];
  for (const { file, note } of notes) {
    if (note.kind === "missing-image") {
      out.push({ code: "CB1210", message: `The image "${note.construct}" exists neither beside the post nor in the static files.`, location: { file, line: note.line } });
      continue;
    }
    if (note.kind === "unresolved") {
      out.push({ code: "CB1208", message: `${note.construct} names no post of this site; the link points nowhere.`, location: { file, line: note.line } });
      continue;
    }
    const entry2 = removed.get(note.construct) ?? { count: 0, files: /* @__PURE__ */ new Set(), first: { file, line: note.line } };
    entry2.count++;
    entry2.files.add(file);
    removed.set(note.construct, entry2);
  }
  for (const [construct, e] of removed) {
    const where = e.files.size > 1 ? ` in ${e.files.size} posts` : "";
    out.push({ code: "CB1205", message: `${construct} removed ${e.count === 1 ? "once" : `${e.count} times`}${where} (first here).`, location: e.first });
  }
  return out;
}
var REF_SYNTAX;
var init_legacy_links = __esm({
  "dist/build/legacy-links.js"() {
    "use strict";
    REF_SYNTAX = /\b(?:rel)?ref\b|post_url|\{%-?\s*link\b|\]\(@\/|\]:\s*@\//;
  }
});

// dist/build/markdown-phase.js
import { availableParallelism as availableParallelism3 } from "node:os";
import { existsSync as existsSync8 } from "node:fs";
import { createHash as createHash13 } from "node:crypto";
async function renderPosts(published, input) {
  const { paths, base, cache, disk, warnings } = input;
  const errors = [];
  const posts = [];
  const assets2 = [];
  const covers = /* @__PURE__ */ new Map();
  let markdownRendered = 0;
  let done = 0;
  const links = input.legacy ? createLinkIndex(published, paths) : void 0;
  const notes = [];
  const jobs = published.map((source) => {
    const path = paths.get(source);
    const refs = source.legacy && links && usesReferences(source.body) ? links.digest : "";
    const digest3 = refs ? createHash13("sha1").update(`${source.digest}\0${refs}`).digest("hex") : source.digest;
    const renderKey = refs ? `${path}\0${refs}` : path;
    const entry2 = cache?.posts.get(source.file);
    const cached = (entry2?.post === source && entry2.rendered?.path === renderKey ? entry2.rendered.body : void 0) ?? disk?.get(digest3, path);
    return { source, path, digest: digest3, renderKey, entry: entry2, result: cached ? { body: cached } : void 0 };
  });
  const inputOf = ({ source, path }) => ({
    body: source.body,
    file: source.file,
    source: source.source,
    bodyLine: source.bodyLine,
    pagePath: path,
    base,
    wordsPerMinute: input.wordsPerMinute
  });
  const renderHere = (job) => {
    try {
      const { source } = job;
      return {
        body: renderMarkdown({
          ...inputOf(job),
          ...source.legacy && input.legacy && links ? { legacy: { body: source.legacy, site: input.legacy.site, origin: input.legacy.origin, resolve: links.resolverFor(source), staticFile: input.legacy.staticFile } } : {}
        })
      };
    } catch (e) {
      const result = errorResult(e);
      if (!result) throw e;
      return result;
    }
  };
  const misses = jobs.filter((j) => !j.result);
  const pooled = misses.filter((j) => !j.source.legacy);
  const threads = Number(process.env.CASEBOOK_THREADS) || availableParallelism3();
  let markdownThreads = 1;
  if (pooled.length >= POOL_THRESHOLD && threads > 1 && poolAvailable()) {
    markdownThreads = threads;
    const results = await renderInParallel(pooled.map(inputOf), threads);
    pooled.forEach((j, i) => j.result = results[i]);
  }
  for (const job of misses) {
    job.result ??= renderHere(job);
    if (job.result.body) {
      markdownRendered++;
      disk?.set(job.digest, job.path, job.result.body);
    }
  }
  for (const { source, path, renderKey, entry: entry2, result } of jobs) {
    try {
      if (result.error) throw reviveError(result.error);
      const rendered = result.body;
      if (entry2 && entry2.rendered?.body !== rendered) entry2.rendered = { path: renderKey, body: rendered };
      for (const note of rendered.legacyNotes ?? []) notes.push({ file: source.file, note });
      for (const lang of rendered.unknownLanguages) {
        warnings.push({ code: "CB1104", message: `"${lang}" has no highlighting; shown as plain code.`, location: { file: source.file } });
      }
      assets2.push(...rendered.assets);
      const status = source.draft ? "draft" : source.date && source.date.epoch > input.now ? "scheduled" : "published";
      const prior = entry2?.built;
      let post;
      if (prior && entry2.post === source && prior.path === path && prior.rendered === rendered) {
        post = Object.assign(prior, { categoryTerms: [], tagTerms: [], seriesInfo: void 0, older: void 0, newer: void 0, related: [], status });
      } else {
        post = { ...source, path, rendered, categoryTerms: [], tagTerms: [], seriesInfo: void 0, older: void 0, newer: void 0, related: [], status };
        if (entry2) entry2.built = post;
      }
      if (source.image) {
        const cover = resolveCover(source, path, base, source.legacy && input.legacy ? { staticFile: input.legacy.staticFile, warnings } : void 0);
        if (cover.asset) assets2.push(cover.asset);
        if (cover.url) covers.set(post, cover);
      }
      posts.push(post);
    } catch (e) {
      collect(errors, e);
    }
    input.progress("markdown", ++done, published.length);
  }
  if (errors.length) throw new CasebookErrors(errors);
  warnings.push(...legacyWarnings(notes));
  return { posts, assets: assets2, covers, markdownRendered, markdownThreads };
}
function poolAvailable() {
  return existsSync8(new URL("../../dist/markdown/worker.js", import.meta.url));
}
function resolveCover(post, path, base, legacy) {
  const image2 = post.image;
  if (isRelativeAsset(image2)) {
    const found = resolveImage(image2, post.file, path, base);
    if (!found && legacy) {
      const rootRel = image2.replace(/^\.\//, "").split(/[?#]/)[0];
      if (legacy.staticFile(rootRel)) return { url: base + rootRel };
      const line = post.keyLine("image") ?? post.keyLine("cover") ?? post.keyLine("heroImage") ?? post.keyLine("coverImage");
      legacy.warnings.push({ code: "CB1210", message: `The cover image "${image2}" exists neither beside the post nor in the static files; the post has no cover.`, location: { file: post.file, ...line ? { line } : {} } });
      return {};
    }
    if (!found) {
      const line = post.keyLine("image") ?? post.keyLine("cover") ?? post.keyLine("heroImage") ?? post.keyLine("ogImage");
      throw new CasebookError("CB1030", `The cover image "${image2}" does not exist.`, {
        file: post.file,
        ...line ? { line, column: 1 } : {},
        source: post.source
      });
    }
    return { url: found.url, ...found.width ? { width: found.width, height: found.height } : {}, asset: found.asset };
  }
  if (image2.startsWith("/") && !image2.startsWith("//")) return { url: base + image2.slice(1) };
  return /^https?:\/\//i.test(image2) ? { url: image2 } : {};
}
var init_markdown_phase = __esm({
  "dist/build/markdown-phase.js"() {
    "use strict";
    init_errors();
    init_images();
    init_render();
    init_pool2();
    init_collect();
    init_legacy_links();
  }
});

// dist/build/phases.js
var PhaseTimer;
var init_phases = __esm({
  "dist/build/phases.js"() {
    "use strict";
    PhaseTimer = class {
      timings = {};
      current;
      start(name) {
        this.stop();
        this.current = { name, start: performance.now() };
      }
      stop() {
        if (this.current) {
          const { name, start } = this.current;
          this.timings[name] = (this.timings[name] ?? 0) + performance.now() - start;
        }
        this.current = void 0;
      }
    };
  }
});

// dist/build/foreign-site.js
import { extname as extname10, sep as sep13 } from "node:path";
async function listForeignContent(profile, warnings) {
  const files = await profile.discover();
  const out = [];
  for (const f of files) {
    if (!/^\.(md|markdown|mdx|html?)$/i.test(extname10(f.file))) {
      warnings.push({ code: "CB1209", message: `${extname10(f.file)} files are not rendered; ${f.rel} is left out.`, location: { file: f.file } });
      continue;
    }
    out.push({ file: f.file, rel: f.rel, foreign: f });
  }
  return out.sort((a, b) => a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0);
}
async function listForeignStaticFiles(root, profile, skipDirs) {
  const skip = skipDirs.filter((d) => !!d);
  return assertReadable(await listForeignStatic(root, profile, (abs) => skip.some((d) => abs === d || abs.startsWith(d + sep13))));
}
function foreignSummary(profile, posts, pages) {
  return { tool: profile.tool, name: profile.name, configFile: profile.configFile, posts, pages, permalinks: profile.permalinkLabel };
}
var init_foreign_site = __esm({
  "dist/build/foreign-site.js"() {
    "use strict";
    init_detect2();
    init_parse_phase();
  }
});

// dist/content/git-date.js
import { execFileSync } from "node:child_process";
function createGitDates(root) {
  let inRepo;
  const memo3 = /* @__PURE__ */ new Map();
  return (file) => {
    if (inRepo === void 0) {
      try {
        inRepo = execFileSync("git", ["rev-parse", "--is-inside-work-tree"], { cwd: root, stdio: ["ignore", "pipe", "ignore"], timeout: 5e3 }).toString().trim() === "true";
      } catch {
        inRepo = false;
      }
    }
    if (!inRepo) return void 0;
    if (memo3.has(file)) return memo3.get(file);
    let date;
    try {
      date = execFileSync("git", ["log", "-1", "--format=%cI", "--", file], { cwd: root, stdio: ["ignore", "pipe", "ignore"], timeout: 5e3 }).toString().trim() || void 0;
    } catch {
      date = void 0;
    }
    memo3.set(file, date);
    return date;
  };
}
var init_git_date = __esm({
  "dist/content/git-date.js"() {
    "use strict";
  }
});

// dist/build/build.js
import { join as join20, resolve as resolve5 } from "node:path";
async function build(opts) {
  const started = performance.now();
  const timer = new PhaseTimer();
  const progress = (phase, done, total) => opts.onProgress?.({ phase, done, total });
  const warnings = [];
  timer.start("config");
  const loaded2 = await loadConfig(opts.site, opts.baseUrl !== void 0 ? { baseUrl: opts.baseUrl } : {});
  const { config, root, baseUrlSet, file: configFile, foreign } = loaded2;
  warnings.push(...loaded2.warnings);
  const outDir = opts.memory ? void 0 : resolve5(opts.out ?? join20(root, config.outDir));
  if (outDir && !baseUrlSet) {
    warnings.push({ code: "CB1105", message: `baseUrl is not set, so canonical links, feeds and the sitemap point at ${config.baseUrl}.` });
  }
  if (outDir) assertSafeOutDir(outDir, root);
  const theme = await prepareTheme(root, config, configFile, warnings);
  timer.start("discover");
  const entries = foreign ? await listForeignContent(foreign, warnings) : await discoverContent(join20(root, "content"));
  progress("discover", entries.length, entries.length);
  timer.start("parse");
  const cache = opts.cache;
  cache?.useSettings([config, opts.drafts, opts.future, opts.skip, opts.memory]);
  const parseCache = opts.noCache || opts.memory ? void 0 : new ParseCache(resolve5(root, config.cacheDir), config.timezone);
  const parsed = parsePosts(entries, config.timezone, cache, warnings, progress, foreign ? { profile: foreign, gitDate: createGitDates(root) } : void 0, parseCache);
  const now = opts.now ?? Date.now();
  const published = [];
  for (const post of parsed) {
    if (post.excluded !== void 0) continue;
    if (post.draft && !opts.drafts) continue;
    if (post.date && post.date.epoch > now && !opts.future) {
      warnings.push({ code: "CB1102", message: `"${post.title}" is scheduled for ${displayDate(post.date)} (${ymd(post.date)}).`, location: { file: post.file } });
      continue;
    }
    published.push(post);
  }
  const { paths, errors: clashes } = assignPaths(published, foreign ? { warnings } : void 0);
  if (clashes.length) throw new CasebookErrors(clashes);
  timer.start("markdown");
  const base = new URL(config.baseUrl).pathname.replace(/\/?$/, "/");
  const foreignStatic = foreign ? await listForeignStaticFiles(root, foreign, [outDir, resolve5(root, config.cacheDir), resolve5(root, config.outDir)]) : void 0;
  const staticPaths = new Set(foreignStatic?.map((f) => f.to));
  const legacy = foreign ? { site: foreign.siteVars, origin: new URL(config.baseUrl).origin, staticFile: (p) => staticPaths.has(p) } : void 0;
  const disk = opts.noCache || opts.memory ? void 0 : new RenderCache(resolve5(root, config.cacheDir), [base, config.readingSpeed, config.timezone, ...legacy ? [foreign.tool, legacy] : []]);
  const { posts, assets: assets2, covers, markdownRendered, markdownThreads } = await renderPosts(published, {
    paths,
    base,
    wordsPerMinute: config.readingSpeed,
    now,
    cache,
    disk,
    warnings,
    progress,
    ...legacy ? { legacy } : {}
  });
  timer.start("model");
  const loadedProfile = loadProfile(root);
  const model = buildModel(config, posts, loadedProfile?.profile, configFile);
  const sink = outDir ? await DiskSink.open(outDir) : new MemorySink();
  const manifest = outDir && !opts.noCache ? new PageManifest(resolve5(root, config.cacheDir), outDir) : void 0;
  try {
    const staticFiles = foreignStatic ?? await listStaticFiles(join20(root, "static"));
    const skip = new Set(opts.skip ?? []);
    const emitted = await emitSite({
      model,
      covers,
      assets: assets2,
      staticFiles,
      profileRaw: loadedProfile?.raw,
      sink,
      timer,
      progress,
      theme,
      cards: config.socialCards && !skip.has("og") ? { cacheDir: join20(resolve5(root, config.cacheDir), "og"), ...opts.noCache ? { noCache: true } : {} } : void 0,
      search: config.search && !skip.has("search") ? opts.deferSearchIndex ? "page" : "full" : "off",
      cache,
      manifest
    });
    timer.start("write");
    await sink.commit();
    manifest?.save();
    parseCache?.save();
    timer.stop();
    return {
      config,
      root,
      outDir,
      files: sink instanceof MemorySink ? sink.files : void 0,
      pages: emitted.pages,
      posts: model.posts.length,
      fileCount: emitted.files,
      warnings,
      timings: timer.timings,
      ms: performance.now() - started,
      markdownRendered,
      markdownThreads,
      pagesRendered: emitted.rendered.length,
      rendered: emitted.rendered,
      model,
      cardsRendered: emitted.cardsRendered,
      cardsReused: emitted.cardsReused,
      ...foreign ? { foreign: foreignSummary(foreign, model.posts.length, model.pages.length) } : {}
    };
  } catch (e) {
    await sink.abort();
    throw e;
  }
}
var SKIPPABLE;
var init_build = __esm({
  "dist/build/build.js"() {
    "use strict";
    init_config();
    init_content();
    init_errors();
    init_emit_site();
    init_output();
    init_site();
    init_dates();
    init_disk_cache();
    init_page_manifest();
    init_parse_cache();
    init_parse_phase();
    init_markdown_phase();
    init_profile2();
    init_theming();
    init_phases();
    init_foreign_site();
    init_git_date();
    SKIPPABLE = ["og", "search"];
  }
});

// dist/build/index.js
var init_build2 = __esm({
  "dist/build/index.js"() {
    "use strict";
    init_build();
    init_phases();
    init_cache();
  }
});

// dist/preview/mime.js
function mimeType(file) {
  const ext = file.slice(file.lastIndexOf(".") + 1).toLowerCase();
  return TYPES[ext] ?? "application/octet-stream";
}
var TYPES;
var init_mime = __esm({
  "dist/preview/mime.js"() {
    "use strict";
    TYPES = {
      html: "text/html; charset=utf-8",
      css: "text/css; charset=utf-8",
      js: "text/javascript; charset=utf-8",
      mjs: "text/javascript; charset=utf-8",
      json: "application/json; charset=utf-8",
      xml: "application/xml; charset=utf-8",
      txt: "text/plain; charset=utf-8",
      svg: "image/svg+xml",
      png: "image/png",
      jpg: "image/jpeg",
      jpeg: "image/jpeg",
      gif: "image/gif",
      webp: "image/webp",
      avif: "image/avif",
      ico: "image/x-icon",
      woff: "font/woff",
      woff2: "font/woff2",
      pdf: "application/pdf",
      wasm: "application/wasm",
      webmanifest: "application/manifest+json",
      mp4: "video/mp4",
      webm: "video/webm"
    };
  }
});

// dist/preview/resolve-path.js
import { posix } from "node:path";
function requestToRelative(urlPath) {
  const pathname = urlPath.split(/[?#]/)[0];
  let decoded;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return void 0;
  }
  if (/%(2e|2f|5c|00)/i.test(decoded)) return void 0;
  if (decoded.includes("\\") || decoded.includes("\0")) return void 0;
  const segments = decoded.split("/");
  if (segments.some((s) => s === "..")) return void 0;
  const normal = posix.normalize("/" + decoded);
  if (!normal.startsWith("/")) return void 0;
  return normal.slice(1);
}
var init_resolve_path = __esm({
  "dist/preview/resolve-path.js"() {
    "use strict";
  }
});

// dist/preview/server.js
import { createReadStream } from "node:fs";
import { realpath, stat as stat2 } from "node:fs/promises";
import { createServer } from "node:http";
import { join as join21, sep as sep14 } from "node:path";
async function fileIn(root, rel2) {
  const candidates2 = rel2 === "" || rel2.endsWith("/") ? [join21(root, rel2, "index.html")] : [join21(root, rel2), join21(root, rel2, "index.html")];
  for (const c of candidates2) {
    try {
      const real = await realpath(c);
      if (real !== root && !real.startsWith(root + sep14)) continue;
      if ((await stat2(real)).isFile()) return real;
    } catch {
    }
  }
  return void 0;
}
function send(res, status, headers, body2) {
  res.writeHead(status, { "X-Content-Type-Options": "nosniff", ...headers });
  res.end(body2);
}
async function handleRequest(root, req, res) {
  if (req.method !== "GET" && req.method !== "HEAD") {
    send(res, 405, { Allow: "GET, HEAD", "Content-Type": "text/plain; charset=utf-8" }, "Method not allowed\n");
    return;
  }
  const rel2 = requestToRelative(req.url ?? "/");
  if (rel2 === void 0) {
    send(res, 400, { "Content-Type": "text/plain; charset=utf-8" }, "Bad request\n");
    return;
  }
  const file = await fileIn(root, rel2);
  if (file && !rel2.endsWith("/") && rel2 !== "" && file.endsWith(`${sep14}index.html`) && !rel2.endsWith("index.html")) {
    const [path, query] = (req.url ?? "/").split("?");
    send(res, 301, { Location: `${path}/${query ? `?${query}` : ""}` });
    return;
  }
  let status = 200;
  let target = file;
  if (!target) {
    status = 404;
    target = await fileIn(root, "404.html");
    if (!target) {
      send(res, 404, { "Content-Type": "text/plain; charset=utf-8" }, "Not found\n");
      return;
    }
  }
  const info = await stat2(target);
  const headers = {
    "Content-Type": mimeType(target),
    "Cache-Control": "no-cache",
    "Accept-Ranges": "bytes",
    "Last-Modified": info.mtime.toUTCString()
  };
  let start = 0;
  let end = info.size - 1;
  const range = status === 200 ? /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? "") : null;
  if (range && (range[1] || range[2])) {
    if (range[1]) {
      start = Number(range[1]);
      if (range[2]) end = Math.min(Number(range[2]), end);
    } else {
      start = Math.max(0, info.size - Number(range[2]));
    }
    if (start > end || start >= info.size) {
      send(res, 416, { "Content-Range": `bytes */${info.size}` });
      return;
    }
    status = 206;
    headers["Content-Range"] = `bytes ${start}-${end}/${info.size}`;
  }
  headers["Content-Length"] = info.size === 0 ? 0 : end - start + 1;
  res.writeHead(status, { "X-Content-Type-Options": "nosniff", ...headers });
  if (req.method === "HEAD" || info.size === 0) {
    res.end();
    return;
  }
  createReadStream(target, { start, end }).on("error", () => res.destroy()).pipe(res);
}
async function startPreview(opts) {
  const root = await realpath(opts.root);
  const server = createServer((req, res) => {
    handleRequest(root, req, res).catch(() => {
      if (!res.headersSent) send(res, 500, { "Content-Type": "text/plain; charset=utf-8" }, "Internal error\n");
      else res.destroy();
    });
  });
  await new Promise((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => {
      server.off("error", reject);
      resolveListen();
    });
  });
  return server;
}
var init_server = __esm({
  "dist/preview/server.js"() {
    "use strict";
    init_mime();
    init_resolve_path();
  }
});

// dist/dev/session.js
var session_exports = {};
__export(session_exports, {
  DevSession: () => DevSession
});
var DevSession;
var init_session = __esm({
  "dist/dev/session.js"() {
    "use strict";
    init_build2();
    init_errors();
    init_pagefind_index();
    DevSession = class {
      constructor(opts) {
        this.opts = opts;
      }
      opts;
      files = /* @__PURE__ */ new Map();
      errors = [];
      internal;
      version = 0;
      lastResult;
      /** Absolute URL the dev server answers on (links and feeds point at it); set once it listens. */
      baseUrl = "http://localhost:4321/";
      cache = new BuildCache();
      listeners = /* @__PURE__ */ new Set();
      running;
      again = false;
      searchTimer;
      searchFiles = /* @__PURE__ */ new Map();
      searchVersion = -1;
      onChange(listener) {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
      }
      /**
       * Rebuilds now, or once more after the running rebuild if one is under way. `changed` are the
       * files the watcher saw: a changed image makes the posts that use it render again (their image
       * sizes may have changed even though the Markdown did not).
       */
      rebuild(changed = []) {
        for (const file of changed) {
          if (!/\.(md|markdown)$/i.test(file)) this.cache.forgetUsersOf(file);
        }
        if (this.running) {
          this.again = true;
          return this.running;
        }
        this.running = (async () => {
          do {
            this.again = false;
            await this.buildOnce();
          } while (this.again);
          this.running = void 0;
        })();
        return this.running;
      }
      async buildOnce() {
        const started = performance.now();
        try {
          const result = await build({
            site: this.opts.site,
            memory: true,
            drafts: true,
            future: true,
            baseUrl: this.baseUrl,
            skip: ["og"],
            deferSearchIndex: true,
            cache: this.cache
          });
          const files = new Map(result.files);
          const hasSearch = result.config.search;
          if (hasSearch) for (const [path, data] of this.searchFiles) files.set(path, data);
          this.files = files;
          this.errors = [];
          this.internal = void 0;
          this.lastResult = result;
          this.bump();
          this.opts.onBuild?.({ ok: true, result, ms: performance.now() - started });
          if (hasSearch) this.scheduleSearch(result);
        } catch (e) {
          if (e instanceof CasebookErrors) this.errors = e.errors;
          else if (e instanceof CasebookError) this.errors = [e];
          else {
            this.errors = [];
            this.internal = e;
          }
          this.bump();
          this.opts.onBuild?.({ ok: false, errors: this.errors, ...this.internal ? { internal: this.internal } : {}, ms: performance.now() - started });
        }
      }
      bump() {
        this.version++;
        for (const l of this.listeners) l(this.version);
      }
      /** Rebuilds the Pagefind index once edits settle, then swaps it in without a reload. */
      scheduleSearch(result) {
        clearTimeout(this.searchTimer);
        const version2 = this.version;
        this.searchTimer = setTimeout(async () => {
          if (version2 <= this.searchVersion) return;
          const pages = [...this.files].filter(([path, data]) => path.endsWith(".html") && typeof data === "string" && data.includes("data-pagefind-body")).map(([path, data]) => ({ url: "/" + path.replace(/index\.html$/, ""), html: data }));
          try {
            const index = await buildSearchIndex(pages, result.config.lang);
            this.searchFiles = new Map(index.map((f) => [f.path, f.content]));
            for (const [path, data] of this.searchFiles) this.files.set(path, data);
            this.searchVersion = version2;
          } catch {
          }
        }, 400);
        this.searchTimer.unref();
      }
      close() {
        clearTimeout(this.searchTimer);
      }
    };
  }
});

// dist/dev/client.js
var DEV_CLIENT;
var init_client = __esm({
  "dist/dev/client.js"() {
    "use strict";
    DEV_CLIENT = `(() => {
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
  }
});

// dist/dev/overlay.js
function overlayHtml(errors, internal, cwd) {
  const text5 = internal ? `internal error: ${internal.stack ?? internal.message}` : errors.map((e) => formatError(e, { cwd })).join("\n\n");
  const title = internal ? "Casebook crashed while building" : `${errors.length} error${errors.length === 1 ? "" : "s"}: the site shows the last good build`;
  return `<div id="casebook-overlay" role="alertdialog" aria-modal="true" aria-labelledby="casebook-overlay-title" style="position:fixed;inset:0;z-index:2147483647;background:rgba(10,10,12,.92);color:#f2f2f2;overflow:auto;padding:2rem;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace">
<div style="max-width:60rem;margin:0 auto">
<h2 id="casebook-overlay-title" style="color:#ff9d92;font:600 1.1rem/1.3 system-ui,sans-serif;margin:0 0 1rem">${escapeHtml(title)}</h2>
<pre style="white-space:pre-wrap;margin:0 0 1rem">${escapeHtml(text5)}</pre>
<p style="font-family:system-ui,sans-serif;color:#bbb">Fix the file and save: this page reloads by itself. <button type="button" data-casebook-dismiss style="font:inherit;margin-left:1rem">Dismiss</button></p>
</div></div>`;
}
var init_overlay = __esm({
  "dist/dev/overlay.js"() {
    "use strict";
    init_errors();
    init_escape();
  }
});

// dist/dev/server.js
var server_exports = {};
__export(server_exports, {
  handleDevRequest: () => handleDevRequest,
  startDevServer: () => startDevServer
});
import { createServer as createServer2 } from "node:http";
function send2(res, status, type, body2, head = false) {
  res.writeHead(status, { "Content-Type": type, "Content-Length": Buffer.byteLength(body2), "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" });
  res.end(head ? void 0 : body2);
}
function decorate(html2, session) {
  const extra = `${session.errors.length || session.internal ? overlayHtml(session.errors, session.internal, process.cwd()) : ""}<script src="${CLIENT}"></script>`;
  const at = html2.lastIndexOf("</body>");
  return at < 0 ? html2 + extra : html2.slice(0, at) + extra + html2.slice(at);
}
function handleDevRequest(session, req, res) {
  const url2 = req.url ?? "/";
  if (url2 === EVENTS) {
    res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-store", Connection: "keep-alive" });
    const push = (v) => res.write(`event: version
data: ${v}

`);
    res.write("retry: 500\n\n");
    push(session.version);
    const off = session.onChange(push);
    req.on("close", off);
    return;
  }
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { Allow: "GET, HEAD" });
    res.end();
    return;
  }
  const head = req.method === "HEAD";
  if (url2 === CLIENT) return send2(res, 200, "text/javascript; charset=utf-8", DEV_CLIENT, head);
  const rel2 = requestToRelative(url2);
  if (rel2 === void 0) return send2(res, 400, "text/plain; charset=utf-8", "Bad request\n", head);
  const files = session.files;
  const candidates2 = rel2 === "" || rel2.endsWith("/") ? [`${rel2}index.html`] : [rel2];
  let path = candidates2.find((c) => files.has(c));
  if (!path && !rel2.endsWith("/") && files.has(`${rel2}/index.html`)) {
    const query = url2.includes("?") ? url2.slice(url2.indexOf("?")) : "";
    res.writeHead(301, { Location: `/${rel2}/${query}` });
    res.end();
    return;
  }
  let status = 200;
  if (!path) {
    status = 404;
    path = files.has("404.html") ? "404.html" : void 0;
  }
  if (!path) {
    return send2(res, status, "text/html; charset=utf-8", decorate("<!doctype html><title>Casebook dev</title><body></body>", session), head);
  }
  const data = files.get(path);
  const type = mimeType(path);
  if (type.startsWith("text/html")) return send2(res, status, type, decorate(String(data), session), head);
  send2(res, status, type, typeof data === "string" ? data : data, head);
}
async function startDevServer(session, port, host) {
  const server = createServer2((req, res) => {
    try {
      handleDevRequest(session, req, res);
    } catch {
      if (!res.headersSent) send2(res, 500, "text/plain; charset=utf-8", "Internal error\n");
      else res.destroy();
    }
  });
  await new Promise((resolve15, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve15();
    });
  });
  return server;
}
var EVENTS, CLIENT;
var init_server2 = __esm({
  "dist/dev/server.js"() {
    "use strict";
    init_mime();
    init_resolve_path();
    init_client();
    init_overlay();
    EVENTS = "/__casebook/events";
    CLIENT = "/__casebook/client.js";
  }
});

// dist/dev/watcher.js
var watcher_exports = {};
__export(watcher_exports, {
  watchSite: () => watchSite
});
import { readdirSync as readdirSync4, statSync as statSync9, watch } from "node:fs";
import { join as join22, resolve as resolve6, sep as sep15 } from "node:path";
function watchSite(opts) {
  const ignored = opts.ignore.map((d) => resolve6(opts.root, d));
  const skip = (path) => ignored.some((d) => path === d || path.startsWith(d + sep15)) || // Dot-folders count (static/.well-known/), except version control.
  path.slice(opts.root.length).split(sep15).some((part) => part === "node_modules" || part === ".git");
  const watchers = /* @__PURE__ */ new Map();
  let pending = /* @__PURE__ */ new Set();
  let timer;
  const flush = () => {
    const files = [...pending];
    pending = /* @__PURE__ */ new Set();
    opts.onChange(files);
  };
  const add = (dir) => {
    if (watchers.has(dir) || skip(dir)) return;
    let w;
    try {
      w = watch(dir, (_event, name) => {
        if (!name) return;
        const file = join22(dir, name.toString());
        if (skip(file)) return;
        try {
          if (statSync9(file).isDirectory()) addTree2(file);
        } catch {
        }
        if (/(\.swp|\.swx|~|\.tmp)$|(^|\/)\.#/.test(file)) return;
        pending.add(file);
        clearTimeout(timer);
        timer = setTimeout(flush, opts.debounceMs ?? 5);
      });
    } catch {
      return;
    }
    w.on("error", () => {
      w.close();
      watchers.delete(dir);
    });
    watchers.set(dir, w);
  };
  const addTree2 = (dir) => {
    add(dir);
    let entries;
    try {
      entries = readdirSync4(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) if (e.isDirectory()) addTree2(join22(dir, e.name));
  };
  addTree2(resolve6(opts.root));
  return {
    close() {
      clearTimeout(timer);
      for (const w of watchers.values()) w.close();
      watchers.clear();
    }
  };
}
var init_watcher = __esm({
  "dist/dev/watcher.js"() {
    "use strict";
  }
});

// dist/check/html-scan.js
function blank(html2, re) {
  return html2.replace(re, (m) => m.replace(/[^\n]/g, " "));
}
function scanTags(html2) {
  const text5 = blank(blank(html2, COMMENT), RAW_TEXT);
  const tags = [];
  for (const m of text5.matchAll(TAG2)) {
    const attrs2 = /* @__PURE__ */ new Map();
    for (const a of m[2].matchAll(ATTR2)) attrs2.set(a[1].toLowerCase(), decodeHtmlEntities(a[2] ?? a[3] ?? a[4] ?? ""));
    tags.push({ name: m[1].toLowerCase(), attrs: attrs2, offset: m.index });
  }
  for (const m of html2.matchAll(/<script\b((?:[^>"']|"[^"]*"|'[^']*')*)>/gi)) {
    const attrs2 = /* @__PURE__ */ new Map();
    for (const a of m[1].matchAll(ATTR2)) attrs2.set(a[1].toLowerCase(), decodeHtmlEntities(a[2] ?? a[3] ?? a[4] ?? ""));
    tags.push({ name: "script", attrs: attrs2, offset: m.index });
  }
  return tags.sort((a, b) => a.offset - b.offset);
}
function lineIndex(text5) {
  const starts = [0];
  for (let i = 0; i < text5.length; i++) if (text5.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = lo + hi + 1 >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] + 1 };
  };
}
function titleOf(html2) {
  const m = /<title>([\s\S]*?)<\/title>/i.exec(html2);
  return m ? decodeHtmlEntities(m[1].trim()) : void 0;
}
var COMMENT, RAW_TEXT, TAG2, ATTR2;
var init_html_scan = __esm({
  "dist/check/html-scan.js"() {
    "use strict";
    init_escape();
    COMMENT = /<!--[\s\S]*?-->/g;
    RAW_TEXT = /<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
    TAG2 = /<([a-zA-Z][a-zA-Z0-9-]*)\b((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
    ATTR2 = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
  }
});

// dist/check/page-rules.js
function isLocalUrl(value) {
  try {
    const url2 = new URL(value);
    return (url2.protocol === "http:" || url2.protocol === "https:") && LOCAL_HOST.test(url2.hostname.replace(/\.$/, ""));
  } catch {
    return false;
  }
}
function classify(raw2, pageUrl, site) {
  const value = raw2.trim();
  if (value === "" || /^(mailto|tel|javascript|data|sms|about):/i.test(value)) return { kind: "skip" };
  let url2;
  try {
    url2 = new URL(value, pageUrl);
  } catch {
    return { kind: "internal", path: value, fragment: void 0 };
  }
  if (url2.protocol !== "http:" && url2.protocol !== "https:") return { kind: "skip" };
  if (url2.origin !== site.origin) return { kind: "external", url: url2.href };
  const fragment = url2.hash ? decodeURIComponent(url2.hash.slice(1)) : void 0;
  let path;
  try {
    path = decodeURIComponent(url2.pathname);
  } catch {
    path = url2.pathname;
  }
  return { kind: "internal", path, fragment };
}
function resolveFile(path, site) {
  if (!path.startsWith(site.base)) return void 0;
  const rel2 = path.slice(site.base.length);
  const candidates2 = rel2 === "" || rel2.endsWith("/") ? [`${rel2}index.html`] : [rel2, `${rel2}/index.html`];
  return candidates2.find((c) => site.files.has(c));
}
function pageUrlOf(file, site) {
  return new URL(site.base + file.replace(/(^|\/)index\.html$/, "$1"), site.origin);
}
function pageFacts(html2, tags) {
  const ids = /* @__PURE__ */ new Set();
  let description;
  let indexable = true;
  for (const t of tags) {
    const id = t.attrs.get("id");
    if (id) ids.add(id);
    if (t.name === "a" && t.attrs.has("name")) ids.add(t.attrs.get("name"));
    if (t.name === "meta" && t.attrs.get("name") === "description") description = t.attrs.get("content");
    if (t.name === "meta" && t.attrs.get("name") === "robots" && /noindex/.test(t.attrs.get("content") ?? "")) indexable = false;
    if (t.name === "link" && t.attrs.get("rel") === "prev") indexable = false;
  }
  return { ids, title: titleOf(html2), description, indexable };
}
function checkPage({ file, html: html2, tags, site, facts, external }) {
  const out = [];
  const at = lineIndex(html2);
  const pageUrl = pageUrlOf(file, site);
  const own = facts.get(file);
  const add = (severity, rule, tag, message) => out.push({ severity, rule, file, ...at(tag.offset), message });
  const seenIds = /* @__PURE__ */ new Map();
  let lastHeading = 0;
  let reportedLocal = false;
  for (const tag of tags) {
    if (!reportedLocal) {
      for (const name of ["href", "src", "content"]) {
        const value = tag.attrs.get(name);
        if (value && isLocalUrl(value)) {
          add("error", "localhost-link", tag, `${value} points at this machine; published, it is broken. Set baseUrl (or --base-url) and link with site paths.`);
          reportedLocal = true;
          break;
        }
      }
    }
    const id = tag.attrs.get("id");
    if (id !== void 0) {
      if (seenIds.has(id)) add("error", "duplicate-id", tag, `id "${id}" is used more than once on this page (first on line ${at(seenIds.get(id)).line}).`);
      else seenIds.set(id, tag.offset);
    }
    const level = /^h([1-6])$/.exec(tag.name)?.[1];
    if (level) {
      const n3 = Number(level);
      if (lastHeading && n3 > lastHeading + 1) add("warning", "heading-order", tag, `<h${n3}> follows <h${lastHeading}>: heading level ${lastHeading + 1} is skipped.`);
      lastHeading = n3;
    }
    if (tag.name === "img" && !tag.attrs.has("alt")) {
      add("error", "img-alt", tag, `<img src="${tag.attrs.get("src") ?? ""}"> has no alt attribute (use alt="" for a decorative image).`);
    }
    const attrs2 = LINK_ATTRS[tag.name];
    if (!attrs2) continue;
    if (tag.name === "link" && (tag.attrs.get("rel") ?? "").split(/\s+/).some((r) => SKIP_REL.has(r))) continue;
    for (const name of attrs2) {
      const value = tag.attrs.get(name);
      if (value === void 0) continue;
      const target = classify(value, pageUrl, site);
      if (target.kind === "skip") continue;
      if (target.kind === "external") {
        if (!external.has(target.url)) external.set(target.url, { file, ...at(tag.offset) });
        continue;
      }
      const isImage = tag.name === "img" || tag.name === "source" && name === "src";
      const resolved = value.startsWith("#") ? file : resolveFile(target.path, site);
      if (!resolved) {
        add("error", isImage ? "missing-image" : "broken-link", tag, `${value} leads nowhere: no file for ${target.path}.`);
        continue;
      }
      if (target.fragment && resolved.endsWith(".html")) {
        const ids = resolved === file ? own.ids : facts.get(resolved)?.ids;
        if (ids && !ids.has(target.fragment)) add("error", "missing-anchor", tag, `${value}: ${resolved === file ? "this page" : `/${resolved}`} has no element with id "${target.fragment}".`);
      }
    }
  }
  return out;
}
function duplicateFacts(facts) {
  const out = [];
  for (const key of ["title", "description"]) {
    const by = /* @__PURE__ */ new Map();
    for (const [file, f] of facts) {
      const v = f[key];
      if (!f.indexable || !v) continue;
      by.set(v, [...by.get(v) ?? [], file]);
    }
    for (const [value, files] of by) {
      if (files.length < 2) continue;
      for (const file of files.slice(1)) {
        out.push({ severity: "warning", rule: `duplicate-${key}`, file, message: `Same ${key} as /${files[0]}: "${value.length > 80 ? value.slice(0, 77) + "\u2026" : value}".` });
      }
    }
  }
  return out;
}
var LINK_ATTRS, SKIP_REL, LOCAL_HOST;
var init_page_rules = __esm({
  "dist/check/page-rules.js"() {
    "use strict";
    init_html_scan();
    LINK_ATTRS = {
      a: ["href"],
      area: ["href"],
      link: ["href"],
      img: ["src"],
      script: ["src"],
      source: ["src"],
      video: ["src", "poster"],
      audio: ["src"],
      iframe: ["src"],
      track: ["src"],
      embed: ["src"],
      object: ["data"]
    };
    SKIP_REL = /* @__PURE__ */ new Set(["preconnect", "dns-prefetch", "canonical", "me"]);
    LOCAL_HOST = /^(localhost|127(\.\d+){3}|0\.0\.0\.0|\[::1?\])$/i;
  }
});

// dist/check/feed-rules.js
import { XMLParser, XMLValidator } from "fast-xml-parser";
function checkXml(file, xml, site) {
  const out = [];
  const fail = (message, line, column) => out.push({ severity: "error", rule: "invalid-feed", file, ...line ? { line } : {}, ...column ? { column } : {}, message });
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    fail(`Not well-formed XML: ${valid.err.msg}`, valid.err.line, valid.err.col);
    return out;
  }
  const doc = parser.parse(xml);
  if (doc.rss) {
    const channel = doc.rss.channel;
    if (!channel) return fail("RSS: <rss> has no <channel>."), out;
    for (const k of ["title", "link", "description"]) if (!text3(channel[k])) fail(`RSS: <channel> has no <${k}>.`);
    (channel.item ?? []).forEach((item, i) => {
      if (!text3(item.title) && !text3(item.description)) fail(`RSS: item ${i + 1} has neither <title> nor <description>.`);
      if (item.pubDate && Number.isNaN(Date.parse(text3(item.pubDate)))) fail(`RSS: item ${i + 1} has an unreadable <pubDate> "${text3(item.pubDate)}".`);
    });
  } else if (doc.feed) {
    const feed = doc.feed;
    for (const k of ["id", "title", "updated"]) if (!text3(feed[k])) fail(`Atom: <feed> has no <${k}>.`);
    (feed.entry ?? []).forEach((e, i) => {
      for (const k of ["id", "title", "updated"]) if (!text3(e[k])) fail(`Atom: entry ${i + 1} has no <${k}>.`);
      if (e.updated && Number.isNaN(Date.parse(text3(e.updated)))) fail(`Atom: entry ${i + 1} has an unreadable <updated>.`);
    });
  } else if (doc.urlset) {
    for (const u of doc.urlset.url ?? []) {
      const loc = text3(u.loc);
      let url2;
      try {
        url2 = new URL(loc);
      } catch {
        fail(`Sitemap: <loc> "${loc}" is not an absolute URL.`);
        continue;
      }
      if (url2.origin === site.origin && !resolveFile(decodeURIComponent(url2.pathname), site)) fail(`Sitemap: ${loc} is listed but no page exists there.`);
    }
  }
  return out;
}
function checkJsonFeed(file, json) {
  const fail = (message) => ({ severity: "error", rule: "invalid-feed", file, message });
  let feed;
  try {
    feed = JSON.parse(json);
  } catch (e) {
    return [fail(`Not valid JSON: ${e.message}`)];
  }
  const out = [];
  if (typeof feed.version !== "string" || !feed.version.startsWith("https://jsonfeed.org/version/1")) out.push(fail('JSON Feed: "version" must be https://jsonfeed.org/version/1.1.'));
  if (typeof feed.title !== "string" || !feed.title) out.push(fail('JSON Feed: "title" is missing.'));
  if (!Array.isArray(feed.items)) out.push(fail('JSON Feed: "items" must be a list.'));
  else {
    feed.items.forEach((item, i) => {
      if (item.id === void 0 || item.id === "") out.push(fail(`JSON Feed: item ${i + 1} has no "id".`));
      if (typeof item.content_html !== "string" && typeof item.content_text !== "string") out.push(fail(`JSON Feed: item ${i + 1} has no content_html or content_text.`));
    });
  }
  return out;
}
var parser, text3;
var init_feed_rules = __esm({
  "dist/check/feed-rules.js"() {
    "use strict";
    init_page_rules();
    parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => ["item", "entry", "url", "link"].includes(name) });
    text3 = (v) => typeof v === "string" ? v : v && typeof v === "object" && "#text" in v ? String(v["#text"]) : v === void 0 ? "" : String(v);
  }
});

// dist/check/html-validity.js
import { HtmlValidate } from "html-validate";
async function checkHtmlValidity(file, html2) {
  const report = await validator.validateString(html2, file);
  const out = [];
  for (const result of report.results) {
    for (const m of result.messages) {
      out.push({ severity: m.severity === 2 ? "error" : "warning", rule: `html/${m.ruleId}`, file, line: m.line, column: m.column, message: m.message });
    }
  }
  return out;
}
var validator;
var init_html_validity = __esm({
  "dist/check/html-validity.js"() {
    "use strict";
    validator = new HtmlValidate({
      extends: ["html-validate:recommended"],
      rules: {
        "doctype-style": "off",
        "attribute-boolean-style": "off",
        "no-redundant-role": "off",
        "long-title": "off",
        "valid-id": ["error", { relaxed: true }]
      }
    });
  }
});

// dist/check/source-rules.js
function checkSources(model) {
  const out = [];
  for (const post of [...model.posts, ...model.pages]) {
    if (!post.description) {
      out.push({ severity: "warning", rule: "missing-description", file: post.file, line: 1, message: `"${post.title}" has no description; lists, feeds and link previews fall back to its first paragraph.` });
    }
  }
  for (const series of model.series) {
    if (series.parts.length === 1) {
      const p = series.parts[0];
      out.push({ severity: "warning", rule: "orphan-series-part", file: p.file, line: p.keyLine("series") ?? 1, message: `"${p.title}" is the only part of the series "${series.name}".` });
      continue;
    }
    const numbers = series.parts.map((p) => p.series.part).filter((n3) => n3 !== void 0);
    for (let i = 0; i < numbers.length; i++) {
      const expected = i + 1;
      if (numbers[i] !== expected) {
        const p = series.parts.find((x) => x.series.part === numbers[i]);
        out.push({ severity: "warning", rule: "orphan-series-part", file: p.file, line: p.keyLine("seriesPart") ?? 1, message: `"${p.title}" is part ${numbers[i]} of "${series.name}", but part ${expected} is missing.` });
        break;
      }
    }
  }
  return out;
}
var init_source_rules = __esm({
  "dist/check/source-rules.js"() {
    "use strict";
  }
});

// dist/check/check.js
var check_exports = {};
__export(check_exports, {
  checkSite: () => checkSite
});
import { existsSync as existsSync9, readFileSync as readFileSync22, statSync as statSync10 } from "node:fs";
import { join as join23, relative as relative13, resolve as resolve7, sep as sep16 } from "node:path";
function isBuiltFolder(dir) {
  return existsSync9(join23(dir, "index.html")) && !existsSync9(join23(dir, "content"));
}
async function loadBuilt(dir) {
  const files = /* @__PURE__ */ new Map();
  for (const file of await walkFiles(dir)) {
    const rel2 = relative13(dir, file).split(sep16).join("/");
    files.set(rel2, TEXT.test(rel2) ? readFileSync22(file, "utf8") : true);
  }
  const home = files.get("index.html");
  const canonical = typeof home === "string" ? /<link rel="canonical" href="([^"]+)"/.exec(home)?.[1] : void 0;
  const url2 = new URL(canonical ?? "http://localhost/");
  return { files, base: url2.pathname.endsWith("/") ? url2.pathname : `${url2.pathname}/`, origin: url2.origin };
}
async function checkExternal(urls, fetchImpl) {
  const out = [];
  const list4 = [...urls];
  let next = 0;
  const worker = async () => {
    while (next < list4.length) {
      const [url2, where] = list4[next++];
      let status;
      try {
        let res = await fetchImpl(url2, { method: "HEAD", redirect: "follow", signal: AbortSignal.timeout(1e4) });
        if (res.status === 405 || res.status === 403) res = await fetchImpl(url2, { method: "GET", redirect: "follow", signal: AbortSignal.timeout(1e4) });
        status = res.status;
      } catch (e) {
        status = e.name === "TimeoutError" ? "timed out after 10 s" : e.cause?.code ?? e.message;
      }
      if (typeof status !== "number" || status >= 400) out.push({ severity: "error", rule: "broken-external-link", ...where, message: `${url2} answered ${status}.` });
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return out;
}
async function checkSite(opts) {
  const target = resolve7(opts.target);
  if (!existsSync9(target) || !statSync10(target).isDirectory()) {
    throw new CasebookError("CB2006", `${target} does not exist or is not a folder.`, { file: target });
  }
  const findings = [];
  let site;
  if (isBuiltFolder(target)) {
    site = await loadBuilt(target);
  } else {
    const result = await build({ site: target, memory: true, skip: ["og"] });
    const files = /* @__PURE__ */ new Map();
    for (const [path, data] of result.files) files.set(path, TEXT.test(path) ? typeof data === "string" ? data : Buffer.from(data).toString("utf8") : true);
    const url2 = new URL(result.config.baseUrl);
    site = { files, base: url2.pathname, origin: url2.origin };
    findings.push(...checkSources(result.model));
  }
  const pages = [...site.files].filter((e) => e[0].endsWith(".html") && typeof e[1] === "string");
  const tagsOf = new Map(pages.map(([file, html2]) => [file, scanTags(html2)]));
  const facts = new Map(pages.map(([file, html2]) => [file, pageFacts(html2, tagsOf.get(file))]));
  const external = /* @__PURE__ */ new Map();
  for (const [file, html2] of pages) {
    findings.push(...checkPage({ file, html: html2, tags: tagsOf.get(file), site, facts, external }));
    findings.push(...await checkHtmlValidity(file, html2));
  }
  findings.push(...duplicateFacts(facts));
  for (const [file, data] of site.files) {
    if (typeof data !== "string") continue;
    if (file.endsWith(".xml")) findings.push(...checkXml(file, data, site));
    else if (file === "feed.json" || file.endsWith("/feed.json")) findings.push(...checkJsonFeed(file, data));
  }
  if (opts.external) findings.push(...await checkExternal(external, opts.fetch ?? fetch));
  findings.sort((a, b) => a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0));
  return {
    target,
    files: site.files.size,
    pages: pages.length,
    errors: findings.filter((f) => f.severity === "error").length,
    warnings: findings.filter((f) => f.severity === "warning").length,
    findings
  };
}
var TEXT;
var init_check = __esm({
  "dist/check/check.js"() {
    "use strict";
    init_build2();
    init_errors();
    init_walk();
    init_feed_rules();
    init_html_validity();
    init_page_rules();
    init_source_rules();
    TEXT = /\.(html|xml|json|txt)$/;
  }
});

// dist/scaffold/today.js
function today(timeZone, now = /* @__PURE__ */ new Date()) {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(now);
  const get = (t) => parts.find((p) => p.type === t).value;
  return `${get("year")}-${get("month")}-${get("day")}`;
}
var init_today = __esm({
  "dist/scaffold/today.js"() {
    "use strict";
  }
});

// dist/scaffold/templates.js
function configTemplate(title) {
  return `# Casebook site configuration. Every key is optional; docs/guide.md lists them all.
# An unknown key is an error that suggests the closest valid one, so typos never pass silently.

title: ${JSON.stringify(title)}
description: A short line about you and what you write about.

# The absolute URL the site is served from. \`casebook build --base-url\` overrides it.
# For a GitHub Pages project site use https://USER.github.io/REPO/ (the workflow sets it).
baseUrl: https://example.com/

# IANA time zone applied to dates written without an offset.
timezone: UTC
lang: en

# Posts per page on /writing/, category and tag pages.
paginate: 10

# Header links. Without this key: Writing, Case studies, and CV when resume.json exists.
# nav:
#   - { label: Writing, url: /writing/ }
#   - { label: Case studies, url: /case-studies/ }
#   - { label: CV, url: /cv/ }

social: []
#   - { label: GitHub, url: "https://github.com/you" }

# search: false        # no /search/ page or index
# socialCards: false   # no generated og:image cards
`;
}
function resumeTemplate(name) {
  return JSON.stringify(
    {
      $schema: "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json",
      basics: {
        name,
        label: "Software engineer",
        email: "you@example.com",
        summary: "Two or three sentences about the systems you build and what you care about.",
        location: { city: "Your city", countryCode: "NL" },
        profiles: [{ network: "GitHub", username: "you", url: "https://github.com/you" }]
      },
      work: [
        {
          name: "Your current company",
          position: "Senior engineer",
          startDate: "2022-01",
          summary: "What the team does, in one sentence.",
          highlights: ["An outcome with a number in it, e.g. cut p99 latency from 340 ms to 95 ms"]
        }
      ],
      education: [{ institution: "Your university", area: "Computer Science", studyType: "BSc", startDate: "2014", endDate: "2018" }],
      skills: [{ name: "Languages", keywords: ["TypeScript", "Go", "SQL"] }],
      languages: [{ language: "English", fluency: "Fluent" }]
    },
    null,
    2
  ) + "\n";
}
function articleTemplate(title, date) {
  return `---
title: ${JSON.stringify(title)}
date: ${date}
description: One or two sentences that show up in lists, feeds and link previews.
categories: [Engineering]
tags: []
draft: true
---

Write here. Remove \`draft: true\` when it is ready to publish.

## A section

Code blocks are highlighted when the build runs:

\`\`\`ts
export function greet(name: string): string {
  return \`Hello, \${name}\`;
}
\`\`\`

> [!TIP]
> Alerts, tables, footnotes and task lists all work.
`;
}
function caseStudyTemplate(title, date, kind) {
  const postmortem = kind === "postmortem" ? `severity: SEV-2
impact: Who was affected, for how long, and how badly.
detection: How you found out, and how long that took.
timeline:
  - { at: "${date} 09:00", event: What happened first }
  - { at: "${date} 09:20", event: What fixed it }
rootCause: The cause under the trigger.
actionItems:
  - Something that makes this class of failure impossible or obvious
` : "";
  return `---
title: ${JSON.stringify(title)}
date: ${date}
kind: ${kind}
description: One sentence with the headline result.
categories: [${kind === "postmortem" ? "Failure Analysis" : "Architecture & Design"}]
tags: []
draft: true
role: Your role
period: "${date.slice(0, 4)}"
stack: [PostgreSQL, Go]
context: Where this happened and why it mattered.
problem: What was wrong, with a number if you have one.
constraints:
  - What you could not change
decisions:
  - decision: What you chose
    alternatives: [What else you weighed]
    why: Why this one won
tradeoffs:
  - What it cost
outcomes:
  - { metric: p99 latency, before: 340, after: 95, unit: ms, better: lower }
lessons:
  - What you would do again, or differently
${postmortem}---

Tell the story: where you started, what you tried, what you got wrong, and what changed.
Replace the example numbers above with your own before removing \`draft: true\`.
`;
}
function packageTemplate(name) {
  return JSON.stringify(
    {
      name,
      private: true,
      type: "module",
      scripts: { dev: "casebook dev", build: "casebook build", preview: "casebook preview dist" },
      devDependencies: { casebook: "^0.1.0" }
    },
    null,
    2
  ) + "\n";
}
var GITIGNORE, PAGES_WORKFLOW;
var init_templates = __esm({
  "dist/scaffold/templates.js"() {
    "use strict";
    GITIGNORE = `dist/
.casebook/
node_modules/
`;
    PAGES_WORKFLOW = `# Builds the site and publishes it to GitHub Pages on every push to main.
# In the repository settings, set Pages > Source to "GitHub Actions".
name: Deploy to GitHub Pages

on:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

concurrency:
  group: pages
  cancel-in-progress: true

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - uses: actions/configure-pages@v5
        id: pages
      - run: npm install
      - run: npx casebook build . --base-url "\${{ steps.pages.outputs.base_url }}/"
      - uses: actions/upload-pages-artifact@v3
        with:
          path: dist

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: \${{ steps.deployment.outputs.page_url }}
    steps:
      - uses: actions/deploy-pages@v4
        id: deployment
`;
  }
});

// dist/scaffold/init-site.js
var init_site_exports = {};
__export(init_site_exports, {
  initSite: () => initSite
});
import { existsSync as existsSync10, mkdirSync as mkdirSync6, readdirSync as readdirSync5, writeFileSync as writeFileSync6 } from "node:fs";
import { basename as basename12, dirname as dirname12, join as join24, resolve as resolve8 } from "node:path";
function initSite(target, opts = {}) {
  const dir = resolve8(target);
  if (existsSync10(dir) && readdirSync5(dir).length > 0 && !opts.force) {
    throw new CasebookError("CB3008", `${dir} already has files in it; init writes a new site.`, { file: dir });
  }
  const name = basename12(dir);
  const date = today("UTC", opts.now);
  const files = {
    "casebook.config.yaml": configTemplate(name.replace(/[-_]+/g, " ").replace(/^\w/, (c) => c.toUpperCase())),
    "resume.json": resumeTemplate("Your Name"),
    [`content/writing/${date}-hello-world.md`]: articleTemplate("Hello, world", date).replace("draft: true\n", ""),
    [`content/case-studies/${date}-first-case-study.md`]: caseStudyTemplate("My first case study", date, "case-study").replace("draft: true\n", ""),
    "static/.gitkeep": "",
    ".gitignore": GITIGNORE,
    "package.json": packageTemplate(slugify(name) || "my-site"),
    ".github/workflows/pages.yml": PAGES_WORKFLOW
  };
  for (const [rel2, text5] of Object.entries(files)) {
    const file = join24(dir, rel2);
    mkdirSync6(dirname12(file), { recursive: true });
    writeFileSync6(file, text5);
  }
  return { dir, files: Object.keys(files) };
}
var init_init_site = __esm({
  "dist/scaffold/init-site.js"() {
    "use strict";
    init_errors();
    init_slug();
    init_today();
    init_templates();
  }
});

// dist/scaffold/new-post.js
var new_post_exports = {};
__export(new_post_exports, {
  NEW_KINDS: () => NEW_KINDS,
  newPost: () => newPost
});
import { existsSync as existsSync11, mkdirSync as mkdirSync7, writeFileSync as writeFileSync7 } from "node:fs";
import { dirname as dirname13, join as join25 } from "node:path";
async function newPost(site, kind, title, now) {
  const { config, root } = await loadConfig(site);
  const date = today(config.timezone, now);
  const slug = slugify(title);
  if (!slug) throw new CasebookError("CB3002", `"${title}" gives an empty slug; use a title with letters or digits.`);
  const file = join25(root, "content", kind === "article" ? "writing" : "case-studies", `${date}-${slug}.md`);
  if (existsSync11(file)) throw new CasebookError("CB3007", `${file} already exists; casebook new never overwrites.`, { file });
  mkdirSync7(dirname13(file), { recursive: true });
  writeFileSync7(file, kind === "article" ? articleTemplate(title, date) : caseStudyTemplate(title, date, kind), { flag: "wx" });
  return file;
}
var NEW_KINDS;
var init_new_post = __esm({
  "dist/scaffold/new-post.js"() {
    "use strict";
    init_config();
    init_errors();
    init_slug();
    init_today();
    init_templates();
    NEW_KINDS = ["article", "case-study", "postmortem"];
  }
});

// dist/pdf/find-chromium.js
import { existsSync as existsSync12 } from "node:fs";
function findChromium(env = process.env) {
  if (env.CHROME_PATH) return existsSync12(env.CHROME_PATH) ? env.CHROME_PATH : void 0;
  return CANDIDATES.find((p) => existsSync12(p));
}
var CANDIDATES;
var init_find_chromium = __esm({
  "dist/pdf/find-chromium.js"() {
    "use strict";
    CANDIDATES = [
      "/usr/bin/chromium",
      "/usr/bin/chromium-browser",
      "/usr/bin/google-chrome",
      "/usr/bin/google-chrome-stable",
      "/snap/bin/chromium",
      "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
      "/Applications/Chromium.app/Contents/MacOS/Chromium",
      "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe"
    ];
  }
});

// dist/pdf/cv-pdf.js
var cv_pdf_exports = {};
__export(cv_pdf_exports, {
  writeCvPdf: () => writeCvPdf
});
import { existsSync as existsSync13 } from "node:fs";
import { mkdtemp, rm as rm2 } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join as join26, resolve as resolve9 } from "node:path";
async function writeCvPdf(opts) {
  const executablePath = opts.chromium ?? findChromium();
  if (!executablePath) {
    throw new CasebookError("CB3005", "casebook cv --pdf prints with headless Chromium, and none is installed here.");
  }
  const dir = await mkdtemp(join26(tmpdir(), "casebook-cv-"));
  try {
    const site = new URL((await loadConfig(opts.site)).config.baseUrl);
    const root = join26(dir, "root");
    const out = join26(root, ...site.pathname.split("/").filter(Boolean));
    await build({ site: opts.site, out });
    if (!existsSync13(join26(out, "cv/index.html"))) {
      throw new CasebookError("CB3006", `${resolve9(opts.site)} has no resume.json or profile.yaml, so there is no CV to print.`, { file: resolve9(opts.site) });
    }
    const server = await startPreview({ root, port: 0, host: "127.0.0.1" });
    const { chromium } = await import("playwright-core");
    const browser = await chromium.launch({
      executablePath,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
    });
    try {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${server.address().port}${site.pathname}cv/`, { waitUntil: "load" });
      await page.evaluate((origin) => {
        for (const a of document.querySelectorAll('a[href^="/"]')) a.href = origin + a.getAttribute("href");
      }, site.origin);
      const file = resolve9(opts.out);
      const pdf = await page.pdf({ path: file, format: opts.paper === "letter" ? "Letter" : "A4", printBackground: false, preferCSSPageSize: false });
      return { file, bytes: pdf.length };
    } finally {
      await browser.close();
      server.close();
    }
  } finally {
    await rm2(dir, { recursive: true, force: true });
  }
}
var init_cv_pdf = __esm({
  "dist/pdf/cv-pdf.js"() {
    "use strict";
    init_build2();
    init_config();
    init_errors();
    init_server();
    init_find_chromium();
  }
});

// dist/import/dates.js
function offsetSuffix(offset) {
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  return `${sign}${pad4(Math.floor(abs / 60))}:${pad4(abs % 60)}`;
}
function wallText(wall) {
  const d = new Date(wall);
  return `${pad4(d.getUTCFullYear(), 4)}-${pad4(d.getUTCMonth() + 1)}-${pad4(d.getUTCDate())}T${pad4(d.getUTCHours())}:${pad4(d.getUTCMinutes())}:${pad4(d.getUTCSeconds())}`;
}
function writeInstant(epoch, zone2 = 0) {
  const offset = typeof zone2 === "number" ? zone2 : zoneOffset(zone2, epoch);
  return wallText(epoch + offset * 6e4) + offsetSuffix(offset);
}
function writeWallClock(wall, offset) {
  return wallText(wall) + (offset === void 0 ? "" : offsetSuffix(offset));
}
function parseSqlDateTime(text5) {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(text5?.trim() ?? "");
  if (!m || m[1] === "0000") return void 0;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  return Number.isNaN(wall) ? void 0 : wall;
}
function parseInstant(value) {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value !== "string" || !value.trim()) return void 0;
  const t = Date.parse(value.trim());
  return Number.isNaN(t) ? void 0 : t;
}
function laterDay(earlier, later) {
  return !!earlier && !!later && later.slice(0, 10) > earlier.slice(0, 10);
}
var pad4;
var init_dates3 = __esm({
  "dist/import/dates.js"() {
    "use strict";
    init_dates();
    pad4 = (n3, w = 2) => String(n3).padStart(w, "0");
  }
});

// dist/import/ghost-content.js
import MarkdownIt2 from "markdown-it";
function markdownToHtml(text5) {
  md ??= new MarkdownIt2({ html: true, linkify: false });
  return md.render(text5);
}
function figure2(inner, caption) {
  const cap = str(caption);
  return cap ? `<figure>${inner}<figcaption>${cap}</figcaption></figure>` : `<figure>${inner}</figure>`;
}
function image(src, alt, caption) {
  if (!str(src)) return "";
  return figure2(`<img src="${attr(src)}" alt="${attr(alt)}">`, caption);
}
function renderCard(name, p) {
  switch (name) {
    case "markdown":
    case "card-markdown":
      return markdownToHtml(str(p.markdown));
    case "html":
      return str(p.html);
    case "image":
      return image(p.src, p.alt, p.caption);
    case "code":
    case "codeblock":
      return figure2(`<pre><code${str(p.language) ? ` class="language-${attr(p.language)}"` : ""}>${escapeHtml(str(p.code))}</code></pre>`, p.caption);
    case "hr":
    case "horizontalrule":
      return "<hr>";
    case "embed":
      return str(p.html) ? figure2(str(p.html), p.caption) : str(p.url) ? `<p><a href="${attr(p.url)}">${escapeHtml(str(p.url))}</a></p>` : "";
    case "bookmark": {
      const meta2 = p.metadata ?? {};
      const url2 = str(p.url) || str(meta2.url);
      if (!url2) return "";
      const title = str(meta2.title) || url2;
      return `<p><a href="${escapeHtml(url2)}">${escapeHtml(title)}</a>${str(meta2.description) ? `: ${escapeHtml(str(meta2.description))}` : ""}</p>`;
    }
    case "gallery":
      return (p.images ?? []).map((i) => image(i.src, i.alt, i.caption)).join("") + (str(p.caption) ? `<p>${str(p.caption)}</p>` : "");
    case "callout":
      return `<blockquote><p>${p.calloutEmoji ? `${escapeHtml(str(p.calloutEmoji))} ` : ""}${str(p.calloutText)}</p></blockquote>`;
    case "toggle":
      return `<details><summary>${str(p.heading)}</summary>${str(p.content)}</details>`;
    case "video":
    case "audio":
      return str(p.src) ? `<${name} controls src="${attr(p.src)}"></${name}>` : "";
    case "button":
      return str(p.buttonUrl) ? `<p><a href="${attr(p.buttonUrl)}">${escapeHtml(str(p.buttonText) || str(p.buttonUrl))}</a></p>` : "";
    case "file":
      return str(p.src) ? `<p><a href="${attr(p.src)}">${escapeHtml(str(p.fileTitle) || str(p.fileName) || str(p.src))}</a></p>` : "";
    case "header":
      return `${str(p.header) ? `<h2>${str(p.header)}</h2>` : ""}${str(p.subheader) ? `<p>${str(p.subheader)}</p>` : ""}`;
    default:
      return "";
  }
}
function mobiledocToHtml(doc) {
  const markups = doc.markups ?? [];
  const atoms = doc.atoms ?? [];
  const cards = doc.cards ?? [];
  const renderMarkers = (markers) => {
    let out = "";
    const open = [];
    for (const raw2 of markers) {
      const [type, opens, closes, value] = raw2;
      for (const i of opens) {
        const [tag, attrs2 = []] = markups[i] ?? ["span"];
        let a = "";
        for (let k = 0; k + 1 < attrs2.length; k += 2) a += ` ${attrs2[k].replace(/[^\w-]/g, "")}="${escapeHtml(attrs2[k + 1])}"`;
        out += `<${tag.replace(/[^\w]/g, "")}${a}>`;
        open.push(tag.replace(/[^\w]/g, ""));
      }
      if (type === 1) {
        const atom = atoms[value];
        out += atom?.[0] === "soft-return" ? "<br>" : escapeHtml(str(atom?.[1]));
      } else out += escapeHtml(str(value));
      for (let k = 0; k < closes; k++) out += `</${open.pop()}>`;
    }
    while (open.length) out += `</${open.pop()}>`;
    return out;
  };
  let html2 = "";
  for (const section3 of doc.sections ?? []) {
    const kind = section3[0];
    if (kind === 1) {
      const tag = String(section3[1]).toLowerCase().replace(/[^\w]/g, "");
      html2 += `<${tag}>${renderMarkers(section3[2])}</${tag}>`;
    } else if (kind === 2) {
      html2 += image(section3[1], "");
    } else if (kind === 3) {
      const tag = section3[1] === "ol" ? "ol" : "ul";
      html2 += `<${tag}>${section3[2].map((item) => `<li>${renderMarkers(item)}</li>`).join("")}</${tag}>`;
    } else if (kind === 10) {
      const card = cards[section3[1]];
      if (card) html2 += renderCard(card[0], card[1] ?? {});
    }
  }
  return html2;
}
function lexicalNode(node) {
  const children = () => (node.children ?? []).map(lexicalNode).join("");
  switch (node.type) {
    case "root":
      return children();
    case "text":
    case "extended-text": {
      let out = escapeHtml(str(node.text));
      const format = typeof node.format === "number" ? node.format : 0;
      for (const [bit, tag] of FORMATS) if (format & bit) out = `<${tag}>${out}</${tag}>`;
      return out;
    }
    case "linebreak":
      return "<br>";
    case "tab":
      return "	";
    case "paragraph":
      return `<p>${children()}</p>`;
    case "heading":
    case "extended-heading": {
      const tag = /^h[1-6]$/.test(str(node.tag)) ? str(node.tag) : "h2";
      return `<${tag}>${children()}</${tag}>`;
    }
    case "quote":
    case "extended-quote":
    case "aside":
      return `<blockquote>${children()}</blockquote>`;
    case "list": {
      const tag = node.listType === "number" ? "ol" : "ul";
      const start = typeof node.start === "number" && node.start !== 1 ? ` start="${node.start}"` : "";
      return `<${tag}${start}>${children()}</${tag}>`;
    }
    case "listitem":
      return `<li>${node.checked === true ? '<input type="checkbox" checked> ' : node.checked === false ? '<input type="checkbox"> ' : ""}${children()}</li>`;
    case "link":
    case "autolink":
      return `<a href="${attr(node.url)}">${children()}</a>`;
    case "horizontalrule":
      return "<hr>";
    default:
      return typeof node.type === "string" && !node.children ? renderCard(node.type, node) : children();
  }
}
function lexicalToHtml(doc) {
  const root = doc.root ?? doc;
  return lexicalNode({ ...root, type: "root" });
}
var md, str, attr, FORMATS;
var init_ghost_content = __esm({
  "dist/import/ghost-content.js"() {
    "use strict";
    init_escape();
    str = (v) => typeof v === "string" ? v : typeof v === "number" ? String(v) : "";
    attr = (v) => escapeHtml(str(v));
    FORMATS = [[1, "strong"], [2, "em"], [4, "s"], [8, "u"], [16, "code"], [32, "sub"], [64, "sup"], [128, "mark"]];
  }
});

// dist/import/code-language.js
function normaliseLanguage(raw2) {
  const name = (raw2 ?? "").trim().toLowerCase().replace(/[;,]+$/, "");
  if (!name || PLAIN.has(name) || !/^[a-z0-9#+_.-]{1,30}$/.test(name)) return void 0;
  return ALIASES[name] ?? name;
}
function fromElement(el) {
  for (const attr2 of ATTRIBUTES) {
    const value = el.getAttribute(attr2);
    if (value && !(attr2 === "lang" && /^[a-z]{2}(-[a-z]{2})?$/i.test(value) && !["go", "js", "ts", "py", "rb", "sh", "cs", "vb", "ps", "md", "hs", "ml", "rs", "kt", "pl", "r"].includes(value.toLowerCase()))) {
      const lang = normaliseLanguage(value);
      if (lang) return lang;
    }
  }
  const cls = el.getAttribute("class") ?? "";
  for (const re of CLASS_PATTERNS) {
    const m = re.exec(cls);
    if (m) return normaliseLanguage(m[1]);
  }
  if (BARE_CLASS_HOSTS.test(cls)) {
    const other = cls.split(/\s+/).find((c) => c && !/^(hljs|sourceCode|numberSource|code)$/.test(c));
    return normaliseLanguage(other);
  }
  return void 0;
}
function codeBlockLanguage(pre) {
  const code = pre.firstElementChild?.tagName === "CODE" ? pre.firstElementChild : pre.querySelector("code");
  const candidates2 = [code, pre, pre.parentElement, pre.parentElement?.parentElement];
  for (const el of candidates2) {
    if (!el) continue;
    const lang = fromElement(el);
    if (lang) return lang;
  }
  return void 0;
}
var ALIASES, PLAIN, CLASS_PATTERNS, ATTRIBUTES, BARE_CLASS_HOSTS;
var init_code_language = __esm({
  "dist/import/code-language.js"() {
    "use strict";
    ALIASES = {
      jscript: "javascript",
      "c-sharp": "csharp",
      terminal: "bash",
      posh: "powershell",
      as3: "actionscript",
      htm: "html",
      "objective-c": "objectivec",
      mysql: "sql",
      react: "javascript",
      vue: "html",
      svelte: "html",
      sass: "scss",
      liquid: "django",
      ansible: "yaml"
    };
    PLAIN = /* @__PURE__ */ new Set(["plain", "plaintext", "text", "txt", "none", "default", "nohighlight", "no-highlight", "auto", "raw", "code", "generic"]);
    CLASS_PATTERNS = [
      /(?:^|\s)(?:language|lang)-([^\s]+)/i,
      // Prism, highlight.js, markdown renderers, prettify's lang-js
      /(?:^|\s)lang:([^\s]+)/i,
      // Crayon: "lang:js decode:true"
      /\bbrush:\s*([^\s;]+)/i,
      // SyntaxHighlighter: "brush: js; title: ; notranslate"
      /(?:^|\s)highlight-(?:source-)?([^\s]+)/i
      // GitHub's highlight-source-js
    ];
    ATTRIBUTES = ["data-lang", "data-language", "lang", "data-code-block-lang", "data-enlighter-language", "data-syntax"];
    BARE_CLASS_HOSTS = /(?:^|\s)(?:hljs|sourceCode)(?:\s|$)/;
  }
});

// dist/import/html-to-markdown.js
import TurndownService from "turndown";
import { gfm } from "@joplin/turndown-plugin-gfm";
import { createDocument } from "@mixmark-io/domino";
function parseHtml(html2) {
  return createDocument(`<!DOCTYPE html><html><head></head><body>${html2}</body></html>`).body;
}
function parseHtmlDocument(html2) {
  return createDocument(html2);
}
function htmlText(html2) {
  if (!/[<&]/.test(html2)) return html2.replace(/\s+/g, " ").trim();
  return (parseHtml(html2).textContent ?? "").replace(/\s+/g, " ").trim();
}
function imageSource(img) {
  const src = img.getAttribute("src") ?? "";
  if (src && !src.startsWith("data:") && !/(?:^|\/)(?:blank|spacer|pixel|placeholder|lazy)[^/]*\.(?:gif|png|svg)$/i.test(src)) return src;
  for (const attr2 of LAZY_SRC) {
    const v = img.getAttribute(attr2);
    if (v) return v;
  }
  return src.startsWith("data:") ? "" : src;
}
function markdownUrl(url2) {
  return url2.trim().replace(/[\s()<>]/g, (c) => URL_ESCAPES[c] ?? "%20");
}
function escapeLinkText(text5) {
  return text5.replace(/([[\]])/g, "\\$1");
}
function titlePart(el, url2) {
  const title = el.getAttribute("title")?.replace(/\s+/g, " ").trim();
  return title && title !== url2 ? ` "${title.replace(/"/g, '\\"')}"` : "";
}
function codeText(node) {
  let out = "";
  const walk = (n3) => {
    if (n3.nodeType === 3) {
      out += n3.data;
      return;
    }
    if (n3.nodeType !== 1) return;
    const el = n3;
    if (el.tagName === "BR") {
      out += "\n";
      return;
    }
    if (/(?:^|\s)(?:gutter|gl|lineno|line-numbers?|line-numbers-rows|rouge-gutter)(?:\s|$)/.test(el.getAttribute("class") ?? "")) return;
    for (const c of Array.from(el.childNodes)) walk(c);
    if (/^(DIV|P|LI|TR)$/.test(el.tagName) && !out.endsWith("\n")) out += "\n";
  };
  walk(node);
  return out.replace(/\u00a0/g, " ").replace(/^\n/, "").replace(/\n+$/, "");
}
function fenceFor(code) {
  let longest = 2;
  for (const m of code.matchAll(/^[ \t]*(`{3,})/gm)) longest = Math.max(longest, m[1].length);
  return "`".repeat(longest + 1);
}
function compactHtml(markup) {
  return markup.replace(/\n[ \t]*(?=\n)/g, "").replace(/\n{2,}/g, "\n");
}
function prepare(root) {
  const doc = root.ownerDocument;
  const comments = [];
  const walker = doc.createTreeWalker(
    root,
    128
    /* NodeFilter.SHOW_COMMENT */
  );
  for (let n3 = walker.nextNode(); n3; n3 = walker.nextNode()) comments.push(n3);
  for (const c of comments) {
    if (/^\s*more\b/i.test(c.data)) {
      const marker = doc.createElement("hr");
      marker.setAttribute("data-casebook-more", "");
      c.parentNode?.replaceChild(marker, c);
    }
  }
  for (const el of Array.from(root.querySelectorAll("script, style, template, noscript"))) el.remove();
  for (const frame2 of Array.from(root.querySelectorAll("iframe"))) frame2.textContent = "";
  for (const figure3 of Array.from(root.querySelectorAll("figure"))) {
    const img = figure3.querySelector("img");
    const caption = figure3.querySelector("figcaption")?.textContent?.replace(/\s+/g, " ").trim();
    if (img && caption && !img.getAttribute("alt")?.trim()) img.setAttribute("alt", caption);
  }
  for (const media of Array.from(root.querySelectorAll("video, audio"))) {
    if (!media.hasAttribute("controls")) media.setAttribute("controls", "");
  }
  for (const p of Array.from(root.querySelectorAll("p, div"))) {
    if (p.children.length) continue;
    const text5 = (p.textContent ?? "").trim();
    if (/^https?:\/\/[^\s<>"]+$/.test(text5)) {
      const a = doc.createElement("a");
      a.setAttribute("href", text5);
      a.textContent = text5;
      p.textContent = "";
      p.appendChild(a);
    }
  }
}
function createConverter(opts = {}) {
  const rewrite = opts.rewriteUrl ?? ((u) => u);
  const td = new TurndownService({
    headingStyle: "atx",
    codeBlockStyle: "fenced",
    fence: "```",
    bulletListMarker: "-",
    // `*`, not `_`: `_a_b` is not emphasis in Markdown (intraword), `*a*b` is.
    emDelimiter: "*",
    strongDelimiter: "**",
    hr: "---",
    linkStyle: "inlined"
  });
  td.use(gfm);
  const baseEscape = td.escape.bind(td);
  td.escape = (text5) => baseEscape(text5).replace(/&(?=#?[a-zA-Z0-9]+;)/g, "&amp;").replace(/<(?=[a-zA-Z/!?])/g, "&lt;");
  td.remove(REMOVED);
  td.addRule("keptInline", {
    filter: KEPT_INLINE,
    replacement: (content2, node) => {
      const tag = node.nodeName.toLowerCase();
      return content2.trim() ? `<${tag}>${content2}</${tag}>` : "";
    }
  });
  td.addRule("keptBlock", {
    filter: KEPT_BLOCK,
    replacement: (_content, node) => `

${compactHtml(node.outerHTML)}

`
  });
  td.addRule("moreMarker", {
    filter: (node) => node.nodeName === "HR" && node.hasAttribute("data-casebook-more"),
    replacement: () => "\n\n<!--more-->\n\n"
  });
  td.addRule("codeBlock", {
    filter: (node) => node.nodeName === "PRE",
    replacement: (_content, node) => {
      const code = codeText(node);
      if (!code.trim()) return "";
      const lang = codeBlockLanguage(node) ?? "";
      const fence = fenceFor(code);
      return `

${fence}${lang}
${code}
${fence}

`;
    }
  });
  td.addRule("inlineCode", {
    filter: (node) => node.nodeName === "CODE" && node.parentNode?.nodeName !== "PRE",
    replacement: (_content, node) => {
      const text5 = (node.textContent ?? "").replace(/\r?\n/g, " ");
      if (!text5.trim()) return text5 ? " " : "";
      let ticks = "`";
      while (text5.includes(ticks)) ticks += "`";
      const pad5 = /^`|`$/.test(text5) || /^ .* $/.test(text5) ? " " : "";
      return `${ticks}${pad5}${text5}${pad5}${ticks}`;
    }
  });
  td.addRule("image", {
    filter: "img",
    replacement: (_content, node) => {
      const el = node;
      const alt = (el.getAttribute("alt") ?? "").replace(/\s+/g, " ").trim();
      if (/(?:^|\s)(?:wp-smiley|emoji)(?:\s|$)/.test(el.getAttribute("class") ?? "")) return alt;
      const src = imageSource(el);
      if (!src) return "";
      return `![${escapeLinkText(alt)}](${markdownUrl(rewrite(src, "image"))}${titlePart(el, src)})`;
    }
  });
  td.addRule("link", {
    filter: (node) => node.nodeName === "A",
    replacement: (content2, node) => {
      const el = node;
      const href = el.getAttribute("href")?.trim();
      if (!content2.trim()) return content2;
      if (!href || /^\s*(javascript|vbscript|data):/i.test(href)) return content2;
      const target = rewrite(href, "link");
      const text5 = (el.textContent ?? "").trim();
      if (text5 === href && /^(https?:|mailto:)/i.test(href) && el.children.length === 0) return `<${target}>`;
      return `[${content2.trim().replace(/\s*\n+\s*/g, " ")}](${markdownUrl(target)}${titlePart(el, href)})`;
    }
  });
  td.addRule("figcaption", {
    filter: "figcaption",
    // `_`, not `*`: the caption's own emphasis is written with `*`, and the two must not nest.
    replacement: (content2) => content2.trim() ? `

_${content2.trim().replace(/\n+/g, " ")}_

` : ""
  });
  td.addRule("figure", {
    filter: "figure",
    replacement: (content2) => `

${content2.trim()}

`
  });
  td.addRule("listItem", {
    filter: "li",
    replacement: (content2, node) => {
      const parent = node.parentNode;
      let prefix = "- ";
      if (parent?.nodeName === "OL") {
        const start = Number(parent.getAttribute("start") ?? "1");
        prefix = `${(Number.isFinite(start) ? start : 1) + Array.prototype.indexOf.call(parent.children, node)}. `;
      }
      const body2 = content2.replace(/^\n+/, "").replace(/\n+$/, "\n").replace(/\n/g, "\n" + " ".repeat(prefix.length));
      return prefix + body2 + (node.nextSibling && !body2.endsWith("\n") ? "\n" : "");
    }
  });
  td.addRule("summary", { filter: "summary", replacement: () => "" });
  td.addRule("details", {
    filter: "details",
    replacement: (content2, node) => {
      const summary = node.querySelector("summary");
      const label = (summary?.textContent ?? "Details").replace(/\s+/g, " ").trim().replace(/[<&]/g, (c) => c === "<" ? "&lt;" : "&amp;");
      return `

<details>
<summary>${label}</summary>

${content2.trim()}

</details>

`;
    }
  });
  return {
    convert(html2) {
      const root = typeof html2 === "string" ? parseHtml(html2) : html2;
      prepare(root);
      opts.prepare?.(root);
      for (const el of Array.from(root.querySelectorAll("iframe, video, audio, source, track, video a, audio a"))) {
        for (const attr2 of ["src", "poster", "href"]) {
          const value = el.getAttribute(attr2);
          if (value) el.setAttribute(attr2, rewrite(value, "embed"));
        }
      }
      const md2 = td.turndown(root);
      return md2.replace(/\n{3,}/g, "\n\n").trim() + "\n";
    }
  };
}
var KEPT_INLINE, KEPT_BLOCK, REMOVED, LAZY_SRC, URL_ESCAPES;
var init_html_to_markdown = __esm({
  "dist/import/html-to-markdown.js"() {
    "use strict";
    init_code_language();
    KEPT_INLINE = ["sup", "sub", "kbd", "mark", "abbr", "small", "u", "ins"];
    KEPT_BLOCK = ["iframe", "video", "audio"];
    REMOVED = ["script", "style", "noscript", "template", "object", "embed", "form", "button", "select", "textarea", "svg", "canvas", "head", "title", "meta", "link"];
    LAZY_SRC = ["data-src", "data-lazy-src", "data-original", "data-orig-file", "data-medium-file"];
    URL_ESCAPES = { "(": "%28", ")": "%29", "<": "%3C", ">": "%3E" };
  }
});

// dist/import/json-file.js
function jsonSyntaxError(text5) {
  let i = 0;
  const fail = (message) => {
    throw { offset: i, message };
  };
  const ws = () => {
    while (i < text5.length && " 	\n\r".includes(text5[i])) i++;
  };
  const describe3 = () => i >= text5.length ? "the end of the file" : `"${text5[i]}"`;
  const literal = (word) => {
    if (text5.startsWith(word, i)) i += word.length;
    else fail(`Unexpected ${describe3()}`);
  };
  const string = () => {
    i++;
    while (i < text5.length) {
      const c = text5[i];
      if (c === '"') {
        i++;
        return;
      }
      if (c === "\\") {
        const e = text5[i + 1];
        if (e === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text5.slice(i + 2, i + 6))) {
            i += 2;
            fail("Bad \\u escape in a string");
          }
          i += 6;
        } else if (e !== void 0 && '"\\/bfnrt'.includes(e)) i += 2;
        else {
          i++;
          fail("Bad escape in a string");
        }
      } else if (c.charCodeAt(0) < 32) fail("Unescaped control character (a raw line break?) in a string");
      else i++;
    }
    fail("Unterminated string");
  };
  const number = () => {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text5.slice(i, i + 400));
    if (!m) fail(`Unexpected ${describe3()}`);
    i += m[0].length;
  };
  const value = (depth) => {
    if (depth > 5e3) fail("Nested too deeply");
    ws();
    const c = text5[i];
    if (c === "{") {
      i++;
      ws();
      if (text5[i] === "}") {
        i++;
        return;
      }
      for (; ; ) {
        ws();
        if (text5[i] !== '"') fail(`Expected a "quoted" key, found ${describe3()}`);
        string();
        ws();
        if (text5[i] !== ":") fail(`Expected ":" after the key, found ${describe3()}`);
        i++;
        value(depth + 1);
        ws();
        if (text5[i] === ",") {
          i++;
          ws();
          if (text5[i] === "}") fail('Trailing comma before "}"');
          continue;
        }
        if (text5[i] === "}") {
          i++;
          return;
        }
        fail(`Expected "," or "}", found ${describe3()}`);
      }
    }
    if (c === "[") {
      i++;
      ws();
      if (text5[i] === "]") {
        i++;
        return;
      }
      for (; ; ) {
        value(depth + 1);
        ws();
        if (text5[i] === ",") {
          i++;
          ws();
          if (text5[i] === "]") fail('Trailing comma before "]"');
          continue;
        }
        if (text5[i] === "]") {
          i++;
          return;
        }
        fail(`Expected "," or "]", found ${describe3()}`);
      }
    }
    if (c === '"') return string();
    if (c === "t") return literal("true");
    if (c === "f") return literal("false");
    if (c === "n") return literal("null");
    if (c === "-" || c !== void 0 && c >= "0" && c <= "9") return number();
    fail(`Unexpected ${describe3()}: expected a value`);
  };
  try {
    value(0);
    ws();
    if (i < text5.length) fail(`Unexpected ${describe3()} after the end of the JSON value`);
    return void 0;
  } catch (e) {
    if (e && typeof e === "object" && "offset" in e) return e;
    throw e;
  }
}
function parseJsonFile(text5, file) {
  try {
    return JSON.parse(text5);
  } catch (e) {
    const found = jsonSyntaxError(text5);
    const pos = offsetToLineColumn(text5, found?.offset ?? text5.length);
    const message = found?.message ?? e.message.replace(/\s*in JSON at position \d+.*$/, "");
    throw new CasebookError("CB3102", `${message}.`, { file, ...pos, source: text5 });
  }
}
var init_json_file = __esm({
  "dist/import/json-file.js"() {
    "use strict";
    init_errors();
    init_source_position();
  }
});

// dist/import/ghost.js
function lineLocator(text5) {
  const starts = [0];
  for (let i = text5.indexOf("\n"); i >= 0; i = text5.indexOf("\n", i + 1)) starts.push(i + 1);
  return (needle) => {
    const at = text5.indexOf(needle);
    if (at < 0) return void 0;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = lo + hi + 1 >> 1;
      if (starts[mid] <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}
function settingsOf(data) {
  const out = /* @__PURE__ */ new Map();
  for (const s of list3(data.settings)) {
    let v = s.value;
    if (typeof v === "string" && /^".*"$/.test(v)) {
      try {
        v = JSON.parse(v);
      } catch {
      }
    }
    if (typeof v === "string") out.set(str2(s.key), v);
  }
  return out;
}
function body(post) {
  const html2 = str2(post.html);
  if (html2.trim()) return { html: html2 };
  for (const [field2, render2] of [["lexical", lexicalToHtml], ["mobiledoc", mobiledocToHtml]]) {
    const raw2 = post[field2];
    if (!raw2) continue;
    try {
      const doc = typeof raw2 === "string" ? JSON.parse(raw2) : raw2;
      const cards = doc.cards;
      const only = cards?.length === 1 ? cards[0] : void 0;
      const sections2 = doc.sections;
      if (only && (only[0] === "markdown" || only[0] === "card-markdown") && (!sections2 || sections2.length <= 1)) {
        return { markdown: str2(only[1]?.markdown) };
      }
      const out = render2(doc);
      if (out.trim()) return { html: out };
    } catch {
    }
  }
  if (str2(post.markdown).trim()) return { markdown: str2(post.markdown) };
  const text5 = str2(post.plaintext);
  return { html: text5.split(/\n{2,}/).map((p) => `<p>${p.replace(/[&<>]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" })[c])}</p>`).join("") };
}
function prepareGhostHtml(root) {
  const doc = root.ownerDocument;
  for (const card of Array.from(root.querySelectorAll(".kg-bookmark-card"))) {
    const href = card.querySelector("a")?.getAttribute("href");
    if (!href) continue;
    const title = card.querySelector(".kg-bookmark-title")?.textContent?.trim() || href;
    const description = card.querySelector(".kg-bookmark-description")?.textContent?.trim();
    const p = doc.createElement("p");
    const a = doc.createElement("a");
    a.setAttribute("href", href);
    a.textContent = title;
    p.appendChild(a);
    if (description) p.appendChild(doc.createTextNode(`: ${description}`));
    card.parentNode?.replaceChild(p, card);
  }
  for (const chrome of Array.from(root.querySelectorAll(".kg-video-overlay, .kg-video-player, .kg-audio-player, .kg-audio-thumbnail"))) chrome.remove();
}
function readGhost(text5, file) {
  const root = parseJsonFile(text5, file);
  const db = Array.isArray(root?.db) ? root.db[0] : root?.db;
  const data = db?.data ?? root?.data ?? root ?? {};
  if (!data || typeof data !== "object" || !Array.isArray(data.posts)) {
    throw new CasebookError("CB3104", "The JSON has no posts list at db[0].data.posts (or data.posts).", { file });
  }
  const warnings = [];
  const skipped = {};
  const lineOf = lineLocator(text5);
  const settings = settingsOf(data);
  const timezone = settings.get("timezone") ?? settings.get("active_timezone");
  const zone2 = timezone && isValidTimeZone(timezone) ? timezone : "UTC";
  const permalink = settings.get("permalinks") ?? "/:slug/";
  const tags = /* @__PURE__ */ new Map();
  for (const t of list3(data.tags)) tags.set(str2(t.id), t);
  const tagsOf = /* @__PURE__ */ new Map();
  for (const pt of list3(data.posts_tags)) {
    const tag = tags.get(str2(pt.tag_id));
    if (!tag) continue;
    const entry2 = tagsOf.get(str2(pt.post_id)) ?? [];
    entry2.push({ tag, order: typeof pt.sort_order === "number" ? pt.sort_order : entry2.length });
    tagsOf.set(str2(pt.post_id), entry2);
  }
  const metaOf = /* @__PURE__ */ new Map();
  for (const m of list3(data.posts_meta)) metaOf.set(str2(m.post_id), m);
  const unplaceholder = (value) => value.replace(GHOST_URL, "");
  const items = [];
  for (const post of list3(data.posts)) {
    const id = str2(post.id);
    const line = id ? lineOf(`"${id}"`) : void 0;
    const origin = { file, ...line ? { line } : {} };
    const isPage = post.type === "page" || post.page === true || post.page === 1;
    const status = str2(post.status);
    let title = str2(post.title).trim();
    const meta2 = metaOf.get(id) ?? {};
    let draft = status === "draft" || status === "";
    const hidden = status === "sent" ? "sent by email only" : post.visibility && post.visibility !== "public" ? `visible to ${str2(post.visibility) === "paid" ? "paying members" : "members"} only` : void 0;
    if (hidden) {
      draft = true;
      warnings.push({ code: "CB3122", message: `"${title || id}" was ${hidden}; imported as a draft.`, location: origin });
    }
    if (!title) {
      title = "Untitled";
      warnings.push({ code: "CB3124", message: `The ${isPage ? "page" : "post"} with id ${id} has no title.`, location: origin });
    }
    const slug = slugify(str2(post.slug)) || slugify(title) || `post-${id}`;
    const publishedAt = parseInstant(post.published_at);
    const dateEpoch = publishedAt ?? (draft ? parseInstant(post.created_at) : void 0);
    const date = dateEpoch !== void 0 ? writeInstant(dateEpoch, zone2) : void 0;
    const updatedEpoch = parseInstant(post.updated_at);
    const updated = updatedEpoch !== void 0 && !draft ? writeInstant(updatedEpoch, zone2) : void 0;
    const postTags = (tagsOf.get(id) ?? []).sort((a, b) => a.order - b.order).map((t) => t.tag).filter((t) => !str2(t.name).startsWith("#") && t.visibility !== "internal").map((t) => str2(t.name).trim()).filter(Boolean);
    const oldPath = permalink.replace(":slug", str2(post.slug)).replace(":year", date?.slice(0, 4) ?? "").replace(":month", date?.slice(5, 7) ?? "").replace(":day", date?.slice(8, 10) ?? "").replace(":id", id);
    const content2 = body(post);
    const image2 = unplaceholder(str2(post.feature_image) || str2(post.image));
    items.push({
      kind: isPage ? "page" : "post",
      title,
      slug,
      date,
      updated: laterDay(date, updated) ? updated : void 0,
      description: htmlText(str2(post.custom_excerpt) || str2(meta2.meta_description) || str2(post.meta_description)) || void 0,
      tags: postTags,
      categories: [],
      image: image2 || void 0,
      imageAlt: str2(meta2.feature_image_alt) || str2(post.feature_image_alt) || void 0,
      draft,
      // Pages keep /slug/ even when posts have dated permalinks.
      oldUrls: str2(post.slug) && !draft ? [isPage ? `/${str2(post.slug)}/` : oldPath] : [],
      linkUrls: str2(post.slug) ? [`/${str2(post.slug)}/`, `/p/${str2(post.uuid)}/`] : [],
      series: void 0,
      body: "html" in content2 ? { html: unplaceholder(content2.html) } : { markdown: unplaceholder(content2.markdown) },
      origin
    });
  }
  for (const t of tags.values()) if (str2(t.name).startsWith("#")) skipped["internal #tags"] = (skipped["internal #tags"] ?? 0) + 1;
  const notes = [];
  const lang = settings.get("locale") ?? settings.get("lang") ?? settings.get("default_locale");
  return {
    platform: "ghost",
    site: {
      title: settings.get("title")?.trim() || void 0,
      description: settings.get("description")?.trim() || void 0,
      lang: lang && lang.length >= 2 ? lang : void 0,
      timezone: zone2 !== "UTC" || timezone ? zone2 : void 0,
      author: list3(data.users).length === 1 ? str2(list3(data.users)[0].name).trim() || void 0 : void 0
    },
    items,
    skipped,
    warnings,
    notes,
    prepareHtml: prepareGhostHtml
  };
}
var str2, list3, GHOST_URL;
var init_ghost = __esm({
  "dist/import/ghost.js"() {
    "use strict";
    init_errors();
    init_dates();
    init_slug();
    init_dates3();
    init_ghost_content();
    init_html_to_markdown();
    init_json_file();
    str2 = (v) => typeof v === "string" ? v : typeof v === "number" ? String(v) : "";
    list3 = (v) => Array.isArray(v) ? v.filter((x) => x && typeof x === "object") : [];
    GHOST_URL = /__GHOST_URL__/g;
  }
});

// dist/import/types.js
function countSkipped(skipped, what, n3 = 1) {
  skipped[what] = (skipped[what] ?? 0) + n3;
}
var IMPORT_SOURCES;
var init_types = __esm({
  "dist/import/types.js"() {
    "use strict";
    IMPORT_SOURCES = ["wordpress", "ghost", "medium", "devto"];
  }
});

// dist/import/devto.js
import { parseDocument as parseDocument6 } from "yaml";
function replaceTags(text5, removed) {
  return text5.replace(/\{%-?\s*(\w+)\s*(.*?)\s*-?%\}/g, (_whole, rawName, rawArgs) => {
    const name = rawName.toLowerCase();
    const args = rawArgs.replace(/^["']|["']$/g, "").trim();
    if (name === "raw" || name === "endraw") return "";
    if (name === "details" || name === "spoiler" || name === "collapsible" || name === "accordion") {
      return `
<details>
<summary>${args.replace(/[<&]/g, (c) => c === "<" ? "&lt;" : "&amp;") || "Details"}</summary>

`;
    }
    if (name === "enddetails" || name === "endspoiler" || name === "endcollapsible" || name === "endaccordion") return "\n\n</details>\n";
    if (name === "katex") return args.includes("inline") ? "$" : "\n$$\n";
    if (name === "endkatex") return "\n$$\n";
    if (EMBED_TAGS.has(name)) {
      const first = args.split(/\s+/)[0] ?? "";
      const url2 = /^https?:\/\//.test(first) ? first : first ? EMBED_URLS[name]?.(first) : void 0;
      if (url2) return `<${url2}>`;
    }
    removed.add(name);
    return "";
  });
}
function convertLiquidTags(markdown, removed) {
  const lines = markdown.split("\n");
  let fence;
  const out = [];
  for (const line of lines) {
    const f = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (f) {
      if (!fence) fence = f[1][0].repeat(f[1].length);
      else if (line.trim().startsWith(fence)) fence = void 0;
      out.push(line);
      continue;
    }
    if (fence) {
      out.push(line.replace(/\{%-?\s*(?:end)?raw\s*-?%\}/g, ""));
      continue;
    }
    out.push(line.split(/(`+[^`]*`+)/).map((part, i) => i % 2 ? part : replaceTags(part, removed)).join(""));
  }
  return squashBlankLines(out.join("\n"));
}
function squashBlankLines(markdown) {
  const out = [];
  let fence;
  for (const line of markdown.split("\n")) {
    const f = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (f) fence = fence ? line.trim().startsWith(fence) ? void 0 : fence : f[1][0].repeat(f[1].length);
    if (!fence && !f && line.trim() === "" && out.length && out[out.length - 1].trim() === "") continue;
    out.push(line);
  }
  return out.join("\n");
}
function splitBody(markdown) {
  const text5 = markdown.replace(/\r\n?/g, "\n");
  const m = /^---\n([^]*?)\n---[ \t]*(?:\n|$)/.exec(text5);
  if (!m) return { fields: {}, body: text5 };
  const doc = parseDocument6(m[1], { prettyErrors: false });
  let fields = !doc.errors.length && doc.contents ? doc.toJS() : void 0;
  if (!fields || typeof fields !== "object") {
    fields = {};
    for (const line of m[1].split("\n")) {
      const kv = /^([A-Za-z_]+):\s*(.*?)\s*$/.exec(line);
      if (kv) fields[kv[1]] = kv[2] === "true" ? true : kv[2] === "false" ? false : kv[2].replace(/^(["'])(.*)\1$/, "$2");
    }
  }
  return { fields, body: text5.slice(m[0].length).replace(/^\s*\n/, "") };
}
function tagList2(...values) {
  for (const v of values) {
    if (Array.isArray(v)) return v.map(str3).map((t) => t.trim()).filter(Boolean);
    if (typeof v === "string" && v.trim()) return v.split(",").map((t) => t.trim()).filter(Boolean);
  }
  return [];
}
function readDevto(text5, file) {
  const root = parseJsonFile(text5, file);
  const list4 = Array.isArray(root) ? root : root && typeof root === "object" && Array.isArray(root.articles) ? root.articles : void 0;
  const articles = (list4 ?? []).filter((a) => !!a && typeof a === "object");
  if (!list4 || articles.length && !articles.some((a) => "body_markdown" in a)) {
    throw new CasebookError("CB3106", "The JSON is not a list of dev.to articles with body_markdown.", { file });
  }
  const warnings = [];
  const skipped = {};
  const lineOf = lineLocator(text5);
  const items = [];
  let user;
  for (const a of articles) {
    if (a.type_of !== void 0 && a.type_of !== "article") {
      countSkipped(skipped, `${str3(a.type_of)} entries`);
      continue;
    }
    const line = a.id !== void 0 ? lineOf(`"id": ${JSON.stringify(a.id)}`) ?? lineOf(`"id":${JSON.stringify(a.id)}`) : void 0;
    const origin = { file, ...line ? { line } : {} };
    const { fields, body: body2 } = splitBody(str3(a.body_markdown));
    let title = (str3(a.title) || str3(fields.title)).trim();
    if (!title) {
      title = "Untitled";
      warnings.push({ code: "CB3124", message: `The article with id ${str3(a.id)} has no title.`, location: origin });
    }
    const published = typeof a.published === "boolean" ? a.published : fields.published === true;
    const date = parseInstant(a.published_at ?? a.published_timestamp);
    const edited = parseInstant(a.edited_at);
    const dateText = date !== void 0 ? writeInstant(date) : void 0;
    const editedText = edited !== void 0 ? writeInstant(edited) : void 0;
    const canonical = str3(a.canonical_url) || str3(fields.canonical_url);
    let canonicalHost = "";
    try {
      canonicalHost = canonical ? new URL(canonical).host : "";
    } catch {
      canonicalHost = "";
    }
    const devtoUrl = str3(a.url) || (str3(a.path) ? `https://dev.to${str3(a.path)}` : "");
    const titleSlug = slugify(title);
    const rawSlug = slugify(str3(a.slug)).replace(/-temp-slug-\d+$/, "");
    const slug = titleSlug && rawSlug.startsWith(titleSlug) ? titleSlug : rawSlug || titleSlug || `article-${str3(a.id)}`;
    const removed = /* @__PURE__ */ new Set();
    const markdown = convertLiquidTags(body2, removed);
    if (removed.size) {
      warnings.push({ code: "CB3120", message: `Removed Liquid tag${removed.size > 1 ? "s" : ""} ${[...removed].map((n3) => `{% ${n3} %}`).join(", ")} in "${title}".`, location: origin });
    }
    const u = a.user;
    user ??= str3(u?.name) || void 0;
    items.push({
      kind: "post",
      title,
      slug,
      date: dateText,
      updated: laterDay(dateText, editedText) ? editedText : void 0,
      description: (str3(a.description) || str3(fields.description)).trim() || void 0,
      tags: tagList2(a.tag_list, a.tags, a.cached_tag_list, fields.tags),
      categories: [],
      image: str3(a.cover_image) || str3(a.main_image) || str3(fields.cover_image) || void 0,
      imageAlt: void 0,
      draft: !published,
      // A canonical URL on the author's own domain is where the post lived first: redirect from it.
      oldUrls: canonical && canonicalHost && !DEVTO_HOST.test(canonicalHost) && published ? [canonical] : [],
      linkUrls: devtoUrl ? [devtoUrl] : [],
      series: (typeof a.series === "string" ? a.series : str3(fields.series)).trim() || void 0,
      body: { markdown },
      origin
    });
  }
  return { platform: "devto", site: { title: user, author: user }, items, skipped, warnings, notes: [] };
}
var str3, DEVTO_HOST, EMBED_URLS, EMBED_TAGS;
var init_devto = __esm({
  "dist/import/devto.js"() {
    "use strict";
    init_errors();
    init_slug();
    init_dates3();
    init_ghost();
    init_json_file();
    init_types();
    str3 = (v) => typeof v === "string" ? v : typeof v === "number" ? String(v) : "";
    DEVTO_HOST = /(^|\.)dev\.to$/i;
    EMBED_URLS = {
      youtube: (id) => `https://www.youtube.com/watch?v=${id}`,
      vimeo: (id) => `https://vimeo.com/${id}`,
      twitter: (id) => /^\d+$/.test(id) ? `https://twitter.com/i/status/${id}` : void 0,
      tweet: (id) => /^\d+$/.test(id) ? `https://twitter.com/i/status/${id}` : void 0,
      github: (id) => `https://github.com/${id}`,
      gist: (id) => `https://gist.github.com/${id}`,
      codesandbox: (id) => `https://codesandbox.io/s/${id}`,
      stackblitz: (id) => `https://stackblitz.com/edit/${id}`,
      glitch: (id) => `https://glitch.com/~${id}`,
      user: (id) => `https://dev.to/${id}`,
      tag: (id) => `https://dev.to/t/${id}`,
      post: (id) => `https://dev.to/${id.replace(/^\/+/, "")}`,
      link: (id) => `https://dev.to/${id.replace(/^\/+/, "")}`,
      instagram: (id) => `https://www.instagram.com/p/${id}/`,
      spotify: (id) => id.startsWith("spotify:") ? `https://open.spotify.com/${id.slice(8).replace(/:/g, "/")}` : void 0
    };
    EMBED_TAGS = /* @__PURE__ */ new Set([...Object.keys(EMBED_URLS), "embed", "codepen", "jsfiddle", "replit", "speakerdeck", "slideshare", "soundcloud", "asciinema", "reddit", "stackoverflow", "stackexchange", "medium", "kotlin", "dotnetfiddle", "runkit", "wikipedia", "nextjs", "twitch", "loom", "parler"]);
  }
});

// dist/import/existing-site.js
import { join as join27 } from "node:path";
async function readExistingSite(root, timezone = "UTC") {
  const paths = /* @__PURE__ */ new Map();
  const aliases = /* @__PURE__ */ new Set();
  const files = /* @__PURE__ */ new Set();
  for (const entry2 of await discoverContent(join27(root, "content"))) {
    files.add(entry2.rel.toLowerCase());
    try {
      const post = readPost(entry2, { timezone }, []);
      paths.set(postPath(post).toLowerCase(), entry2.rel);
      for (const a of post.aliases) aliases.add(normaliseAlias(a));
    } catch {
    }
  }
  return { paths, aliases, files };
}
function normaliseAlias(alias) {
  const p = alias.trim().replace(/^https?:\/\/[^/]+/i, "").replace(/[?#].*$/, "").replace(/^\/+/, "");
  return (p === "" || /\.html?$/i.test(p) || p.endsWith("/") ? p : `${p}/`).toLowerCase();
}
var init_existing_site = __esm({
  "dist/import/existing-site.js"() {
    "use strict";
    init_content();
    init_site();
  }
});

// dist/import/front-matter-writer.js
import { Document, isSeq } from "yaml";
function writeFrontMatter(fields) {
  const data = {};
  for (const [key, value] of fields) {
    if (value === void 0 || value === "" || Array.isArray(value) && value.length === 0) continue;
    data[key] = value;
  }
  const doc = new Document(data);
  if (doc.contents && "items" in doc.contents) {
    for (const pair of doc.contents.items) {
      if (isSeq(pair.value)) pair.value.flow = true;
    }
  }
  return `---
${doc.toString({ lineWidth: 0, flowCollectionPadding: false })}---
`;
}
var init_front_matter_writer = __esm({
  "dist/import/front-matter-writer.js"() {
    "use strict";
  }
});

// dist/import/media.js
import { existsSync as existsSync14, statSync as statSync11 } from "node:fs";
import { join as join28, resolve as resolve10, sep as sep17 } from "node:path";
function pathOf(url2) {
  if (!url2.startsWith("/") || url2.startsWith("//")) return void 0;
  const path = url2.split(/[?#]/)[0];
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
function planMediaCopies(referenced, prefix, mediaDir) {
  const copies = [];
  const missing = [];
  const seen = /* @__PURE__ */ new Set();
  const root = mediaDir ? resolve10(mediaDir) : void 0;
  for (const url2 of referenced) {
    const path = pathOf(url2);
    if (!path || !path.startsWith(prefix) || seen.has(path)) continue;
    seen.add(path);
    const rest = path.slice(prefix.length);
    const from = root ? resolve10(root, rest) : void 0;
    if (from && root && from.startsWith(root + sep17) && existsSync14(from) && statSync11(from).isFile()) {
      copies.push({ from, to: join28(path.slice(1)) });
    } else missing.push(path);
  }
  return { copies, missing };
}
var MEDIA;
var init_media = __esm({
  "dist/import/media.js"() {
    "use strict";
    MEDIA = {
      wordpress: { prefix: "/wp-content/uploads/", folder: "wp-content/uploads" },
      ghost: { prefix: "/content/", folder: "content" }
    };
  }
});

// dist/import/medium.js
import { existsSync as existsSync15, readdirSync as readdirSync6, readFileSync as readFileSync23, statSync as statSync12 } from "node:fs";
import { basename as basename13, join as join29 } from "node:path";
function mediumSlug(name) {
  const stem = basename13(name, ".html").replace(/^draft_/, "").replace(/^\d{4}-\d{2}-\d{2}_/, "");
  return slugify(stem.replace(/-[0-9a-f]{8,16}$/i, ""));
}
function postsFolder(dir) {
  const posts = join29(dir, "posts");
  if (existsSync15(posts) && statSync12(posts).isDirectory()) return posts;
  return dir;
}
function mergeAdjacentPre(body2) {
  for (const pre of Array.from(body2.querySelectorAll("pre"))) {
    let next = pre.nextElementSibling;
    while (next && next.tagName === "PRE" && codeBlockLanguage(next) === codeBlockLanguage(pre)) {
      pre.appendChild(pre.ownerDocument.createElement("br"));
      while (next.firstChild) pre.appendChild(next.firstChild);
      const gone = next;
      next = next.nextElementSibling;
      gone.remove();
    }
  }
}
function raiseHeadings(body2) {
  for (const h of Array.from(body2.querySelectorAll("h3, h4"))) {
    const raised = h.ownerDocument.createElement(h.tagName === "H3" ? "h2" : "h3");
    while (h.firstChild) raised.appendChild(h.firstChild);
    h.parentNode?.replaceChild(raised, h);
  }
}
function readMedium(dir) {
  const folder = postsFolder(dir);
  const files = readdirSync6(folder).filter((f) => f.toLowerCase().endsWith(".html")).sort();
  if (!files.length) {
    throw new CasebookError("CB3105", `${folder} has no .html files${folder === dir ? " and no posts/ folder" : ""}.`, { file: dir });
  }
  const warnings = [];
  const skipped = {};
  const items = [];
  let author;
  for (const name of files) {
    const file = join29(folder, name);
    const doc = parseHtmlDocument(readFileSync23(file, "utf8"));
    const body2 = doc.querySelector('section[data-field="body"], .e-content');
    const draft = name.startsWith("draft_");
    if (!body2) {
      countSkipped(skipped, "files that are not stories");
      continue;
    }
    const titleGraf = body2.querySelector(".graf--title");
    if (!titleGraf && !draft) {
      countSkipped(skipped, "responses to other stories");
      continue;
    }
    const title = text4(doc.querySelector("h1.p-name")) || text4(titleGraf) || text4(doc.querySelector("title")) || "Untitled";
    if (title === "Untitled") warnings.push({ code: "CB3124", message: `${name} has no title.`, location: { file } });
    const subtitle = text4(doc.querySelector('section[data-field="subtitle"], .p-summary'));
    titleGraf?.remove();
    body2.querySelector(".graf--subtitle")?.remove();
    body2.querySelector("hr.section-divider")?.remove();
    for (const iframe of Array.from(body2.querySelectorAll('iframe[src^="/"]'))) iframe.setAttribute("src", `https://medium.com${iframe.getAttribute("src")}`);
    mergeAdjacentPre(body2);
    raiseHeadings(body2);
    const published = parseInstant(doc.querySelector("time.dt-published")?.getAttribute("datetime"));
    const canonical = doc.querySelector("a.p-canonical")?.getAttribute("href")?.trim() ?? "";
    author ??= text4(doc.querySelector(".p-author")) || void 0;
    let host = "";
    try {
      host = canonical ? new URL(canonical).host : "";
    } catch {
      host = "";
    }
    const canonicalPath = canonical.split(/[?#]/)[0].replace(/\/+$/, "");
    const canonicalSlug = canonical && !/\/p\/[0-9a-f]+$/i.test(canonicalPath) ? mediumSlug(canonicalPath.split("/").pop() ?? "") : "";
    items.push({
      kind: "post",
      title,
      slug: canonicalSlug || mediumSlug(name) || slugify(title) || "story",
      date: published !== void 0 ? writeInstant(published) : void 0,
      updated: void 0,
      description: subtitle || void 0,
      tags: [],
      categories: [],
      // Medium has no separate cover: its "featured image" is the first image of the body, already there.
      image: void 0,
      imageAlt: void 0,
      draft,
      // A custom-domain publication keeps its paths; medium.com paths mean nothing on the new site.
      oldUrls: canonical && host && !MEDIUM_HOST.test(host) && !draft ? [canonical] : [],
      linkUrls: canonical ? [canonical] : [],
      series: void 0,
      body: { html: body2.innerHTML },
      origin: { file }
    });
  }
  return {
    platform: "medium",
    site: { title: author, author },
    items,
    skipped,
    warnings,
    notes: []
  };
}
var MEDIUM_HOST, text4;
var init_medium = __esm({
  "dist/import/medium.js"() {
    "use strict";
    init_errors();
    init_slug();
    init_dates3();
    init_code_language();
    init_html_to_markdown();
    init_types();
    MEDIUM_HOST = /(^|\.)medium\.com$/i;
    text4 = (el) => (el?.textContent ?? "").replace(/\s+/g, " ").trim();
  }
});

// dist/import/plan.js
function isGenerated(path) {
  return RESERVED_PATHS.includes(path) || GENERATED_FILES2.includes(path) || GENERATED_PREFIXES.some((p) => path.startsWith(p));
}
function fitSlug(slug, maxBytes = 150) {
  if (Buffer.byteLength(slug) <= maxBytes) return slug;
  let out = "";
  for (const ch of slug) {
    if (Buffer.byteLength(out + ch) > maxBytes) break;
    out += ch;
  }
  return out.replace(/-+$/, "");
}
function oldSitePath(url2, oldBase) {
  let u;
  try {
    u = new URL(url2, oldBase ?? "http://old.invalid/");
  } catch {
    return void 0;
  }
  if (oldBase && u.host.toLowerCase() !== oldBase.host.toLowerCase()) return void 0;
  let path;
  try {
    path = decodeURIComponent(u.pathname);
  } catch {
    path = u.pathname;
  }
  const basePath = oldBase ? oldBase.pathname.replace(/\/?$/, "/") : "/";
  if (basePath !== "/" && path.startsWith(basePath)) path = "/" + path.slice(basePath.length);
  return path;
}
function siteBase(url2) {
  if (!url2) return void 0;
  try {
    const u = new URL(url2);
    return /^https?:$/.test(u.protocol) ? u : void 0;
  } catch {
    return void 0;
  }
}
function planItems(source, existing) {
  const warnings = [];
  const takenPaths = /* @__PURE__ */ new Map();
  for (const [path, rel2] of existing.paths) takenPaths.set(path, { rel: rel2.toLowerCase(), planned: false });
  const plannedFiles = /* @__PURE__ */ new Set();
  const planned = [];
  for (const item of source.items) {
    const isPage = item.kind === "page";
    const kind = isPage ? "page" : "article";
    const folder = isPage ? "pages" : "writing";
    const base = fitSlug(item.slug);
    let slug = base;
    for (let n3 = 2; ; n3++) {
      const rel22 = `${folder}/${slug}.md`.toLowerCase();
      const path2 = postPath({ kind, slug }).toLowerCase();
      const owner = takenPaths.get(path2);
      const reserved = isGenerated(path2);
      if (!reserved && !plannedFiles.has(rel22) && (owner === void 0 || !owner.planned && owner.rel === rel22)) break;
      slug = `${base}-${n3}`;
    }
    const rel2 = `${folder}/${slug}.md`;
    const path = postPath({ kind, slug });
    takenPaths.set(path.toLowerCase(), { rel: rel2.toLowerCase(), planned: true });
    plannedFiles.add(rel2.toLowerCase());
    planned.push({ item, rel: rel2, slug, path, kind, aliases: [] });
  }
  const oldBase = siteBase(source.site.baseUrl);
  const takenAliases = new Set(existing.aliases);
  for (const p of planned) {
    for (const url2 of p.item.oldUrls) {
      const old = oldSitePath(url2, oldBase);
      if (old === void 0) continue;
      const key = normaliseAlias(old);
      if (key === "" || key === p.path.toLowerCase() || p.aliases.some((a) => normaliseAlias(a) === key)) continue;
      const why = isGenerated(key) ? "Casebook generates a page there" : takenPaths.has(key) ? `it is the new URL of content/${takenPaths.get(key).rel}` : takenAliases.has(key) ? "another post already redirects from it" : key.split("/").includes("..") ? "it leaves the site" : void 0;
      if (why) {
        warnings.push({ code: "CB3121", message: `"${p.item.title}": no redirect from ${old}, because ${why}.`, location: p.item.origin });
        continue;
      }
      takenAliases.add(key);
      p.aliases.push(old.startsWith("/") ? old : `/${old}`);
    }
  }
  return { planned, warnings };
}
var GENERATED_PREFIXES, GENERATED_FILES2;
var init_plan = __esm({
  "dist/import/plan.js"() {
    "use strict";
    init_site();
    init_existing_site();
    GENERATED_PREFIXES = ["tags/", "categories/", "series/", "writing/page/", "case-studies/sections/", "search/", "cv/", "pagefind/", "assets/", "page/"];
    GENERATED_FILES2 = ["", "404.html", "feed.xml", "atom.xml", "feed.json", "sitemap.xml", "robots.txt", "resume.json", "_redirects"];
  }
});

// dist/import/wordpress-content.js
function decodeAttr(value) {
  return /&/.test(value) ? htmlText(value) : value;
}
function parseShortcodeAttributes(text5) {
  const attrs2 = {};
  const positional = [];
  let rest = text5.replace(/[\u00a0\u200b]/g, " ").trim();
  if (rest.startsWith("=")) {
    const m = /^=\s*("([^"]*)"|'([^']*)'|(\S+))/.exec(rest);
    positional.push(decodeAttr(m[2] ?? m[3] ?? m[4] ?? ""));
    rest = rest.slice(m[0].length);
  }
  for (const m of rest.matchAll(ATTR_RE)) {
    if (m[1]) attrs2[m[1].toLowerCase()] = decodeAttr(m[2]);
    else if (m[3]) attrs2[m[3].toLowerCase()] = decodeAttr(m[4]);
    else if (m[5]) attrs2[m[5].toLowerCase()] = decodeAttr(m[6]);
    else positional.push(decodeAttr(m[7] ?? m[8] ?? m[9] ?? ""));
  }
  return { attrs: attrs2, positional };
}
function applyBlockLanguages(html2) {
  return html2.replace(/<!--\s*wp:([\w/-]+)\s+(\{[^]*?\})\s*-->(\s*)<pre\b/g, (whole, _name, json, space) => {
    let lang;
    try {
      const data = JSON.parse(json);
      const v = data.language ?? data.lang ?? data.mode;
      lang = typeof v === "string" ? normaliseLanguage(v) : void 0;
    } catch {
      return whole;
    }
    return lang ? `${space}<pre data-lang="${escapeHtml(lang)}"` : whole;
  });
}
function codeBlock(code, lang) {
  const decoded = code.replace(/^\r?\n/, "").replace(/\n$/, "").replace(/&(lt|gt|amp|quot|#0?39|#8217|#8216|#8220|#8221|nbsp);/g, (m, e) => ({ lt: "<", gt: ">", amp: "&", quot: '"', "#039": "'", "#39": "'", "#8217": "\u2019", "#8216": "\u2018", "#8220": "\u201C", "#8221": "\u201D", nbsp: " " })[e] ?? m);
  return `<pre><code${lang ? ` class="language-${escapeHtml(lang)}"` : ""}>${escapeHtml(decoded)}</code></pre>`;
}
function replaceShortcodes(text5, render2, unescape = true) {
  const open = new RegExp(`\\[(\\[?)(${NAME})(?![\\w-])((?:[^\\]/]|/(?!\\]))*)(/?)\\](\\]?)`, "g");
  let out = "";
  let last = 0;
  let m;
  while (m = open.exec(text5)) {
    const [whole, escOpen, name, attrText, selfClose, escClose] = m;
    const start = m.index;
    if (escOpen && escClose) {
      if (unescape) {
        out += text5.slice(last, start) + whole.slice(1, -1);
        last = start + whole.length;
      }
      continue;
    }
    let end = start + whole.length;
    let content2;
    if (!selfClose) {
      const closeTag = `[/${name}]`;
      const close2 = text5.indexOf(closeTag, end);
      const nextOpen = text5.slice(end, close2 < 0 ? void 0 : close2).search(new RegExp(`\\[${name}(?![\\w-])`));
      if (close2 >= 0 && nextOpen < 0) {
        content2 = text5.slice(end, close2);
        end = close2 + closeTag.length;
      }
    }
    const { attrs: attrs2, positional } = parseShortcodeAttributes(attrText);
    const replacement = render2({ name: name.toLowerCase(), attrs: attrs2, positional, content: content2 });
    if (replacement === void 0) continue;
    out += text5.slice(last, start) + replacement;
    last = end;
    open.lastIndex = end;
  }
  return out + text5.slice(last);
}
function link2(url2) {
  return `<p><a href="${escapeHtml(url2)}">${escapeHtml(url2)}</a></p>`;
}
function firstUrl(sc) {
  const candidates2 = [sc.attrs.url, sc.attrs.src, sc.attrs.id, sc.attrs.href, ...sc.positional, sc.content?.trim()];
  for (const c of candidates2) {
    if (c && /^https?:\/\/\S+$/.test(c.trim())) return c.trim();
  }
  return void 0;
}
function embedUrl(sc) {
  const url2 = firstUrl(sc);
  if (url2) return url2;
  const id = sc.attrs.id ?? sc.positional[0] ?? sc.content?.trim();
  if (!id || !/^[\w./-]+$/.test(id)) return void 0;
  switch (sc.name) {
    case "youtube":
      return `https://www.youtube.com/watch?v=${id}`;
    case "vimeo":
      return `https://vimeo.com/${id}`;
    case "gist":
      return `https://gist.github.com/${id}`;
    case "tweet":
    case "twitter":
      return /^\d+$/.test(id) ? `https://twitter.com/i/status/${id}` : void 0;
    default:
      return void 0;
  }
}
function renderCaption(sc) {
  const content2 = sc.content ?? "";
  const image2 = LEADING_IMAGE.exec(content2);
  const media = image2 ? image2[1] : "";
  const caption = sc.attrs.caption ?? (image2 ? content2.slice(image2[0].length) : content2).trim();
  if (!media) return content2;
  return `<figure>${media}${caption ? `<figcaption>${caption}</figcaption>` : ""}</figure>`;
}
function renderGallery(sc, ctx) {
  const ids = (sc.attrs.ids ?? sc.attrs.include ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  const list4 = ids.length ? ids.map((id) => ctx.attachments.get(id)).filter((a) => !!a) : [...ctx.attachments.values()].filter((a) => a.parent === ctx.postId);
  if (!list4.length) return "";
  return list4.map((a) => {
    const img = `<img src="${escapeHtml(a.url)}" alt="${escapeHtml(a.alt || a.title)}">`;
    return a.caption ? `<figure>${img}<figcaption>${escapeHtml(a.caption)}</figcaption></figure>` : `<p>${img}</p>`;
  }).join("\n");
}
function renderMedia(sc) {
  const tag = sc.name === "audio" ? "audio" : "video";
  const src = sc.attrs.src ?? sc.attrs.mp4 ?? sc.attrs.webm ?? sc.attrs.ogv ?? sc.attrs.mp3 ?? sc.attrs.ogg ?? sc.attrs.m4a ?? sc.attrs.wav ?? firstUrl(sc);
  if (!src) return "";
  const poster = sc.attrs.poster ? ` poster="${escapeHtml(sc.attrs.poster)}"` : "";
  return `<p><${tag} controls preload="none" src="${escapeHtml(src)}"${poster}><a href="${escapeHtml(src)}">${escapeHtml(src)}</a></${tag}></p>`;
}
function autop(html2) {
  const spaced = html2.replace(/\r\n?/g, "\n").replace(new RegExp(`(<(?:${BLOCK_TAGS})[\\s/>])`, "gi"), "\n\n$1").replace(new RegExp(`(</(?:${BLOCK_TAGS})>)`, "gi"), "$1\n\n");
  return spaced.split(/\n\s*\n/).map((chunk) => chunk.trim()).filter(Boolean).map((chunk) => BLOCK_START.test(chunk) ? chunk : `<p>${chunk.replace(/\n/g, "<br>\n")}</p>`).join("\n");
}
function prepareWordPressContent(raw2, ctx) {
  const removed = [];
  const vault = new Vault();
  const blocks = raw2.includes("<!-- wp:");
  let html2 = applyBlockLanguages(raw2.replace(/\r\n?/g, "\n"));
  html2 = html2.replace(/<!--nextpage-->/g, "");
  html2 = replaceShortcodes(html2, (sc) => {
    if (sc.content === void 0) return void 0;
    if (CODE_SHORTCODES.has(sc.name)) {
      return `

${vault.put(codeBlock(sc.content, normaliseLanguage(sc.attrs.lang ?? sc.attrs.language ?? sc.positional[0])))}

`;
    }
    if (BRUSH_SHORTCODES.has(sc.name)) return `

${vault.put(codeBlock(sc.content, normaliseLanguage(sc.name)))}

`;
    return void 0;
  }, false);
  html2 = html2.replace(/<(pre|script|style)\b[^>]*>[^]*?<\/\1>/gi, (m) => `

${vault.put(m)}

`);
  html2 = html2.replace(/<code\b[^>]*>[^]*?<\/code>/gi, (m) => vault.put(m));
  const render2 = (sc) => {
    switch (sc.name) {
      case "caption":
      case "wp_caption":
        return renderCaption(sc);
      case "gallery":
        return renderGallery(sc, ctx);
      case "video":
      case "audio":
        return renderMedia(sc);
      default:
        break;
    }
    if (EMBED_SHORTCODES.has(sc.name)) {
      const url2 = embedUrl(sc);
      if (url2) return link2(url2);
    }
    const looksLikeShortcode = sc.content !== void 0 || Object.keys(sc.attrs).length > 0 || EMBED_SHORTCODES.has(sc.name);
    if (!looksLikeShortcode) return void 0;
    if (!removed.includes(sc.name)) removed.push(sc.name);
    return sc.content === void 0 ? "" : replaceShortcodes(sc.content, render2);
  };
  html2 = replaceShortcodes(html2, render2);
  html2 = html2.replace(new RegExp(`\\[(${NAME})\\s*/\\]`, "g"), (_m, name) => {
    if (!removed.includes(name.toLowerCase())) removed.push(name.toLowerCase());
    return "";
  });
  if (!blocks) html2 = autop(html2);
  return { html: vault.restore(html2), removed };
}
var BRUSH_SHORTCODES, CODE_SHORTCODES, EMBED_SHORTCODES, ATTR_RE, Vault, NAME, LEADING_IMAGE, BLOCK_TAGS, BLOCK_START;
var init_wordpress_content = __esm({
  "dist/import/wordpress-content.js"() {
    "use strict";
    init_escape();
    init_code_language();
    init_html_to_markdown();
    BRUSH_SHORTCODES = /* @__PURE__ */ new Set([
      "as3",
      "actionscript3",
      "bash",
      "shell",
      "cf",
      "coldfusion",
      "clojure",
      "clj",
      "cpp",
      "c",
      "c-sharp",
      "csharp",
      "css",
      "delphi",
      "pas",
      "pascal",
      "diff",
      "patch",
      "erl",
      "erlang",
      "fsharp",
      "go",
      "golang",
      "groovy",
      "haskell",
      "java",
      "javafx",
      "jfx",
      "js",
      "jscript",
      "javascript",
      "latex",
      "tex",
      "matlab",
      "objc",
      "obj-c",
      "perl",
      "pl",
      "php",
      "plain",
      "text",
      "ps",
      "powershell",
      "py",
      "python",
      "r",
      "rails",
      "rb",
      "ror",
      "ruby",
      "scala",
      "sql",
      "swift",
      "vb",
      "vbnet",
      "xml",
      "xhtml",
      "xslt",
      "html",
      "yaml",
      "yml",
      "json",
      "ts",
      "typescript",
      "kotlin",
      "rust"
    ]);
    CODE_SHORTCODES = /* @__PURE__ */ new Set(["code", "sourcecode", "source", "sourcecode_lang", "codesample"]);
    EMBED_SHORTCODES = /* @__PURE__ */ new Set(["embed", "youtube", "vimeo", "twitter", "tweet", "gist", "instagram", "soundcloud", "spotify", "slideshare", "dailymotion", "ted", "googlemaps", "wpvideo", "codepen"]);
    ATTR_RE = /([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)|"([^"]*)"(?:\s|$)|'([^']*)'(?:\s|$)|(\S+)(?:\s|$)/g;
    Vault = class {
      items = [];
      put(html2) {
        this.items.push(html2);
        return `\0${this.items.length - 1}\0`;
      }
      restore(text5) {
        let out = text5;
        for (let i = 0; i < 3 && out.includes("\0"); i++) out = out.replace(/\u0000(\d+)\u0000/g, (_, n3) => this.items[Number(n3)]);
        return out;
      }
    };
    NAME = "[a-zA-Z][\\w-]*";
    LEADING_IMAGE = /^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*<\/a>)?)/i;
    BLOCK_TAGS = "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary|iframe|video|audio|object|script";
    BLOCK_START = new RegExp(`^(?:<\\/?(?:${BLOCK_TAGS})[\\s/>]|\\u0000)`, "i");
  }
});

// dist/import/xml.js
import { XMLParser as XMLParser2, XMLValidator as XMLValidator2 } from "fast-xml-parser";
function xmlText(value) {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value && typeof value === "object" && "#text" in value) return xmlText(value["#text"]);
  return "";
}
function xmlAttr(value, name) {
  if (value && typeof value === "object") {
    const v = value[`@_${name}`];
    if (typeof v === "string") return v;
  }
  return "";
}
function parseXml(text5, file, arrays) {
  const valid = XMLValidator2.validate(text5, { allowBooleanAttributes: true });
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    throw new CasebookError("CB3101", msg.replace(/\.$/, "") + ".", { file, line, column: col, source: text5 });
  }
  const parser2 = new XMLParser2({
    ignoreAttributes: false,
    attributeNamePrefix: "@_",
    parseTagValue: false,
    parseAttributeValue: false,
    allowBooleanAttributes: true,
    isArray: (name) => arrays.includes(name)
  });
  return parser2.parse(text5);
}
function elementLines(text5, tag) {
  const lines = [];
  let line = 1;
  let i = 0;
  const open = `<${tag}`;
  while (i < text5.length) {
    const c = text5.charCodeAt(i);
    if (c === 10) {
      line++;
      i++;
      continue;
    }
    if (c === 60) {
      if (text5.startsWith("<![CDATA[", i) || text5.startsWith("<!--", i)) {
        const end = text5.indexOf(text5[i + 2] === "[" ? "]]>" : "-->", i);
        const stop = end < 0 ? text5.length : end;
        for (let j = i; j < stop; j++) if (text5.charCodeAt(j) === 10) line++;
        i = stop + 3;
        continue;
      }
      if (text5.startsWith(open, i) && /[\s>/]/.test(text5[i + open.length] ?? "")) lines.push(line);
    }
    i++;
  }
  return lines;
}
var init_xml = __esm({
  "dist/import/xml.js"() {
    "use strict";
    init_errors();
  }
});

// dist/import/wordpress.js
function meta(item) {
  const out = /* @__PURE__ */ new Map();
  for (const m of item["wp:postmeta"] ?? []) out.set(xmlText(m["wp:meta_key"]), xmlText(m["wp:meta_value"]));
  return out;
}
function decodeSlug(raw2) {
  try {
    return decodeURIComponent(raw2);
  } catch {
    return raw2;
  }
}
function offsetOf(local, gmt) {
  if (local === void 0 || gmt === void 0) return void 0;
  return Math.round((local - gmt) / 6e4 / 15) * 15;
}
function readWordPress(text5, file) {
  const doc = parseXml(text5, file, ARRAYS);
  const rss = doc.rss;
  const channel = rss?.channel;
  const isWxr = !!channel && (Object.keys(rss).some((k) => k.startsWith("@_xmlns:wp")) || Object.keys(channel).some((k) => k.startsWith("wp:")));
  if (!channel || !isWxr) {
    throw new CasebookError("CB3103", rss ? "The file is an RSS feed without WordPress export data (no wp: elements)." : "The file is XML, but not an RSS/WXR document.", { file });
  }
  const warnings = [];
  const skipped = {};
  const items = channel.item ?? [];
  const lines = elementLines(text5, "item");
  const siteUrl = (xmlText(channel["wp:base_blog_url"]) || xmlText(channel.link)).trim();
  const description = htmlText(xmlText(channel.description));
  const authors = channel["wp:author"] ?? [];
  const attachments = /* @__PURE__ */ new Map();
  for (const item of items) {
    if (xmlText(item["wp:post_type"]) !== "attachment") continue;
    const m = meta(item);
    attachments.set(xmlText(item["wp:post_id"]), {
      url: xmlText(item["wp:attachment_url"]).trim() || xmlText(item.guid).trim(),
      alt: m.get("_wp_attachment_image_alt") ?? "",
      title: htmlText(xmlText(item.title)),
      caption: htmlText(xmlText(item["excerpt:encoded"])),
      parent: xmlText(item["wp:post_parent"])
    });
  }
  const offsets = /* @__PURE__ */ new Map();
  for (const item of items) {
    const o = offsetOf(parseSqlDateTime(xmlText(item["wp:post_date"])), parseSqlDateTime(xmlText(item["wp:post_date_gmt"])));
    if (o !== void 0) offsets.set(o, (offsets.get(o) ?? 0) + 1);
  }
  const usualOffset = [...offsets].sort((a, b) => b[1] - a[1])[0]?.[0];
  const dateOf = (localText, gmtText) => {
    const local = parseSqlDateTime(xmlText(localText));
    if (local === void 0) return void 0;
    return writeWallClock(local, offsetOf(local, parseSqlDateTime(xmlText(gmtText))) ?? usualOffset);
  };
  const out = [];
  items.forEach((item, index) => {
    const origin = { file, ...lines[index] ? { line: lines[index] } : {} };
    const type = xmlText(item["wp:post_type"]);
    const status = xmlText(item["wp:status"]);
    const id = xmlText(item["wp:post_id"]);
    if (type === "attachment") return countSkipped(skipped, "attachments");
    if (INTERNAL_TYPES.has(type)) return countSkipped(skipped, type === "revision" ? "revisions" : type === "nav_menu_item" ? "menu items" : "theme and block items");
    if (type !== "post" && type !== "page") {
      countSkipped(skipped, `"${type}" items`);
      warnings.push({ code: "CB3123", message: `"${htmlText(xmlText(item.title)) || id}" is a "${type}", not a post or page.`, location: origin });
      return;
    }
    if (status === "auto-draft") return countSkipped(skipped, "auto-drafts");
    if (status === "trash") return countSkipped(skipped, "trashed items");
    let title = htmlText(xmlText(item.title));
    const m = meta(item);
    let draft = status === "draft" || status === "pending";
    const hidden = status === "private" ? "private" : xmlText(item["wp:post_password"]) ? "password-protected" : void 0;
    if (hidden) {
      draft = true;
      warnings.push({ code: "CB3122", message: `"${title || id}" was ${hidden}; imported as a draft.`, location: origin });
    }
    if (!title) {
      title = "Untitled";
      warnings.push({ code: "CB3124", message: `The ${type} with id ${id} has no title.`, location: origin });
    }
    const postName = decodeSlug(xmlText(item["wp:post_name"]).trim());
    const slug = slugify(postName) || slugify(title) || `${type}-${id}`;
    const tags = [];
    const categories = [];
    for (const c of item.category ?? []) {
      const name = htmlText(xmlText(c));
      if (!name) continue;
      const domain = xmlAttr(c, "domain");
      if (domain === "post_tag") tags.push(name);
      else if (domain === "category" && xmlAttr(c, "nicename") !== "uncategorized") categories.push(name);
    }
    const link3 = xmlText(item.link).trim();
    const oldUrls = [];
    if (link3 && !link3.includes("?")) {
      oldUrls.push(link3);
      const oldSlugs = (item["wp:postmeta"] ?? []).filter((x) => xmlText(x["wp:meta_key"]) === "_wp_old_slug").map((x) => xmlText(x["wp:meta_value"]));
      const tail = xmlText(item["wp:post_name"]).trim();
      for (const old of oldSlugs) {
        if (tail && old && link3.includes(`/${tail}`)) oldUrls.push(link3.replace(new RegExp(`/${tail.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(/?)$`), `/${old}$1`));
      }
    }
    const origin2 = siteUrl.replace(/\/+$/, "");
    const linkUrls = [xmlText(item.guid).trim(), `${origin2}/?p=${id}`, `${origin2}/?page_id=${id}`].filter((u) => u.includes("?"));
    const thumb = attachments.get(m.get("_thumbnail_id") ?? "");
    const prepared = prepareWordPressContent(xmlText(item["content:encoded"]), { postId: id, attachments });
    if (prepared.removed.length) {
      warnings.push({ code: "CB3120", message: `Removed shortcode${prepared.removed.length > 1 ? "s" : ""} ${prepared.removed.map((n3) => `[${n3}]`).join(", ")} in "${title}".`, location: origin });
    }
    const date = dateOf(item["wp:post_date"], item["wp:post_date_gmt"]);
    const updated = dateOf(item["wp:post_modified"], item["wp:post_modified_gmt"]);
    out.push({
      kind: type === "page" ? "page" : "post",
      title,
      slug,
      date,
      updated: laterDay(date, updated) ? updated : void 0,
      description: htmlText(xmlText(item["excerpt:encoded"])) || void 0,
      tags,
      categories,
      image: thumb?.url || void 0,
      imageAlt: thumb?.alt || void 0,
      draft,
      oldUrls,
      linkUrls,
      series: void 0,
      body: { html: prepared.html },
      origin
    });
  });
  const notes = [];
  const plain = out.filter((i) => !i.draft && !i.oldUrls.length).length;
  if (plain) {
    notes.push(`${plain} published ${plain === 1 ? "item has" : "items have"} a query-string address (?p=123, "plain" permalinks); a static site cannot redirect those, so links to them from elsewhere will need updating.`);
  }
  return {
    platform: "wordpress",
    site: {
      title: htmlText(xmlText(channel.title)) || void 0,
      description: description && !TAGLINE_DEFAULTS.test(description) ? description : void 0,
      baseUrl: /^https?:\/\//i.test(siteUrl) ? siteUrl : void 0,
      lang: xmlText(channel.language).trim() || void 0,
      author: authors.length === 1 ? htmlText(xmlText(authors[0]["wp:author_display_name"])) || void 0 : void 0
    },
    items: out,
    skipped,
    warnings,
    notes
  };
}
var ARRAYS, INTERNAL_TYPES, TAGLINE_DEFAULTS;
var init_wordpress = __esm({
  "dist/import/wordpress.js"() {
    "use strict";
    init_errors();
    init_slug();
    init_dates3();
    init_html_to_markdown();
    init_types();
    init_wordpress_content();
    init_xml();
    ARRAYS = ["item", "category", "wp:postmeta", "wp:category", "wp:tag", "wp:term", "wp:author", "wp:comment"];
    INTERNAL_TYPES = /* @__PURE__ */ new Set([
      "revision",
      "nav_menu_item",
      "wp_block",
      "wp_template",
      "wp_template_part",
      "wp_global_styles",
      "wp_navigation",
      "custom_css",
      "customize_changeset",
      "oembed_cache",
      "user_request",
      "wp_font_family",
      "wp_font_face",
      "scheduled-action"
    ]);
    TAGLINE_DEFAULTS = /^(just another wordpress site|just another .* weblog)$/i;
  }
});

// dist/import/import-site.js
import { constants, copyFileSync as copyFileSync2, existsSync as existsSync16, mkdirSync as mkdirSync8, readFileSync as readFileSync24, statSync as statSync13, writeFileSync as writeFileSync8 } from "node:fs";
import { basename as basename14, dirname as dirname14, join as join30, relative as relative14, resolve as resolve11 } from "node:path";
import { stringify } from "yaml";
function readSource(opts) {
  const input = resolve11(opts.input);
  if (!existsSync16(input)) {
    throw new CasebookError("CB3100", `${input} does not exist.`, { file: input });
  }
  const isDir2 = statSync13(input).isDirectory();
  if (opts.source === "medium") {
    if (!isDir2) throw new CasebookError("CB3105", `${input} is a file; pass the unzipped export folder.`, { file: input });
    return readMedium(input);
  }
  if (isDir2) throw new CasebookError("CB3100", `${input} is a folder; pass the exported file.`, { file: input });
  let text5;
  try {
    text5 = readFileSync24(input, "utf8").replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  } catch (e) {
    throw new CasebookError("CB3100", `${input} cannot be read: ${e.message}.`, { file: input });
  }
  if (opts.source === "wordpress") return readWordPress(text5, input);
  if (opts.source === "ghost") return readGhost(text5, input);
  return readDevto(text5, input);
}
function urlKey(url2, oldBase) {
  let u;
  try {
    u = new URL(url2, oldBase);
  } catch {
    return void 0;
  }
  if (!/^https?:$/.test(u.protocol)) return void 0;
  let path;
  try {
    path = decodeURIComponent(u.pathname);
  } catch {
    path = u.pathname;
  }
  const id = /[?&]((?:p|page_id)=\d+)/.exec(u.search)?.[1];
  return `${u.host.toLowerCase()}${path.replace(/\/+$/, "").toLowerCase()}${id ? `?${id}` : ""}`;
}
function frontMatterFor(p, image2) {
  const { item } = p;
  return [
    ["title", item.title],
    ["description", item.description?.replace(/\s+/g, " ").trim()],
    ["date", item.date],
    ["updated", item.updated],
    ["draft", item.draft ? true : void 0],
    ["kind", p.kind === "article" ? void 0 : p.kind],
    ["tags", item.tags],
    ["categories", item.categories],
    ["series", item.series],
    ["image", image2],
    ["imageAlt", image2 ? item.imageAlt : void 0],
    ["aliases", p.aliases]
  ];
}
async function configuredBaseUrl(site) {
  try {
    const loaded2 = await loadConfig(site);
    return loaded2.baseUrlSet ? loaded2.config.baseUrl : void 0;
  } catch {
    return void 0;
  }
}
function configText(platform, input, source, title, baseUrl, pages) {
  const lines = [
    `# Written by \`casebook import ${platform}\` from ${basename14(input)}. docs/guide.md lists every key.`,
    `title: ${stringify(title).trim()}`
  ];
  if (source.site.description) lines.push(`description: ${stringify(source.site.description).trim()}`);
  if (baseUrl) lines.push(`baseUrl: ${stringify(baseUrl).trim()}`);
  else lines.push("# The address the site will be served from; builds warn until it is set.", "# baseUrl: https://example.com/");
  if (source.site.lang) lines.push(`lang: ${stringify(source.site.lang).trim()}`);
  if (source.site.timezone && isValidTimeZone(source.site.timezone)) lines.push(`timezone: ${stringify(source.site.timezone).trim()}`);
  if (source.site.author) lines.push("author:", `  name: ${stringify(source.site.author).trim()}`);
  if (pages.length) {
    lines.push("nav:", "  - { label: Writing, url: /writing/ }", ...pages.slice(0, NAV_PAGES).map((slug) => `  - { page: ${stringify(slug).trim()} }`));
    if (pages.length > NAV_PAGES) lines.push(`  # and ${pages.length - NAV_PAGES} more pages: ${pages.slice(NAV_PAGES).join(", ")}`);
  }
  return lines.join("\n") + "\n";
}
async function importSite(opts) {
  const started = performance.now();
  const site = resolve11(opts.out);
  if (existsSync16(site) && !statSync13(site).isDirectory()) {
    throw new CasebookError("CB3109", `${site} is a file.`, { file: site });
  }
  const source = readSource(opts);
  const timings = { read: performance.now() - started, plan: 0, convert: 0, write: 0 };
  let mark = performance.now();
  if (!source.items.length) {
    const skipped = Object.entries(source.skipped).map(([k, n3]) => `${k} (${n3})`).join(", ");
    throw new CasebookError("CB3108", `${resolve11(opts.input)} has no posts or pages${skipped ? ` (only ${skipped})` : ""}.`, { file: resolve11(opts.input) });
  }
  const existing = await readExistingSite(site);
  const { planned, warnings: planWarnings } = planItems(source, existing);
  const realOldBase = siteBase(source.site.baseUrl);
  const oldBase = realOldBase ?? new URL("http://old.invalid/");
  const hasConfig = CONFIG_NAMES6.some((n3) => existsSync16(join30(site, n3)));
  const newBase = siteBase(opts.baseUrl ?? (hasConfig ? await configuredBaseUrl(site) : void 0) ?? source.site.baseUrl);
  const takeOver = !!realOldBase && !!newBase && realOldBase.host.toLowerCase() === newBase.host.toLowerCase();
  const oldBasePath = oldBase.pathname.replace(/\/?$/, "/");
  const newPathOf = /* @__PURE__ */ new Map();
  for (const p of planned) {
    for (const url2 of [...p.item.oldUrls, ...p.item.linkUrls]) {
      const key = urlKey(url2, oldBase);
      if (key && !newPathOf.has(key)) newPathOf.set(key, `/${p.path}`);
    }
  }
  const referenced = /* @__PURE__ */ new Set();
  let stillOnOldHost = 0;
  const newBasePath = (newBase?.pathname ?? "/").replace(/\/?$/, "/");
  const rewriteUrl = (url2, kind) => {
    if (url2.startsWith("#")) return url2;
    const withBase = (p) => kind === "embed" ? newBasePath + p.slice(1) : p;
    if (kind !== "image") {
      const key = urlKey(url2, oldBase);
      const target = key ? newPathOf.get(key) : void 0;
      if (target) {
        const hash = url2.indexOf("#");
        return withBase(hash >= 0 ? target + url2.slice(hash) : target);
      }
    }
    let path;
    if (url2.startsWith("/") && !url2.startsWith("//")) {
      path = oldBasePath !== "/" && url2.startsWith(oldBasePath) ? `/${url2.slice(oldBasePath.length)}` : url2;
    } else if (realOldBase && /^(https?:)?\/\//i.test(url2)) {
      let u;
      try {
        u = new URL(url2, realOldBase);
      } catch {
        u = void 0;
      }
      if (u && u.host.toLowerCase() === realOldBase.host.toLowerCase()) {
        if (!takeOver) stillOnOldHost++;
        else if (u.pathname.startsWith(oldBasePath)) path = `/${u.pathname.slice(oldBasePath.length)}${u.search}${u.hash}`;
      }
    }
    if (path === void 0) return url2;
    referenced.add(path);
    return withBase(path);
  };
  const converter = createConverter({ rewriteUrl, ...source.prepareHtml ? { prepare: source.prepareHtml } : {} });
  timings.plan = performance.now() - mark;
  mark = performance.now();
  const contentDir = join30(site, "content");
  const outputs = [];
  const checkWarnings = [];
  for (const p of planned) {
    const body2 = "html" in p.item.body ? converter.convert(p.item.body.html) : p.item.body.markdown.replace(/(!?)\]\((<?)([^)\s>]+)(>?)/g, (m, bang, open, url2, close2) => {
      const to = rewriteUrl(url2, bang ? "image" : "link");
      return to === url2 ? m : `${bang}](${open}${to}${close2}`;
    }).trim() + "\n";
    const image2 = p.item.image ? rewriteUrl(p.item.image, "image") : void 0;
    const text5 = `${writeFrontMatter(frontMatterFor(p, image2))}
${body2}`;
    const file = join30(contentDir, p.rel);
    parsePostSource({ file, rel: p.rel }, text5, { timezone: "UTC" }, checkWarnings);
    outputs.push({ file, text: text5 });
  }
  timings.convert = performance.now() - mark;
  mark = performance.now();
  const media = MEDIA[source.platform];
  const { copies, missing } = media ? planMediaCopies(referenced, media.prefix, opts.media) : { copies: [], missing: [] };
  const targets = [...outputs.map((o) => o.file), ...copies.map((c) => join30(site, "static", c.to))];
  const conflicts = targets.filter((f) => existsSync16(f));
  if (conflicts.length && !opts.force) {
    const shown2 = conflicts.slice(0, 5).map((f) => `  ${relative14(site, f)}`).join("\n");
    const more = conflicts.length > 5 ? `
  \u2026 and ${conflicts.length - 5} more` : "";
    throw new CasebookError("CB3107", `${conflicts.length} file${conflicts.length === 1 ? "" : "s"} already exist${conflicts.length === 1 ? "s" : ""}; nothing was written:
${shown2}${more}`, { file: conflicts[0] });
  }
  const baseUrl = (opts.baseUrl ?? source.site.baseUrl)?.replace(/\/?$/, "/");
  const written = [];
  mkdirSync8(site, { recursive: true });
  let config;
  if (!hasConfig) {
    config = "casebook.config.yaml";
    const pages = planned.filter((p) => p.kind === "page" && !p.item.draft).map((p) => p.slug);
    writeFileSync8(join30(site, config), configText(opts.source, opts.input, source, source.site.title || basename14(site), baseUrl, pages), { flag: "wx" });
    written.push(config);
  }
  for (const o of outputs) {
    mkdirSync8(dirname14(o.file), { recursive: true });
    writeFileSync8(o.file, o.text, { flag: opts.force ? "w" : "wx" });
    written.push(relative14(site, o.file));
  }
  for (const c of copies) {
    const to = join30(site, "static", c.to);
    mkdirSync8(dirname14(to), { recursive: true });
    copyFileSync2(c.from, to, opts.force ? 0 : constants.COPYFILE_EXCL);
  }
  timings.write = performance.now() - mark;
  const notes = [...source.notes];
  if (media && opts.media) {
    notes.push(`copied ${copies.length} of the ${copies.length + missing.length} files the posts use from ${opts.media} into static${media.prefix}${missing.length ? `; not found there: ${missing.slice(0, 3).join(", ")}${missing.length > 3 ? ` and ${missing.length - 3} more` : ""}` : ""}`);
  } else if (media && missing.length) {
    notes.push(`the posts use ${missing.length} file${missing.length === 1 ? "" : "s"} under ${media.prefix} (images, downloads): pass --media with your ${media.folder}/ folder to copy them into static${media.prefix}, or copy it there yourself`);
  }
  if (stillOnOldHost && realOldBase) {
    notes.push(`${stillOnOldHost} image and link address${stillOnOldHost === 1 ? " still points" : "es still point"} at ${realOldBase.origin}, which stays the source of those files; import with --base-url ${realOldBase.origin}/ to make them site paths`);
  }
  const posts = planned.filter((p) => p.item.kind === "post");
  return {
    site,
    platform: source.platform,
    posts: posts.length,
    drafts: planned.filter((p) => p.item.draft).length,
    pages: planned.length - posts.length,
    written,
    replaced: conflicts.length,
    mediaCopied: copies.length,
    aliases: planned.reduce((n3, p) => n3 + p.aliases.length, 0),
    skipped: source.skipped,
    config,
    warnings: [...source.warnings, ...planWarnings],
    notes,
    ms: performance.now() - started,
    timings
  };
}
var NAV_PAGES;
var init_import_site = __esm({
  "dist/import/import-site.js"() {
    "use strict";
    init_config();
    init_content();
    init_errors();
    init_dates();
    init_devto();
    init_existing_site();
    init_front_matter_writer();
    init_ghost();
    init_html_to_markdown();
    init_media();
    init_medium();
    init_plan();
    init_wordpress();
    NAV_PAGES = 6;
  }
});

// dist/cli/command-kit.js
function plural(n3, word, many = `${word}s`) {
  return `${n3} ${n3 === 1 ? word : many}`;
}
var EXIT_OK;
var init_command_kit = __esm({
  "dist/cli/command-kit.js"() {
    "use strict";
    EXIT_OK = 0;
  }
});

// dist/cli/import-command.js
var import_command_exports = {};
__export(import_command_exports, {
  importCommand: () => importCommand
});
import { relative as relative15 } from "node:path";
function shown(path) {
  const rel2 = relative15(process.cwd(), path);
  return rel2 && !rel2.startsWith("..") ? rel2 : path;
}
async function importCommand(io, args, kit) {
  const parsed = kit.parseCommand(io, args, {
    out: { type: "string", short: "o" },
    force: { type: "boolean" },
    "base-url": { type: "string" },
    media: { type: "string" },
    verbose: { type: "boolean" }
  });
  if (typeof parsed === "number") return parsed;
  const { values, positionals } = parsed;
  const [source, input, ...extra] = positionals;
  if (!source || !IMPORT_SOURCES.includes(source)) {
    return kit.usageError(io, `import needs a source: ${IMPORT_SOURCES.join(", ")}${source ? `; "${source}" is not one of them` : ""}.`);
  }
  if (!input || extra.length) {
    return kit.usageError(io, `import ${source} takes one ${source === "medium" ? "export folder" : "export file"}, e.g. casebook import ${source} ${source === "medium" ? "medium-export/" : source === "wordpress" ? "export.xml" : "export.json"} --out my-site.`);
  }
  const out = values.out;
  if (!out) return kit.usageError(io, "import needs --out SITE: the site folder to write into (new or existing).");
  const baseUrl = values["base-url"];
  if (baseUrl !== void 0 && !/^https?:\/\/[^/]+/i.test(baseUrl)) {
    return kit.usageError(io, `--base-url must be an absolute http(s) URL such as https://example.com/, got "${baseUrl}".`);
  }
  const media = values.media;
  if (media !== void 0 && source !== "wordpress" && source !== "ghost") {
    return kit.usageError(io, `--media is for wordpress and ghost; ${NAMES[source]} serves images from its own servers.`);
  }
  try {
    const r = await importSite({
      source,
      input,
      out,
      force: values.force === true,
      ...baseUrl ? { baseUrl } : {},
      ...media ? { media } : {}
    });
    const color2 = io.err.isTTY === true;
    if (r.warnings.length) io.err.write(formatWarnings(r.warnings, { color: color2, cwd: process.cwd(), verbose: values.verbose === true }) + "\n");
    const lines = [`Imported ${NAMES[r.platform]} into ${shown(r.site)} in ${(r.ms / 1e3).toFixed(2)} s:`];
    const folders = [r.posts ? "content/writing/" : "", r.pages ? "content/pages/" : ""].filter(Boolean).join(" and ");
    lines.push(`  ${plural(r.posts, "post")}, ${plural(r.pages, "page")} (${plural(r.drafts, "draft")} among them) \u2192 ${folders}`);
    if (r.aliases) lines.push(`  ${plural(r.aliases, "old URL")} will redirect to the new pages (aliases)`);
    const skipped = Object.entries(r.skipped).map(([what, n3]) => `${what} (${n3})`);
    if (skipped.length) lines.push(`  not imported: ${skipped.join(", ")}`);
    if (r.replaced) lines.push(`  replaced ${plural(r.replaced, "existing file")} (--force)`);
    if (r.config) lines.push(`  wrote ${r.config}`);
    for (const note of r.notes) lines.push(`  note: ${note}`);
    if (values.verbose) lines.push(Object.entries(r.timings).map(([k, v]) => `  ${k.padEnd(8)} ${v.toFixed(1).padStart(8)} ms`).join("\n"));
    lines.push("", `Next: casebook build ${shown(r.site)}${r.drafts ? ` (add --drafts to include the ${plural(r.drafts, "draft")})` : ""}`);
    io.out.write(lines.join("\n") + "\n");
    return EXIT_OK;
  } catch (e) {
    return kit.reportErrors(io, e);
  }
}
var NAMES;
var init_import_command = __esm({
  "dist/cli/import-command.js"() {
    "use strict";
    init_errors();
    init_import_site();
    init_types();
    init_command_kit();
    NAMES = { wordpress: "WordPress", ghost: "Ghost", medium: "Medium", devto: "dev.to" };
  }
});

// dist/export/absolute-urls.js
function mapMarkdownUrls(markdown, map) {
  const lines = markdown.split("\n");
  let fence;
  let previousBlank = true;
  const out = [];
  for (const line of lines) {
    const f = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (f && f[1][0] === fence[0] && f[1].length >= fence.length && line.trim() === f[1]) fence = void 0;
      out.push(line);
      previousBlank = false;
      continue;
    }
    if (f) {
      fence = f[1];
      out.push(line);
      continue;
    }
    if (/^( {4}|\t)/.test(line) && previousBlank) {
      out.push(line);
      continue;
    }
    previousBlank = line.trim() === "";
    const def = /^( {0,3}\[[^\]]+\]:[ \t]*)(<?)(\S+?)(>?)(\s.*)?$/.exec(line);
    if (def) {
      out.push(`${def[1]}${def[2]}${map(def[3], false)}${def[4]}${def[5] ?? ""}`);
      continue;
    }
    out.push(
      line.split(/(`+[^`]*`+)/).map(
        (part, i) => i % 2 ? part : part.replace(/\]\((\s*<?)([^)\s>]+)/g, (_m, open, url2) => `](${open}${map(url2, false)}`).replace(/\b(src|href)=("([^"]*)"|'([^']*)')/gi, (_m, name, _q, dq, sq) => dq !== void 0 ? `${name}="${map(dq, true)}"` : `${name}='${map(sq, true)}'`)
      ).join("")
    );
  }
  return out.join("\n");
}
var init_absolute_urls = __esm({
  "dist/export/absolute-urls.js"() {
    "use strict";
  }
});

// dist/export/case-study-markdown.js
function valueWithUnit(n3, unit) {
  const v = num.format(n3);
  if (!unit) return v;
  if (unit === "%" || unit.startsWith("/")) return `${v}${unit}`;
  const currency = /^([$€£¥])(.*)$/.exec(unit);
  return currency ? `${currency[1]}${v}${currency[2]}` : `${v} ${unit}`;
}
function caseStudyMarkdown(post) {
  const cs = post.caseStudy;
  const before = [];
  const facts = [
    cs.role ? `**Role:** ${cs.role}` : "",
    cs.period ? `**Period:** ${cs.period}` : "",
    cs.severity ? `**Severity:** ${cs.severity}` : "",
    cs.stack?.length ? `**Stack:** ${cs.stack.join(", ")}` : ""
  ].filter(Boolean);
  if (facts.length) before.push(facts.join("  \n"));
  for (const [label, value] of [["Context", cs.context], ["Problem", cs.problem], ["Impact", cs.impact], ["Detection", cs.detection]]) {
    if (value) before.push(`**${label}.** ${value}`);
  }
  if (cs.outcomes?.length) {
    const rows2 = cs.outcomes.map((o) => {
      const pct2 = relativeChange(o);
      const change = pct2 === void 0 ? "" : `${pct2 > 0 ? "+" : pct2 < 0 ? "\u2212" : "\xB1"}${Math.abs(pct2)}% `;
      return `| ${cell(o.metric)} | ${cell(valueWithUnit(o.before, o.unit))} | ${cell(valueWithUnit(o.after, o.unit))} | ${change}(${o.better} is better) |`;
    });
    before.push(["| Outcome | Before | After | Change |", "| --- | --- | --- | --- |", ...rows2].join("\n"));
  }
  const after = [];
  const list4 = (items, ordered = false) => items.map((x, i) => `${ordered ? `${i + 1}.` : "-"} ${x}`).join("\n");
  if (cs.constraints?.length) after.push(`## Constraints

${list4(cs.constraints)}`);
  if (cs.decisions?.length) {
    after.push([
      "## Decisions",
      "",
      "| Decision | Alternatives weighed | Why |",
      "| --- | --- | --- |",
      ...cs.decisions.map((d) => `| ${cell(d.decision)} | ${cell(d.alternatives.join("; ") || "\u2014")} | ${cell(d.why ?? "\u2014")} |`)
    ].join("\n"));
  }
  if (cs.tradeoffs?.length) after.push(`## Trade-offs

${list4(cs.tradeoffs)}`);
  if (cs.timeline?.length) after.push(`## Timeline

${cs.timeline.map((t) => `- **${t.at}** ${t.event}`).join("\n")}`);
  if (cs.rootCause) after.push(`## Root cause

${cs.rootCause}`);
  if (cs.actionItems?.length) after.push(`## Action items

${list4(cs.actionItems, true)}`);
  if (cs.lessons?.length) after.push(`## Lessons

${list4(cs.lessons)}`);
  return { before: before.join("\n\n"), after: after.join("\n\n") };
}
var cell, num;
var init_case_study_markdown = __esm({
  "dist/export/case-study-markdown.js"() {
    "use strict";
    init_case_study();
    cell = (s) => s.replace(/\|/g, "\\|").replace(/\n+/g, " ");
    num = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });
  }
});

// dist/export/platforms.js
import { Document as Document2 } from "yaml";
function spellSymbols(tag) {
  return tag.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/#/g, "sharp").replace(/\+\+/g, "pp").replace(/\+/g, "plus").replace(/^\./, "dot");
}
function platformTags(rules, tags, categories) {
  const seen = /* @__PURE__ */ new Set();
  const fromTags = [];
  for (const t of tags) {
    const n3 = rules.normaliseTag(t);
    if (n3 && !seen.has(n3)) {
      seen.add(n3);
      fromTags.push(n3);
    }
  }
  const kept = fromTags.slice(0, rules.tagLimit);
  for (const c of categories) {
    if (kept.length >= rules.tagLimit) break;
    const n3 = rules.normaliseTag(c);
    if (n3 && !seen.has(n3)) {
      seen.add(n3);
      kept.push(n3);
    }
  }
  return { tags: kept, dropped: fromTags.slice(rules.tagLimit) };
}
function platformFrontMatter(rules, post) {
  const data = {};
  for (const [k, v] of rules.frontMatter(post)) if (v !== void 0 && v !== "") data[k] = v;
  return `---
${new Document2(data).toString({ lineWidth: 0 })}---
`;
}
var EXPORT_PLATFORMS, PLATFORMS;
var init_platforms = __esm({
  "dist/export/platforms.js"() {
    "use strict";
    EXPORT_PLATFORMS = ["devto", "hashnode"];
    PLATFORMS = {
      devto: {
        name: "dev.to",
        tagLimit: 4,
        // dev.to tags are lowercase letters and digits only ("node.js" is "nodejs"), 30 characters at most.
        normaliseTag: (tag) => spellSymbols(tag).replace(/[^a-z0-9]/g, "").slice(0, 30),
        frontMatter: (p) => [
          ["title", p.title],
          ["published", !p.draft],
          ["description", p.description],
          ["tags", p.tags.join(", ")],
          ["canonical_url", p.canonicalUrl],
          ["cover_image", p.coverImage],
          ["series", p.series]
        ]
      },
      hashnode: {
        name: "Hashnode",
        tagLimit: 5,
        // Hashnode tags are referred to by slug: lowercase words joined by dashes ("web-development").
        normaliseTag: (tag) => spellSymbols(tag).replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 50),
        frontMatter: (p) => [
          ["title", p.title],
          ["subtitle", p.description],
          ["slug", p.slug],
          ["tags", p.tags.join(", ")],
          ["cover", p.coverImage],
          ["canonical", p.canonicalUrl],
          ["domain", p.domain],
          ["seriesSlug", p.series ? spellSymbols(p.series).replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") : void 0],
          ["saveAsDraft", p.draft ? true : void 0]
        ]
      }
    };
  }
});

// dist/export/cross-post.js
import { mkdirSync as mkdirSync9, writeFileSync as writeFileSync9 } from "node:fs";
import { join as join31, relative as relative16, resolve as resolve12, sep as sep18 } from "node:path";
function inside(parent, child) {
  return child === parent || child.startsWith(parent + sep18);
}
function absoluteUrl(url2, post, model, inHtml = false) {
  if (url2.startsWith("#") || /^[a-z][a-z0-9+.-]*:/i.test(url2) || url2.startsWith("//")) return url2;
  if (url2.startsWith("/")) return model.origin + (inHtml ? url2 : model.base + url2.slice(1));
  if (isRelativeAsset(url2)) {
    const found = resolveImage(url2, post.file, post.path, model.base);
    if (found) return model.origin + found.url;
  }
  return new URL(url2, model.origin + model.base + post.path).href;
}
function plainAlerts(markdown) {
  return markdown.replace(/^(\s*>\s*)\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*$/gim, (_m, quote, kind) => `${quote}**${kind[0].toUpperCase()}${kind.slice(1).toLowerCase()}**`);
}
async function exportPosts(opts) {
  const rules = PLATFORMS[opts.platform];
  const loaded2 = await loadConfig(opts.site, opts.baseUrl !== void 0 ? { baseUrl: opts.baseUrl } : {});
  if (!loaded2.baseUrlSet) {
    throw new CasebookError("CB3140", `The site has no baseUrl, so canonical_url would point at ${loaded2.config.baseUrl}.`, { file: loaded2.file ?? loaded2.root });
  }
  const root = loaded2.root;
  const outDir = resolve12(opts.out ?? join31(root, "export", opts.platform));
  for (const guarded of ["content", "static"]) {
    const g = resolve12(root, guarded);
    if (inside(g, outDir) || inside(outDir, g)) {
      throw new CasebookError("CB3141", `${outDir} ${inside(g, outDir) ? "is inside" : "contains"} ${relative16(process.cwd(), g) || g}.`, { file: outDir });
    }
  }
  const result = await build({
    site: root,
    memory: true,
    skip: ["og", "search"],
    // Drafts and scheduled posts are built too, only to be counted: they are not exported.
    drafts: true,
    future: true,
    ...opts.baseUrl !== void 0 ? { baseUrl: opts.baseUrl } : {},
    ...opts.now !== void 0 ? { now: opts.now } : {}
  });
  const { model } = result;
  const posts = model.posts.filter((p) => p.status === "published");
  const warnings = [];
  if (!posts.length) {
    throw new CasebookError("CB3143", `${root} has no published posts${model.posts.length ? " (only drafts and scheduled ones)" : ""}.`, { file: root });
  }
  mkdirSync9(outDir, { recursive: true });
  const names = /* @__PURE__ */ new Set();
  const files = [];
  for (const post of posts) {
    const { tags, dropped } = platformTags(rules, post.tags, post.categories);
    if (dropped.length) {
      warnings.push({ code: "CB3142", message: `"${post.title}": ${rules.name} takes ${rules.tagLimit} tags; left out ${dropped.join(", ")}.`, location: { file: post.file } });
    }
    const canonical = post.canonical && /^https?:\/\//i.test(post.canonical) ? post.canonical : model.origin + model.base + post.path;
    const cover = post.image ? absoluteUrl(post.image, post, model) : void 0;
    const front = platformFrontMatter(rules, {
      title: post.title,
      description: post.description ?? (post.rendered.summary || void 0),
      slug: post.slug,
      tags,
      canonicalUrl: canonical,
      coverImage: cover && /^https?:\/\//i.test(cover) ? cover : void 0,
      series: post.series?.name,
      draft: opts.draft === true,
      domain: opts.domain
    });
    let body2 = post.body.replace(/^\s*<!--\s*more\s*-->\s*$/gm, "");
    if (post.kind !== "article") {
      const cs = caseStudyMarkdown(post);
      body2 = [cs.before, body2.trim(), cs.after].filter(Boolean).join("\n\n");
    }
    body2 = mapMarkdownUrls(plainAlerts(body2), (url2, inHtml) => absoluteUrl(url2, post, model, inHtml)).trim();
    let name = `${post.slug}.md`;
    if (names.has(name.toLowerCase())) name = `${post.path.replace(/\/$/, "").replace(/\//g, "-")}.md`;
    names.add(name.toLowerCase());
    writeFileSync9(join31(outDir, name), `${front}
${body2}
`);
    files.push(name);
  }
  return {
    platform: opts.platform,
    outDir,
    files,
    unpublished: model.posts.length - posts.length,
    warnings
  };
}
var init_cross_post = __esm({
  "dist/export/cross-post.js"() {
    "use strict";
    init_build2();
    init_config();
    init_errors();
    init_images();
    init_absolute_urls();
    init_case_study_markdown();
    init_platforms();
  }
});

// dist/cli/export-command.js
var export_command_exports = {};
__export(export_command_exports, {
  exportCommand: () => exportCommand
});
import { relative as relative17 } from "node:path";
async function exportCommand(io, args, kit) {
  const parsed = kit.parseCommand(io, args, {
    out: { type: "string", short: "o" },
    "base-url": { type: "string" },
    draft: { type: "boolean" },
    domain: { type: "string" },
    verbose: { type: "boolean" }
  });
  if (typeof parsed === "number") return parsed;
  const { values, positionals } = parsed;
  const [platform, site, ...extra] = positionals;
  if (!platform || !EXPORT_PLATFORMS.includes(platform)) {
    return kit.usageError(io, `export needs a platform: ${EXPORT_PLATFORMS.join(", ")}${platform ? `; "${platform}" is not one of them` : ""}.`);
  }
  if (extra.length) return kit.usageError(io, `export takes one site folder, got ${extra.length + 1}.`);
  const baseUrl = values["base-url"];
  if (baseUrl !== void 0 && !/^https?:\/\/[^/]+/i.test(baseUrl)) {
    return kit.usageError(io, `--base-url must be an absolute http(s) URL such as https://example.com/, got "${baseUrl}".`);
  }
  const domain = values.domain;
  if (domain !== void 0 && (platform !== "hashnode" || !/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(domain))) {
    return kit.usageError(io, platform !== "hashnode" ? "--domain is for hashnode only." : `--domain takes a host name such as you.hashnode.dev, got "${domain}".`);
  }
  try {
    const r = await exportPosts({
      platform,
      site: site ?? ".",
      ...values.out !== void 0 ? { out: values.out } : {},
      ...baseUrl !== void 0 ? { baseUrl } : {},
      draft: values.draft === true,
      ...domain ? { domain } : {}
    });
    if (r.warnings.length) {
      io.err.write(formatWarnings(r.warnings, { color: io.err.isTTY === true, cwd: process.cwd(), verbose: values.verbose === true }) + "\n");
    }
    const where = relative17(process.cwd(), r.outDir) || ".";
    const lines = [`Wrote ${plural(r.files.length, "post")} for ${PLATFORMS[r.platform].name} \u2192 ${where.startsWith("..") ? r.outDir : where}`];
    if (r.unpublished) lines.push(`  left out ${plural(r.unpublished, "draft or scheduled post", "drafts and scheduled posts")}: they have no public URL yet`);
    if (r.platform === "hashnode" && !domain) lines.push("  note: Hashnode's GitHub import needs `domain:`; pass --domain you.hashnode.dev to write it");
    io.out.write(lines.join("\n") + "\n");
    return EXIT_OK;
  } catch (e) {
    return kit.reportErrors(io, e);
  }
}
var init_export_command = __esm({
  "dist/cli/export-command.js"() {
    "use strict";
    init_errors();
    init_cross_post();
    init_platforms();
    init_command_kit();
  }
});

// dist/analytics/migrations.js
var MIGRATIONS, SCHEMA_VERSION, MIGRATIONS_TABLE;
var init_migrations = __esm({
  "dist/analytics/migrations.js"() {
    "use strict";
    MIGRATIONS = [
      {
        version: 1,
        name: "events and daily salts",
        sqlite: `
CREATE TABLE analytics_events (
  id INTEGER PRIMARY KEY,
  site TEXT NOT NULL,
  path TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('view', 'read')),
  referrer TEXT,
  bucket TEXT,
  visitor TEXT NOT NULL,
  day TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX analytics_events_site_day ON analytics_events (site, day);
CREATE INDEX analytics_events_day ON analytics_events (day);
CREATE TABLE analytics_salts (
  day TEXT PRIMARY KEY,
  salt BLOB NOT NULL
);`,
        postgres: `
CREATE TABLE analytics_events (
  id bigserial PRIMARY KEY,
  site text NOT NULL,
  path text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('view', 'read')),
  referrer text,
  bucket text,
  visitor text NOT NULL,
  day date NOT NULL,
  at timestamptz NOT NULL
);
CREATE INDEX analytics_events_site_day ON analytics_events (site, day);
CREATE INDEX analytics_events_day ON analytics_events (day);
CREATE TABLE analytics_salts (
  day date PRIMARY KEY,
  salt bytea NOT NULL
);`
      }
    ];
    SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
    MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS analytics_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at TEXT NOT NULL
)`;
  }
});

// dist/analytics/sqlite-store.js
var sqlite_store_exports = {};
__export(sqlite_store_exports, {
  SqliteStore: () => SqliteStore
});
import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";
var n, SqliteStore;
var init_sqlite_store = __esm({
  "dist/analytics/sqlite-store.js"() {
    "use strict";
    init_errors();
    init_migrations();
    n = (v) => Number(v ?? 0);
    SqliteStore = class _SqliteStore {
      constructor(db, description) {
        this.db = db;
        this.description = description;
      }
      db;
      description;
      kind = "sqlite";
      /** Prepared on first use: the table exists only after migrate(). */
      insertOne;
      static async open(file) {
        let db;
        try {
          db = new Database(file);
          db.pragma("journal_mode = WAL");
          db.pragma("synchronous = NORMAL");
          db.pragma("busy_timeout = 5000");
          db.exec(MIGRATIONS_TABLE);
        } catch (e) {
          throw new CasebookError("CB3202", `Cannot open the SQLite database ${file}: ${e.message}.`);
        }
        return new _SqliteStore(db, file);
      }
      async migrate() {
        const applied = [];
        const current = () => n(this.db.prepare("SELECT max(version) AS v FROM analytics_migrations").get().v);
        const run = this.db.transaction(() => {
          const version22 = current();
          if (version22 > SCHEMA_VERSION) return version22;
          for (const m of MIGRATIONS) {
            if (m.version <= version22) continue;
            this.db.exec(m.sqlite);
            this.db.prepare("INSERT INTO analytics_migrations (version, name, applied_at) VALUES (?, ?, ?)").run(m.version, m.name, (/* @__PURE__ */ new Date()).toISOString());
            applied.push(m.version);
          }
          return current();
        });
        const version2 = run.immediate();
        if (version2 > SCHEMA_VERSION) {
          throw new CasebookError("CB3203", `${this.description} has schema version ${version2}; this Casebook knows versions up to ${SCHEMA_VERSION}.`);
        }
        return { applied, version: version2 };
      }
      async dailySalt(day) {
        const fresh = randomBytes(32);
        const get = this.db.transaction(() => {
          this.db.prepare("INSERT INTO analytics_salts (day, salt) VALUES (?, ?) ON CONFLICT (day) DO NOTHING").run(day, fresh);
          this.db.prepare("DELETE FROM analytics_salts WHERE day < ?").run(day);
          return this.db.prepare("SELECT salt FROM analytics_salts WHERE day = ?").get(day).salt;
        });
        return new Uint8Array(get.immediate());
      }
      async insert(events) {
        const stmt = this.insertOne ??= this.db.prepare(
          "INSERT INTO analytics_events (site, path, kind, referrer, bucket, visitor, day, at) VALUES (@site, @path, @kind, @referrer, @bucket, @visitor, @day, @at)"
        );
        const all = this.db.transaction((list4) => {
          for (const e of list4) stmt.run({ ...e, at: Math.floor(e.at / 1e3) });
        });
        all.immediate(events);
      }
      async deleteBefore(day) {
        return this.db.prepare("DELETE FROM analytics_events WHERE day < ?").run(day).changes;
      }
      async stats(q) {
        const where = "day BETWEEN @from AND @to AND (@site IS NULL OR site = @site)";
        const params = { from: q.from, to: q.to, site: q.site ?? null };
        const counts = "SUM(kind = 'view') AS views, COUNT(DISTINCT visitor) AS visitors, SUM(kind = 'read') AS reads";
        const all = (sql) => this.db.prepare(sql).all(params);
        const c = (r) => ({ views: n(r.views), visitors: n(r.visitors), reads: n(r.reads) });
        const read = this.db.transaction(() => ({
          totals: c(all(`SELECT ${counts} FROM analytics_events WHERE ${where}`)[0] ?? {}),
          pages: all(`SELECT path, ${counts} FROM analytics_events WHERE ${where} GROUP BY path ORDER BY views DESC, reads DESC, path`).map((r) => ({ path: String(r.path), ...c(r) })),
          referrers: all(`SELECT referrer, COUNT(*) AS views, COUNT(DISTINCT visitor) AS visitors FROM analytics_events
        WHERE ${where} AND kind = 'view' AND referrer IS NOT NULL GROUP BY referrer ORDER BY views DESC, referrer`).map((r) => ({ referrer: String(r.referrer), views: n(r.views), visitors: n(r.visitors) })),
          days: all(`SELECT day, ${counts} FROM analytics_events WHERE ${where} GROUP BY day ORDER BY day`).map((r) => ({ day: String(r.day), ...c(r) })),
          buckets: all(`SELECT bucket, COUNT(*) AS reads FROM analytics_events WHERE ${where} AND kind = 'read' AND bucket IS NOT NULL GROUP BY bucket`).map((r) => ({ bucket: String(r.bucket), reads: n(r.reads) }))
        }));
        return read.deferred();
      }
      async sites() {
        return this.db.prepare("SELECT DISTINCT site FROM analytics_events ORDER BY site").all().map((r) => String(r.site));
      }
      async close() {
        if (this.db.open) this.db.close();
      }
    };
  }
});

// dist/analytics/postgres-store.js
var postgres_store_exports = {};
__export(postgres_store_exports, {
  PostgresStore: () => PostgresStore
});
import { randomBytes as randomBytes2 } from "node:crypto";
import pg from "pg";
function describe2(url2) {
  try {
    const u = new URL(url2);
    return `postgres://${u.username ? `${decodeURIComponent(u.username)}@` : ""}${u.host || "localhost"}${u.pathname}`;
  } catch {
    return redactUrl(url2);
  }
}
var n2, MIGRATION_LOCK, PostgresStore;
var init_postgres_store = __esm({
  "dist/analytics/postgres-store.js"() {
    "use strict";
    init_errors();
    init_migrations();
    init_store();
    n2 = (v) => Number(v ?? 0);
    MIGRATION_LOCK = 7262201900;
    PostgresStore = class _PostgresStore {
      constructor(pool, description) {
        this.pool = pool;
        this.description = description;
      }
      pool;
      description;
      kind = "postgres";
      static async open(url2) {
        const description = describe2(url2);
        const pool = new pg.Pool({ connectionString: url2, max: 8, connectionTimeoutMillis: 1e4, application_name: "casebook-analytics" });
        pool.on("error", (e) => process.stderr.write(`casebook analytics: PostgreSQL connection lost: ${e.message}
`));
        try {
          await pool.query(MIGRATIONS_TABLE);
        } catch (e) {
          await pool.end().catch(() => {
          });
          throw new CasebookError("CB3202", `Cannot connect to PostgreSQL at ${description}: ${e.message}.`);
        }
        return new _PostgresStore(pool, description);
      }
      async transaction(work, mode = "") {
        const client = await this.pool.connect();
        try {
          await client.query(`BEGIN ${mode}`);
          const result = await work(client);
          await client.query("COMMIT");
          return result;
        } catch (e) {
          await client.query("ROLLBACK").catch(() => {
          });
          throw e;
        } finally {
          client.release();
        }
      }
      async migrate() {
        const applied = [];
        const version2 = await this.transaction(async (db) => {
          await db.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
          const current = async () => n2((await db.query("SELECT max(version) AS v FROM analytics_migrations")).rows[0]?.v);
          const before = await current();
          if (before > SCHEMA_VERSION) return before;
          for (const m of MIGRATIONS) {
            if (m.version <= before) continue;
            await db.query(m.postgres);
            await db.query("INSERT INTO analytics_migrations (version, name, applied_at) VALUES ($1, $2, $3)", [m.version, m.name, (/* @__PURE__ */ new Date()).toISOString()]);
            applied.push(m.version);
          }
          return current();
        });
        if (version2 > SCHEMA_VERSION) {
          throw new CasebookError("CB3203", `${this.description} has schema version ${version2}; this Casebook knows versions up to ${SCHEMA_VERSION}.`);
        }
        return { applied, version: version2 };
      }
      async dailySalt(day) {
        return this.transaction(async (db) => {
          await db.query("INSERT INTO analytics_salts (day, salt) VALUES ($1, $2) ON CONFLICT (day) DO NOTHING", [day, randomBytes2(32)]);
          await db.query("DELETE FROM analytics_salts WHERE day < $1", [day]);
          const { rows: rows2 } = await db.query("SELECT salt FROM analytics_salts WHERE day = $1", [day]);
          return new Uint8Array(rows2[0].salt);
        });
      }
      async insert(events) {
        if (!events.length) return;
        await this.pool.query(
          `INSERT INTO analytics_events (site, path, kind, referrer, bucket, visitor, day, at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::date[], $8::timestamptz[])`,
          [
            events.map((e) => e.site),
            events.map((e) => e.path),
            events.map((e) => e.kind),
            events.map((e) => e.referrer),
            events.map((e) => e.bucket),
            events.map((e) => e.visitor),
            events.map((e) => e.day),
            events.map((e) => new Date(e.at).toISOString())
          ]
        );
      }
      async deleteBefore(day) {
        return (await this.pool.query("DELETE FROM analytics_events WHERE day < $1::date", [day])).rowCount ?? 0;
      }
      async stats(q) {
        const where = "day BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR site = $3::text)";
        const counts = "count(*) FILTER (WHERE kind = 'view') AS views, count(DISTINCT visitor) AS visitors, count(*) FILTER (WHERE kind = 'read') AS reads";
        const c = (r) => ({ views: n2(r.views), visitors: n2(r.visitors), reads: n2(r.reads) });
        return this.transaction(async (db) => {
          const all = async (sql) => (await db.query(sql, [q.from, q.to, q.site ?? null])).rows;
          return {
            totals: c((await all(`SELECT ${counts} FROM analytics_events WHERE ${where}`))[0] ?? {}),
            pages: (await all(`SELECT path, ${counts} FROM analytics_events WHERE ${where} GROUP BY path ORDER BY views DESC, reads DESC, path COLLATE "C"`)).map((r) => ({ path: String(r.path), ...c(r) })),
            referrers: (await all(`SELECT referrer, count(*) AS views, count(DISTINCT visitor) AS visitors FROM analytics_events
          WHERE ${where} AND kind = 'view' AND referrer IS NOT NULL GROUP BY referrer ORDER BY views DESC, referrer COLLATE "C"`)).map((r) => ({ referrer: String(r.referrer), views: n2(r.views), visitors: n2(r.visitors) })),
            days: (await all(`SELECT to_char(day, 'YYYY-MM-DD') AS day, ${counts} FROM analytics_events WHERE ${where} GROUP BY day ORDER BY day`)).map((r) => ({ day: String(r.day), ...c(r) })),
            buckets: (await all(`SELECT bucket, count(*) AS reads FROM analytics_events WHERE ${where} AND kind = 'read' AND bucket IS NOT NULL GROUP BY bucket`)).map((r) => ({ bucket: String(r.bucket), reads: n2(r.reads) }))
          };
        }, "ISOLATION LEVEL REPEATABLE READ READ ONLY");
      }
      async sites() {
        const { rows: rows2 } = await this.pool.query('SELECT site FROM analytics_events GROUP BY site ORDER BY site COLLATE "C"');
        return rows2.map((r) => String(r.site));
      }
      async close() {
        await this.pool.end();
      }
    };
  }
});

// dist/analytics/store.js
var store_exports = {};
__export(store_exports, {
  DEFAULT_DB: () => DEFAULT_DB,
  openStore: () => openStore,
  parseDatabaseSpec: () => parseDatabaseSpec,
  redactUrl: () => redactUrl
});
import { resolve as resolve13 } from "node:path";
function parseDatabaseSpec(spec, cwd = process.cwd()) {
  if (spec.startsWith("sqlite:")) {
    const file = spec.slice("sqlite:".length).replace(/^\/\/(?=\/)/, "");
    if (!file) throw new CasebookError("CB3201", `--db sqlite: needs a file name, such as sqlite:analytics.db.`);
    return { kind: "sqlite", file: resolve13(cwd, file) };
  }
  if (/^postgres(?:ql)?:\/\//i.test(spec)) {
    try {
      new URL(spec);
    } catch {
      throw new CasebookError("CB3201", `--db ${redactUrl(spec)} is not a valid PostgreSQL URL.`);
    }
    return { kind: "postgres", url: spec };
  }
  throw new CasebookError("CB3201", `--db must start with sqlite: or postgres://, got "${redactUrl(spec)}".`);
}
function redactUrl(url2) {
  return url2.replace(/^([a-z]+:\/\/[^:/@]*):[^@/]*@/i, "$1:***@");
}
async function openStore(spec) {
  if (spec.kind === "sqlite") {
    const { SqliteStore: SqliteStore2 } = await Promise.resolve().then(() => (init_sqlite_store(), sqlite_store_exports));
    return SqliteStore2.open(spec.file);
  }
  const { PostgresStore: PostgresStore2 } = await Promise.resolve().then(() => (init_postgres_store(), postgres_store_exports));
  return PostgresStore2.open(spec.url);
}
var DEFAULT_DB;
var init_store = __esm({
  "dist/analytics/store.js"() {
    "use strict";
    init_errors();
    DEFAULT_DB = "sqlite:analytics.db";
  }
});

// dist/analytics/rate-limit.js
var rate_limit_exports = {};
__export(rate_limit_exports, {
  RateLimiter: () => RateLimiter,
  describeRateLimit: () => describeRateLimit,
  parseRateLimit: () => parseRateLimit
});
import { createHmac, randomBytes as randomBytes3 } from "node:crypto";
function parseRateLimit(text5) {
  if (text5 === "off" || text5 === "0") return void 0;
  const m = /^(\d{1,9})\/(s|sec|m|min|h|hour)$/.exec(text5.trim());
  if (!m || Number(m[1]) < 1) return new Error(`--rate-limit must look like 120/min, 10/s, 1000/h or off, got "${text5}".`);
  return { events: Number(m[1]), periodMs: PERIODS[m[2]] };
}
function describeRateLimit(limit) {
  if (!limit) return "off";
  const unit = Object.entries({ s: 1e3, min: 6e4, h: 36e5 }).find(([, ms]) => ms === limit.periodMs)?.[0] ?? `${limit.periodMs} ms`;
  return `${limit.events}/${unit}`;
}
var PERIODS, RateLimiter;
var init_rate_limit = __esm({
  "dist/analytics/rate-limit.js"() {
    "use strict";
    PERIODS = { s: 1e3, sec: 1e3, m: 6e4, min: 6e4, h: 36e5, hour: 36e5 };
    RateLimiter = class {
      constructor(limit, clock = Date.now) {
        this.limit = limit;
        this.clock = clock;
        this.sweep = setInterval(() => this.prune(), Math.max(limit.periodMs, 1e4));
        this.sweep.unref();
      }
      limit;
      clock;
      buckets = /* @__PURE__ */ new Map();
      key = randomBytes3(32);
      sweep;
      /** Takes one token for `client`; returns 0 when allowed, else the seconds until the next token. */
      take(client) {
        return this.use(client, true);
      }
      /** The seconds `client` must wait before its next token (0: it has one), without taking it. */
      wait(client) {
        return this.use(client, false);
      }
      use(client, take) {
        const id = createHmac("sha256", this.key).update(client).digest("base64url").slice(0, 22);
        const now = this.clock();
        const rate = this.limit.events / this.limit.periodMs;
        const b = this.buckets.get(id) ?? { tokens: this.limit.events, updated: now };
        b.tokens = Math.min(this.limit.events, b.tokens + (now - b.updated) * rate);
        b.updated = now;
        if (b.tokens >= 1) {
          if (!take) return 0;
          b.tokens -= 1;
          this.buckets.set(id, b);
          return 0;
        }
        this.buckets.set(id, b);
        return Math.max(1, Math.ceil((1 - b.tokens) / rate / 1e3));
      }
      prune() {
        const now = this.clock();
        const rate = this.limit.events / this.limit.periodMs;
        for (const [id, b] of this.buckets) if (b.tokens + (now - b.updated) * rate >= this.limit.events) this.buckets.delete(id);
      }
      get clients() {
        return this.buckets.size;
      }
      close() {
        clearInterval(this.sweep);
      }
    };
  }
});

// dist/analytics/origins.js
var origins_exports = {};
__export(origins_exports, {
  SiteOrigins: () => SiteOrigins,
  normalizeOrigin: () => normalizeOrigin
});
function normalizeOrigin(url2) {
  try {
    const u = new URL(url2);
    if (u.protocol !== "http:" && u.protocol !== "https:") return void 0;
    return u.origin;
  } catch {
    return void 0;
  }
}
var SiteOrigins;
var init_origins = __esm({
  "dist/analytics/origins.js"() {
    "use strict";
    init_errors();
    SiteOrigins = class {
      /** origin → site id, or undefined for "any site id". */
      origins = /* @__PURE__ */ new Map();
      ids = /* @__PURE__ */ new Set();
      addOrigin(url2, site) {
        const origin = normalizeOrigin(url2);
        if (origin === void 0) {
          throw new CasebookError("CB3204", `"${url2}" is not an http(s) origin such as https://example.com.`);
        }
        const known = this.origins.has(origin);
        this.origins.set(origin, known && this.origins.get(origin) === void 0 ? void 0 : site);
        if (site !== void 0) this.ids.add(site);
      }
      get size() {
        return this.origins.size;
      }
      list() {
        return [...this.origins.keys()];
      }
      /** Why an event for `site` from `origin` (the Origin header, if any) is refused, or undefined. */
      refusal(origin, site) {
        if (origin !== void 0) {
          if (!this.origins.has(origin)) return { status: 403, reason: `origin ${origin.slice(0, 200)} may not send events to this collector` };
          const id = this.origins.get(origin);
          if (id !== void 0 && id !== site) return { status: 400, reason: `site "${site}" is not served from ${origin}` };
          return void 0;
        }
        if (this.ids.size && !this.ids.has(site)) return { status: 400, reason: `site "${site}" is not one this collector counts` };
        return void 0;
      }
      allows(origin) {
        return this.origins.has(origin);
      }
    };
  }
});

// dist/analytics/bots.js
function isBot(userAgent) {
  if (!userAgent || userAgent.length > 512 || !userAgent.startsWith("Mozilla/5.0 ")) return true;
  return AUTOMATION.test(userAgent);
}
var AUTOMATION;
var init_bots = __esm({
  "dist/analytics/bots.js"() {
    "use strict";
    AUTOMATION = new RegExp(
      [
        "bot\\b",
        "bot/",
        "crawl",
        "spider",
        "slurp",
        "scrape",
        "headless",
        "phantomjs",
        "electron/",
        "puppeteer",
        "playwright",
        "selenium",
        "webdriver",
        "lighthouse",
        "pagespeed",
        "chrome-lighthouse",
        "gtmetrix",
        "pingdom",
        "uptime",
        "monitor",
        "preview",
        "facebookexternalhit",
        "embedly",
        "quora link",
        "vkshare",
        "whatsapp",
        "telegram",
        "skype",
        "slack",
        "discord",
        "bitlyurl",
        "outbrain",
        "feedfetcher",
        "feedly",
        "inoreader",
        "newsblur",
        "mediapartners",
        "adsbot",
        "google-read-aloud",
        "yahoo! slurp",
        "ia_archiver",
        "archive.org",
        "httrack",
        "wget",
        "curl",
        "python",
        "java/",
        "go-http-client",
        "okhttp",
        "node-fetch",
        "undici",
        "axios",
        "libwww",
        "httpclient",
        "http_request",
        "ruby",
        "perl",
        "php",
        "scrapy",
        "postman",
        "insomnia",
        "dataprovider",
        "ahrefs",
        "semrush",
        "mj12",
        "yandex",
        "baidu",
        "bingpreview",
        "petalbot",
        "bytespider",
        "gptbot",
        "ccbot",
        "claudebot",
        "anthropic",
        "perplexity",
        "applebot",
        "duckduckbot"
      ].map((s) => s.replace(/[.!/]/g, (c) => `\\${c}`)).join("|"),
      "i"
    );
  }
});

// dist/analytics/csv.js
function field(value) {
  let s = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
function rows(header2, data) {
  return [header2, ...data].map((r) => r.map(field).join(",")).join("\r\n") + "\r\n";
}
function statsCsv(stats, table2) {
  switch (table2) {
    case "pages":
      return rows(["path", "views", "visitors", "reads", "read_through"], stats.pages.map((p) => [p.path, p.views, p.visitors, p.reads, p.readThrough]));
    case "referrers":
      return rows(["referrer", "views", "visitors"], stats.referrers.map((r) => [r.referrer, r.views, r.visitors]));
    case "days":
      return rows(["day", "views", "visitors", "reads"], stats.days.map((d) => [d.day, d.views, d.visitors, d.reads]));
    case "read-times":
      return rows(["time_to_end", "reads"], stats.readTimes.map((b) => [b.bucket, b.reads]));
  }
}
var CSV_TABLES;
var init_csv = __esm({
  "dist/analytics/csv.js"() {
    "use strict";
    CSV_TABLES = ["pages", "referrers", "days", "read-times"];
  }
});

// dist/analytics/charts.js
function niceMax(max) {
  if (max <= 0) return 1;
  const exp = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * exp >= max) return Math.max(1, m * exp);
  return 10 * exp;
}
function frame(id, title, desc, width, height, body2) {
  return html`<svg class="chart" role="img" aria-labelledby="${id}-title ${id}-desc" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg"><title id="${id}-title">${title}</title><desc id="${id}-desc">${desc}</desc>${body2}</svg>`;
}
function lineChart(id, title, desc, days, series) {
  const width = 720;
  const height = 260;
  const left = 48;
  const right = 12;
  const top = 12;
  const bottom = 36;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values)));
  const x = (i) => left + (days.length <= 1 ? plotW / 2 : i * plotW / (days.length - 1));
  const y = (v) => top + plotH - v / max * plotH;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => Math.round(max * f * 100) / 100);
  const every = Math.max(1, Math.ceil(days.length / 6));
  const last = days.length - 1;
  const labelled = days.map((_, i) => i).filter((i) => i === last || i % every === 0 && last - i >= every / 2);
  const markers = days.length <= 62;
  return frame(id, title, desc, width, height, html`<g class="grid" aria-hidden="true">${ticks.map((t) => html`<line x1="${left}" x2="${width - right}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}"/><text class="tick" x="${left - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end">${fmt(t)}</text>`)}
${labelled.map((i) => html`<text class="tick" x="${x(i).toFixed(1)}" y="${height - bottom + 18}" text-anchor="${i === last && i > 0 ? "end" : i === 0 && last > 0 ? "start" : "middle"}">${days[i].slice(5)}</text>`)}</g>
${series.map((s) => html`<g class="${s.className}"><polyline fill="none" points="${s.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(" ")}"/>${markers ? s.values.map((v, i) => s.marker === "circle" ? html`<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3.5"><title>${days[i]}: ${fmt(v)} ${s.name}</title></circle>` : html`<rect x="${(x(i) - 3.5).toFixed(1)}" y="${(y(v) - 3.5).toFixed(1)}" width="7" height="7"><title>${days[i]}: ${fmt(v)} ${s.name}</title></rect>`) : ""}</g>`)}`);
}
function barChart(id, title, desc, rows2, max, className) {
  const width = 720;
  const rowH = 40;
  const labelW = 560;
  const height = Math.max(1, rows2.length) * rowH + 8;
  const scale = max > 0 ? max : 1;
  const shown2 = (label) => label.length > 80 ? `${label.slice(0, 79)}\u2026` : label;
  return frame(id, title, desc, width, height, html`${rows2.map((r, i) => {
    const y = 4 + i * rowH;
    const w = Math.max(r.value > 0 ? 2 : 0, r.value / scale * labelW);
    return html`<g class="${className}"><title>${r.label}: ${r.text}</title><text class="label" x="0" y="${y + 13}">${shown2(r.label)}</text><rect class="track" x="0" y="${y + 19}" width="${labelW}" height="12" rx="2"/><rect x="0" y="${y + 19}" width="${w.toFixed(1)}" height="12" rx="2"/><text class="value" x="${labelW + 8}" y="${y + 30}">${r.text}</text></g>`;
  })}${rows2.length ? "" : html`<text class="label" x="0" y="24">No data in this range.</text>`}`);
}
var fmt, pct;
var init_charts = __esm({
  "dist/analytics/charts.js"() {
    "use strict";
    init_html();
    fmt = (n3) => n3.toLocaleString("en-US");
    pct = (r) => `${Math.round(r * 100)}%`;
  }
});

// dist/analytics/dashboard.js
import { createHash as createHash14 } from "node:crypto";
function table(id, caption, head, rows2, note) {
  return html`<div class="table-wrap" role="region" aria-labelledby="${id}-caption" tabindex="0"><table id="${id}">
<caption id="${id}-caption">${caption}</caption>
<thead><tr>${head.map(([h, num2]) => html`<th scope="col"${num2 ? raw(' class="n"') : ""}>${h}</th>`)}</tr></thead>
<tbody>${rows2.length ? rows2.map((r) => html`<tr>${r.map((c, i) => i === 0 ? html`<th scope="row"${head[0][1] ? raw(' class="n"') : raw(' class="path"')}>${c}</th>` : html`<td${head[i][1] ? raw(' class="n"') : ""}>${c}</td>`)}</tr>`) : html`<tr><td colspan="${head.length}">No data in this range.</td></tr>`}</tbody>
</table></div>${note ? html`<p class="muted">${note}</p>` : ""}`;
}
function exportLinks(query) {
  const link3 = (table2, label) => html`<li><a href="${`api/stats.csv?table=${table2}${query ? `&${query}` : ""}`}" download>${label} (CSV)</a></li>`;
  return html`<ul>${link3("pages", "Pages")}${link3("referrers", "Referrers")}${link3("days", "Days")}${link3("read-times", "Time to the end")}</ul>`;
}
function renderDashboard(input) {
  const { stats } = input;
  const where = stats?.site ?? (input.sites.length === 1 ? input.sites[0] : "all sites");
  const query = stats ? new URLSearchParams({ from: stats.from, to: stats.to, ...stats.site ? { site: stats.site } : {} }).toString() : "";
  const title = stats ? `Reader analytics \xB7 ${where} \xB7 ${stats.from} to ${stats.to}` : "Reader analytics";
  const body2 = stats ? sections(stats, where, query) : "";
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
<p class="muted">${stats ? html`${where}, ${stats.from} to ${stats.to} (UTC days). Visitors are counted once per day.` : ""}</p>
<form class="filters" method="get" action="dashboard" aria-label="Range and site">
<label for="from">From<input type="date" id="from" name="from" value="${input.from}" required></label>
<label for="to">To<input type="date" id="to" name="to" value="${input.to}" required></label>
${input.sites.length > 1 || input.site ? html`<label for="site">Site<select id="site" name="site"><option value="">All sites</option>${input.sites.map((s) => html`<option${s === input.site ? raw(" selected") : ""}>${s}</option>`)}</select></label>` : ""}
<button type="submit">Show</button>
</form>
${input.error ? html`<p class="error" role="alert">${input.error}</p>` : ""}
${body2}
</main>
</body>
</html>
`.value;
}
function sections(stats, where, query) {
  const t = stats.totals;
  const days = stats.days.map((d) => d.day);
  const peak = (key) => stats.days.reduce((best2, d) => d[key] > best2[key] ? d : best2, stats.days[0]);
  const vPeak = peak("views");
  const rPeak = peak("reads");
  const timeDesc = t.views ? `${fmt(t.views)} views and ${fmt(t.reads)} reads over ${days.length} days. Most views: ${fmt(vPeak.views)} on ${vPeak.day}. Most reads: ${fmt(rPeak.reads)} on ${rPeak.day}. The table after the chart lists every day.` : `No views or reads between ${stats.from} and ${stats.to}.`;
  const posts = stats.pages.filter((p) => p.reads > 0 || p.views > 0).slice(0, 15);
  const readRows = posts.map((p) => ({ label: p.path, value: p.readThrough, text: `${pct(p.readThrough)} \xB7 ${fmt(p.reads)} of ${fmt(p.views)}` }));
  const best = [...posts].filter((p) => p.views > 0).sort((a, b) => b.readThrough - a.readThrough)[0];
  const readDesc = posts.length ? `Share of views that reached the end of the page, for the ${posts.length} most viewed pages.${best ? ` Highest: ${best.path} at ${pct(best.readThrough)}.` : ""} The table after the chart has every page.` : "No page views in this range.";
  const refs = stats.referrers.slice(0, 10);
  const refMax = Math.max(0, ...refs.map((r) => r.views));
  const refDesc = refs.length ? `Views by the site that linked to the page, top ${refs.length}. First: ${refs[0].referrer} with ${fmt(refs[0].views)} views.` : "No views came from other sites in this range.";
  const totalReads = stats.readTimes.reduce((s, b) => s + b.reads, 0);
  const timeMax = Math.max(0, ...stats.readTimes.map((b) => b.reads));
  const timeRows = stats.readTimes.map((b) => ({ label: b.bucket, value: b.reads, text: `${fmt(b.reads)}${totalReads ? ` (${pct(b.reads / totalReads)})` : ""}` }));
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
${lineChart("chart-days", `Views and reads per day, ${where}`, timeDesc, days, [
    { name: "views", className: "views", values: stats.days.map((d) => d.views), marker: "circle" },
    { name: "reads", className: "reads", values: stats.days.map((d) => d.reads), marker: "square" }
  ])}
<figcaption><ul class="legend" aria-label="Legend"><li class="views"><span></span>Views (solid line, circles)</li><li class="reads"><span></span>Reads to the end (dashed line, squares)</li></ul></figcaption>
</figure>
<details><summary>Views, visitors and reads per day (table)</summary>
${table("table-days", "Per day", [["Day", false], ["Views", true], ["Visitors", true], ["Reads", true]], stats.days.map((d) => [d.day, fmt(d.views), fmt(d.visitors), fmt(d.reads)]))}
</details>
</section>
<section aria-labelledby="read-through">
<h2 id="read-through">Read-through by page</h2>
<p class="muted">A read is counted when the reader reaches the end of an article or case study; read-through is reads divided by views.</p>
<figure>${barChart("chart-read-through", "Read-through rate of the most viewed pages", readDesc, readRows, 1, "reads")}</figure>
${table(
    "table-pages",
    "Pages",
    [["Page", false], ["Views", true], ["Visitors", true], ["Reads", true], ["Read-through", true]],
    stats.pages.slice(0, TABLE_ROWS).map((p) => [p.path, fmt(p.views), fmt(p.visitors), fmt(p.reads), pct(p.readThrough)]),
    stats.pages.length > TABLE_ROWS ? `The first ${TABLE_ROWS} of ${fmt(stats.pages.length)} pages; the CSV export has all of them.` : void 0
  )}
</section>
<section aria-labelledby="referrers">
<h2 id="referrers">Top referrers</h2>
<figure>${barChart("chart-referrers", "Views by referring site", refDesc, refs.map((r) => ({ label: r.referrer, value: r.views, text: `${fmt(r.views)} views` })), refMax, "views")}</figure>
${table(
    "table-referrers",
    "Referrers",
    [["Site", false], ["Views", true], ["Visitors", true]],
    stats.referrers.slice(0, TABLE_ROWS).map((r) => [r.referrer, fmt(r.views), fmt(r.visitors)]),
    stats.referrers.length > TABLE_ROWS ? `The first ${TABLE_ROWS} of ${fmt(stats.referrers.length)} referrers; the CSV export has all of them.` : void 0
  )}
</section>
<section aria-labelledby="time-to-end">
<h2 id="time-to-end">Time to the end</h2>
<p class="muted">Visible time from opening a page to reaching the end of its body, for every read.</p>
<figure>${barChart("chart-time", "Reads by time to the end", totalReads ? `${fmt(totalReads)} reads in ${stats.readTimes.length} time ranges; the table after the chart lists them.` : "No reads in this range.", timeRows, timeMax, "reads")}</figure>
${table("table-time", "Reads by time to the end", [["Time", false], ["Reads", true]], stats.readTimes.map((b) => [b.bucket, fmt(b.reads)]))}
</section>
<section aria-labelledby="export">
<h2 id="export">Export</h2>
${exportLinks(query)}
</section>`;
}
var CSS, DASHBOARD_CSP, TABLE_ROWS;
var init_dashboard = __esm({
  "dist/analytics/dashboard.js"() {
    "use strict";
    init_html();
    init_charts();
    CSS = `
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
    DASHBOARD_CSP = `default-src 'none'; style-src 'sha256-${createHash14("sha256").update(CSS).digest("base64")}'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`;
    TABLE_ROWS = 200;
  }
});

// dist/analytics/event.js
function isSiteId(value) {
  return SITE_ID.test(value);
}
function pathProblem(path) {
  if (path.length === 0 || path[0] !== "/") return 'path must start with "/"';
  if (path.length > MAX_PATH_LENGTH) return `path is longer than ${MAX_PATH_LENGTH} characters`;
  if (path.startsWith("//")) return 'path must not start with "//"';
  if (/[?#]/.test(path)) return "path must not contain a query or fragment";
  if (!PATH_CHARS.test(path)) return "path has characters a browser would percent-encode";
  let segments;
  try {
    segments = path.split("/").map(decodeURIComponent);
  } catch {
    return "path has a percent escape that is not UTF-8";
  }
  if (segments.some((s) => s === "." || s === "..")) return 'path must not contain "." or ".." segments';
  return void 0;
}
function parseEvent(body2) {
  let data;
  try {
    data = JSON.parse(body2);
  } catch {
    return { ok: false, reason: "body is not valid JSON" };
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) return { ok: false, reason: "body must be a JSON object" };
  const record = data;
  const unknown = Object.keys(record).find((k) => !FIELDS.includes(k));
  if (unknown !== void 0) return { ok: false, reason: `unknown field "${unknown.slice(0, 40)}"; allowed: ${FIELDS.join(", ")}` };
  const { site, path, kind, referrer, bucket } = record;
  if (typeof site !== "string" || !isSiteId(site)) {
    return { ok: false, reason: 'site must be a site id of letters, digits, ".", "-" and "_" (at most 64)' };
  }
  if (typeof path !== "string") return { ok: false, reason: "path must be a string" };
  const problem = pathProblem(path);
  if (problem) return { ok: false, reason: problem };
  if (typeof kind !== "string" || !EVENT_KINDS.includes(kind)) {
    return { ok: false, reason: `kind must be one of ${EVENT_KINDS.join(", ")}` };
  }
  const event = { site, path, kind };
  if (referrer !== void 0) {
    if (typeof referrer !== "string") return { ok: false, reason: "referrer must be a string" };
    if (referrer.length > MAX_REFERRER_LENGTH) return { ok: false, reason: `referrer is longer than ${MAX_REFERRER_LENGTH} characters` };
    if (referrer !== "" && referrerHost(referrer) === void 0) return { ok: false, reason: "referrer must be empty or an http(s) URL" };
    if (kind !== "view" && referrer !== "") return { ok: false, reason: "referrer belongs to view events only" };
    event.referrer = referrer;
  }
  if (bucket !== void 0) {
    if (kind !== "read") return { ok: false, reason: "bucket belongs to read events only" };
    if (typeof bucket !== "string" || !TIME_BUCKETS.includes(bucket)) {
      return { ok: false, reason: `bucket must be one of ${TIME_BUCKETS.join(", ")}` };
    }
    event.bucket = bucket;
  }
  return { ok: true, value: event };
}
function referrerHost(referrer) {
  let url2;
  try {
    url2 = new URL(referrer);
  } catch {
    return void 0;
  }
  if (url2.protocol !== "http:" && url2.protocol !== "https:") return void 0;
  const host = url2.hostname.toLowerCase().replace(/^www\./, "");
  return host === "" ? void 0 : host;
}
var EVENT_KINDS, TIME_BUCKETS, MAX_BODY_BYTES, MAX_PATH_LENGTH, MAX_REFERRER_LENGTH, FIELDS, SITE_ID, PATH_CHARS;
var init_event = __esm({
  "dist/analytics/event.js"() {
    "use strict";
    EVENT_KINDS = ["view", "read"];
    TIME_BUCKETS = ["<10s", "10-30s", "30s-1m", "1-2m", "2-5m", "5-10m", "10m+"];
    MAX_BODY_BYTES = 2048;
    MAX_PATH_LENGTH = 512;
    MAX_REFERRER_LENGTH = 2048;
    FIELDS = ["site", "path", "kind", "referrer", "bucket"];
    SITE_ID = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,62}[A-Za-z0-9])?$/;
    PATH_CHARS = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*$/;
  }
});

// dist/analytics/visitor.js
import { createHash as createHash15 } from "node:crypto";
function utcDay(ms) {
  return new Date(ms).toISOString().slice(0, 10);
}
function visitorHash(salt, ip, userAgent, site) {
  return createHash15("sha256").update(salt).update("\0").update(ip).update("\0").update(userAgent).update("\0").update(site).digest("hex").slice(0, 32);
}
var DailySalt;
var init_visitor = __esm({
  "dist/analytics/visitor.js"() {
    "use strict";
    DailySalt = class {
      constructor(load) {
        this.load = load;
      }
      load;
      day;
      salt;
      get(day) {
        if (day !== this.day || !this.salt) {
          this.day = day;
          this.salt = this.load(day);
          this.salt.catch(() => {
            if (this.day === day) this.salt = void 0;
          });
        }
        return this.salt;
      }
    };
  }
});

// dist/analytics/stats.js
function validDay(s) {
  return ISO_DAY.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && utcDay(Date.parse(`${s}T00:00:00Z`)) === s;
}
function parseStatsQuery(params, now) {
  const known = ["from", "to", "site"];
  for (const key of params.keys()) if (!known.includes(key)) return { ok: false, reason: `unknown parameter "${key.slice(0, 40)}"; allowed: from, to, site` };
  const to = params.get("to") || utcDay(now);
  if (!validDay(to)) return { ok: false, reason: "to must be a date as YYYY-MM-DD" };
  const from = params.get("from") || utcDay(Date.parse(`${to}T00:00:00Z`) - (DEFAULT_RANGE_DAYS - 1) * DAY_MS);
  if (!validDay(from)) return { ok: false, reason: "from must be a date as YYYY-MM-DD" };
  const span = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1;
  if (span < 1) return { ok: false, reason: "from must not be after to" };
  if (span > MAX_RANGE_DAYS) return { ok: false, reason: `the range may span at most ${MAX_RANGE_DAYS} days` };
  const site = params.get("site") || void 0;
  if (site !== void 0 && !isSiteId(site)) return { ok: false, reason: "site must be a site id" };
  return { ok: true, value: { from, to, site } };
}
function shapeStats(q, raw2, sites) {
  const byDay = new Map(raw2.days.map((d) => [d.day, d]));
  const days = [];
  for (let t = Date.parse(`${q.from}T00:00:00Z`); t <= Date.parse(`${q.to}T00:00:00Z`); t += DAY_MS) {
    const day = utcDay(t);
    const d = byDay.get(day);
    days.push({ day, views: d?.views ?? 0, visitors: d?.visitors ?? 0, reads: d?.reads ?? 0 });
  }
  const byBucket = new Map(raw2.buckets.map((b) => [b.bucket, b.reads]));
  return {
    site: q.site ?? null,
    from: q.from,
    to: q.to,
    totals: { ...raw2.totals, readThrough: ratio(raw2.totals.reads, raw2.totals.views) },
    pages: raw2.pages.map((p) => ({ path: p.path, views: p.views, visitors: p.visitors, reads: p.reads, readThrough: ratio(p.reads, p.views) })),
    referrers: raw2.referrers,
    days,
    readTimes: TIME_BUCKETS.map((bucket) => ({ bucket, reads: byBucket.get(bucket) ?? 0 })),
    sites
  };
}
var DEFAULT_RANGE_DAYS, MAX_RANGE_DAYS, DAY_MS, ISO_DAY, ratio;
var init_stats = __esm({
  "dist/analytics/stats.js"() {
    "use strict";
    init_event();
    init_visitor();
    DEFAULT_RANGE_DAYS = 30;
    MAX_RANGE_DAYS = 3660;
    DAY_MS = 864e5;
    ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
    ratio = (reads, views2) => views2 > 0 ? Math.round(reads / views2 * 1e4) / 1e4 : 0;
  }
});

// dist/analytics/write-queue.js
var WriteQueue;
var init_write_queue = __esm({
  "dist/analytics/write-queue.js"() {
    "use strict";
    WriteQueue = class {
      constructor(store, maxBatch = 1e3) {
        this.store = store;
        this.maxBatch = maxBatch;
      }
      store;
      maxBatch;
      pending = [];
      running;
      push(event) {
        return new Promise((resolve15, reject) => {
          this.pending.push({ event, done: (error) => error === void 0 ? resolve15() : reject(error) });
          this.running ??= new Promise((r) => setImmediate(r)).then(() => this.drain());
        });
      }
      async drain() {
        while (this.pending.length) {
          const batch = this.pending.splice(0, this.maxBatch);
          try {
            await this.store.insert(batch.map((p) => p.event));
            for (const p of batch) p.done();
          } catch (e) {
            for (const p of batch) p.done(e ?? new Error("write failed"));
          }
        }
        this.running = void 0;
      }
      /** Resolves when everything pushed so far is written (or has failed). */
      async flush() {
        while (this.running) await this.running;
      }
    };
  }
});

// dist/analytics/server.js
var server_exports2 = {};
__export(server_exports2, {
  createCollector: () => createCollector
});
import { createHash as createHash16, timingSafeEqual } from "node:crypto";
import { createServer as createServer3 } from "node:http";
function send3(res, status, headers, body2) {
  res.writeHead(status, { "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", ...headers });
  res.end(body2);
}
function sendJson(res, status, value, headers = {}) {
  send3(res, status, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers }, JSON.stringify(value) + "\n");
}
function readBody(req) {
  return new Promise((resolve15) => {
    const declared = Number(req.headers["content-length"] ?? 0);
    const tooBig = { ok: false, reason: `body is larger than ${MAX_BODY_BYTES} bytes` };
    if (declared > DRAIN_LIMIT) {
      resolve15(tooBig);
      return;
    }
    const chunks = [];
    let size = 0;
    req.on("data", (chunk) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else if (size > DRAIN_LIMIT) req.destroy();
    });
    req.on("end", () => {
      if (size > MAX_BODY_BYTES) return resolve15(tooBig);
      try {
        resolve15({ ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks)) });
      } catch {
        resolve15({ ok: false, reason: "body is not valid UTF-8" });
      }
    });
    req.on("error", () => resolve15({ ok: false, reason: "body could not be read" }));
  });
}
function digest2(s) {
  return createHash16("sha256").update(s).digest();
}
function createCollector(opts) {
  const { store, origins } = opts;
  const log = opts.log ?? ((m) => process.stderr.write(`casebook analytics: ${m}
`));
  const queue = new WriteQueue(store);
  const salts = new DailySalt((day) => store.dailySalt(day));
  const limiter = opts.rateLimit ? new RateLimiter(opts.rateLimit) : void 0;
  const authFailures = new RateLimiter(AUTH_FAILURES);
  const tokenDigest = digest2(opts.token);
  const retainDays = opts.retainDays;
  const prune = async () => {
    if (retainDays === void 0) return;
    const cutoff = utcDay(Date.now() - (retainDays - 1) * 864e5);
    try {
      await store.deleteBefore(cutoff);
    } catch (e) {
      log(`deleting events before ${cutoff} failed: ${e.message}`);
    }
  };
  let pruning = retainDays === void 0 ? void 0 : prune();
  const pruneTimer = retainDays === void 0 ? void 0 : setInterval(() => pruning = prune(), 36e5);
  pruneTimer?.unref();
  const clientAddress = (req) => {
    if (opts.trustProxy) {
      const forwarded = String(req.headers["x-forwarded-for"] ?? "").split(",").map((s) => s.trim()).filter(Boolean);
      const last = forwarded[forwarded.length - 1];
      if (last) return last;
    }
    return req.socket.remoteAddress ?? "";
  };
  const authorized = (req) => {
    const m = /^(Bearer|Basic)\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
    if (!m) return false;
    let given = m[2];
    if (m[1].toLowerCase() === "basic") {
      const pair = Buffer.from(given, "base64").toString("utf8");
      given = pair.slice(pair.indexOf(":") + 1);
    }
    return timingSafeEqual(digest2(given), tokenDigest);
  };
  const guard = (req, res) => {
    const client = clientAddress(req);
    const wait = authFailures.wait(client);
    if (wait) {
      sendJson(res, 429, { error: "too many failed attempts; try again later" }, { "Retry-After": wait });
      return false;
    }
    if (authorized(req)) return true;
    authFailures.take(client);
    const text5 = 'This needs the collector token: send "Authorization: Bearer TOKEN", or sign in with any user name and the token as password.\n';
    send3(res, 401, { "WWW-Authenticate": REALM, "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" }, text5);
    return false;
  };
  const loadStats = async (q) => {
    const [raw2, sites] = await Promise.all([store.stats(q), store.sites()]);
    return shapeStats(q, raw2, sites);
  };
  async function handleEvent(req, res) {
    const origin = req.headers.origin;
    const allowed = origin !== void 0 && origins.allows(origin);
    const cors = allowed ? { "Access-Control-Allow-Origin": origin, Vary: "Origin" } : { Vary: "Origin" };
    const refuse = (status, reason, extra = {}) => sendJson(res, status, { error: reason }, { ...cors, ...extra });
    if (req.method === "OPTIONS") {
      if (!allowed) return refuse(403, `origin ${String(origin ?? "none").slice(0, 200)} may not send events to this collector`);
      return send3(res, 204, { ...cors, "Access-Control-Allow-Methods": "POST", "Access-Control-Allow-Headers": "Content-Type", "Access-Control-Max-Age": 86400 });
    }
    if (req.method !== "POST") return refuse(405, "use POST", { Allow: "POST, OPTIONS" });
    if (origin !== void 0 && !allowed) {
      req.resume();
      return refuse(403, `origin ${origin.slice(0, 200)} may not send events to this collector`);
    }
    const client = clientAddress(req);
    const wait = limiter?.take(client);
    if (wait) {
      req.resume();
      return refuse(429, "too many events from this client", { "Retry-After": wait });
    }
    const type = String(req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
    if (type !== "application/json" && type !== "text/plain") {
      req.resume();
      return refuse(415, "send the event as application/json or text/plain");
    }
    const body2 = await readBody(req);
    if (!body2.ok) return refuse(400, body2.reason, { Connection: "close" });
    const parsed = parseEvent(body2.text);
    if (!parsed.ok) return refuse(400, parsed.reason);
    const event = parsed.value;
    const refusal = origins.refusal(origin, event.site);
    if (refusal) return refuse(refusal.status, refusal.reason);
    const userAgent = req.headers["user-agent"];
    if (req.headers.dnt === "1" || req.headers["sec-gpc"] === "1" || isBot(userAgent)) return send3(res, 204, cors);
    const now = Date.now();
    const day = utcDay(now);
    let referrer = event.referrer ? referrerHost(event.referrer) ?? null : null;
    if (referrer !== null && origin !== void 0 && referrer === referrerHost(origin)) referrer = null;
    try {
      const salt = await salts.get(day);
      await queue.push({
        site: event.site,
        path: event.path,
        kind: event.kind,
        referrer,
        bucket: event.bucket ?? null,
        visitor: visitorHash(salt, client, userAgent, event.site),
        at: now,
        day
      });
    } catch (e) {
      log(`storing an event failed: ${e.message}`);
      return refuse(503, "the collector cannot store events right now");
    }
    send3(res, 204, cors);
  }
  async function handleStats(req, res, url2) {
    if (req.method !== "GET") return send3(res, 405, { Allow: "GET" });
    if (!guard(req, res)) return;
    const csv = url2.pathname.endsWith(".csv");
    const params = new URLSearchParams(url2.searchParams);
    const table2 = params.get("table") ?? "pages";
    params.delete("table");
    if (csv && !CSV_TABLES.includes(table2)) return sendJson(res, 400, { error: `table must be one of ${CSV_TABLES.join(", ")}` });
    if (!csv && url2.searchParams.has("table")) return sendJson(res, 400, { error: "table is a parameter of /api/stats.csv" });
    const q = parseStatsQuery(params, Date.now());
    if (!q.ok) return sendJson(res, 400, { error: q.reason });
    const stats = await loadStats(q.value);
    if (!csv) return sendJson(res, 200, stats);
    const name = `casebook-${table2}-${stats.site ? `${stats.site}-` : ""}${stats.from}-${stats.to}.csv`;
    send3(res, 200, {
      "Content-Type": "text/csv; charset=utf-8; header=present",
      "Content-Disposition": `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
      "Cache-Control": "no-store"
    }, statsCsv(stats, table2));
  }
  async function handleDashboard(req, res, url2) {
    if (req.method !== "GET") return send3(res, 405, { Allow: "GET" });
    if (!guard(req, res)) return;
    const headers = { "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": DASHBOARD_CSP, "Cache-Control": "no-store", "X-Frame-Options": "DENY" };
    const p = url2.searchParams;
    const q = parseStatsQuery(p, Date.now());
    const sites = await store.sites();
    const form = { from: p.get("from") ?? "", to: p.get("to") ?? "", site: p.get("site") ?? "", sites };
    if (!q.ok) return send3(res, 400, headers, renderDashboard({ ...form, stats: void 0, error: `Cannot show this range: ${q.reason}.` }));
    const stats = await loadStats(q.value);
    send3(res, 200, headers, renderDashboard({ ...form, from: stats.from, to: stats.to, stats }));
  }
  const server = createServer3((req, res) => {
    const url2 = new URL(req.url ?? "/", "http://collector");
    const route = () => {
      switch (url2.pathname) {
        case "/api/event":
          return handleEvent(req, res);
        case "/api/stats":
        case "/api/stats.csv":
          return handleStats(req, res, url2);
        case "/dashboard":
          return handleDashboard(req, res, url2);
        case "/":
          return send3(res, 302, { Location: "dashboard" });
        case "/favicon.ico":
          return send3(res, 204, { "Cache-Control": "max-age=86400" });
        case "/healthz":
          return send3(res, 200, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" }, "ok\n");
        default:
          return sendJson(res, 404, { error: "not found" });
      }
    };
    Promise.resolve().then(route).catch((e) => {
      log(`${req.method} ${url2.pathname} failed: ${e.stack ?? String(e)}`);
      if (!res.headersSent) sendJson(res, 500, { error: "internal error" });
      else res.destroy();
    });
  });
  server.headersTimeout = 1e4;
  server.requestTimeout = 15e3;
  server.keepAliveTimeout = 5e3;
  let closing;
  return {
    server,
    close() {
      closing ??= (async () => {
        await new Promise((done) => {
          server.close(() => done());
          server.closeIdleConnections();
        });
        clearInterval(pruneTimer);
        await pruning;
        await queue.flush();
        limiter?.close();
        authFailures.close();
        await store.close();
      })();
      return closing;
    }
  };
}
var DRAIN_LIMIT, AUTH_FAILURES, REALM;
var init_server3 = __esm({
  "dist/analytics/server.js"() {
    "use strict";
    init_bots();
    init_csv();
    init_dashboard();
    init_event();
    init_rate_limit();
    init_stats();
    init_visitor();
    init_write_queue();
    DRAIN_LIMIT = 64 * 1024;
    AUTH_FAILURES = { events: 10, periodMs: 6e4 };
    REALM = 'Basic realm="Casebook analytics", charset="UTF-8"';
  }
});

// dist/cli/analytics-command.js
var analytics_command_exports = {};
__export(analytics_command_exports, {
  DEFAULT_ANALYTICS_PORT: () => DEFAULT_ANALYTICS_PORT,
  DEFAULT_RATE_LIMIT: () => DEFAULT_RATE_LIMIT,
  analyticsCommand: () => analyticsCommand
});
function usage(io, code, message) {
  io.err.write(formatError(new CasebookError(code, message), { color: io.err.isTTY === true }) + "\n");
  return EXIT_USAGE;
}
async function analyticsCommand(io, args, h) {
  const [sub, ...rest] = args;
  if (sub === void 0) return h.usageError(io, "analytics needs a subcommand: serve.");
  if (sub === "-h" || sub === "--help") return h.parseCommand(io, ["--help"], {});
  if (sub !== "serve") return h.usageError(io, `analytics has one subcommand, serve; got "${sub}".`);
  const parsed = h.parseCommand(io, rest, {
    db: { type: "string" },
    port: { type: "string", short: "p" },
    host: { type: "string" },
    token: { type: "string" },
    origin: { type: "string", multiple: true },
    site: { type: "string", multiple: true },
    "rate-limit": { type: "string" },
    "trust-proxy": { type: "boolean" },
    retain: { type: "string" }
  });
  if (typeof parsed === "number") return parsed;
  const { values, positionals } = parsed;
  if (positionals.length) return h.usageError(io, `analytics serve takes no folder or file, got ${positionals.join(" ")}; pass sites with --site DIR.`);
  const token = values.token ?? process.env.CASEBOOK_ANALYTICS_TOKEN ?? "";
  if (!token) return usage(io, "CB3200", "analytics serve needs a token for /api/stats and /dashboard: --token TOKEN or CASEBOOK_ANALYTICS_TOKEN.");
  if (token.length < MIN_TOKEN_LENGTH || /\s/.test(token)) {
    return usage(io, "CB3200", `The analytics token must be at least ${MIN_TOKEN_LENGTH} characters without spaces; this one has ${token.length}.`);
  }
  const portText = values.port ?? String(DEFAULT_ANALYTICS_PORT);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) return h.usageError(io, `--port must be a number from 0 to 65535, got "${portText}".`);
  const host = values.host ?? "127.0.0.1";
  const retainText = values.retain;
  const retainDays = retainText === void 0 ? void 0 : Number(retainText);
  if (retainDays !== void 0 && (!/^\d+$/.test(retainText) || retainDays < 1 || retainDays > 36600)) {
    return h.usageError(io, `--retain must be a number of days from 1, got "${retainText}".`);
  }
  const { DEFAULT_DB: DEFAULT_DB2, openStore: openStore2, parseDatabaseSpec: parseDatabaseSpec2 } = await Promise.resolve().then(() => (init_store(), store_exports));
  const { parseRateLimit: parseRateLimit2, describeRateLimit: describeRateLimit2 } = await Promise.resolve().then(() => (init_rate_limit(), rate_limit_exports));
  const { SiteOrigins: SiteOrigins2 } = await Promise.resolve().then(() => (init_origins(), origins_exports));
  const rate = parseRateLimit2(values["rate-limit"] ?? DEFAULT_RATE_LIMIT);
  if (rate instanceof Error) return usage(io, "CB3205", rate.message);
  let spec;
  try {
    spec = parseDatabaseSpec2(values.db ?? process.env.CASEBOOK_ANALYTICS_DB ?? DEFAULT_DB2);
  } catch (e) {
    return usage(io, "CB3201", e.message);
  }
  const origins = new SiteOrigins2();
  const sites = [];
  try {
    for (const o of values.origin ?? []) origins.addOrigin(o);
    if (values.site?.length) {
      const { loadConfig: loadConfig2 } = await Promise.resolve().then(() => (init_config(), config_exports));
      const { analyticsSiteId: analyticsSiteId2 } = await Promise.resolve().then(() => (init_beacon(), beacon_exports));
      for (const dir of values.site) {
        const { config } = await loadConfig2(dir);
        const id = analyticsSiteId2(config);
        origins.addOrigin(config.baseUrl, id);
        sites.push(id);
      }
    }
  } catch (e) {
    if (e instanceof CasebookError && e.code === "CB3204") return usage(io, "CB3204", e.message);
    return h.reportErrors(io, e);
  }
  if (!origins.size) {
    return usage(io, "CB3204", "analytics serve needs the origins of the sites whose pages send events: --site DIR or --origin URL.");
  }
  let store;
  try {
    store = await openStore2(spec);
    const migration = await store.migrate();
    const { createCollector: createCollector2 } = await Promise.resolve().then(() => (init_server3(), server_exports2));
    const collector = createCollector2({ store, token, origins, rateLimit: rate, trustProxy: values["trust-proxy"] === true, retainDays });
    await new Promise((resolve15, reject) => {
      collector.server.once("error", reject);
      collector.server.listen(port, host, () => resolve15());
    });
    const addr = collector.server.address();
    const actual = typeof addr === "object" && addr ? addr.port : port;
    const base = `http://${host.includes(":") ? `[${host}]` : host}:${actual}/`;
    io.out.write(
      `Analytics collector at ${base} (Ctrl+C to stop)
  database:   ${store.kind} ${store.description}, schema v${migration.version}${migration.applied.length ? ` (applied ${migration.applied.join(", ")})` : ""}
  events:     POST ${base}api/event from ${origins.list().join(", ")}${sites.length ? ` (sites ${sites.join(", ")})` : ""}
  rate limit: ${describeRateLimit2(rate)} per client${values["trust-proxy"] ? ", client address from X-Forwarded-For" : ""}
  retention:  ${retainDays === void 0 ? "events are kept until deleted" : `events of the last ${retainDays} days (UTC), older ones deleted hourly`}
  dashboard:  ${base}dashboard (any user name, the token as password); stats: ${base}api/stats
`
    );
    await h.untilSignal(() => {
    });
    await collector.close();
    return 0;
  } catch (e) {
    await store?.close().catch(() => {
    });
    if (e.code === "EADDRINUSE") {
      return h.reportErrors(io, new CasebookError("CB3003", `Port ${port} on ${host} is already in use.`));
    }
    return h.reportErrors(io, e);
  }
}
var DEFAULT_ANALYTICS_PORT, DEFAULT_RATE_LIMIT, MIN_TOKEN_LENGTH, EXIT_USAGE;
var init_analytics_command = __esm({
  "dist/cli/analytics-command.js"() {
    "use strict";
    init_errors();
    DEFAULT_ANALYTICS_PORT = 4322;
    DEFAULT_RATE_LIMIT = "120/min";
    MIN_TOKEN_LENGTH = 16;
    EXIT_USAGE = 2;
  }
});

// dist/cli/main.js
init_build2();
init_errors();
init_server();
import { parseArgs as parseArgs2 } from "node:util";
import { relative as relative18, resolve as resolve14 } from "node:path";
import { existsSync as existsSync17, statSync as statSync14, readFileSync as readFileSync25 } from "node:fs";

// dist/cli/progress.js
function progressBar(stream) {
  let last = 0;
  let drawn = false;
  return {
    update(e) {
      const now = performance.now();
      if (now - last < 50 && e.done !== e.total) return;
      last = now;
      const width = Math.max(10, Math.min(30, (stream.columns ?? 80) - 40));
      const ratio2 = e.total ? e.done / e.total : 1;
      const filled = Math.round(ratio2 * width);
      stream.write(`\r\x1B[2K${e.phase.padEnd(9)} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${e.done}/${e.total}`);
      drawn = true;
    },
    clear() {
      if (drawn) stream.write("\r\x1B[2K");
    }
  };
}

// dist/cli/main.js
init_slug();
var HELP = `casebook: a publishing system for software engineers

Usage:
  casebook build [site] [--out DIR] [--base-url URL] [--drafts] [--future] [--skip og,search] [--no-cache] [--quiet] [--verbose]
  casebook dev [site] [--port N] [--host H]
  casebook preview [dir] [--port N] [--host H]
  casebook init [dir] [--force]
  casebook new <article|case-study|postmortem> "Title" [--site DIR]
  casebook check [site|dir] [--json] [--external]
  casebook cv --pdf FILE [site] [--paper a4|letter]
  casebook import <wordpress|ghost|medium|devto> FILE --out SITE [--force] [--base-url URL] [--media DIR]
  casebook export <devto|hashnode> [site] [--out DIR] [--base-url URL] [--draft] [--domain HOST]
  casebook analytics serve --token TOKEN [--db sqlite:FILE|postgres://\u2026] [--port N] [--host H]
                           [--site DIR]\u2026 [--origin URL]\u2026 [--rate-limit 120/min|off] [--trust-proxy] [--retain DAYS]

Commands:
  build     Build the site in [site] (default: .) into DIR (default: <site>/dist)
  dev       Build into memory, serve on http://127.0.0.1:4321 and rebuild on every save
  preview   Serve a built site (default: ./dist) on http://127.0.0.1:4321
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
  --out DIR        Output folder for build
  --base-url URL   Absolute URL the site is served from (overrides config baseUrl)
  --drafts         Include posts marked draft
  --future         Include posts dated in the future
  --skip LIST      Leave out optional outputs: og (social cards), search (Pagefind index)
  --no-cache       Neither read nor write the build cache (<site>/.casebook/cache): render everything
  --quiet          Print only errors
  --verbose        List every warning and the time of each build phase
  --port N         Port for dev and preview (default: $PORT or 4321); analytics: 4322
  --host H         Address for dev and preview (default: 127.0.0.1; 0.0.0.0 exposes it to your network)
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
  --db SPEC        analytics: sqlite:FILE (default sqlite:analytics.db) or postgres://\u2026 (or $CASEBOOK_ANALYTICS_DB)
  --origin URL     analytics: a site origin whose pages may send events (repeatable)
  --rate-limit R   analytics: events per client, such as 120/min (default), 10/s, or off
  --trust-proxy    analytics: take the client address from X-Forwarded-For (behind one reverse proxy)
  --retain DAYS    analytics: delete events older than DAYS days (default: keep them)
  -h, --help       Show this help
  -v, --version    Show the version

Exit codes: 0 success, 1 content or user error, 2 usage error.`;
var EXIT_OK2 = 0;
var EXIT_CONTENT = 1;
var EXIT_USAGE2 = 2;
function version() {
  const pkg = JSON.parse(readFileSync25(new URL("../../package.json", import.meta.url), "utf8"));
  return pkg.version;
}
function usageError(io, message, hint = "Run `casebook --help` for usage.") {
  const color2 = io.err.isTTY === true;
  const code = message.startsWith("Unknown command") ? "CB3001" : "CB3002";
  io.err.write(formatError(new CasebookError(code, message, void 0, hint), { color: color2 }) + "\n");
  return EXIT_USAGE2;
}
function parse(io, args, options) {
  try {
    const r = parseArgs2({ args, options: { ...options, help: { type: "boolean", short: "h" } }, allowPositionals: true, strict: true });
    return { values: r.values, positionals: r.positionals };
  } catch (e) {
    usageError(io, e.message.split("\n")[0].replace(/\. To specify a positional.*$/, "."));
    return void 0;
  }
}
function parseCommand(io, args, options) {
  const parsed = parse(io, args, options);
  if (!parsed) return EXIT_USAGE2;
  if (parsed.values.help) {
    io.out.write(HELP + "\n");
    return EXIT_OK2;
  }
  return parsed;
}
function reportErrors(io, e) {
  const list4 = e instanceof CasebookErrors ? e.errors : e instanceof CasebookError ? [e] : void 0;
  if (!list4) throw e;
  const color2 = io.err.isTTY === true;
  io.err.write(list4.map((x) => formatError(x, { color: color2, cwd: process.cwd() })).join("\n\n") + "\n");
  if (list4.length > 1) io.err.write(`
${list4.length} errors; nothing was written.
`);
  else if (list4[0].code.startsWith("CB1") || list4[0].code.startsWith("CB2")) io.err.write("\nBuild failed; nothing was written.\n");
  return EXIT_CONTENT;
}
function foreignLine(f) {
  const pages = f.pages ? `, ${f.pages} page${f.pages === 1 ? "" : "s"}` : "";
  return `Detected ${f.name} site (${f.configFile}): ${f.posts} post${f.posts === 1 ? "" : "s"}${pages}, permalinks ${f.permalinks}`;
}
async function buildCommand(io, args) {
  const parsed = parseCommand(io, args, {
    out: { type: "string", short: "o" },
    "base-url": { type: "string" },
    drafts: { type: "boolean" },
    future: { type: "boolean" },
    skip: { type: "string" },
    "no-cache": { type: "boolean" },
    quiet: { type: "boolean", short: "q" },
    verbose: { type: "boolean" }
  });
  if (typeof parsed === "number") return parsed;
  const { values, positionals } = parsed;
  if (positionals.length > 1) return usageError(io, `build takes one site folder, got ${positionals.length}: ${positionals.join(" ")}.`);
  const baseUrl = values["base-url"];
  if (baseUrl !== void 0 && !/^https?:\/\/[^/]+/i.test(baseUrl)) {
    return usageError(io, `--base-url must be an absolute http(s) URL such as https://example.com/, got "${baseUrl}".`);
  }
  const skip = (values.skip ?? "").split(",").map((x) => x.trim()).filter(Boolean);
  const unknownSkip = skip.find((x) => !SKIPPABLE.includes(x));
  if (unknownSkip) return usageError(io, `--skip takes a comma-separated list of ${SKIPPABLE.join(", ")}; "${unknownSkip}" is not one of them.`);
  const quiet = values.quiet === true;
  const bar = !quiet && io.err.isTTY ? progressBar(io.err) : void 0;
  try {
    const result = await build({
      site: positionals[0] ?? ".",
      ...values.out !== void 0 ? { out: values.out } : {},
      ...baseUrl !== void 0 ? { baseUrl } : {},
      drafts: values.drafts === true,
      future: values.future === true,
      skip,
      noCache: values["no-cache"] === true,
      ...bar ? { onProgress: bar.update } : {}
    });
    bar?.clear();
    const color2 = io.err.isTTY === true;
    if (result.warnings.length && !quiet) io.err.write(formatWarnings(result.warnings, { color: color2, cwd: process.cwd(), verbose: values.verbose === true }) + "\n");
    if (!quiet) {
      const secs = (result.ms / 1e3).toFixed(2);
      const w = result.warnings.length;
      io.out.write(
        `Built ${result.pages} pages (${result.posts} posts, ${result.fileCount} files) in ${secs} s \xB7 ${w} warning${w === 1 ? "" : "s"} \u2192 ${result.outDir}
`
      );
      if (result.foreign) io.out.write(`${foreignLine(result.foreign)}
`);
      if (values.verbose) {
        io.out.write(`  markdown: ${result.markdownRendered} of ${result.posts} bodies rendered, the rest from cache
`);
        io.out.write(`  social cards: ${result.cardsRendered} rendered, ${result.cardsReused} from cache
`);
        io.out.write(Object.entries(result.timings).map(([k, v]) => `  ${k.padEnd(9)} ${v.toFixed(1).padStart(8)} ms`).join("\n") + "\n");
      }
    }
    return EXIT_OK2;
  } catch (e) {
    bar?.clear();
    return reportErrors(io, e);
  }
}
function listenOptions(io, values) {
  const portText = values.port ?? process.env.PORT ?? "4321";
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    usageError(io, `--port must be a number from 0 to 65535, got "${portText}".`);
    return void 0;
  }
  return { port, host: values.host ?? "127.0.0.1" };
}
function shownUrl(host, port) {
  const shown2 = host.includes(":") ? `[${host}]` : host;
  return `http://${shown2 === "127.0.0.1" ? "localhost" : shown2}:${port}/`;
}
function untilSignal(close2) {
  return new Promise((done) => {
    const stop = () => {
      close2();
      done();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}
async function devCommand(io, args) {
  const parsed = parseCommand(io, args, { port: { type: "string", short: "p" }, host: { type: "string" } });
  if (typeof parsed === "number") return parsed;
  const { values, positionals } = parsed;
  const listen = listenOptions(io, values);
  if (!listen) return EXIT_USAGE2;
  const site = resolve14(positionals[0] ?? ".");
  if (!existsSync17(site) || !statSync14(site).isDirectory()) {
    return reportErrors(io, new CasebookError("CB2006", `The site folder ${site} does not exist.`, { file: site }));
  }
  const { DevSession: DevSession2 } = await Promise.resolve().then(() => (init_session(), session_exports));
  const { startDevServer: startDevServer2 } = await Promise.resolve().then(() => (init_server2(), server_exports));
  const { watchSite: watchSite2 } = await Promise.resolve().then(() => (init_watcher(), watcher_exports));
  const color2 = io.err.isTTY === true;
  let server;
  try {
    let first = true;
    let lastWarnings = "";
    const session = new DevSession2({
      site,
      onBuild: (o) => {
        if (o.ok) {
          const r = o.result;
          const summary = formatWarnings(r.warnings, { color: color2, cwd: process.cwd() });
          if (summary !== lastWarnings && r.warnings.length) io.err.write(summary + "\n");
          lastWarnings = summary;
          if (first && r.foreign) io.out.write(`${foreignLine(r.foreign)}
`);
          io.out.write(first ? `Built ${r.pages} pages (${r.posts} posts, drafts and scheduled included) in ${(o.ms / 1e3).toFixed(2)} s
` : `Rebuilt in ${Math.round(o.ms)} ms: ${r.pagesRendered} page${r.pagesRendered === 1 ? "" : "s"} re-rendered
`);
        } else if (o.internal) {
          io.err.write(`casebook: internal error while building: ${o.internal.stack ?? o.internal.message}
`);
        } else {
          io.err.write(o.errors.map((e) => formatError(e, { color: color2, cwd: process.cwd() })).join("\n\n") + `

Still serving the last good build; fix the file and save.
`);
        }
        first = false;
      }
    });
    server = await startDevServer2(session, listen.port, listen.host);
    const addr = server.address();
    const url2 = shownUrl(listen.host, typeof addr === "object" && addr ? addr.port : listen.port);
    session.baseUrl = url2;
    await session.rebuild();
    const cfg = session.lastResult?.config;
    const watcher = watchSite2({
      root: site,
      ignore: [cfg?.outDir ?? "dist", cfg?.cacheDir ?? ".casebook/cache"],
      onChange: (files) => void session.rebuild(files)
    });
    io.out.write(`Dev server at ${url2} (watching ${site}; Ctrl+C to stop)
`);
    await untilSignal(() => {
      watcher.close();
      session.close();
      server.close();
      server.closeAllConnections();
    });
    return EXIT_OK2;
  } catch (e) {
    if (e.code === "EADDRINUSE") {
      return reportErrors(io, new CasebookError("CB3003", `Port ${listen.port} on ${listen.host} is already in use.`));
    }
    throw e;
  }
}
async function checkCommand(io, args) {
  const parsed = parseCommand(io, args, { json: { type: "boolean" }, external: { type: "boolean" } });
  if (typeof parsed === "number") return parsed;
  const { values, positionals } = parsed;
  if (positionals.length > 1) return usageError(io, `check takes one folder, got ${positionals.length}.`);
  try {
    const { checkSite: checkSite2 } = await Promise.resolve().then(() => (init_check(), check_exports));
    const started = performance.now();
    const report = await checkSite2({ target: positionals[0] ?? ".", external: values.external === true });
    if (values.json) {
      io.out.write(JSON.stringify(report, null, 2) + "\n");
    } else {
      const color2 = io.out.isTTY === true;
      const paint2 = (code, t) => color2 ? `\x1B[${code}m${t}\x1B[0m` : t;
      for (const f of report.findings) {
        const where = `${f.file.startsWith("/") ? relative18(process.cwd(), f.file) : f.file}${f.line ? `:${f.line}${f.column ? `:${f.column}` : ""}` : ""}`;
        io.out.write(`${where}  ${f.severity === "error" ? paint2("31", "error") : paint2("33", "warning")}  ${f.rule}  ${f.message}
`);
      }
      const secs = ((performance.now() - started) / 1e3).toFixed(2);
      io.out.write(`${report.findings.length ? "\n" : ""}${report.errors} error${report.errors === 1 ? "" : "s"}, ${report.warnings} warning${report.warnings === 1 ? "" : "s"} in ${report.pages} pages and ${report.files} files (${secs} s)
`);
    }
    return report.errors ? EXIT_CONTENT : EXIT_OK2;
  } catch (e) {
    return reportErrors(io, e);
  }
}
async function initCommand(io, args) {
  const parsed = parseCommand(io, args, { force: { type: "boolean" } });
  if (typeof parsed === "number") return parsed;
  if (parsed.positionals.length > 1) return usageError(io, `init takes one folder, got ${parsed.positionals.length}.`);
  try {
    const { initSite: initSite2 } = await Promise.resolve().then(() => (init_init_site(), init_site_exports));
    const r = initSite2(parsed.positionals[0] ?? ".", { force: parsed.values.force === true });
    io.out.write(`Created a Casebook site in ${r.dir}:
${r.files.map((f) => `  ${f}`).join("\n")}

Next: casebook dev ${parsed.positionals[0] ?? "."}
`);
    return EXIT_OK2;
  } catch (e) {
    return reportErrors(io, e);
  }
}
async function newCommand(io, args) {
  const parsed = parseCommand(io, args, { site: { type: "string" } });
  if (typeof parsed === "number") return parsed;
  const { NEW_KINDS: NEW_KINDS2, newPost: newPost2 } = await Promise.resolve().then(() => (init_new_post(), new_post_exports));
  const [kind, title, ...extra] = parsed.positionals;
  if (!kind || !NEW_KINDS2.includes(kind)) return usageError(io, `new needs a kind: ${NEW_KINDS2.join(", ")}.`);
  if (!title || extra.length) return usageError(io, 'new needs one quoted title, e.g. casebook new article "Zero-downtime migrations".');
  if (!slugify(title)) return usageError(io, `"${title}" gives an empty slug; use a title with letters or digits.`);
  try {
    const file = await newPost2(parsed.values.site ?? ".", kind, title);
    io.out.write(`Created ${file}
`);
    return EXIT_OK2;
  } catch (e) {
    return reportErrors(io, e);
  }
}
async function previewCommand(io, args) {
  const parsed = parseCommand(io, args, { port: { type: "string", short: "p" }, host: { type: "string" } });
  if (typeof parsed === "number") return parsed;
  const { values, positionals } = parsed;
  const listen = listenOptions(io, values);
  if (!listen) return EXIT_USAGE2;
  const { port, host } = listen;
  const dir = resolve14(positionals[0] ?? "dist");
  if (!existsSync17(dir) || !statSync14(dir).isDirectory()) {
    return reportErrors(io, new CasebookError("CB3004", `${dir} does not exist or is not a folder.`, { file: dir }));
  }
  try {
    const server = await startPreview({ root: dir, port, host });
    const addr = server.address();
    const actual = typeof addr === "object" && addr ? addr.port : port;
    io.out.write(`Serving ${dir} at ${shownUrl(host, actual)} (Ctrl+C to stop)
`);
    await untilSignal(() => server.close());
    return EXIT_OK2;
  } catch (e) {
    if (e.code === "EADDRINUSE") {
      return reportErrors(io, new CasebookError("CB3003", `Port ${port} on ${host} is already in use.`));
    }
    throw e;
  }
}
async function cvCommand(io, args) {
  const parsed = parseCommand(io, args, { pdf: { type: "string" }, paper: { type: "string" } });
  if (typeof parsed === "number") return parsed;
  const { values, positionals } = parsed;
  const pdf = values.pdf;
  if (!pdf) return usageError(io, "cv needs --pdf FILE: the PDF to write.");
  const paper = (values.paper ?? "a4").toLowerCase();
  if (paper !== "a4" && paper !== "letter") return usageError(io, `--paper must be a4 or letter, got "${values.paper}".`);
  if (positionals.length > 1) return usageError(io, `cv takes one site folder, got ${positionals.length}.`);
  try {
    const { writeCvPdf: writeCvPdf2 } = await Promise.resolve().then(() => (init_cv_pdf(), cv_pdf_exports));
    const result = await writeCvPdf2({ site: positionals[0] ?? ".", out: pdf, paper });
    io.out.write(`Wrote ${result.file} (${Math.round(result.bytes / 1024)} KB, ${paper.toUpperCase()})
`);
    return EXIT_OK2;
  } catch (e) {
    return reportErrors(io, e);
  }
}
async function main(argv, io = { out: process.stdout, err: process.stderr }) {
  const [command, ...rest] = argv;
  switch (command) {
    case "build":
      return buildCommand(io, rest);
    case "preview":
      return previewCommand(io, rest);
    case "dev":
      return devCommand(io, rest);
    case "init":
      return initCommand(io, rest);
    case "check":
      return checkCommand(io, rest);
    case "new":
      return newCommand(io, rest);
    case "cv":
      return cvCommand(io, rest);
    case "import":
      return (await Promise.resolve().then(() => (init_import_command(), import_command_exports))).importCommand(io, rest, { parseCommand, usageError, reportErrors });
    case "export":
      return (await Promise.resolve().then(() => (init_export_command(), export_command_exports))).exportCommand(io, rest, { parseCommand, usageError, reportErrors });
    case "analytics":
      return (await Promise.resolve().then(() => (init_analytics_command(), analytics_command_exports))).analyticsCommand(io, rest, { parseCommand, usageError, reportErrors, untilSignal });
    case void 0:
    case "-h":
    case "--help":
    case "help":
      io.out.write(HELP + "\n");
      return command === void 0 ? EXIT_USAGE2 : EXIT_OK2;
    case "-v":
    case "--version":
      io.out.write(version() + "\n");
      return EXIT_OK2;
    default:
      return usageError(io, `Unknown command "${command}".`);
  }
}

// bin/casebook.js
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`casebook: internal error: ${err && err.stack ? err.stack : err}
`);
    process.exitCode = 70;
  }
);
