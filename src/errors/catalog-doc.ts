import { catalog } from './catalog.js';

const GROUPS: [string, string][] = [
  ['CB1', 'Content'],
  ['CB2', 'Config'],
  ['CB3', 'Command line'],
  ['CB4', 'Output'],
];

/** docs/errors.md, generated from the catalog so the reference can never drift from the code. */
export function errorsMarkdown(): string {
  const lines = [
    '# Error reference',
    '',
    '<!-- Generated from src/errors/catalog.ts by `npm run docs:errors`; do not edit by hand. -->',
    '',
    'Every problem Casebook reports has a permanent code. Errors stop the build (exit code 1) and',
    'leave the previous output untouched; warnings are counted in the summary and listed with `--verbose`.',
    '',
  ];
  for (const [prefix, name] of GROUPS) {
    lines.push(`## ${name} (${prefix}xxx)`, '');
    for (const [code, entry] of Object.entries(catalog)) {
      if (!code.startsWith(prefix)) continue;
      lines.push(`### ${code}: ${entry.title}`, '', `*${entry.severity}*. ${entry.hint}`, '');
    }
  }
  return lines.join('\n');
}
