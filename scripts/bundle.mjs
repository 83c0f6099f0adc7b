// Bundles the CLI into dist/bundle/ (one file per lazily loaded command). The unified/remark/rehype stack is
// ~400 small ES modules; loading them one by one made a cold `gzh build` take ~900 ms, bundled ~200 ms.
// tsc still builds dist/ (types and the library API); this only adds the fast entry the `gzh` bin uses.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

// chunk names are content hashes: without this, every build's old chunks stayed and were packed too
rmSync('dist/bundle', { recursive: true, force: true });

// MathJax: only the modules TeX → SVG uses (src/project/mathjax-modules.cjs), ~2 MB, instead of installing
// mathjax-full (52 MB with speech-rule-engine); src/project/compile-loaders.ts loads it
await build({
  entryPoints: ['src/project/mathjax-modules.cjs'],
  outfile: 'dist/vendor/mathjax.cjs',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: true,
  keepNames: true,
  legalComments: 'linked',
  logLevel: 'warning',
});

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
  external: ['sharp', 'playwright-core', 'jiti', 'mermaid', 'fsevents', 'tinypool'],
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
