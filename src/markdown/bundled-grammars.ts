/**
 * True in the CLI's Node 20 script build (scripts/compile.mjs), false in its ES module bundle,
 * undeclared elsewhere. Tested where the requires stand: esbuild keeps a literal require (and
 * bundles its file) only behind a condition it can fold in this module.
 */
declare const CASEBOOK_SCRIPT: boolean | undefined;

/**
 * The grammars of highlight.js's own common set (its `lib/common`), carried inside the Node 20
 * script build, so their compiled code is in the CLI's code cache. Loaded from node_modules, the
 * first block in one of them cost 4 ms (resolving the package's exports, compiling the file),
 * a tenth of what one edited post's rebuild spends on Markdown. Elsewhere empty: grammars load
 * from node_modules (Node 22's compile cache covers them).
 */
export const BUNDLED_GRAMMARS: Readonly<Record<string, () => unknown>> =
  typeof CASEBOOK_SCRIPT !== 'undefined' && CASEBOOK_SCRIPT
    ? {
        xml: () => require('highlight.js/lib/languages/xml'),
        bash: () => require('highlight.js/lib/languages/bash'),
        c: () => require('highlight.js/lib/languages/c'),
        cpp: () => require('highlight.js/lib/languages/cpp'),
        csharp: () => require('highlight.js/lib/languages/csharp'),
        css: () => require('highlight.js/lib/languages/css'),
        markdown: () => require('highlight.js/lib/languages/markdown'),
        diff: () => require('highlight.js/lib/languages/diff'),
        ruby: () => require('highlight.js/lib/languages/ruby'),
        go: () => require('highlight.js/lib/languages/go'),
        graphql: () => require('highlight.js/lib/languages/graphql'),
        ini: () => require('highlight.js/lib/languages/ini'),
        java: () => require('highlight.js/lib/languages/java'),
        javascript: () => require('highlight.js/lib/languages/javascript'),
        json: () => require('highlight.js/lib/languages/json'),
        kotlin: () => require('highlight.js/lib/languages/kotlin'),
        less: () => require('highlight.js/lib/languages/less'),
        lua: () => require('highlight.js/lib/languages/lua'),
        makefile: () => require('highlight.js/lib/languages/makefile'),
        perl: () => require('highlight.js/lib/languages/perl'),
        objectivec: () => require('highlight.js/lib/languages/objectivec'),
        php: () => require('highlight.js/lib/languages/php'),
        'php-template': () => require('highlight.js/lib/languages/php-template'),
        plaintext: () => require('highlight.js/lib/languages/plaintext'),
        python: () => require('highlight.js/lib/languages/python'),
        'python-repl': () => require('highlight.js/lib/languages/python-repl'),
        r: () => require('highlight.js/lib/languages/r'),
        rust: () => require('highlight.js/lib/languages/rust'),
        scss: () => require('highlight.js/lib/languages/scss'),
        shell: () => require('highlight.js/lib/languages/shell'),
        sql: () => require('highlight.js/lib/languages/sql'),
        swift: () => require('highlight.js/lib/languages/swift'),
        yaml: () => require('highlight.js/lib/languages/yaml'),
        typescript: () => require('highlight.js/lib/languages/typescript'),
        vbnet: () => require('highlight.js/lib/languages/vbnet'),
        wasm: () => require('highlight.js/lib/languages/wasm'),
      }
    : {};
