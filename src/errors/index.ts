export * from './catalog.js';
export * from './casebook-error.js';
export * from './format.js';
