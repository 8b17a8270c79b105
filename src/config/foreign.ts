import type { ForeignProfile } from '../detect/index.js';
import type { Warning } from '../errors/index.js';
import { isValidTimeZone } from '../util/dates.js';
import { configSchema } from './schema.js';

/**
 * The config values read from another tool's config, each checked on its own: a value Casebook
 * cannot use (a time zone this machine does not know, a relative base URL) is left out with a
 * warning, since the old tool's config is not Casebook's to be strict about.
 */
export function foreignConfigInput(profile: ForeignProfile, warnings: Warning[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const shape = configSchema.shape as Record<string, { safeParse: (v: unknown) => { success: boolean } }>;
  for (const [key, value] of Object.entries(profile.config)) {
    const field = shape[key];
    const ok = field?.safeParse(value).success && (key !== 'timezone' || isValidTimeZone(String(value)));
    if (ok) out[key] = value;
    else {
      warnings.push({
        code: 'CB2101',
        message: `${profile.name}'s ${key} value ${JSON.stringify(value)} cannot be used; Casebook's default applies.`,
        location: { file: `${profile.configFile}` },
      });
    }
  }
  return out;
}
