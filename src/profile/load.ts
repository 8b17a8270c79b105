import { existsSync, realpathSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseDocument } from 'yaml';
import { CasebookError } from '../errors/index.js';
import { offsetToLineColumn, yamlPathPosition } from '../util/source-position.js';
import { readInside } from '../util/open-inside.js';
import { readFailure } from '../util/read-failure.js';
import { closest } from '../util/suggest.js';
import { issueToSentence } from '../util/zod-sentence.js';
import { plainJson } from '../util/plain-json.js';
import { PROFILE_SECTIONS, profileSchema, type Profile } from './schema.js';

export const PROFILE_FILES = ['resume.json', 'profile.yaml', 'profile.yml'];

export interface LoadedProfile {
  profile: Profile;
  file: string;
  /** The data as written, published unchanged as /resume.json. */
  raw: unknown;
}

/**
 * Reads `resume.json` (JSON Resume) or `profile.yaml` (the same shape). Plain JSON is read by
 * JSON.parse; the YAML parser reads the rest (JSON with a key twice among them) and reports
 * syntax errors with their position.
 */
export function loadProfile(root: string): LoadedProfile | undefined {
  const present = PROFILE_FILES.filter((f) => existsSync(join(root, f)));
  if (present.length > 1) {
    throw new CasebookError('CB1042', `Found ${present.join(' and ')}; Casebook reads one profile.`, { file: join(root, present[1]!) });
  }
  if (!present.length) return undefined;
  const file = join(root, present[0]!);
  const source = readProfileText(root, file)
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n');
  const raw = (file.endsWith('.json') ? plainJson(source) : undefined) ?? readYaml(source, file);
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const key of Object.keys(raw)) {
      if (!PROFILE_SECTIONS.includes(key)) {
        const near = closest(key, PROFILE_SECTIONS);
        throw new CasebookError('CB1040', `"${key}" is not a JSON Resume section.${near ? ` Did you mean "${near}"?` : ''}`, {
          file,
          ...(yamlPathPosition(source, [key]) ?? { line: 1, column: 1 }),
          source,
        });
      }
    }
  }
  // One value per run: checked plainly instead of compiling zod's fast path (see config/load.ts).
  const parsed = profileSchema.safeParse(raw, { jitless: true });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CasebookError('CB1040', issueToSentence(issue, raw), { file, ...(yamlPathPosition(source, issue.path) ?? { line: 1, column: 1 }), source });
  }
  return { profile: parsed.data, file, raw };
}

/**
 * The profile's text, read only from inside the site (it is published as /resume.json): a link
 * to a file elsewhere is CB1317, a FIFO or device (a read without end) or an unreadable file CB1033.
 */
function readProfileText(root: string, file: string): string {
  try {
    return readInside(file, realpathSync.native(root)).toString('utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EOUTSIDE') throw new CasebookError('CB1317', `${basename(file)} leads outside the site folder.`, { file });
    const why = err.code === 'ECHANGED' ? 'it is not a regular file' : (readFailure(err.code) ?? err.message);
    throw new CasebookError('CB1033', `The profile cannot be read: ${why}.`, { file });
  }
}

/** The profile's data through the YAML parser; a syntax error (a duplicate key among them) is CB1041. */
function readYaml(source: string, file: string): unknown {
  const doc = parseDocument(source, { prettyErrors: false, uniqueKeys: true });
  const err = doc.errors[0];
  if (err) {
    throw new CasebookError('CB1041', err.message.split('\n')[0]!, { file, ...offsetToLineColumn(source, err.pos[0]), source });
  }
  return doc.toJS() as unknown;
}
