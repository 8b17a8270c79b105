import type * as z from 'zod';

function describeValue(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'empty (null)';
  if (typeof v === 'string') return `the text "${v.length > 40 ? v.slice(0, 37) + '...' : v}"`;
  if (typeof v === 'number') return `the number ${v}`;
  if (typeof v === 'boolean') return `${v}`;
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (v instanceof Date) return 'a date';
  return 'a map';
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[p];
  }
  return cur;
}

function pathLabel(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p + 1}]` : s ? `.${String(p)}` : String(p);
  return s || 'value';
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a map of fields',
  int: 'a whole number',
};

/** Turns a zod issue into a sentence a writer understands: "`featured` must be true or false, but it is the text "yes"." */
export function issueToSentence(issue: z.core.$ZodIssue, input: unknown): string {
  const where = `\`${pathLabel(issue.path)}\``;
  const actual = describeValue(valueAt(input, issue.path));
  switch (issue.code) {
    case 'invalid_type':
      return `${where} must be ${EXPECTED[issue.expected] ?? issue.expected}, but it is ${actual}.`;
    case 'too_small':
      if (issue.origin === 'string') return `${where} must not be empty.`;
      if (issue.origin === 'array') return `${where} needs at least ${issue.minimum} item(s).`;
      return `${where} must be at least ${issue.minimum}, but it is ${actual}.`;
    case 'too_big':
      return `${where} must be at most ${issue.maximum}, but it is ${actual}.`;
    case 'invalid_value':
      return `${where} must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, but it is ${actual}.`;
    case 'invalid_format':
      // Regex checks carry their own description of the expected shape as the message.
      if (issue.format === 'regex') return `${where} must be ${issue.message}, but it is ${actual}.`;
      return `${where} must be a valid ${issue.format === 'url' ? 'absolute URL (https://…)' : issue.format}, but it is ${actual}.`;
    case 'unrecognized_keys':
      return `${where} has unknown field(s): ${issue.keys.join(', ')}.`;
    case 'invalid_union':
      return `${where} has an unexpected shape: it is ${actual}.`;
    default:
      return `${where} is invalid: ${issue.message}.`;
  }
}
