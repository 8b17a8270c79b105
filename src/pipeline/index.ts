export * from './build.js';
export * from './phases.js';
export * from './cache.js';
