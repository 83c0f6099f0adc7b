/**
 * What WeChat does to article HTML on draft/add: scripts and styles removed, event handlers, classes and ids
 * stripped, links to anything but mp.weixin.qq.com lose their href, <img> (and SVG <image>) not hosted by
 * WeChat removed.
 * Script URLs go from every attribute that takes a URL, SVG animations may not write links or handlers,
 * and CSS that can run script leaves the style attribute. WeChat's interactive SVG (<animate>, <set> on
 * shapes) is kept, as WeChat keeps it.
 */
import type { Element, ElementContent, Root, RootContent } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { removeUnsafeCss } from '../compile/unsafe-css.js';

const REMOVED_ELEMENTS = new Set([
  'script', 'style', 'iframe', 'object', 'embed', 'applet', 'form', 'input', 'button', 'select', 'textarea', 'link', 'meta', 'base',
  'frame', 'frameset', 'noscript', 'noembed', 'noframes', 'xmp', 'plaintext', 'template', 'title', 'isindex', 'keygen', 'portal',
  // MathML is not rendered; SVG's ways to embed HTML or other documents
  'math', 'foreignObject', 'use', 'handler', 'listener',
]);
/** Properties (hast names) that take a URL. */
const URL_PROPERTIES = ['href', 'xLinkHref', 'src', 'action', 'formAction', 'data', 'poster', 'background', 'dynsrc', 'lowsrc', 'codeBase', 'cite'];
const DROPPED_PROPERTIES = new Set(['className', 'id', 'srcDoc', 'srcSet', 'ping', 'xmlBase']);
const ANIMATIONS = new Set(['animate', 'set', 'animateMotion', 'animateTransform', 'animateColor', 'discard']);
/** How browsers read a URL's scheme: whitespace and control characters anywhere in it are ignored. */
const SCRIPT_URL = /^(?:javascript|vbscript|livescript|data):/i;

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
      if (node.tagName === 'image' && !options.isAllowedImage(String(node.properties.href ?? node.properties.xLinkHref ?? ''))) continue;
      if (ANIMATIONS.has(node.tagName) && animatesScript(node)) continue;
      cleanProperties(node);
      cleanChildren(node, options);
    }
    kept.push(node);
  }
  parent.children = kept as typeof parent.children;
}

function cleanProperties(node: Element): void {
  for (const key of Object.keys(node.properties)) {
    if (/^on[a-z]/i.test(key) || DROPPED_PROPERTIES.has(key)) delete node.properties[key];
  }
  for (const key of URL_PROPERTIES) {
    const value = node.properties[key];
    if (value === undefined || (key === 'src' && node.tagName === 'img')) continue;
    if (typeof value !== 'string' || isScriptUrl(value)) delete node.properties[key];
  }
  if (node.tagName === 'a' && typeof node.properties.href === 'string' && !isWechatArticleLink(node.properties.href)) {
    delete node.properties.href;
  }
  if (node.tagName === 'a' && typeof node.properties.xLinkHref === 'string' && !isWechatArticleLink(node.properties.xLinkHref)) {
    delete node.properties.xLinkHref;
  }
  const style = node.properties.style;
  if (typeof style === 'string') {
    const cleaned = removeUnsafeCss(style);
    if (cleaned?.style) node.properties.style = cleaned.style;
    else if (cleaned) delete node.properties.style;
  }
}

/** `<set attributeName="href" to="javascript:…">`, `<animate attributeName="onclick">`, or a script URL among its values. */
function animatesScript(node: Element): boolean {
  const target = String(node.properties.attributeName ?? '').toLowerCase();
  if (/^(?:xlink:)?href$|^on/.test(target)) return true;
  return ['values', 'from', 'to', 'by'].some((key) => {
    const value = node.properties[key];
    return typeof value === 'string' && value.split(';').some(isScriptUrl);
  });
}

function isScriptUrl(value: string): boolean {
  return SCRIPT_URL.test(value.replace(/[\u0000-\u0020\u007f]/g, ''));
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
