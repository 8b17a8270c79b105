export * from './sink.js';
export * from './memory-sink.js';
export * from './disk-sink.js';
export * from './safe-out-dir.js';
