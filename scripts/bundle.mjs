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
  // bundled CommonJS packages call require(): give the ESM bundle one
  banner: { js: "import { createRequire as __gzhCreateRequire } from 'node:module'; const require = __gzhCreateRequire(import.meta.url);" },
});
