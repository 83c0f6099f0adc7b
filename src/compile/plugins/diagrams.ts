/**
 * ```mermaid blocks replaced by their pre-rendered SVG (or PNG <img>), which the I/O shell renders in a
 * browser before compiling (src/diagrams/render-mermaid.ts) and passes in as a map from block source to
 * markup. Blocks missing from the map stay code. The markup is cleaned again here (ids, classes, <style>,
 * scripts, foreignObject, links), whoever made it.
 */
import type { Element, ElementContent, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { h } from 'hastscript';
import type { VFile } from 'vfile';
import { deferChildren } from '../deferred-content.js';
import { walkElements } from '../walk.js';

export interface DiagramsOptions {
  diagrams?: ReadonlyMap<string, string>;
}

const DROPPED = new Set(['script', 'style', 'foreignObject', 'foreignobject', 'title', 'desc', 'metadata']);

export default function rehypeWechatDiagrams(options: DiagramsOptions = {}) {
  const diagrams = options.diagrams;
  return (tree: Root, file: VFile) => {
    if (!diagrams || diagrams.size === 0) return;
    walkElements(tree, (node) => {
      if (node.tagName !== 'pre') return undefined;
      const code = node.children.find((c): c is Element => c.type === 'element' && c.tagName === 'code');
      const classes = code?.properties.className;
      if (!code || !Array.isArray(classes) || !classes.includes('language-mermaid')) return false;
      const source = code.children.map((c) => (c.type === 'text' ? c.value : '')).join('').replace(/\n$/, '');
      const markup = diagrams.get(source);
      if (!markup) return false;
      const parsed = fromHtml(markup, { fragment: true });
      const content = parsed.children.filter((c): c is Element => c.type === 'element');
      content.forEach(cleanDiagram);
      const block = h('section', { className: ['diagram'], style: 'text-align: center; overflow-x: auto;' }, content);
      block.position = node.position;
      // an SVG needs nothing from the theme (a PNG <img> does: image collection, max-width)
      return content.every((c) => c.tagName === 'svg') ? deferChildren(file, block, content) : block;
    });
  };
}

function cleanDiagram(node: Element): void {
  for (const key of Object.keys(node.properties)) {
    if (key === 'id' || key === 'className' || /^on/i.test(key) || key === 'href' || key === 'xLinkHref' || key.startsWith('data') || key.startsWith('aria')) delete node.properties[key];
  }
  node.children = node.children.filter((c): c is ElementContent => !(c.type === 'element' && DROPPED.has(c.tagName)) && c.type !== 'comment');
  for (const child of node.children) if (child.type === 'element') cleanDiagram(child);
}
