// Bundled in place of `require('markdown-it')` for markdown-it-attrs (scripts/compile.mjs): the
// ES module build Casebook imports, as the callable the CommonJS build exports. Only esbuild
// reads this file; Node 20 itself cannot require an .mjs file.
module.exports = require('../node_modules/markdown-it/dist/markdown-it.mjs').default;
