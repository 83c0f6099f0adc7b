/**
 * Math (remark-math `$…$` and `$$…$$`) as inline SVG rendered at compile time (see render-tex.ts): no fonts,
 * no scripts, nothing WeChat strips. Inline formulas sit in the line; display formulas are centred in a
 * section that scrolls sideways when the formula is wider than the phone. Bad TeX is reported with its
 * line and shown as code, and the rest of the article compiles.
 */
import type { Element, Root, Text } from 'hast';
import { h } from 'hastscript';
import type { Root as MdastRoot, RootContent as MdastContent, Parent as MdastParent } from 'mdast';
import type { VFile } from 'vfile';
import { deferChildren } from '../deferred-content.js';
import { renderTex, resetTexMacros, TexError } from '../render-tex.js';
import { report } from '../report.js';
import { walkElements } from '../walk.js';

/**
 * `$` is also money: "$5 and $10" would be read as the formula `5 and `. Like Pandoc, a single-dollar
 * formula whose content starts or ends with a space, or whose closing `$` is followed by a digit, is text.
 * `$` also starts Vue's instance members: "[store.$subscribe](./state.md) 和 [store.$onAction]" in the
 * Pinia docs read as one formula and failed as TeX (an error that blocked publishing). Content with a
 * Markdown link (`](`), a backtick, or Chinese text and no TeX command is prose, not a formula.
 */
export function revertDollarText(tree: MdastRoot, source: string): void {
  const visit = (parent: MdastParent) => {
    for (let i = 0; i < parent.children.length; i++) {
      const node = parent.children[i] as MdastContent;
      if (node.type === 'inlineMath') {
        const start = node.position?.start.offset;
        const end = node.position?.end.offset;
        if (start === undefined || end === undefined) continue;
        const raw = source.slice(start, end);
        if (raw.startsWith('$$')) continue;
        if (/^\$\s|\s\$$/.test(raw) || /^\d/.test(source.slice(end, end + 1)) || isProse(raw)) {
          parent.children[i] = { type: 'text', value: raw, position: node.position } as never;
        }
      } else if ('children' in node) {
        visit(node as MdastParent);
      }
    }
  };
  visit(tree);
}

const HAN = /\p{Script=Han}/u;

function isProse(raw: string): boolean {
  return raw.includes('](') || raw.includes('`') || (HAN.test(raw) && !raw.includes('\\'));
}

/** TeX that changes what later formulas mean: such articles are rendered without the formula cache. */
const DEFINES_MACROS = /\\(newcommand|renewcommand|providecommand|def|gdef|let|newenvironment|renewenvironment|DeclareMathOperator|Newextarrow)\b/;

export default function rehypeWechatMath() {
  return (tree: Root, file: VFile) => {
    resetTexMacros();
    const cache = !DEFINES_MACROS.test(String(file.value));
    walkElements(tree, (node) => {
      if (node.tagName === 'pre') {
        const code = onlyMathCode(node, 'math-display');
        if (!code) return undefined;
        return displayMath(textOf(code), node, file, cache);
      }
      if (node.tagName === 'p') {
        // `$$x$$` alone in its paragraph is a display formula written on one line
        const meaningful = node.children.filter((c) => !(c.type === 'text' && c.value.trim() === ''));
        const only = meaningful[0];
        if (meaningful.length === 1 && only?.type === 'element' && isMathCode(only, 'math-inline') && isDoubleDollar(only, file)) {
          return displayMath(textOf(only), node, file, cache);
        }
        return undefined;
      }
      if (node.tagName === 'code' && isMathCode(node, 'math-inline')) {
        return inlineMath(textOf(node), node, file, cache);
      }
      return undefined;
    });
  };
}

function displayMath(source: string, at: Element, file: VFile, cache: boolean): Element {
  try {
    const svg = renderTex(source, true, { cache });
    const block = h('section', { className: ['math-display'], style: 'text-align: center; overflow-x: auto; overflow-y: hidden;' });
    block.position = at.position;
    return deferChildren(file, block, [svg]);
  } catch (error) {
    reportTex(file, at, source, error);
    const fallback = h('pre', [h('code', { className: ['language-tex'] }, `$$\n${source}\n$$`)]);
    fallback.position = at.position;
    return fallback;
  }
}

function inlineMath(source: string, at: Element, file: VFile, cache: boolean): Element {
  try {
    const svg = renderTex(source, false, { cache });
    const span = h('span', { className: ['math-inline'] });
    span.position = at.position;
    return deferChildren(file, span, [svg]);
  } catch (error) {
    reportTex(file, at, source, error);
    const code = h('code', { className: ['math-error'] }, `$${source}$`);
    code.position = at.position;
    return code;
  }
}

function reportTex(file: VFile, at: Element, source: string, error: unknown): void {
  if (!(error instanceof TexError)) throw error;
  report(file, at, 'error', 'compile/math', `Cannot render TeX \`${source.length > 60 ? `${source.slice(0, 57)}...` : source}\`: ${error.message}; it is shown as code`, { actual: source });
}

function isMathCode(node: Element, kind: 'math-inline' | 'math-display'): boolean {
  const classes = node.properties.className;
  return Array.isArray(classes) && classes.includes(kind);
}

function onlyMathCode(pre: Element, kind: 'math-display'): Element | undefined {
  const code = pre.children.find((c): c is Element => c.type === 'element' && c.tagName === 'code');
  return code && isMathCode(code, kind) ? code : undefined;
}

function isDoubleDollar(code: Element, file: VFile): boolean {
  const offset = code.position?.start.offset;
  return offset !== undefined && String(file.value).startsWith('$$', offset);
}

function textOf(node: Element): string {
  return node.children.map((c) => (c.type === 'text' ? (c as Text).value : '')).join('');
}
