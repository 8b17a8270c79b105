export type * from './profile.js';
export type * from './body.js';
