/**
 * The compile kernel's loaders on Node (see compile/loaders.ts): highlight.js grammars from the installed
 * highlight.js, MathJax from dist/vendor/mathjax.cjs (bundled by `npm run build`, so an install needs no
 * mathjax-full) or, in a checkout, from src/project/mathjax-modules.cjs over the mathjax-full devDependency.
 * Importing this module provides them; the public API (src/index.ts) and the project layer import it.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { provideCompileLoaders, type CompileLoaders, type Grammar, type MathJaxModules } from '../compile/loaders.js';
import { packageRoot } from '../package-root.js';

const require = createRequire(import.meta.url);
let languagesDir: string | undefined;

/** The MathJax module file: the checkout's source when it is there (tests run the real mathjax-full), else the bundle. */
export function mathJaxModulesFile(root = packageRoot()): string {
  const source = path.join(root, 'src', 'project', 'mathjax-modules.cjs');
  return existsSync(source) ? source : path.join(root, 'dist', 'vendor', 'mathjax.cjs');
}

export const nodeCompileLoaders: CompileLoaders = {
  grammar(name) {
    languagesDir ??= path.join(path.dirname(require.resolve('highlight.js/package.json')), 'lib', 'languages');
    const file = path.join(languagesDir, `${name}.js`);
    return existsSync(file) ? (require(file) as Grammar) : undefined;
  },
  mathjax: () => require(mathJaxModulesFile()) as MathJaxModules,
};

provideCompileLoaders(nodeCompileLoaders);
