export * from './detect.js';
export * from './static-files.js';
export { toSitePath } from './url-path.js';
export * from './unsupported.js';
export * from './stray-markdown.js';
export * from './site-config.js';
