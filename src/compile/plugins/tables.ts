/**
 * Tables wrapped in a scrolling section, so wide tables scroll sideways instead of squeezing the text.
 * Inline code in cells gets break opportunities (`<wbr>`) after path and member separators and between
 * camelCase humps: themes let code in cells wrap at spaces, and an unbreakable
 * `./node_modules/.bin/some-long-name` would otherwise set a column wider than the phone (a 482 px table in a
 * 358 px box at 390 px). `<wbr>` is not copied with the text, unlike a zero-width space.
 */
import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import { walkElements } from '../walk.js';

/** Code tokens shorter than this stay whole: `useState` must not break. */
const MIN_BREAKABLE = 12;
/** After `/ . _ = & , ; : ?` (not before a closing bracket), before `( [ {`, and between a lower-case letter or digit and an upper-case one. */
const BREAK_AFTER = /(?<=[/.=&,;:?_])(?=[^/.=&,;:?_\s)\]}])|(?<=[^\s([{])(?=[([{])|(?<=[a-z\d])(?=[A-Z])/g;

export default function rehypeWechatTables() {
  return (tree: Root) => {
    walkElements(tree, (node) => {
      if (node.tagName !== 'table') return undefined;
      alignCells(node);
      breakCodeInCells(node);
      const wrap = h('section', { className: ['table-wrap'] }, [node]);
      wrap.position = node.position;
      return wrap;
    });
  };
}

/** `:---:` arrives as an `align` attribute; make it an inline style so no theme `text-align` can undo it. */
function alignCells(node: Element): void {
  for (const child of node.children) {
    if (child.type !== 'element') continue;
    if ((child.tagName === 'th' || child.tagName === 'td') && typeof child.properties.align === 'string') {
      const own = typeof child.properties.style === 'string' ? `${child.properties.style}; ` : '';
      child.properties.style = `${own}text-align: ${child.properties.align}`;
      delete child.properties.align;
    } else alignCells(child);
  }
}

function breakCodeInCells(table: Element): void {
  walkElements(table, (el) => {
    if (el.tagName !== 'code') return undefined;
    el.children = el.children.flatMap((c) => (c.type === 'text' ? withBreaks(c.value) : [c]));
    return false;
  });
}

/** The text split into runs with a `<wbr>` at each break opportunity of its long tokens. */
export function withBreaks(text: string): ElementContent[] {
  const out: ElementContent[] = [];
  for (const part of text.split(/(\s+)/)) {
    if (part.length < MIN_BREAKABLE) {
      pushText(out, part);
      continue;
    }
    const pieces = part.split(BREAK_AFTER);
    pieces.forEach((piece, i) => {
      if (i > 0) out.push(h('wbr'));
      pushText(out, piece);
    });
  }
  return out;
}

function pushText(out: ElementContent[], value: string): void {
  if (!value) return;
  const last = out.at(-1);
  if (last?.type === 'text') last.value += value;
  else out.push({ type: 'text', value });
}
