/**
 * Rewrites every link and image destination in Markdown with `map` (which makes them absolute;
 * `inHtml` says the URL is in raw HTML, where a root-relative URL already carries the base path),
 * leaving code alone: fenced and indented code blocks and inline code spans keep their text.
 * Covers inline links and images (`](url)`), reference definitions (`[id]: url`) and `src`/
 * `href` attributes of raw HTML.
 */
export function mapMarkdownUrls(markdown: string, map: (url: string, inHtml: boolean) => string): string {
  const lines = markdown.split('\n');
  let fence: string | undefined;
  let previousBlank = true;
  const out: string[] = [];
  for (const line of lines) {
    const f = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (f && f[1]![0] === fence[0] && f[1]!.length >= fence.length && line.trim() === f[1]) fence = undefined;
      out.push(line);
      previousBlank = false;
      continue;
    }
    if (f) {
      fence = f[1]!;
      out.push(line);
      continue;
    }
    // An indented line after a blank line is an indented code block (inside lists it may not be, but rewriting is then only skipped).
    if (/^( {4}|\t)/.test(line) && previousBlank) {
      out.push(line);
      continue;
    }
    previousBlank = line.trim() === '';
    const def = /^( {0,3}\[[^\]]+\]:[ \t]*)(<?)(\S+?)(>?)(\s.*)?$/.exec(line);
    if (def) {
      out.push(`${def[1]}${def[2]}${map(def[3]!, false)}${def[4]}${def[5] ?? ''}`);
      continue;
    }
    out.push(
      line
        .split(/(`+[^`]*`+)/)
        .map((part, i) =>
          i % 2
            ? part
            : part
                .replace(/\]\((\s*<?)([^)\s>]+)/g, (_m, open: string, url: string) => `](${open}${map(url, false)}`)
                .replace(/\b(src|href)=("([^"]*)"|'([^']*)')/gi, (_m, name: string, _q: string, dq?: string, sq?: string) =>
                  dq !== undefined ? `${name}="${map(dq, true)}"` : `${name}='${map(sq!, true)}'`,
                ),
        )
        .join(''),
    );
  }
  return out.join('\n');
}
