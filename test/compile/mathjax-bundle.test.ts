/**
 * The install loads MathJax from dist/vendor/mathjax.cjs (bundled by `npm run build`), a checkout from
 * src/project/mathjax-modules.cjs over mathjax-full: both must draw every formula the same. Needs the build.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { MathJaxModules } from '../../src/compile/loaders.js';

const require = createRequire(import.meta.url);
const bundled = new URL('../../dist/vendor/mathjax.cjs', import.meta.url).pathname;
const FORMULAS = ['E = mc^2', '\\frac{a}{b} + \\sqrt[3]{x}', '\\ce{H2O -> H+ + OH-}', '\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}', '\\cancel{x} \\braket{\\psi|\\phi} \\upalpha', '中文 \\text{文字}'];

function draw(modules: MathJaxModules): string[] {
  const adaptor = modules.liteAdaptor() as { outerHTML(node: unknown): string };
  modules.RegisterHTMLHandler(adaptor);
  const doc = modules.mathjax.document('', { InputJax: new modules.TeX({ packages: [...modules.packages] }), OutputJax: new modules.SVG({ fontCache: 'none' }) });
  return FORMULAS.map((f) => adaptor.outerHTML(doc.convert(f, { display: true })));
}

describe('the bundled MathJax', () => {
  it('is built (npm run build) and draws every formula exactly as mathjax-full does', () => {
    expect(existsSync(bundled), 'dist/vendor/mathjax.cjs is missing: npm run build').toBe(true);
    const fromSource = draw(require('../../src/project/mathjax-modules.cjs') as MathJaxModules);
    const fromBundle = draw(require(bundled) as MathJaxModules);
    expect(fromSource.every((svg) => svg.includes('<svg') && !svg.includes('merror'))).toBe(true);
    expect(fromBundle).toEqual(fromSource);
  });
});
