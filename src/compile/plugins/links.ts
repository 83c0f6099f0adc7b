/**
 * Links as WeChat allows them: only mp.weixin.qq.com articles may be real links. Every other URL must stay
 * readable, so by default it becomes a `[n]` superscript plus a numbered references section at the end
 * (one number per distinct URL). `#anchor` links become plain text.
 */
import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import { toString } from 'hast-util-to-string';
import { walkElements } from '../walk.js';
import type { VFile } from 'vfile';
import { report } from '../report.js';

export type LinkMode = 'references' | 'inline' | 'text';

export interface LinksOptions {
  mode?: LinkMode;
  title?: string;
}

export interface CollectedLink {
  url: string;
  text: string;
}

/** Hosts whose links WeChat keeps clickable. */
export function isWechatArticleUrl(url: string): boolean {
  return /^https?:\/\/mp\.weixin\.qq\.com(\/|$)/i.test(url);
}

export default function rehypeWechatLinks(options: LinksOptions = {}) {
  const mode = options.mode ?? 'references';
  const title = options.title ?? '参考链接';
  return (tree: Root, file: VFile) => {
    const links: CollectedLink[] = [];
    const numbers = new Map<string, number>();
    walkElements(tree, (node) => {
      if (node.tagName !== 'a') return undefined;
      const href = typeof node.properties.href === 'string' ? node.properties.href.trim() : '';
      const text = toString(node).trim();
      if (href && isWechatArticleUrl(href)) {
        node.properties = { href, ...(node.properties.title ? { title: node.properties.title } : {}) };
        return false;
      }
      let replacement: ElementContent[] = node.children;
      if (!href || href.startsWith('#')) {
        // in-page anchors: WeChat flags them; the text is what matters
      } else if (/^(https?|ftp|mailto|tel):/i.test(href)) {
        const shown = href.replace(/^(mailto|tel):/i, '');
        // a bare autolink already shows its URL: nothing to add, nothing to number
        const visible = text === href || text === shown;
        if (!visible) {
          let n = numbers.get(href);
          if (n === undefined) {
            n = links.length + 1;
            numbers.set(href, n);
            links.push({ url: shown, text: text || shown });
          }
          if (mode === 'references') replacement = [...node.children, h('sup', { className: ['link-ref'] }, `[${n}]`)];
          else if (mode === 'inline') replacement = [...node.children, h('span', { className: ['link-url'] }, ` (${shown})`)];
        }
      } else {
        report(file, node, 'warn', 'compile/relative-link', `Link \`${href}\` is relative: readers can't follow it in WeChat; it is shown as text`, { actual: href });
      }
      const wrapped = h('span', { className: ['link'] }, replacement);
      wrapped.position = node.position;
      return wrapped;
    });
    if (mode === 'references' && links.length > 0) {
      tree.children.push(
        h('section', { className: ['references'] }, [
          h('section', { className: ['references-title'] }, title),
          ...links.map((link, i) =>
            h('section', { className: ['reference-item'] }, [
              h('span', { className: ['reference-num'] }, `[${i + 1}] `),
              link.text !== link.url ? `${link.text}: ` : '',
              h('span', { className: ['reference-url'] }, link.url),
            ]),
          ),
        ]),
      );
    }
    (file.data as { links?: CollectedLink[] }).links = links;
  };
}

export type { Element };
