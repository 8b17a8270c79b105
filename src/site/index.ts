export * from './model.js';
export * from './routes.js';
export * from './build-model.js';
export * from './generated-paths.js';
