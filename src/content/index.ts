export * from './discover.js';
export * from './front-matter.js';
export * from './schema.js';
export * from './aliases.js';
export * from './post.js';
export * from './read-post.js';
export * from './kinds.js';
