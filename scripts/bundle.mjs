// Bundles the CLI into dist/bundle/ (one file per lazily loaded command). The unified/remark/rehype stack is
// ~400 small ES modules; loading them one by one made a cold `gzh build` take ~900 ms, bundled ~200 ms.
// tsc still builds dist/ (types and the library API); this only adds the fast entry the `gzh` bin uses.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
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

const { metafile } = await build({
  // the compile pool's worker is a file of its own: compile-pool.ts finds it beside itself (dist/bundle/).
  // index is the library API (package.json main): it shares its chunks with the CLI, so the pure-JS
  // dependencies ship inside the bundle and an install fetches only what runs from node_modules (sharp,
  // tinypool, jiti, highlight.js' grammar files) and what dist/*.d.ts names
  entryPoints: { gzh: 'src/cli/index.ts', index: 'src/index.ts', 'compile-worker': 'src/project/compile-worker.ts' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  metafile: true,
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

// The bundle carries other people's code: ship each bundled package's licence with it
// (dist/bundle/THIRD-PARTY-LICENSES.txt), as their MIT/ISC/BSD terms ask
const packages = new Map();
for (const input of Object.keys(metafile.inputs)) {
  const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (!m) continue;
  const dir = input.slice(0, m.index + m[0].length - 1);
  if (!packages.has(dir)) packages.set(dir, m[1]);
}
const notices = [...packages].map(([dir, name]) => {
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)/i.test(f));
  const text = file ? readFileSync(path.join(dir, file), 'utf8').trim() : `License: ${pkg.license ?? 'see the package'}`;
  return `${name}@${pkg.version} (${pkg.license ?? 'unknown'})\n\n${text}\n`;
}).sort();
writeFileSync('dist/bundle/THIRD-PARTY-LICENSES.txt', `Packages bundled into gzh's dist/bundle/ and their licences.\n\n${notices.join('\n' + '-'.repeat(72) + '\n\n')}`);
