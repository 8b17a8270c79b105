// Shiki (dual light/dark themes through CSS variables; Oniguruma and JavaScript regex engines)
// against highlight.js as Casebook uses it, per code block. Shiki is not a dependency: run
//   npm install --no-save shiki && node scripts/compile.mjs && node bench/shiki-vs-hljs.mjs
// highlight.js (as Casebook uses it: class names, one pass) vs Shiki (dual light/dark themes
// through CSS variables, one tokenisation), per code block, unique blocks so no memo helps.
import { createHighlighter } from 'shiki';
import { createRequire } from 'node:module';
const require = createRequire(new URL('../package.json', import.meta.url));
const hljs = require('highlight.js');
const { registerLanguages } = await import('../dist/markdown/languages.js');
registerLanguages(hljs);
const CODE = {
  ts: 'export async function retry<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {\n  let last: unknown;\n  for (let i = 0; i < attempts; i++) {\n    try {\n      return await fn();\n    } catch (e) {\n      last = e;\n      await new Promise((r) => setTimeout(r, 2 ** i * 100));\n    }\n  }\n  throw last;\n}',
  go: 'func (q *Queue) Claim(ctx context.Context) (*Job, error) {\n\trow := q.db.QueryRowContext(ctx, claimSQL)\n\tvar j Job\n\tif err := row.Scan(&j.ID, &j.Payload); err != nil {\n\t\treturn nil, fmt.Errorf("claim: %w", err)\n\t}\n\treturn &j, nil\n}',
  sql: "UPDATE jobs SET state = 'running', claimed_at = now()\nWHERE id = (\n  SELECT id FROM jobs WHERE state = 'ready'\n  ORDER BY priority DESC, id\n  FOR UPDATE SKIP LOCKED LIMIT 1\n)\nRETURNING id, payload;",
  rust: 'fn percentile(sorted: &[u64], p: f64) -> u64 {\n    let rank = (p / 100.0 * (sorted.len() - 1) as f64).round() as usize;\n    sorted[rank.min(sorted.len() - 1)]\n}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: Terraform source, not a template
  hcl: 'resource "aws_s3_bucket" "logs" {\n  bucket = "logs-${var.env}"\n  tags = {\n    team = "sre"\n  }\n}',
};
const t0 = performance.now();
const shiki = await createHighlighter({ themes: ['github-light', 'github-dark'], langs: ['ts', 'go', 'sql', 'rust', 'hcl'] });
const load = performance.now() - t0;
const N = 2000;
const lines = Object.values(CODE).reduce((a, c) => a + c.split('\n').length, 0) / 5;
function run(name, f) {
  for (let i = 0; i < 200; i++) for (const [l, c] of Object.entries(CODE)) f(c + `\n// ${i}`, l);
  const start = performance.now();
  let bytes = 0;
  for (let i = 0; i < N; i++) for (const [l, c] of Object.entries(CODE)) bytes += f(c + `\n// warm ${i}`, l).length;
  const ms = (performance.now() - start) / (N * 5);
  console.log(`${name}: ${ms.toFixed(3)} ms per block (~${lines.toFixed(0)} lines), ${(bytes / (N * 5) / 1024).toFixed(1)} KiB HTML per block`);
  return ms;
}
const h = run('highlight.js', (c, l) => hljs.highlight(c, { language: l, ignoreIllegals: true }).value);
const s = run('shiki dual themes (css variables)', (c, l) =>
  shiki.codeToHtml(c, { lang: l, themes: { light: 'github-light', dark: 'github-dark' }, defaultColor: false }),
);
const { createJavaScriptRegexEngine } = await import('shiki/engine/javascript');
const shikiJs = await createHighlighter({
  themes: ['github-light', 'github-dark'],
  langs: ['ts', 'go', 'sql', 'rust', 'hcl'],
  engine: createJavaScriptRegexEngine(),
});
const sj = run('shiki dual themes, JavaScript regex engine', (c, l) =>
  shikiJs.codeToHtml(c, { lang: l, themes: { light: 'github-light', dark: 'github-dark' }, defaultColor: false }),
);
console.log(`shiki (JS engine)/hljs per block: ${(sj / h).toFixed(1)}x`);
console.log(`shiki load (2 themes, 5 grammars): ${load.toFixed(0)} ms; shiki/hljs per block: ${(s / h).toFixed(1)}x`);
console.log(`4,000 posts × 1.5 blocks: hljs ${((h * 6000) / 1000).toFixed(2)} s, shiki ${((s * 6000) / 1000).toFixed(2)} s of CPU`);
