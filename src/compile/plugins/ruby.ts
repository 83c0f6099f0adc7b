/**
 * Ruby annotations written `{汉字|hàn zì}` become `<ruby>汉字<rt>hàn zì</rt></ruby>` (raw HTML <ruby> works
 * too). One annotation per base: WeChat renders ruby natively, and the base stays readable as one word.
 * Code, existing ruby and SVG are left alone. Only run when the source has the pattern (see compile-article).
 */
import type { ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import type { Element } from 'hast';

export const RUBY_SYNTAX = /\{([^{}|\n]+)\|([^{}|\n]+)\}/;
const RUBY_GLOBAL = new RegExp(RUBY_SYNTAX.source, 'g');
const SKIP = new Set(['code', 'pre', 'ruby', 'svg', 'script', 'style']);

export default function rehypeWechatRuby() {
  return (tree: Root) => {
    transform(tree);
  };
}

function transform(parent: Root | Element): void {
  const out: ElementContent[] = [];
  let changed = false;
  for (const child of parent.children as ElementContent[]) {
    if (child.type === 'element') {
      if (!SKIP.has(child.tagName)) transform(child);
      out.push(child);
      continue;
    }
    if (child.type !== 'text' || !child.value.includes('|')) {
      out.push(child);
      continue;
    }
    let last = 0;
    for (const match of child.value.matchAll(RUBY_GLOBAL)) {
      const base = match[1]!.trim();
      const annotation = match[2]!.trim();
      if (!base || !annotation) continue;
      if (match.index > last) out.push({ type: 'text', value: child.value.slice(last, match.index) });
      out.push(h('ruby', { className: ['ruby'] }, [base, h('rt', { className: ['ruby-text'] }, annotation)]));
      last = match.index + match[0].length;
      changed = true;
    }
    if (last === 0) out.push(child);
    else if (last < child.value.length) out.push({ type: 'text', value: child.value.slice(last) });
  }
  if (changed) parent.children = out as typeof parent.children;
}
