/**
 * What the pure compile kernel needs from its host, loaded on first use: highlight.js grammars by name and
 * MathJax's modules. compile never touches a disk or `require`s; the I/O shell provides these once
 * (src/project/compile-loaders.ts for Node; a browser host would hand in bundled ones).
 */

/** A highlight.js grammar (the default export of `highlight.js/lib/languages/<name>.js`). */
export type Grammar = (hljs: never) => object;

/** MathJax 3's pieces used for TeX → SVG, with the TeX packages they registered (src/project/mathjax-modules.cjs). */
export interface MathJaxModules {
  mathjax: { document(doc: string, options: object): { convert(math: string, options: object): unknown } };
  TeX: new (options: object) => object;
  SVG: new (options: object) => object;
  liteAdaptor: () => object;
  RegisterHTMLHandler: (adaptor: object) => void;
  packages: readonly string[];
}

export interface CompileLoaders {
  /** The grammar for a highlight.js language file name (e.g. `rust`); undefined when there is none. */
  grammar(name: string): Grammar | undefined;
  /** MathJax, loaded on the first formula. */
  mathjax(): MathJaxModules;
}

let provided: CompileLoaders | undefined;

/** Set the host's loaders (once, at start-up; importing gzh's public API or its project layer does it). */
export function provideCompileLoaders(loaders: CompileLoaders): void {
  provided = loaders;
}

export function compileLoaders(): CompileLoaders {
  if (!provided) throw new Error('gzh compile: no loaders for grammars and MathJax; import gzh (its public API) or call provideCompileLoaders() first');
  return provided;
}
