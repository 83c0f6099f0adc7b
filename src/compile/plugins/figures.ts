/**
 * An image alone in its paragraph becomes a figure with a caption (from alt or title, configurable);
 * every image gets max-width from the theme. Positions are kept for the image pipeline.
 */
import type { Element, Root } from 'hast';
import { h } from 'hastscript';
import { walkElements } from '../walk.js';

export interface FiguresOptions {
  captions?: 'alt' | 'title' | 'none';
}

export default function rehypeWechatFigures(options: FiguresOptions = {}) {
  const captions = options.captions ?? 'alt';
  return (tree: Root) => {
    walkElements(tree, (node) => {
      if (node.tagName !== 'p') return undefined;
      const meaningful = node.children.filter((c) => !(c.type === 'text' && c.value.trim() === ''));
      if (meaningful.length !== 1) return undefined;
      const only = meaningful[0]!;
      if (only.type !== 'element' || only.tagName !== 'img') return undefined;
      const caption = captionOf(only, captions);
      const figure = h('figure', { className: ['figure'] }, [only, ...(caption ? [h('figcaption', { className: ['figcaption'] }, caption)] : [])]);
      figure.position = node.position;
      return figure;
    });
  };
}

function captionOf(img: Element, mode: 'alt' | 'title' | 'none'): string {
  if (mode === 'none') return '';
  const alt = typeof img.properties.alt === 'string' ? img.properties.alt.trim() : '';
  const title = typeof img.properties.title === 'string' ? img.properties.title.trim() : '';
  return mode === 'title' ? title || alt : alt;
}
