import { createHash } from 'node:crypto';

/**
 * The one inline script of every page (CSP: allow it by its hash, THEME_SCRIPT_HASH): in <head>,
 * before anything is painted, it puts the stored choice on html[data-theme], so a reader who chose
 * Dark never sees a light page flash; it then ticks the matching radio and stores every change.
 * Without storage (private mode, blocked) the radios still work on the page.
 */
export const THEME_SCRIPT =
  '(()=>{const d=document.documentElement,k="casebook-theme",s=v=>{v=="light"||v=="dark"?d.dataset.theme=v:delete d.dataset.theme;const r=document.getElementById("theme-"+(d.dataset.theme||"system"));if(r)r.checked=!0},g=()=>{try{s(localStorage.getItem(k))}catch{}};g();document.addEventListener("DOMContentLoaded",g);addEventListener("pageshow",e=>e.persisted&&g());document.addEventListener("change",e=>{const t=e.target;if(t.name=="theme"){s(t.value);try{localStorage.setItem(k,t.value)}catch{}}})})()';

/** For a Content-Security-Policy: `script-src 'self' '<this>'`. */
export const THEME_SCRIPT_HASH = `sha256-${createHash('sha256').update(THEME_SCRIPT).digest('base64')}`;
