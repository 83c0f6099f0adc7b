/**
 * A static look at HTML as a browser parses it (hast-util-from-html is parse5, the HTML standard's
 * parser): elements and attributes that run script, load documents or rewrite the page, whether or not
 * Chromium happened to run them in a test.
 */
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';

const DANGEROUS_ELEMENTS = new Set([
  'script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'meta', 'link', 'form', 'button',
  'textarea', 'select', 'template', 'noscript', 'noembed', 'noframes', 'xmp', 'plaintext', 'isindex', 'keygen', 'portal',
  'animate', 'animatecolor', 'animatemotion', 'animatetransform', 'set', 'discard', 'foreignobject', 'use', 'image',
  'handler', 'listener', 'math', 'maction', 'annotation-xml',
]);
/** Attributes that navigate, submit or load a document whatever their value. */
const DANGEROUS_ATTRIBUTES = new Set(['srcdoc', 'formaction', 'action', 'xlink:href', 'ping', 'srcset', 'dynsrc', 'lowsrc', 'background', 'data', 'http-equiv', 'attributename']);
/** javascript:, vbscript: … once the browser has dropped the whitespace and control characters it ignores. */
const SCRIPT_URL = /^(javascript|vbscript|livescript|mocha):/i;
const DANGEROUS_CSS = /expression\(|javascript:|vbscript:|-moz-binding|behaviou?r:|@import/i;

const ANIMATIONS = new Set(['animate', 'set', 'animatetransform', 'animatemotion', 'animatecolor', 'discard']);

export interface FindOptions {
  /** WeChat keeps interactive SVG: an animation is fine while it writes no link or handler. */
  svgAnimation?: boolean;
}

export function findDangerousMarkup(html: string, options: FindOptions = {}): string[] {
  const found: string[] = [];
  const visit = (parent: Root | Element, inSvg: boolean) => {
    for (const node of parent.children) {
      if (node.type === 'comment') found.push('comment');
      if (node.type !== 'element') continue;
      const name = node.tagName.toLowerCase();
      const svg = inSvg || name === 'svg';
      const animation = options.svgAnimation === true && ANIMATIONS.has(name);
      if (DANGEROUS_ELEMENTS.has(name) && !animation) found.push(`<${name}>`);
      if (name === 'input' && node.properties.type !== 'checkbox') found.push('<input> other than a checkbox');
      for (const [attribute, value] of attributesOf(node, svg)) {
        const url = value.replace(/[\u0000-\u0020]/g, '');
        if (animation && attribute === 'attributename' && !/^(xlink:)?href$|^on/i.test(value)) continue;
        if (animation && ['values', 'from', 'to', 'by'].includes(attribute)) {
          if (value.split(';').some((v) => SCRIPT_URL.test(v.replace(/[\u0000-\u0020]/g, '')))) found.push(`${attribute}="${value}" on <${name}>`);
          continue;
        }
        if (/^on/i.test(attribute) || DANGEROUS_ATTRIBUTES.has(attribute)) found.push(`${attribute} on <${name}>`);
        else if (SCRIPT_URL.test(url)) found.push(`${attribute}="${value}" on <${name}>`);
        else if (/^data:/i.test(url) && !(name === 'img' && attribute === 'src' && /^data:image\//i.test(url))) found.push(`${attribute}="data:…" on <${name}>`);
        else if (attribute === 'style' && DANGEROUS_CSS.test(normaliseCss(value))) found.push(`style="${value}" on <${name}>`);
      }
      visit(node, svg);
    }
  };
  visit(fromHtml(html, { fragment: true }), false);
  return found;
}

/** Attribute names as the serialiser writes them (`xlink:href`, `onclick`) and values as a browser reads them. */
function attributesOf(el: Element, svg: boolean): [string, string][] {
  const tag = toHtml({ ...el, children: [] }, { space: svg ? 'svg' : 'html' });
  const out: [string, string][] = [];
  const re = /\s([^\s=>/]+)(?:="([^"]*)")?/g;
  const head = tag.slice(0, tag.indexOf('>') + 1);
  for (let m = re.exec(head); m; m = re.exec(head)) out.push([m[1]!.toLowerCase(), decodeEntities(m[2] ?? '')]);
  return out;
}

function decodeEntities(value: string): string {
  if (!value.includes('&')) return value;
  const p = fromHtml(`<p title="${value}"></p>`, { fragment: true }).children[0] as Element;
  return String(p.properties.title ?? '');
}

/** CSS as the browser tokenises it: comments gone, escapes decoded, no whitespace, lower case. */
export function normaliseCss(value: string): string {
  return value
    .replace(/\/\*[\s\S]*?(\*\/|$)/g, '')
    .replace(/\\([0-9a-f]{1,6})\s?/gi, (_m, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16) || 0xfffd))
    .replace(/\\(.)/g, '$1')
    .replace(/\s+/g, '')
    .toLowerCase();
}
