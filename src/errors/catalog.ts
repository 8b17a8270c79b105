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
  CB3001: { severity: 'error', title: 'Unknown command', hint: 'Run `casebook --help` for the list of commands.' },
  CB3002: { severity: 'error', title: 'Invalid command-line option', hint: 'Run `casebook <command> --help` for the options of a command.' },
  CB3003: { severity: 'error', title: 'Port already in use', hint: 'Stop the other server or pass --port with a free port.' },
  CB3005: { severity: 'error', title: 'No Chromium found for PDF output', hint: 'Install Chromium (Debian/Ubuntu: `apt-get install chromium`; macOS: install Google Chrome) or point CHROME_PATH at a Chromium-based browser.' },
  CB3006: { severity: 'error', title: 'The site has no profile', hint: 'Add resume.json (JSON Resume) or profile.yaml to the site folder to get a CV.' },
  CB3007: { severity: 'error', title: 'The file already exists', hint: 'Choose another title, or edit the existing file.' },
  CB3008: { severity: 'error', title: 'The folder is not empty', hint: 'Pick an empty or new folder, or pass --force to add the starter files anyway (existing files with the same names are replaced).' },
  CB3004: { severity: 'error', title: 'Folder to serve not found', hint: 'Build the site first (`casebook build`), or pass the folder that holds index.html.' },
  CB3100: { severity: 'error', title: 'Export file or folder not found', hint: 'Pass the file your old platform exported (WordPress: Tools → Export; Ghost: Settings → Labs → Export; dev.to: Export content in the settings) or, for Medium, the unzipped export folder.' },
  CB3101: { severity: 'error', title: 'Malformed XML in the export', hint: 'The file is not well-formed XML at the marked position. Export it again; if it was edited by hand, fix the marked tag.' },
  CB3102: { severity: 'error', title: 'Malformed JSON in the export', hint: 'The file is not valid JSON at the marked position. Export it again, or unzip the export first if you passed the .zip.' },
  CB3103: { severity: 'error', title: 'Not a WordPress export', hint: 'Pass the WXR file from WordPress → Tools → Export (an RSS file with wp: elements), not a plain RSS feed.' },
  CB3104: { severity: 'error', title: 'Not a Ghost export', hint: 'Pass the JSON file from Ghost → Settings → Labs (or Migrate) → Export content; it has db[0].data.posts.' },
  CB3105: { severity: 'error', title: 'Not a Medium export', hint: 'Pass the unzipped Medium export folder (it has a posts/ folder of .html files) or that posts/ folder itself.' },
  CB3106: { severity: 'error', title: 'Not a dev.to export', hint: 'Pass the articles JSON from dev.to (Export content in the settings, or /api/articles/me/all): a list of articles with body_markdown.' },
  CB3107: { severity: 'error', title: 'Import would overwrite existing files', hint: 'Import into a new folder, move the listed files away, or pass --force to replace them.' },
  CB3108: { severity: 'error', title: 'Nothing to import', hint: 'The export holds no posts or pages (attachments, revisions and menu items are never imported). Check that you exported all content.' },
  CB3109: { severity: 'error', title: 'The import target is not a folder', hint: 'Pass a folder (new or an existing site) to --out.' },
  CB3120: { severity: 'warning', title: 'Markup from the old platform removed', hint: 'Shortcodes and template tags Casebook cannot render were removed, keeping the text inside them. Search the post for what the old platform showed there.' },
  CB3121: { severity: 'warning', title: 'Old URL kept without a redirect', hint: 'The old path is used by a Casebook page or by another post; link to the post\'s new URL instead.' },
  CB3122: { severity: 'warning', title: 'Non-public post imported as a draft', hint: 'It was private, password-protected, members-only or sent by email only on the old platform. Remove `draft: true` to publish it.' },
  CB3123: { severity: 'warning', title: 'Item of an unsupported type skipped', hint: 'Only posts and pages are imported; custom post types (products, forms, reusable blocks) have no place in a Casebook site.' },
  CB3124: { severity: 'warning', title: 'Post without a title', hint: 'It was imported with a placeholder title; edit `title` in its front matter.' },
  CB3140: { severity: 'error', title: 'Cross-posting needs the site\'s public URL', hint: 'Set baseUrl in the config or pass --base-url, so canonical_url points at your published page.' },
  CB3141: { severity: 'error', title: 'Unsafe export folder', hint: 'Choose a folder outside content/ and static/ (the default is <site>/export/<platform>/), or Casebook would publish the exported copies.' },
  CB3142: { severity: 'warning', title: 'Tags cut to the platform limit', hint: 'dev.to takes 4 tags and Hashnode 5; order the post\'s tags by importance, or edit the exported front matter.' },
  CB3143: { severity: 'error', title: 'No published posts to export', hint: 'Drafts and scheduled posts have no public URL yet; publish a post (remove `draft: true`) and export again.' },
  CB4001: { severity: 'error', title: 'Unsafe output folder', hint: 'Choose an output folder that is not the site folder, its content/ or static/ folder, or one of their parents.' },
  CB4002: { severity: 'error', title: 'A static file collides with a generated page', hint: 'Rename or remove the file in static/, or change the page URL.' },
} as const satisfies Record<string, CatalogEntry>;

export type ErrorCode = keyof typeof catalog;
