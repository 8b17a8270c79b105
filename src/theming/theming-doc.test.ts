import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { englishMessages } from '../i18n/messages.js';
import { COMPONENT_NAMES } from './components.js';

describe('docs/theming.md', () => {
  it('lists every message id and every overridable component', () => {
    const doc = readFileSync(new URL('../../docs/theming.md', import.meta.url), 'utf8');
    for (const key of Object.keys(englishMessages()).filter((k) => k !== '$name')) expect(doc, key).toContain('`' + key + '`');
    for (const name of COMPONENT_NAMES) expect(doc, name).toContain('| `' + name + '` |');
  });
});
