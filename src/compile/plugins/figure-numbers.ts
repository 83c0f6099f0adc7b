/**
 * Figure numbering (option): every figure's caption becomes e.g. `图 1：A lake` (format from config,
 * `{n}` and `{caption}`); a figure without caption gets `图 1`. The number is a span (`figure-number`)
 * so themes can colour it. Runs after the figures plugin.
 */
import type { Element, Root } from 'hast';
import { h } from 'hastscript';
import { walkElements } from '../walk.js';

export const DEFAULT_FIGURE_FORMAT = '图 {n}：{caption}';

export default function rehypeWechatFigureNumbers(format: string = DEFAULT_FIGURE_FORMAT) {
  return (tree: Root) => {
    let n = 0;
    walkElements(tree, (node) => {
      if (node.tagName !== 'figure') return undefined;
      n++;
      const caption = node.children.find((c): c is Element => c.type === 'element' && c.tagName === 'figcaption');
      const [before = '', after = ''] = format.split('{caption}');
      const hasCaption = caption !== undefined && caption.children.length > 0;
      // without a caption, the separator after the number goes too
      const label = (hasCaption ? before : before.replace(/[\s:：.,，、-]+$/u, '')).replaceAll('{n}', String(n));
      const number = h('span', { className: ['figure-number'] }, label);
      if (caption && hasCaption) {
        caption.children = [number, ...caption.children, ...(after ? [{ type: 'text' as const, value: after.replaceAll('{n}', String(n)) }] : [])];
      } else if (caption) {
        caption.children = [number];
      } else {
        node.children.push(h('figcaption', { className: ['figcaption'] }, [number]));
      }
      return false;
    });
  };
}
