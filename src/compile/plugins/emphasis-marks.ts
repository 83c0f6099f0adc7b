/**
 * 着重号 (emphasis marks) for Chinese: italic CJK is a synthetic slant that Chinese typography does not use.
 * With the option on, `*强调*` whose text is mostly CJK gets the class `emphasis-dot`, which themes draw as a
 * dotted line under the text (`border-bottom: 2px dotted`, upright). Why not the real thing: WeChat drops
 * `text-emphasis`, and one dot per character would need a span (or ruby) per character, which bloats the
 * content (WeChat's size limits) and puts dot characters into the text readers copy and the digest.
 */
import type { Element, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { walkElements } from '../walk.js';

const CJK = /[\u3400-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]/g;

export default function rehypeWechatEmphasisMarks() {
  return (tree: Root) => {
    walkElements(tree, (node) => {
      if (node.tagName !== 'em') return undefined;
      if (isMostlyCjk(node)) {
        const classes = Array.isArray(node.properties.className) ? node.properties.className : [];
        node.properties.className = [...classes, 'emphasis-dot'];
      }
      return undefined;
    });
  };
}

function isMostlyCjk(node: Element): boolean {
  const text = toString(node).replace(/[\s\p{P}]/gu, '');
  if (!text) return false;
  return (text.match(CJK)?.length ?? 0) * 2 >= text.length;
}
