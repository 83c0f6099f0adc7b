// Bundles the CLI into dist/bundle/ (one file per lazily loaded command). The unified/remark/rehype stack is
// ~400 small ES modules; loading them one by one made a cold `gzh build` take ~900 ms, bundled ~200 ms.
// tsc still builds dist/ (types and the library API); this only adds the fast entry the `gzh` bin uses.
import { build } from 'esbuild';

await build({
  // the compile pool's worker is a file of its own: compile-pool.ts finds it beside itself (dist/bundle/)
  entryPoints: { gzh: 'src/cli/index.ts', 'compile-worker': 'src/project/compile-worker.ts' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  // native code, browsers and big renderers stay in node_modules and load only when used
  // tinypool starts its workers from a file of its own (dist/entry/worker.js): it must stay a package
  external: ['sharp', 'playwright-core', 'jiti', 'mermaid', 'mathjax-full', 'fsevents', 'tinypool'],
  // bundled CommonJS packages call require() and read __filename (write-file-atomic names its temp files
  // with it): give every ESM chunk those CommonJS globals
  banner: {
    js: [
      "import { createRequire as __gzhCreateRequire } from 'node:module';",
      "import { fileURLToPath as __gzhFileURLToPath } from 'node:url';",
      'const require = __gzhCreateRequire(import.meta.url);',
      'const __filename = __gzhFileURLToPath(import.meta.url);',
      "const __dirname = __gzhFileURLToPath(new URL('.', import.meta.url));",
    ].join(' '),
  },
});
