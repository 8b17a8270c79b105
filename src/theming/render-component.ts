import { CasebookError } from '../errors/index.js';
import type { MessageKey, Params } from '../i18n/index.js';
import { isSafeHtml, type SafeHtml } from '../util/html.js';
import type { ComponentFunction, ComponentHelpers, ComponentName, ComponentOverrides, ComponentProps } from './components.js';

interface RenderScope {
  components: ComponentOverrides;
  i18n: { t: (key: MessageKey, params?: Params) => string; lang: string; dir: 'ltr' | 'rtl' };
}

/** Renders `name` with the site's override when it has one, else with the default theme. */
export function renderComponent<N extends ComponentName>(
  scope: RenderScope,
  name: N,
  props: ComponentProps[N],
  fallback: (props: ComponentProps[N]) => SafeHtml,
): SafeHtml {
  const override = scope.components[name] as { render: ComponentFunction<N>; file: string } | undefined;
  if (!override) return fallback(props);
  let original: SafeHtml | undefined;
  const helpers: ComponentHelpers = {
    get original() {
      return (original ??= fallback(props));
    },
    t: scope.i18n.t,
    lang: scope.i18n.lang,
    dir: scope.i18n.dir,
  };
  let out: unknown;
  try {
    out = override.render(props, helpers);
  } catch (e) {
    throw new CasebookError('CB2306', `The ${name} component threw: ${(e as Error).message}`, { file: override.file });
  }
  if (!isSafeHtml(out)) {
    throw new CasebookError(
      'CB2306',
      `The ${name} component returned ${out === null ? 'null' : typeof out}, not markup from the html tag.`,
      { file: override.file },
      "Return html`…` (import { html } from 'casebook'): it escapes every value, so post titles cannot inject markup.",
    );
  }
  return out;
}
