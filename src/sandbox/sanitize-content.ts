/**
 * What WeChat does to article HTML on draft/add: scripts and styles removed, event handlers, classes and ids
 * stripped, links to anything but mp.weixin.qq.com lose their href, <img> not hosted by WeChat removed.
 */
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import type { Element, Root, RootContent, ElementContent } from 'hast';

const REMOVED_ELEMENTS = new Set(['script', 'style', 'iframe', 'object', 'embed', 'form', 'input', 'button', 'link', 'meta', 'base', 'frame', 'frameset', 'noscript', 'template']);

export interface SanitizeOptions {
  /** True when an <img src> is hosted by "WeChat" (mmbiz or this sandbox). */
  isAllowedImage(src: string): boolean;
}

export function sanitizeContent(html: string, options: SanitizeOptions): string {
  const tree = fromHtml(html, { fragment: true });
  cleanChildren(tree, options);
  return toHtml(tree);
}

function cleanChildren(parent: Root | Element, options: SanitizeOptions): void {
  const kept: (RootContent | ElementContent)[] = [];
  for (const node of parent.children) {
    if (node.type === 'comment') continue;
    if (node.type === 'element') {
      if (REMOVED_ELEMENTS.has(node.tagName)) continue;
      if (node.tagName === 'img' && !options.isAllowedImage(String(node.properties.src ?? ''))) continue;
      cleanProperties(node);
      cleanChildren(node, options);
    }
    kept.push(node);
  }
  parent.children = kept as typeof parent.children;
}

function cleanProperties(node: Element): void {
  for (const key of Object.keys(node.properties)) {
    if (/^on[a-z]/i.test(key) || key === 'className' || key === 'id') delete node.properties[key];
  }
  for (const key of ['href', 'src'] as const) {
    const value = node.properties[key];
    if (typeof value === 'string' && /^\s*(javascript|vbscript|data):/i.test(value) && !(key === 'src' && node.tagName === 'img')) {
      delete node.properties[key];
    }
  }
  if (node.tagName === 'a' && typeof node.properties.href === 'string' && !isWechatArticleLink(node.properties.href)) {
    delete node.properties.href;
  }
}

function isWechatArticleLink(href: string): boolean {
  try {
    const url = new URL(href);
    return url.hostname === 'mp.weixin.qq.com' && (url.protocol === 'https:' || url.protocol === 'http:');
  } catch {
    return false;
  }
}

/** Plain text of some HTML (for the automatic digest). */
export function textOfHtml(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
