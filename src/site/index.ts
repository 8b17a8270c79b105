export * from './model.js';
export * from './routes.js';
export * from './build-model.js';
export * from './generated-paths.js';
export * from './page-table.js';
export * from './page-table-check.js';
