/** Tables wrapped in a scrolling section, so wide tables scroll sideways instead of squeezing the text. */
import type { Root } from 'hast';
import { h } from 'hastscript';
import { walkElements } from '../walk.js';

export default function rehypeWechatTables() {
  return (tree: Root) => {
    walkElements(tree, (node) => {
      if (node.tagName !== 'table') return undefined;
      const wrap = h('section', { className: ['table-wrap'] }, [node]);
      wrap.position = node.position;
      return wrap;
    });
  };
}
