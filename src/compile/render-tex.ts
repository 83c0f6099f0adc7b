/**
 * TeX → SVG (as hast) with MathJax, synchronously. WeChat keeps inline SVG but not what MathJax normally
 * leans on: no <defs>/<use> (fontCache 'none' puts every glyph's path inline), no ids, classes, links or
 * data attributes, ink in `currentColor` so it follows the text colour (dark mode included), sizes in `ex`.
 *
 * MathJax is loaded by the host (loaders.ts) on the first formula: articles without math never load it.
 */
import type { Element, ElementContent } from 'hast';
import { compileLoaders } from './loaders.js';

/** The parts of MathJax's lite DOM read here. */
interface LiteNode {
  kind: string;
  value?: string;
}
interface LiteElement extends LiteNode {
  attributes: Record<string, unknown>;
  children: LiteNode[];
}

/** Where \newcommand keeps its definitions (global in MathJax): cleared per article so compiles stay independent. */
const USER_MACRO_MAPS = ['new-Command', 'new-Environment', 'new-Delimiter'];
/** Attributes worth keeping on the SVG (everything else is MathJax bookkeeping or forbidden by WeChat). */
const KEPT_ATTRIBUTES = new Set(['xmlns', 'width', 'height', 'viewBox', 'style', 'd', 'transform', 'fill', 'stroke', 'stroke-width', 'x', 'y', 'x1', 'x2', 'y1', 'y2', 'rx', 'ry', 'cx', 'cy', 'r', 'points', 'font-family', 'font-size', 'font-style', 'font-weight', 'text-anchor', 'preserveAspectRatio', 'opacity', 'fill-opacity', 'stroke-opacity', 'stroke-dasharray', 'stroke-linecap', 'stroke-linejoin']);

interface MathJaxEngine {
  convert(tex: string, display: boolean): LiteElement;
  resetMacros(): void;
}

let engine: MathJaxEngine | undefined;

/** MathJax's TeX parse errors carry an id (e.g. `MissingCloseBrace`); the message says what is wrong. */
export class TexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TexError';
  }
}

function createEngine(): MathJaxEngine {
  const { mathjax, TeX, SVG, liteAdaptor, RegisterHTMLHandler, packages } = compileLoaders().mathjax();
  RegisterHTMLHandler(liteAdaptor());
  const tex = new (TeX as new (options: object) => { parseOptions: { handlers: { retrieve(name: string): { map?: Map<string, unknown> } | undefined } } })({
    packages: [...packages],
    formatError: (_jax: unknown, error: Error) => {
      throw new TexError(error.message);
    },
  });
  const svg = new SVG({ fontCache: 'none' });
  const document = mathjax.document('', { InputJax: tex, OutputJax: svg });
  return {
    convert: (source, display) => document.convert(source, { display }) as LiteElement,
    resetMacros: () => {
      // through this TeX's own parse options: the global registry may hold textmacros' copies
      for (const name of USER_MACRO_MAPS) tex.parseOptions.handlers.retrieve(name)?.map?.clear();
    },
  };
}

/** Forget \newcommand definitions of the previous article (call once per article, before its first formula). */
export function resetTexMacros(): void {
  engine?.resetMacros();
}

/**
 * Rendered formulas by TeX source: the dev server recompiles the same article on every keystroke. Off for
 * articles that define macros (a formula's meaning then depends on the definitions before it).
 */
const cache = new Map<string, Element>();
const CACHE_LIMIT = 2000;

/** Render one formula; throws TexError for bad TeX. Inline formulas sit on the baseline (vertical-align in ex). */
export function renderTex(source: string, display: boolean, options: { cache?: boolean } = {}): Element {
  const key = `${display ? 'D' : 'I'}${source}`;
  if (options.cache) {
    const hit = cache.get(key);
    if (hit) return structuredClone(hit);
  }
  const svg = convertTex(source, display);
  if (options.cache) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, structuredClone(svg));
  }
  return svg;
}

function convertTex(source: string, display: boolean): Element {
  engine ??= createEngine();
  let container: LiteElement;
  try {
    container = engine.convert(source, display);
  } catch (error) {
    if (error instanceof TexError) throw error;
    throw new TexError((error as Error).message);
  }
  const svg = container.children.find((c): c is LiteElement => c.kind === 'svg');
  if (!svg) throw new TexError('MathJax produced no SVG');
  // any <merror> MathJax still drew (rather than threw) is reported as an error too, see toHast
  return toHast(svg);
}

function toHast(node: LiteElement): Element {
  const properties: Record<string, string> = {};
  for (const [name, value] of Object.entries(node.attributes)) {
    if (name === 'data-mml-node' && value === 'merror') throw new TexError('Invalid TeX');
    if (KEPT_ATTRIBUTES.has(name) && value !== undefined && value !== null) properties[name] = String(value);
  }
  const children: ElementContent[] = [];
  for (const child of node.children as LiteNode[]) {
    if (child.kind === '#text') {
      children.push({ type: 'text', value: (child as { value: string }).value });
    } else if (child.kind === '#comment') {
      continue;
    } else if (child.kind === 'a' || child.kind === 'title') {
      // \eqref links (WeChat forbids links to anchors): keep what they draw, drop the link
      if (child.kind === 'a') children.push(...toHast(child as LiteElement).children);
    } else {
      children.push(toHast(child as LiteElement));
    }
  }
  return { type: 'element', tagName: node.kind, properties, children };
}
