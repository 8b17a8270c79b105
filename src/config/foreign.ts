import type { ForeignProfile } from '../foreign-types/index.js';
import type { Warning } from '../errors/index.js';
import { isValidTimeZone } from '../util/dates.js';
import { normaliseLocale } from '../util/locale.js';
import { configSchema } from './schema.js';

/**
 * The config values read from another tool's config, each checked on its own: a value Casebook
 * cannot use (a time zone this machine does not know, a relative base URL) is left out with a
 * warning, since the old tool's config is not Casebook's to be strict about.
 */
export function foreignConfigInput(profile: ForeignProfile, warnings: Warning[]): Record<string, unknown> {
  // Hugo and Zola put every post in their feeds unless told otherwise, and a subscriber must not
  // lose entries by the switch: a detector that read a limit from the old config overrides this.
  const out: Record<string, unknown> = { feedSize: 'all' };
  const shape = configSchema.shape as Record<string, { safeParse: (v: unknown) => { success: boolean } }>;
  for (const [key, written] of Object.entries(profile.config)) {
    let value = written;
    // Jekyll and Hugo sites write `en_US`; a tag Intl cannot use is left out like any unusable value.
    if (key === 'lang' && typeof value === 'string') {
      const locale = normaliseLocale(value);
      if (locale.ok) value = locale.tag;
      else value = undefined;
    }
    const field = shape[key];
    const ok = value !== undefined && field?.safeParse(value).success && (key !== 'timezone' || isValidTimeZone(String(value)));
    if (ok) out[key] = value;
    else {
      warnings.push({
        code: 'CB2101',
        message: `${profile.name}'s ${key} value ${JSON.stringify(written)} cannot be used; Casebook's default applies.`,
        location: { file: `${profile.configFile}` },
      });
    }
  }
  return out;
}
