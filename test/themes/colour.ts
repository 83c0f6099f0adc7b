/**
 * Colour checks on compiled HTML: WCAG contrast, and the colour/background every piece of visible text
 * ends up with once inline styles are inherited (the way a reader's WeChat renders it on a white page).
 */
import type { Element, Root, RootContent } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { parseDeclarations } from '../../src/compile/style-declarations.js';

const HEX = /#(?:[0-9a-f]{6}|[0-9a-f]{3})\b/i;

function channels(hex: string): [number, number, number] {
  let h = hex.replace('#', '');
  if (h.length === 3) h = [...h].map((c) => c + c).join('');
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
}

function luminance(hex: string): number {
  const [r, g, b] = channels(hex).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio of two hex colours (1..21). */
export function contrastRatio(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p) as [number, number];
  return (x + 0.05) / (y + 0.05);
}

export interface TextSample {
  text: string;
  tag: string;
  color: string;
  background: string;
  ratio: number;
}

/** Every visible text run with its effective colour and background (inherited from inline styles). */
export function sampleTextColours(html: string, page = '#ffffff', initialColor = '#000000'): TextSample[] {
  const samples: TextSample[] = [];
  const walk = (nodes: RootContent[], color: string, background: string, tag: string) => {
    for (const node of nodes) {
      if (node.type === 'text') {
        const text = node.value.replace(/[\s\u00a0]+/g, ' ').trim();
        if (text) samples.push({ text, tag, color, background, ratio: contrastRatio(color, background) });
      } else if (node.type === 'element') {
        const { color: c, background: b } = coloursOf(node);
        walk(node.children, c ?? color, b ?? background, node.tagName);
      }
    }
  };
  const tree: Root = fromHtml(html, { fragment: true });
  walk(tree.children, initialColor, page, 'root');
  return samples;
}

function coloursOf(el: Element): { color?: string; background?: string } {
  const style = typeof el.properties.style === 'string' ? el.properties.style : '';
  let color: string | undefined;
  let background: string | undefined;
  // later declarations win, as in the browser
  for (const { property, value } of parseDeclarations(style)) {
    if (property === 'color') color = HEX.exec(value)?.[0] ?? color;
    if (property === 'background-color' || property === 'background') background = HEX.exec(value)?.[0] ?? background;
  }
  return { color, background };
}
