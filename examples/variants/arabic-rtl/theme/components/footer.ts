import { defineComponent, html } from 'casebook';

/** The default footer, with a line in front that says what the site is for. */
export default defineComponent('footer', (props, { original }) => html`<aside class="plum-note" aria-label="${props.siteTitle}"><div class="wrap"><p>مدونة هندسية: أنظمة موزعة، قواعد بيانات، ودروس من الحوادث.</p></div></aside>${original}`);
