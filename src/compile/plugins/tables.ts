/** Tables wrapped in a scrolling section, so wide tables scroll sideways instead of squeezing the text. */
import type { Root } from 'hast';
import type { Element } from 'hast';
import { h } from 'hastscript';
import { walkElements } from '../walk.js';

export default function rehypeWechatTables() {
  return (tree: Root) => {
    walkElements(tree, (node) => {
      if (node.tagName !== 'table') return undefined;
      alignCells(node);
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
