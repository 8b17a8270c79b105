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
  CB1001: {
    severity: 'error',
    title: 'Malformed YAML front matter',
    hint: 'Fix the YAML syntax at the marked position. A list needs its closing ] and a map its } (or write a list one `- item` per line). Quote text that contains a colon followed by a space, or that starts with @ or `, or with [ or { without being a list or map.',
  },
  CB1002: {
    severity: 'error',
    title: 'Malformed TOML front matter',
    hint: 'Fix the TOML syntax at the marked position. Strings need quotes in TOML: title = "My post".',
  },
  CB1003: {
    severity: 'error',
    title: 'Malformed JSON front matter',
    hint: 'Fix the JSON syntax at the marked position. Keys and strings need double quotes and there is no trailing comma.',
  },
  CB1004: {
    severity: 'error',
    title: 'Front matter is never closed',
    hint: 'Add the closing delimiter line (--- for YAML, +++ for TOML) after the last front matter field.',
  },
  CB1005: {
    severity: 'error',
    title: 'Front matter is not a set of fields',
    hint: 'Front matter must be a map of `key: value` pairs, not a list or a single value.',
  },
  CB1010: {
    severity: 'error',
    title: 'Unknown front matter field',
    hint: 'Remove the field or correct its spelling. The content reference in docs/guide.md lists every field.',
  },
  CB1011: {
    severity: 'error',
    title: 'Invalid front matter value',
    hint: 'Change the value to the type the field expects; docs/guide.md lists every field and its type.',
  },
  CB1012: {
    severity: 'error',
    title: 'Invalid date',
    hint: 'Write dates as YYYY-MM-DD, YYYY-MM-DDThh:mm:ss, or with an offset such as 2024-03-01T09:30:00+01:00.',
  },
  CB1013: {
    severity: 'error',
    title: 'The same field is set twice under different names',
    hint: 'Keep one of the two names; they mean the same thing to Casebook.',
  },
  CB1020: { severity: 'error', title: 'Two pages want the same URL', hint: 'Give one of them a different `slug` in its front matter, or rename the file.' },
  CB1021: {
    severity: 'error',
    title: 'Invalid slug',
    hint: 'A slug may contain letters, digits, dashes, underscores, dots and tildes; it cannot be empty, only dots, or contain slashes.',
  },
  CB1022: { severity: 'error', title: 'Two series parts claim the same position', hint: 'Give every part of a series a distinct `seriesPart` number.' },
  CB1023: { severity: 'error', title: 'An alias collides with another page', hint: 'Remove the alias, or change it to a path no page or other alias uses.' },
  CB1024: {
    severity: 'error',
    title: 'A page takes a URL the site generates',
    hint: 'Give the page another `slug`: writing, case-studies, search, assets, pagefind and page are taken by Casebook (a page may take cv, categories, tags or series, and replaces that page with a warning, CB1602).',
  },
  CB1316: {
    severity: 'error',
    title: 'A file of the site changed while the build read it',
    hint: 'A static file or an image was replaced after the build checked it (by a symbolic link, or a folder on its path by one), and now leads outside the site folder or is not the file checked. It was not read, nothing was written, and the previous output is kept. Build again once nothing is changing the site folder; if it happens again, look for what swaps files there.',
  },
  CB1317: {
    severity: 'error',
    title: 'Profile outside the site folder',
    hint: 'resume.json or profile.yaml is a symbolic link to a file outside the site folder, and it is published as /resume.json and the CV. Copy the file into the site folder instead of linking it.',
  },
  CB1600: {
    severity: 'error',
    title: 'Several sources want one URL',
    hint: 'Every post, page, alias, static file, image and generated file named here would be written to one file (names that differ only in letter case are one file on a host that ignores case). Give all but one of them another `slug`, alias or file name (a file: rename it, and its link).',
  },
  CB1601: {
    severity: 'error',
    title: 'A post and a section index want one URL',
    hint: 'The old tool refused this too: give the post another `slug` or `permalink`, or move the section index.',
  },
  CB1602: {
    severity: 'warning',
    title: "An author's page keeps a URL Casebook would generate",
    hint: "Your page stays at its URL and Casebook's own page there (the CV, a term or series index, the not-found page) is not built. Give your page another `slug` to get Casebook's back.",
  },
  CB1603: {
    severity: 'warning',
    title: "The site's own 404.html replaces the generated one",
    hint: "A 404.html among the static files is published as it is; remove it to get Casebook's not-found page.",
  },
  CB1604: {
    severity: 'warning',
    title: "An alias repeats its post's own URL",
    hint: "The alias is the post's own address, or another of its aliases, once letter case is ignored (hosts that ignore case serve one file for both), so no redirect is written for it. Remove it from `aliases` to silence this.",
  },
  CB1030: { severity: 'error', title: 'Image not found', hint: 'Check the path: relative image paths are resolved from the folder of the Markdown file.' },
  CB1031: {
    severity: 'error',
    title: 'File is not valid UTF-8 text',
    hint: 'Save the file as UTF-8, or move binary files out of content/ (images may sit beside posts).',
  },
  CB1032: {
    severity: 'error',
    title: 'File too large',
    hint: 'A Markdown file may be at most 5 MB. Split it into several posts, or move data out of content/.',
  },
  CB1340: {
    severity: 'error',
    title: 'Post too complex to render',
    hint: 'Rendering this post took more memory than a post may use (usually a table of hundreds of thousands of cells). Split it into several posts, or publish the data as a file in static/ and link to it. The limit is 1024 MB; CASEBOOK_BODY_HEAP_MB=N (in MB) raises it on a machine with the memory.',
  },
  CB1033: {
    severity: 'error',
    title: 'File cannot be read',
    hint: 'Fix or remove the file: a symbolic link that points at itself or at nothing, or a file without read permission.',
  },
  CB1034: {
    severity: 'error',
    title: 'File changed during the build',
    hint: 'A post was saved again while the build was reading it. Build again once the save is done; nothing was written.',
  },
  CB1035: {
    severity: 'error',
    title: 'Linked file not found',
    hint: 'A relative link to a file (a name with an extension, such as slides.pdf or data.csv) is published beside the page, so the file must exist; the path is resolved from the folder of the Markdown file. Links to .md and .html files, to folders and to names without an extension are page links and are left as written, and so is a link that reaches a file of static/ as the browser reads it from the page; a file of static/ is best linked from the site root (/files/handout.pdf). A web address needs its scheme: write https://example.com, not example.com.',
  },
  CB1040: {
    severity: 'error',
    title: 'Invalid profile',
    hint: 'resume.json and profile.yaml follow the JSON Resume schema (jsonresume.org/schema); fix the marked field.',
  },
  CB1041: { severity: 'error', title: 'Malformed profile file', hint: 'Fix the syntax at the marked position.' },
  CB1042: { severity: 'error', title: 'More than one profile file', hint: 'Keep either resume.json or profile.yaml, not both.' },
  CB1105: {
    severity: 'warning',
    title: 'No baseUrl for a production build',
    hint: 'Set baseUrl in the config or pass --base-url, so canonical links, feeds, sitemap and social cards point at the real site.',
  },
  CB1101: { severity: 'warning', title: 'Title taken from the file name', hint: 'Add a `title` field, or start the body with a `# Heading`.' },
  CB1102: { severity: 'warning', title: 'Scheduled post left out', hint: 'Posts dated in the future are published by the first build after their date.' },
  CB1103: { severity: 'warning', title: 'Duplicated front matter key', hint: 'The last value wins; remove the earlier one.' },
  CB1104: {
    severity: 'warning',
    title: 'Code block in a language without highlighting',
    hint: 'The block is shown as plain code. Use a common language name such as ts, go, rust, sql or bash.',
  },
  CB1650: {
    severity: 'error',
    title: 'A category is named twice in home.categoryFilter',
    hint: 'List each category once; names are compared without case, as category pages are.',
  },
  CB1651: {
    severity: 'error',
    title: 'A field is named twice in lists.meta',
    hint: 'Name each field of the card meta line once: kind, category, date, month or readingTime.',
  },
  CB1500: {
    severity: 'error',
    title: 'No posts found, but the repository has Markdown',
    hint: 'Casebook read none of the Markdown files named in the message, so the site would be empty. Build the folder that holds the site (a site in a subfolder is named), move the posts where the tool keeps them, or put them under content/writing/. README.md, CHANGELOG.md and docs/ are not counted.',
  },
  CB1501: {
    severity: 'error',
    title: 'Site generator not supported',
    hint: 'Casebook builds Hugo, Jekyll, Astro, Eleventy, Zola and Next.js blogs as they are. For this tool, add casebook.config.yaml and move the posts under content/writing/ (docs/migrating.md), or keep building it with its own tool.',
  },
  CB1502: {
    severity: 'warning',
    title: 'Imported post without a date',
    hint: "The export gives the item no publication date in any field Casebook reads (wp:post_date, wp:post_date_gmt, pubDate). Add `date: YYYY-MM-DD` to the imported file's front matter.",
  },
  CB1540: {
    severity: 'warning',
    title: 'A post lost images or embeds',
    hint: 'The post names images that exist nowhere in the site, or template tags, shortcodes or components Casebook could not render (each one listed). Put the files beside the post or in the static folder, or replace each construct with Markdown or HTML; the build summary counts what was lost.',
  },
  CB1541: {
    severity: 'warning',
    title: 'A post was only a redirect to another address',
    hint: 'Its whole body is a meta refresh to an http(s) address (the post moved elsewhere), so Casebook publishes a redirect page at its URL, and a _redirects line, instead of a blank post; it is not listed and not in feeds. Nothing to do unless the post should be written here again.',
  },
  CB1542: {
    severity: 'warning',
    title: 'A redirect post points at an address that is not http(s)',
    hint: 'The post is only a meta refresh, but to a relative, javascript: or otherwise unusable address, so Casebook cannot redirect there and builds it as an ordinary (empty) post. Write the full https:// address in the refresh, or give the post a body.',
  },
  CB1520: {
    severity: 'warning',
    title: 'Jekyll post without a date in its name is not published',
    hint: 'Jekyll reads a file in _posts/ only when its name starts with its date (2024-03-01-title.md) and passes over the others, so the old site never had this page. Rename the file with its date to publish it, or move it to _drafts/.',
  },
  CB1521: {
    severity: 'warning',
    title: 'Site address not in the config',
    hint: 'The old config sets a base path (baseurl) but no address (url), so canonical links, feeds and the sitemap use the address named in the message. Add url: https://your.domain to _config.yml, or baseUrl to casebook.config.yaml.',
  },
  CB1522: {
    severity: 'warning',
    title: 'Astro content ids made by code Casebook does not follow',
    hint: "The content config builds post ids (generateId, a slug function) with code Casebook reads but does not run, so these posts' URLs may differ from the old site's. Give each post a slug in its front matter to pin its URL.",
  },
  CB1523: {
    severity: 'warning',
    title: 'JavaScript front matter read for its literal values only',
    hint: "Casebook never runs a post's code: it reads `const name = value` lines whose value is a string, number, boolean or JSON-like list. Write the named statements as such literals (or as YAML front matter) so their values are not lost.",
  },
  CB1524: {
    severity: 'warning',
    title: "The old site's list template gives way to Casebook's lists",
    hint: "The file is a page the old tool rendered through its template language to list the posts (a paginator or a loop over site.posts, site.tags or site.categories), not writing of its own. Casebook's generated home, /writing/ and term pages list the same posts in its place; nothing else of the file is lost.",
  },
  CB1525: {
    severity: 'warning',
    title: "The old site's own home page keeps /",
    hint: "The old tool copied this index.html as it is, so it was the site's home (often a redirect to a new address). It keeps /; Casebook's home is not built, and the posts stay listed at /writing/. Remove the file to get Casebook's home.",
  },
  CB1526: {
    severity: 'warning',
    title: 'Post date guessed from the file, as the old tool did',
    hint: "The post gives no date, and the old tool dated such posts itself (Eleventy: the file's creation date, which a fresh checkout resets). Casebook uses the file's last git commit, else its creation date, so the post is listed and in the feed; add `date: YYYY-MM-DD` to its front matter to pin it.",
  },
  CB1528: {
    severity: 'warning',
    title: 'Text of a tag or category entry not shown',
    hint: "The old site kept a collection of entries describing its tags or categories, and its theme could show an entry's text on the term's page. Casebook's term pages show the entry's title and description: put what readers must see into `description`, or into a post, so it is not left out.",
  },
  CB1527: {
    severity: 'error',
    title: 'Unknown kind for casebook new',
    hint: 'Give one of the kinds the message lists as the first word after `new`, e.g. `casebook new article "Zero-downtime migrations"`.',
  },
  CB1430: {
    severity: 'warning',
    title: 'Image still heavy after resizing',
    hint: 'Even its AVIF or WebP variant at twice the content width is large: crop it, lower its detail (a screenshot with fewer colours), or use SVG for diagrams and charts.',
  },
  CB1431: {
    severity: 'error',
    title: 'Image cannot be decoded',
    hint: 'The file is damaged, not the format its extension says, or over 268 megapixels (a decompression bomb is refused). Open and save it again in an image editor at a sensible size, or replace it.',
  },
  CB1432: {
    severity: 'warning',
    title: 'Mermaid diagrams shown as code',
    hint: 'Casebook draws Mermaid diagrams with headless Chromium at build time, through the optional packages mermaid and playwright-core. Install what the message names (Chromium: apt-get install chromium on Debian/Ubuntu, Google Chrome on macOS, or set CHROME_PATH; the packages: npm install mermaid playwright-core in the site), then build again.',
  },
  CB1433: {
    severity: 'warning',
    title: 'A diagram could not be drawn',
    hint: 'Fix the Mermaid or Graphviz syntax of the diagram at the marked line (mermaid.live and the dot command show the same error). Until then its source is shown as code.',
  },
  CB1200: {
    severity: 'warning',
    title: 'Front matter field ignored',
    hint: 'The old tool accepted this field and Casebook has no use for it, so it is ignored. Remove it, or rename it if it is a misspelt Casebook field.',
  },
  CB1201: {
    severity: 'warning',
    title: 'Front matter value ignored',
    hint: 'The value does not have the type Casebook expects for this field, so the field is left out of the post. docs/migrating.md lists the names and types Casebook reads.',
  },
  CB1202: {
    severity: 'warning',
    title: 'Date not readable; another date used',
    hint: 'Write the date as YYYY-MM-DD, YYYY-MM-DD hh:mm:ss or ISO 8601 with an offset. Until then the date comes from the file name, else from the last git commit of the file.',
  },
  CB1203: {
    severity: 'warning',
    title: 'Post without a date',
    hint: 'The post is published and listed after every dated post. Add a `date` field (or a YYYY-MM-DD- file name prefix) to place it.',
  },
  CB1204: {
    severity: 'warning',
    title: 'Front matter not readable; the file is read without it',
    hint: 'Fix the syntax at the marked position; until then the post gets its title from its first heading or file name, and no other fields.',
  },
  CB1205: {
    severity: 'warning',
    title: 'Template syntax of the old tool removed',
    hint: "Casebook renders the old tool's template tags and shortcodes whose meaning is clear (docs/migrating.md lists them) and removes the rest. Replace the construct with Markdown or HTML to keep its content.",
  },
  CB1206: {
    severity: 'warning',
    title: 'Old URL already taken; the post moved',
    hint: 'Two files had the same URL in the old site, or the URL is one Casebook generates. The post is published at its Casebook URL instead; give it its own `permalink`, `url` or `slug`.',
  },
  CB1207: {
    severity: 'warning',
    title: 'The same field is set under two names',
    hint: 'The first of the two is used. Keep one name; they mean the same thing to Casebook.',
  },
  CB1208: {
    severity: 'warning',
    title: 'Link to another post not found',
    hint: 'The post named in ref, relref, post_url, link or an @/ link does not exist in this site. The link text is kept and points nowhere; fix the file name.',
  },
  CB1209: {
    severity: 'warning',
    title: 'File in a format Casebook does not render',
    hint: 'Casebook reads Markdown, MDX and HTML posts. Convert the file to Markdown to publish it.',
  },
  CB1210: {
    severity: 'warning',
    title: 'Image not found; its address is kept as written',
    hint: 'The old tool published the page with this image missing too. Put the file beside the post or in the static folder, or fix the path.',
  },
  CB1300: {
    severity: 'warning',
    title: "Script removed from the post's HTML",
    hint: "Posts never run scripts: a script in a post runs with the whole site's rights. Use a code block to show code, an embed from a provider listed in docs/security.md, or put the script in the theme.",
  },
  CB1301: {
    severity: 'warning',
    title: "Event handler removed from the post's HTML",
    hint: 'Attributes such as onclick, onerror or onload run script, which posts never do. Use <details> for something that opens and closes, or a link.',
  },
  CB1302: {
    severity: 'warning',
    title: "Unsafe address removed from the post's HTML",
    hint: 'Links and media in a post use http(s), mailto or tel addresses, or paths on the site; javascript:, vbscript: and data: addresses are removed (an image may use a data:image PNG, JPEG, GIF, WebP or AVIF).',
  },
  CB1303: {
    severity: 'warning',
    title: 'Iframe replaced by a link',
    hint: 'Only players of the providers listed in docs/security.md (YouTube, Vimeo, CodePen, SoundCloud, Spotify, Loom, Google Maps and Slides…) are embedded, sandboxed; other iframes become a link to their address, and srcdoc or script addresses are removed.',
  },
  CB1304: {
    severity: 'warning',
    title: "Active element removed from the post's HTML",
    hint: 'Posts do not carry <object>, <embed>, <base>, <meta>, <link>, <style>, forms, MathML or SVG animation: they can run or load code, change the whole page or send data. Style belongs in the theme; show code in a code block.',
  },
  CB1305: {
    severity: 'warning',
    title: 'Embed script replaced',
    hint: 'A widget script (a Gist, a post on X, Instagram…) is not run: a Gist becomes a link to it, and a quoted post stays as the quote written around the script.',
  },
  CB1306: {
    severity: 'warning',
    title: 'Unknown element unwrapped',
    hint: 'The element is not in the markup posts may use (docs/security.md lists it); its text is kept without it. Use Markdown or an allowed element.',
  },
  CB1307: {
    severity: 'warning',
    title: "Attribute removed from the post's HTML",
    hint: 'The attribute or style property is not in the policy (docs/security.md): styles may change colours, fonts, sizes and spacing, not position, and may not load anything.',
  },
  CB1310: {
    severity: 'error',
    title: 'Image outside the site folder',
    hint: 'Casebook publishes only files inside the site folder. Copy the image next to the post or into static/ and point at the copy; a path that climbs out with ../, a percent-encoded or backslashed ../, or a symbolic link to a file elsewhere is refused.',
  },
  CB1311: {
    severity: 'error',
    title: 'Static file outside the site folder',
    hint: 'A symbolic link in the static folder (or a static folder itself) leads outside the site folder, and Casebook publishes only files inside it. Copy the file or folder into the site, or point the link at a place inside the site.',
  },
  CB1312: {
    severity: 'error',
    title: 'Imported media file outside the media folder',
    hint: 'A symbolic link in the --media folder leads outside it; Casebook copies only files inside the folder you named. Replace the link with the file itself.',
  },
  CB1313: {
    severity: 'error',
    title: 'Content file outside the site folder',
    hint: 'A Markdown file under content/ is a symbolic link to a file outside the site folder, and Casebook publishes only files inside it. Copy the file into content/, or remove the link.',
  },
  CB1314: {
    severity: 'error',
    title: 'Theme file outside the site folder',
    hint: 'A file under theme/ is a symbolic link to a file outside the site folder; its stylesheets and strings are published, so Casebook refuses it. Copy the file into theme/, or remove the link.',
  },
  CB1315: {
    severity: 'error',
    title: 'Linked file outside the site folder',
    hint: 'Casebook publishes only files inside the site folder. Copy the file next to the post or into static/ and link to the copy; a path that climbs out with ../, a percent-encoded or backslashed ../, or a symbolic link to a file elsewhere is refused.',
  },
  CB1320: {
    severity: 'warning',
    title: 'Post language not recognised; the site language used',
    hint: 'Write `lang` as a BCP 47 language tag such as en, en-US, pt-BR or zh-Hans-CN (en_US is read as en-US).',
  },
  CB1321: {
    severity: 'error',
    title: 'A post takes the path of a file the site generates',
    hint: "Feeds (feed.xml, atom.xml, feed.json), sitemap.xml, robots.txt, resume.json, 404.html, social cards (og.png) and the assets/ and pagefind/ folders are Casebook's. Give the post another `slug`.",
  },
  CB1322: {
    severity: 'error',
    title: 'An alias lands on a file the site generates',
    hint: 'A redirect there would replace a feed, the sitemap, a social card or a file of the search index. Remove the alias, or change it to a path Casebook does not generate.',
  },
  CB1323: {
    severity: 'error',
    title: 'An alias points outside the site',
    hint: 'Write aliases as paths inside the site, such as /2019/05/old-post/; `..` segments (with / or \\) are not allowed.',
  },
  CB1324: {
    severity: 'warning',
    title: 'Old redirect skipped: its path is a file the site generates',
    hint: "The old tool redirected from a path that is now a Casebook feed, sitemap, social card or search file, so no redirect is written there. Remove it from the post's redirect_from or aliases.",
  },
  CB1325: {
    severity: 'warning',
    title: 'Name shortened to fit a file name',
    hint: 'File names are limited to 255 bytes, and non-Latin letters take 2–4 bytes each. The URL keeps the start of the name and a short code that keeps it unique; give the post a shorter `slug` to choose it yourself.',
  },
  CB1400: {
    severity: 'warning',
    title: 'Math that KaTeX cannot typeset',
    hint: 'The formula is shown as its TeX source. Fix the TeX at that line (an unknown command or an unbalanced brace, for example); a literal dollar sign is written \\$.',
  },
  CB2001: { severity: 'error', title: 'Malformed config file', hint: 'Fix the syntax at the marked position.' },
  CB2002: { severity: 'error', title: 'Unknown config key', hint: 'Remove the key or correct its spelling; docs/guide.md lists every config key.' },
  CB2003: {
    severity: 'error',
    title: 'Invalid config value',
    hint: 'Change the value to the type the key expects; docs/guide.md lists every key and its type.',
  },
  CB2004: { severity: 'error', title: 'Unknown time zone', hint: 'Use an IANA time zone name such as UTC, Europe/Amsterdam or America/New_York.' },
  CB2005: {
    severity: 'error',
    title: 'Config file failed to load',
    hint: 'The config file, or a file it imports, threw while it ran: fix the line the error points at (when what it threw is not an Error, only the file is known).',
  },
  CB2006: {
    severity: 'error',
    title: 'Site folder not found',
    hint: 'Pass the folder that holds content/ (and optionally casebook.config.*), e.g. `casebook build my-site`.',
  },
  CB2007: { severity: 'error', title: 'More than one config file', hint: 'Keep a single casebook.config.* file in the site folder.' },
  CB2008: {
    severity: 'error',
    title: 'Navigation names a page that does not exist',
    hint: 'Use the slug of a standalone page (a file in content/pages/ or a post with `kind: page`).',
  },
  CB2010: {
    severity: 'warning',
    title: 'Site language not recognised; English used',
    hint: 'Write `lang` as a BCP 47 language tag such as en, en-US, pt-BR or zh-Hans-CN (en_US is read as en-US).',
  },
  CB2011: {
    severity: 'error',
    title: 'baseUrl must be an http(s) URL',
    hint: "Write the public address of the site, such as https://example.com/ or https://example.com/blog/; javascript:, data: and file: URLs cannot be a site's address.",
  },
  CB2100: {
    severity: 'error',
    title: 'Malformed config of the old tool',
    hint: 'Casebook reads the title, base URL, time zone and URL rules from this file; fix the syntax at the marked position (the old tool could not have read it either).',
  },
  CB2101: {
    severity: 'warning',
    title: 'Setting of the old tool not used',
    hint: "The value in the old tool's config cannot be used as it is; Casebook's default applies. Set the value in casebook.config.yaml to choose another.",
  },
  CB2200: {
    severity: 'error',
    title: 'Analytics endpoint would be blocked as mixed content',
    hint: 'An https site can only send events to an https collector (or one on localhost): put `casebook analytics serve` behind TLS and set analytics.endpoint to its https URL.',
  },
  CB2300: {
    severity: 'error',
    title: 'Accent colour fails the contrast check',
    hint: 'Links and buttons use the accent on the page background; WCAG AA needs 4.5:1. Darken the light-scheme accent or lighten the dark-scheme one.',
  },
  CB2301: {
    severity: 'error',
    title: 'Override of a component that does not exist',
    hint: 'Name the file after a component in docs/theming.md (header, footer, post-meta, post-card, outcome-card, series-box, cv-section, home-hero). Prefix helper modules with an underscore.',
  },
  CB2302: {
    severity: 'error',
    title: 'Malformed locale file',
    hint: 'A locale file maps message ids to text (or to plural forms such as one and other); see locales/en.json for every id.',
  },
  CB2303: { severity: 'error', title: 'Unknown theme string', hint: 'Use an id from locales/en.json; docs/theming.md lists them.' },
  CB2304: {
    severity: 'error',
    title: 'Component file does not export a component',
    hint: "Export default defineComponent('<name>', (props, helpers) => html`…`), with the same name as the file.",
  },
  CB2305: {
    severity: 'error',
    title: 'Component file cannot be loaded',
    hint: 'Fix the syntax, the import or the code that threw at the marked position; theme components may import each other and npm packages installed in the site.',
  },
  CB2306: {
    severity: 'error',
    title: 'Component failed to render',
    hint: "A component must return html`…` from 'casebook' and may not throw; check the props it uses against docs/theming.md.",
  },
  CB2307: {
    severity: 'warning',
    title: 'No theme strings for a language of the site',
    hint: "Casebook ships theme strings for en, de, fr, es and ar. For another language (the site's `lang` or a post's), add theme/locales/<lang>.json to the site with the strings of the package's locales/en.json (node_modules/casebook/locales/en.json) translated (docs/theming.md).",
  },
  CB2308: { severity: 'error', title: 'Theme file cannot be read', hint: 'Fix the file permissions or remove the file from theme/.' },
  CB2309: {
    severity: 'error',
    title: 'Logo or favicon file not found',
    hint: 'Put the file under static/ (static/logo.svg is served as /logo.svg), or use a full URL.',
  },
  CB3001: { severity: 'error', title: 'Unknown command', hint: 'Run `casebook --help` for the list of commands.' },
  CB3002: { severity: 'error', title: 'Invalid command-line option', hint: 'Run `casebook <command> --help` for the options of a command.' },
  CB3003: { severity: 'error', title: 'Port already in use', hint: 'Stop the other server or pass --port with a free port.' },
  CB3005: {
    severity: 'error',
    title: 'No Chromium found for PDF output',
    hint: 'Install Chromium (Debian/Ubuntu: `apt-get install chromium`; macOS: install Google Chrome) or point CHROME_PATH at a Chromium-based browser.',
  },
  CB3006: { severity: 'error', title: 'The site has no profile', hint: 'Add resume.json (JSON Resume) or profile.yaml to the site folder to get a CV.' },
  CB3007: { severity: 'error', title: 'The file already exists', hint: 'Choose another title, or edit the existing file.' },
  CB1606: {
    severity: 'error',
    title: 'A file of the site sits inside a folder Casebook generates',
    hint: 'The folder holds the search index (pagefind/), which Casebook writes whole on every build. Remove the file from static/ (an index built by another tool is not needed), or turn search off (`search: false` in casebook.config.yaml, or `casebook build --skip search`).',
  },
  CB1607: {
    severity: 'warning',
    title: 'Two files of the site want one URL; one is published',
    hint: 'Two different files (images or linked files beside a post, or such a file and a static file) would be published under one name, or under names that differ only in letter case, which a host that ignores case serves as one file. The first is published, and a reference to the other finds it only on a host that ignores case: rename one of them, and its link.',
  },
  CB1608: {
    severity: 'warning',
    title: 'A social card shows characters its font lacks',
    hint: 'Cards are drawn in Inter (Latin, Cyrillic, Greek, Vietnamese); Chinese, Japanese, Korean, Arabic, Hebrew, Devanagari and emoji come out as "NO GLYPH" boxes. Give the post an `image` (its picture becomes the social image), or build with --skip og (docs/guide.md, social cards).',
  },
  CB1605: {
    severity: 'warning',
    title: "The author's own og.png takes the social card's place",
    hint: "A file of the site (under static/, or an image beside the post) sits where Casebook would write the page's generated social card. The file is kept as it is and no card is drawn for the page, which then names no og:image. Rename the file if you want the generated card, or set the post's `image` to use your picture as its social image.",
  },
  CB3010: {
    severity: 'error',
    title: 'init cannot write the site there',
    hint: 'Give init a folder that is new or empty, on a disk with room that you may write to; a file of the same name is not replaced.',
  },
  CB3009: {
    severity: 'error',
    title: 'The folder for the new post is outside the site',
    hint: 'The content folder (or a folder in it) is a symbolic link to a folder outside the site, and Casebook writes only inside the site folder (the build would refuse the file too, CB1313). Replace the link with a real folder.',
  },
  CB3008: {
    severity: 'error',
    title: 'The folder is not empty',
    hint: 'Pick an empty or new folder, or pass --force to add the starter files anyway (existing files with the same names are replaced).',
  },
  CB3004: { severity: 'error', title: 'Folder to serve not found', hint: 'Build the site first (`casebook build`), or pass the folder that holds index.html.' },
  CB3170: {
    severity: 'error',
    title: 'Invalid --host',
    hint: 'Pass an IP address of this machine (127.0.0.1, ::1, or 0.0.0.0 to listen on every interface) or a host name such as localhost.',
  },
  CB3171: {
    severity: 'error',
    title: 'Cannot listen on that host',
    hint: 'Pass an address this machine has (see `ip addr` or `ifconfig`): 127.0.0.1 for this machine only, 0.0.0.0 for every interface.',
  },
  CB3172: {
    severity: 'error',
    title: 'Not allowed to listen on that port',
    hint: 'Ports below 1024 need administrator rights on most systems; pass --port with a number from 1024, or 0 for any free port.',
  },
  CB3100: {
    severity: 'error',
    title: 'Export file or folder not found',
    hint: 'Pass the file your old platform exported (WordPress: Tools → Export; Ghost: Settings → Labs → Export; dev.to: Export content in the settings) or, for Medium, the unzipped export folder.',
  },
  CB3101: {
    severity: 'error',
    title: 'Malformed XML in the export',
    hint: 'The file is not well-formed XML at the marked position. Export it again; if it was edited by hand, fix the marked tag.',
  },
  CB3102: {
    severity: 'error',
    title: 'Malformed JSON in the export',
    hint: 'The file is not valid JSON at the marked position. Export it again, or unzip the export first if you passed the .zip.',
  },
  CB3103: {
    severity: 'error',
    title: 'Not a WordPress export',
    hint: 'Pass the WXR file from WordPress → Tools → Export (an RSS file with wp: elements), not a plain RSS feed.',
  },
  CB3104: {
    severity: 'error',
    title: 'Not a Ghost export',
    hint: 'Pass the JSON file from Ghost → Settings → Labs (or Migrate) → Export content; it has db[0].data.posts.',
  },
  CB3105: {
    severity: 'error',
    title: 'Not a Medium export',
    hint: 'Pass the unzipped Medium export folder (it has a posts/ folder of .html files) or that posts/ folder itself.',
  },
  CB3106: {
    severity: 'error',
    title: 'Not a dev.to export',
    hint: 'Pass the articles JSON from dev.to (Export content in the settings, or /api/articles/me/all): a list of articles with body_markdown.',
  },
  CB3107: {
    severity: 'error',
    title: 'Import would overwrite existing files',
    hint: 'Import into a new folder, move the listed files away, or pass --force to replace them.',
  },
  CB3108: {
    severity: 'error',
    title: 'Nothing to import',
    hint: 'The export holds no posts or pages (attachments, revisions and menu items are never imported). Check that you exported all content.',
  },
  CB3109: {
    severity: 'error',
    title: 'The import target cannot hold a site',
    hint: 'Pass --out a site folder of its own (new, or an existing site): not a file, the root of the file system, your home folder, or a content/ or static/ folder.',
  },
  CB3120: {
    severity: 'warning',
    title: 'Markup from the old platform removed',
    hint: 'Shortcodes and template tags Casebook cannot render were removed, keeping the text inside them. Search the post for what the old platform showed there.',
  },
  CB3121: {
    severity: 'warning',
    title: 'Old URL kept without a redirect',
    hint: "The old path is used by a Casebook page or by another post; link to the post's new URL instead.",
  },
  CB3122: {
    severity: 'warning',
    title: 'Non-public post imported as a draft',
    hint: 'It was private, password-protected, members-only or sent by email only on the old platform. Remove `draft: true` to publish it.',
  },
  CB3123: {
    severity: 'warning',
    title: 'Item of an unsupported type skipped',
    hint: 'Only posts and pages are imported; custom post types (products, forms, reusable blocks) have no place in a Casebook site.',
  },
  CB3124: { severity: 'warning', title: 'Post without a title', hint: 'It was imported with a placeholder title; edit `title` in its front matter.' },
  CB3140: {
    severity: 'error',
    title: "Cross-posting needs the site's public URL",
    hint: 'Set baseUrl in the config or pass --base-url, so canonical_url points at your published page.',
  },
  CB3141: {
    severity: 'error',
    title: 'Unsafe export folder',
    hint: 'Choose a folder outside content/ and static/ (the default is <site>/export/<platform>/), or Casebook would publish the exported copies.',
  },
  CB3142: {
    severity: 'warning',
    title: 'Tags cut to the platform limit',
    hint: "dev.to takes 4 tags and Hashnode 5; order the post's tags by importance, or edit the exported front matter.",
  },
  CB3144: {
    severity: 'error',
    title: 'Export would overwrite files it did not write',
    hint: 'casebook export replaces only files an earlier export wrote (they start with its comment). Export into another folder with --out, or move the files away.',
  },
  CB3143: {
    severity: 'error',
    title: 'No published posts to export',
    hint: 'Drafts and scheduled posts have no public URL yet; publish a post (remove `draft: true`) and export again.',
  },
  CB3150: {
    severity: 'error',
    title: 'Invalid --allow-host name',
    hint: 'Pass a host name such as blog.test, or .example.com for that name and every name under it, once per name. Localhost names and IP addresses need no flag.',
  },
  CB3200: {
    severity: 'error',
    title: 'No analytics token',
    hint: 'Pass --token TOKEN or set CASEBOOK_ANALYTICS_TOKEN; use at least 16 characters, e.g. the output of `openssl rand -hex 24`.',
  },
  CB3201: {
    severity: 'error',
    title: 'Invalid analytics database',
    hint: 'Pass --db sqlite:FILE (the default is sqlite:analytics.db) or --db postgres://user:password@host:5432/database.',
  },
  CB3202: {
    severity: 'error',
    title: 'Analytics database unavailable',
    hint: "Check that the SQLite file's folder exists and is writable, or that the PostgreSQL server is running and the URL's user, password and database are right.",
  },
  CB3203: {
    severity: 'error',
    title: 'Analytics database is newer than this Casebook',
    hint: 'The database was migrated by a newer Casebook: upgrade Casebook, or point --db at another database.',
  },
  CB3204: {
    severity: 'error',
    title: 'No site origin for the collector',
    hint: 'Name the sites whose pages may send events: --site DIR (reads baseUrl from the site config) or --origin https://example.com, each as often as needed.',
  },
  CB3205: {
    severity: 'error',
    title: 'Invalid rate limit',
    hint: 'Write --rate-limit as events per client per period, such as 120/min, 10/s or 1000/h, or `off`.',
  },
  CB3300: {
    severity: 'error',
    title: 'The SQLite driver for analytics is not installed',
    hint: 'casebook analytics serve with --db sqlite: needs better-sqlite3 beside Casebook: `npm install better-sqlite3` in the site (with a global Casebook: `npm install -g better-sqlite3`), or use --db postgres://….',
  },
  CB3301: {
    severity: 'error',
    title: 'The PostgreSQL driver for analytics is not installed',
    hint: 'casebook analytics serve with --db postgres:// needs pg beside Casebook: `npm install pg` in the site (with a global Casebook: `npm install -g pg`).',
  },
  CB3302: {
    severity: 'error',
    title: 'The browser driver for PDF output is not installed',
    hint: 'casebook cv --pdf needs playwright-core beside Casebook: `npm install playwright-core` in the site (with a global Casebook: `npm install -g playwright-core`). It uses the Chromium already installed; no browser is downloaded.',
  },
  CB4001: {
    severity: 'error',
    title: 'Unsafe output folder',
    hint: 'Choose an output folder that is not the site folder, its content/, static/ or theme/ folder, the build cache, or one of their parents (symbolic links are followed), such as <site>/dist.',
  },
  CB4002: { severity: 'error', title: 'A static file collides with a generated page', hint: 'Rename or remove the file in static/, or change the page URL.' },
  CB4010: {
    severity: 'error',
    title: 'Output folder holds files Casebook did not write',
    hint: 'Casebook replaces the whole output folder on every build. Build into a new or empty folder, move the files away, or pass --replace-out to delete them and use the folder (once: the folder then carries .casebook-output). .git, CNAME and .nojekyll are always kept.',
  },
  CB4011: {
    severity: 'error',
    title: 'Unsafe cache folder',
    hint: 'Set cacheDir to a folder of its own, such as the default .casebook/cache: not the site folder, content/, static/, theme/ or an output folder, nor a folder inside or around one of them.',
  },
  CB4012: {
    severity: 'error',
    title: 'Another build is writing to the output folder',
    hint: 'Wait for the other build to finish and build again, or raise the wait with CASEBOOK_LOCK_TIMEOUT=SECONDS. If no build is running (one on another machine that was cut off), delete the lock file named above.',
  },
  CB4013: {
    severity: 'error',
    title: 'No space left on the disk',
    hint: 'Free space on the disk that holds the output folder or the build cache (a build needs room for a second copy of the site while it writes), or build into a folder on another disk with --out.',
  },
  CB4014: {
    severity: 'error',
    title: 'Output folder is not writable',
    hint: 'Casebook writes a temporary folder beside the output folder and swaps it in: make the output folder and the folder that holds it writable for this user, or build into another folder with --out.',
  },
  CB4015: {
    severity: 'error',
    title: 'Output path cannot be a folder',
    hint: 'A file stands where the output folder (or a folder on its path) should be, symbolic links on the path point at each other, or a name on it is too long. Move the file away, fix the links, or choose another folder with --out; Casebook never replaces a file.',
  },
  CB4016: {
    severity: 'error',
    title: 'Output folder cannot be swapped',
    hint: 'Casebook renames a temporary sibling folder into place, which a mount point (a Docker volume, for example) does not allow. Build into a folder inside the mount, e.g. --out /mnt/site/dist, and publish that.',
  },
  CB4018: {
    severity: 'error',
    title: 'Output path outside the output folder',
    hint: 'Something asked the build to write a file outside its output folder, usually a tampered or foreign build cache. Delete the cache folder (.casebook/cache by default) and build again; nothing was written.',
  },
  CB4019: {
    severity: 'error',
    title: 'No temporary folder',
    hint: 'A build with --no-cache makes its image variants in a folder of its own under the system temporary folder (TMPDIR, else /tmp). Point TMPDIR at a folder that exists and is writable, or build without --no-cache.',
  },
  CB4020: {
    severity: 'error',
    title: 'Temporary output folder removed during the build',
    hint: 'Something deleted the folder beside the output (<out>.casebook-tmp-…) that the build was writing; the previous output is unchanged. Build again, and keep cleanup scripts and sync tools away from that folder while a build runs.',
  },
  CB4021: {
    severity: 'error',
    title: 'The search index could not be built',
    hint: 'Pagefind, which builds the index in a process of its own, stopped or refused a page (the message says which); nothing was written and the previous output is unchanged. Build again; if it happens again, build without the index (`--skip search`, or `search: false` in casebook.config.yaml) and report the message.',
  },
  CB4017: {
    severity: 'warning',
    title: 'Build cache not saved',
    hint: 'The site was built and is in place; only the cache the next build starts from could not be written (often a full disk). Free space or fix the permissions of cacheDir.',
  },
} as const satisfies Record<string, CatalogEntry>;

export type ErrorCode = keyof typeof catalog;

/** Whether `code` is a code of the catalog (a warning read back from a cache may carry any string). */
export function isCode(code: unknown): code is keyof typeof catalog {
  return typeof code === 'string' && Object.hasOwn(catalog, code);
}
