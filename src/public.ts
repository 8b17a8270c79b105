/**
 * What a site's `casebook.config.ts` and `theme/components/*.ts` import from 'casebook'.
 * Kept free of runtime dependencies: the build bundles it into each of those files.
 */
export { defineConfig, type SiteConfigInput } from './config/define.js';
export { defineComponent, COMPONENT_NAMES } from './theming/components.js';
export type {
  ComponentDefinition,
  ComponentFunction,
  ComponentHelpers,
  ComponentName,
  ComponentProps,
  NavItemView,
  PostView,
} from './theming/components.js';
export { html, raw, attr, type SafeHtml } from './util/html.js';
export type { MessageKey } from './i18n/messages.js';
