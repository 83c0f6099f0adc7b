/**
 * The line breaks between block elements (`</p>\n<p>`) draw nothing: whitespace alone between blocks, or
 * between a block and its container's edge, is collapsed away by the browser. Dropping it saves a character
 * per block of a long read (issue 13 §1). Kept inside anything whose `white-space` preserves it (pre, pre-wrap,
 * pre-line, break-spaces) and next to inline content, where a space is a space.
 */
import type { Element, ElementContent, Root } from 'hast';

const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'details', 'dl', 'dd', 'dt', 'div', 'fieldset', 'figcaption', 'figure',
  'footer', 'header', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section',
  'table', 'caption', 'colgroup', 'col', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'ul', 'summary',
]);

/** Containers whose whitespace-only children between blocks may go (not phrasing elements, not pre). */
const CONTAINERS = new Set([...BLOCKS].filter((t) => t !== 'p' && t !== 'pre' && !/^h\d$/.test(t)));

export function dropBlockWhitespace(tree: Root): void {
  const visit = (parent: Root | Element, preserved: boolean) => {
    const style = parent.type === 'element' && typeof parent.properties.style === 'string' ? parent.properties.style : '';
    const keeps = /white-space:\s*(pre|break-spaces)/.test(style) ? true : /white-space:\s*(normal|nowrap)/.test(style) ? false : preserved;
    const inside = parent.type === 'element' && (parent.tagName === 'pre' || parent.tagName === 'textarea');
    const canDrop = !keeps && !inside && (parent.type === 'root' || CONTAINERS.has(parent.tagName));
    if (canDrop) {
      const children = parent.children as ElementContent[];
      parent.children = children.filter((child, i) => !(child.type === 'text' && !/[^ \t\n\r\f]/.test(child.value) && isBlockOrEdge(children[i - 1]) && isBlockOrEdge(children[i + 1])));
    }
    for (const child of parent.children) if (child.type === 'element') visit(child, keeps || inside);
  };
  visit(tree, false);
}

function isBlockOrEdge(node: ElementContent | undefined): boolean {
  if (!node) return true;
  if (node.type === 'comment') return true;
  if (node.type !== 'element') return false;
  if (!BLOCKS.has(node.tagName)) return false;
  // a theme can make a block inline: then a space beside it is a space
  const style = typeof node.properties.style === 'string' ? node.properties.style : '';
  return !/display:\s*inline/.test(style);
}
