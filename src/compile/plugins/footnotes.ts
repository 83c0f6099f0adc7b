/**
 * GFM footnotes as WeChat can show them: `[注1]` superscripts in the text and a numbered notes section,
 * without the anchor links and back-links (WeChat warns about `#anchor` links).
 *
 * The markers say 注 because link references are `[1]` too (links.ts): with both in one article, a bare
 * `[1]` would send the reader to two different lists. Chinese books mark notes as 注1 / ①; circled numbers
 * stop at ㊿, so 注 plus the number it is.
 */
import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';
import { walkElements } from '../walk.js';

export interface FootnotesOptions {
  title?: string;
}

/** How a note's number reads, in the text and in the notes section. */
export function footnoteLabel(n: number | string): string {
  return `[注${n}]`;
}

export default function rehypeWechatFootnotes(options: FootnotesOptions = {}) {
  const title = options.title ?? '注释';
  return (tree: Root) => {
    walkElements(tree, (node) => {
      if (node.tagName === 'sup') {
        const a = node.children.find((c): c is Element => c.type === 'element' && c.tagName === 'a' && c.properties.dataFootnoteRef !== undefined);
        if (a) return h('sup', { className: ['footnote-ref'] }, footnoteLabel(textOf(a)));
      }
      if (node.tagName === 'section' && node.properties.dataFootnotes !== undefined) return renderNotes(node, title);
      return undefined;
    });
  };
}

function renderNotes(section: Element, title: string): Element {
  const list = section.children.find((c): c is Element => c.type === 'element' && c.tagName === 'ol');
  const items = (list?.children ?? []).filter((c): c is Element => c.type === 'element' && c.tagName === 'li');
  const notes = items.map((li, i) => {
    const content: ElementContent[] = [];
    for (const child of li.children) {
      if (child.type === 'element' && child.tagName === 'p') content.push(...child.children, { type: 'text', value: ' ' });
      else if (!(child.type === 'text' && child.value.trim() === '')) content.push(child);
    }
    removeBackrefs(content);
    while (content.length && content.at(-1)?.type === 'text' && (content.at(-1) as { value: string }).value.trim() === '') content.pop();
    return h('section', { className: ['footnote-item'] }, [h('span', { className: ['footnote-num'] }, `${footnoteLabel(i + 1)} `), ...content]);
  });
  return h('section', { className: ['footnotes'] }, [h('section', { className: ['footnotes-title'] }, title), ...notes]);
}

function removeBackrefs(nodes: ElementContent[]): void {
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i]!;
    if (node.type !== 'element') continue;
    if (node.tagName === 'a' && node.properties.dataFootnoteBackref !== undefined) nodes.splice(i, 1);
    else removeBackrefs(node.children);
  }
}

function textOf(node: Element): string {
  let out = '';
  visit(node, 'text', (t) => void (out += t.value));
  return out;
}
