/**
 * Code blocks that survive WeChat: colours inline (highlight.js grammars via lowlight: synchronous and fast, see README),
 * newlines as <br>, spaces as no-break spaces and tabs expanded, because WeChat re-parses whitespace;
 * a language label; horizontal scroll instead of wrapping (set by the theme on `.code-pre`).
 */
import type { Element, ElementContent, Root, Text } from 'hast';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';
import { highlightCode } from '../highlight.js';
import { walkElements } from '../walk.js';
import type { CodeTheme } from '../theme-css.js';

const TAB_WIDTH = 4;
const NBSP = '\u00a0';

export interface CodeBlocksOptions {
  codeTheme?: CodeTheme;
}

export default function rehypeWechatCodeBlocks(options: CodeBlocksOptions = {}) {
  const theme = options.codeTheme;
  return (tree: Root) => {
    walkElements(tree, (node) => {
      if (node.tagName !== 'pre') return undefined;
      const code = node.children.find((c): c is Element => c.type === 'element' && c.tagName === 'code');
      if (!code) return rawPre(node, theme);
      const lang = languageOf(code);
      const source = textOf(code).replace(/\n$/, '');
      let children: ElementContent[];
      const highlighted = lang ? highlightCode(lang, source) : undefined;
      if (highlighted) {
        children = highlighted.children as ElementContent[];
        if (theme) applyCodeTheme(children, theme);
      } else {
        children = [{ type: 'text', value: source }];
      }
      const state = { column: 0 };
      const lines = preserveWhitespace(children, state);
      const codeNode = h('code', { className: ['code'] }, lines);
      const block = h('section', { className: ['code-block'], style: theme?.base || undefined }, [
        ...(lang ? [h('section', { className: ['code-lang'] }, lang)] : []),
        h('pre', { className: ['code-pre'] }, [codeNode]),
      ]);
      block.position = node.position;
      return block;
    });
  };
}

/**
 * A `<pre>` written as HTML, without `<code>`: its newlines and indentation would collapse in WeChat like
 * a code block's, so it gets the same treatment and structure (markup inside, such as `<b>`, is kept).
 */
function rawPre(pre: Element, theme: CodeTheme | undefined): Element {
  const children = [...pre.children];
  const last = children.at(-1);
  if (last?.type === 'text') children[children.length - 1] = { ...last, value: last.value.replace(/\n$/, '') };
  const own = typeof pre.properties.style === 'string' ? pre.properties.style : undefined;
  const block = h('section', { className: ['code-block'], style: theme?.base || undefined }, [h('pre', { className: ['code-pre'], style: own }, [h('code', { className: ['code'] }, preserveWhitespace(children, { column: 0 }))])]);
  block.position = pre.position;
  return block;
}

function languageOf(code: Element): string | undefined {
  const classes = code.properties.className;
  if (!Array.isArray(classes)) return undefined;
  for (const c of classes) if (typeof c === 'string' && c.startsWith('language-')) return c.slice(9).toLowerCase();
  return undefined;
}

function textOf(node: Element): string {
  let out = '';
  visit(node, 'text', (t: Text) => void (out += t.value));
  return out;
}

function applyCodeTheme(nodes: ElementContent[], theme: CodeTheme): void {
  for (const node of nodes) {
    if (node.type !== 'element') continue;
    const classes = Array.isArray(node.properties.className) ? (node.properties.className as string[]) : [];
    const style = classes.map((c) => theme.classes.get(c)).filter(Boolean).join('; ');
    node.properties = style ? { style } : {};
    applyCodeTheme(node.children, theme);
  }
}

/** Newlines → <br>, tabs → spaces to the next tab stop, spaces → no-break spaces; empty spans dropped. */
function preserveWhitespace(nodes: ElementContent[], state: { column: number }): ElementContent[] {
  const out: ElementContent[] = [];
  for (const node of nodes) {
    if (node.type === 'text') {
      const lines = node.value.split('\n');
      lines.forEach((line, i) => {
        if (i > 0) {
          out.push(h('br'));
          state.column = 0;
        }
        if (line) out.push({ type: 'text', value: expandLine(line, state) });
      });
    } else if (node.type === 'element') {
      node.children = preserveWhitespace(node.children, state);
      if (node.children.length > 0) out.push(node);
    }
  }
  return out;
}

function expandLine(line: string, state: { column: number }): string {
  let out = '';
  for (const ch of line) {
    if (ch === '\t') {
      const spaces = TAB_WIDTH - (state.column % TAB_WIDTH);
      out += NBSP.repeat(spaces);
      state.column += spaces;
    } else {
      out += ch === ' ' ? NBSP : ch;
      state.column++;
    }
  }
  return out;
}
