// Regenerates docs/errors.md from the error catalog.
import { writeFileSync } from 'node:fs';
import { errorsMarkdown } from '../src/errors/catalog-doc.js';

writeFileSync(new URL('../docs/errors.md', import.meta.url), errorsMarkdown());
console.log('docs/errors.md written');
