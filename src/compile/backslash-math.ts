/**
 * LaTeX's own delimiters, `\[ … \]` (display) and `\( … \)` (inline), as ChatGPT answers, Typora and
 * Pandoc write them. In Markdown `\[` is an escaped bracket, so they printed raw ("[ E = mc^2 ]"). This
 * mdast pass turns them into the math nodes remark-math makes, read from the source (TeX keeps `\{`, `\\`
 * and `_` that Markdown would eat). It runs only when the source has `\[` or `\(`; a walk over the
 * paragraphs, no second parse (a micromark extension would tax every article's parse).
 *
 * `\[1\]` and `\(注\)` are escaped brackets people write on purpose: only content that looks like TeX
 * (a command, ^ _ = + { } < > |, or a lone variable for inline math) becomes math. A formula that crosses
 * Markdown markup (`\( a *b* \)`) can't be taken apart safely: it is reported with its line.
 */
import type { InlineMath, Math } from 'mdast-util-math';
import type { Paragraph, Parent, PhrasingContent, Root, RootContent, Text } from 'mdast';
import type { VFile } from 'vfile';
import { report } from './report.js';

const DISPLAY_PARAGRAPH = /^\\\[([\s\S]*?)\\\]$/;
const TEX_LIKE = /[\\^_=+{}<>|]/;
const LONE_VARIABLE = /^\s*[A-Za-z]\s*$/;
/** `\(…\)` or `\[…\]` on one line, in the source of a text node. */
const INLINE = /\\\(([^\n]+?)\\\)|\\\[([^\n]+?)\\\]/g;

/** Rewrite the tree in place; true when it now holds math (so the math transform must run). */
export function convertBackslashMath(tree: Root, source: string, file: VFile): boolean {
  let found = false;
  const visit = (parent: Parent, inQuote: boolean) => {
    for (let i = 0; i < parent.children.length; i++) {
      const node = parent.children[i] as RootContent;
      if (node.type === 'paragraph') {
        const display = displayMath(node, source, inQuote);
        if (display) {
          parent.children[i] = display as never;
          found = true;
          continue;
        }
      }
      if (node.type === 'text') {
        const replaced = inlineMath(node, source, file);
        if (replaced) {
          parent.children.splice(i, 1, ...(replaced as never[]));
          i += replaced.length - 1;
          found = true;
        }
        continue;
      }
      if (node.type === 'code' || node.type === 'inlineCode' || node.type === 'html') continue;
      if ('children' in node) visit(node as Parent, inQuote || node.type === 'blockquote');
    }
  };
  visit(tree, false);
  return found;
}

function sliceOf(node: { position?: { start: { offset?: number }; end: { offset?: number } } }, source: string): string | undefined {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return start === undefined || end === undefined ? undefined : source.slice(start, end);
}

function displayMath(paragraph: Paragraph, source: string, inQuote: boolean): Math | undefined {
  let raw = sliceOf(paragraph, source)?.trim();
  if (!raw?.startsWith('\\[')) return undefined;
  // continuation lines of a quoted paragraph carry their `>` markers in the source
  if (inQuote) raw = raw.replace(/\n[ \t]*(?:>[ \t]?)+/g, '\n');
  const tex = DISPLAY_PARAGRAPH.exec(raw)?.[1]?.trim();
  if (!tex || !TEX_LIKE.test(tex)) return undefined;
  return {
    type: 'math',
    meta: null,
    value: tex,
    position: paragraph.position,
    data: { hName: 'pre', hChildren: [{ type: 'element', tagName: 'code', properties: { className: ['language-math', 'math-display'] }, children: [{ type: 'text', value: tex }] }] },
  };
}

/**
 * The text node split around its formulas. Each `(` of the text value comes from a `(` or a `\(` of the
 * source, in order (likewise `[`, `)`, `]`), which is how source delimiters are found in the value.
 */
function inlineMath(text: Text, source: string, file: VFile): PhrasingContent[] | undefined {
  const raw = sliceOf(text, source);
  if (!raw || !(raw.includes('\\(') || raw.includes('\\['))) return undefined;
  const formulas = [...raw.matchAll(INLINE)].filter((m) => {
    const tex = m[1] ?? m[2]!;
    return TEX_LIKE.test(tex) || (m[1] !== undefined && LONE_VARIABLE.test(tex));
  });
  if (formulas.length === 0) {
    // an opener whose closer is in another node: the formula crosses markup
    const open = /\\\(([^\n]*)$/.exec(raw);
    if (open && (TEX_LIKE.test(open[1]!) || LONE_VARIABLE.test(open[1]!))) {
      report(file, text, 'warn', 'compile/math', 'The formula `\\( … \\)` crosses Markdown markup (`*`, `_`, links): write it as `$…$` or escape the markup; it is shown as text');
    }
    return undefined;
  }
  const locate = (sourceIndex: number, char: string): number | undefined => {
    const nth = countChar(raw.slice(0, sourceIndex), char);
    let seen = -1;
    for (let i = 0; i < text.value.length; i++) if (text.value[i] === char && ++seen === nth) return i;
    return undefined;
  };
  if (countChar(raw, '(') !== countChar(text.value, '(') || countChar(raw, ')') !== countChar(text.value, ')') || countChar(raw, '[') !== countChar(text.value, '[') || countChar(raw, ']') !== countChar(text.value, ']')) {
    return undefined; // character references such as &#40; make the two disagree: leave the text alone
  }
  const out: PhrasingContent[] = [];
  let from = 0;
  for (const m of formulas) {
    const inline = m[1] !== undefined;
    const open = locate(m.index + 1, inline ? '(' : '[');
    const close = locate(m.index + m[0].length - 1, inline ? ')' : ']');
    if (open === undefined || close === undefined || open < from) return undefined;
    if (open > from) out.push({ type: 'text', value: text.value.slice(from, open) });
    const tex = (m[1] ?? m[2]!).trim();
    const node: InlineMath = {
      type: 'inlineMath',
      value: tex,
      position: text.position,
      data: { hName: 'code', hProperties: { className: ['language-math', 'math-inline'] }, hChildren: [{ type: 'text', value: tex }] },
    };
    out.push(node);
    from = close + 1;
  }
  if (from < text.value.length) out.push({ type: 'text', value: text.value.slice(from) });
  return out;
}

function countChar(text: string, char: string): number {
  let n = 0;
  for (const c of text) if (c === char) n++;
  return n;
}
