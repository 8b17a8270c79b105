export * from './build.js';
export * from './phases.js';
