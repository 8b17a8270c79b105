import { defineComponent, html } from 'casebook';

/** A quieter footer: one line of links, then the default footer's feed line. */
export default defineComponent('footer', (props, { t }) => html`<footer class="site-footer teal-footer"><div class="wrap">
<p>${props.text}. ${props.social.map((s, i) => html`${i ? ' · ' : ''}<a href="${s.url}" rel="me">${s.label}</a>`)}</p>
<p class="feeds"><a href="${props.feeds.rss}">RSS</a> · <a href="${props.feeds.atom}">Atom</a> · <a href="${props.feeds.json}">JSON Feed</a> · ${t('layout.builtWith')}</p>
</div></footer>`);
