// Bundles the CLI into dist/bundle/ (one file per lazily loaded command). The unified/remark/rehype stack is
// ~400 small ES modules; loading them one by one made a cold `gzh build` take ~900 ms, bundled ~200 ms.
// tsc still builds dist/ (types and the library API); this only adds the fast entry the `gzh` bin uses.
import { build } from 'esbuild';

await build({
  entryPoints: { gzh: 'src/cli/index.ts' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  // native code, browsers and big renderers stay in node_modules and load only when used
  external: ['sharp', 'playwright-core', 'jiti', 'mermaid', 'mathjax-full', 'fsevents'],
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
