/**
 * What raw HTML may keep, as a hast-util-sanitize schema: the elements WeChat renders (and Markdown itself
 * produces), SVG only as the shapes and text gzh's own math SVG is made of, no MathML (gzh draws formulas
 * as SVG; WeChat does not render MathML). Links and images keep only web, mail and relative URLs.
 *
 * hast has no namespaces: a tag name allowed here is allowed inside and outside <svg> alike. That is safe
 * because every allowed name is harmless in both (an SVG <a> still has its href checked).
 */
import type { Schema } from 'hast-util-sanitize';

const HTML_ELEMENTS = [
  'section', 'p', 'span', 'br', 'hr', 'u', 'sup', 'sub', 'strong', 'b', 'em', 'i', 's', 'del', 'ins', 'mark', 'small', 'big',
  'code', 'kbd', 'pre', 'blockquote', 'img', 'figure', 'figcaption', 'a', 'ul', 'ol', 'li', 'dl', 'dt', 'dd',
  'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'colgroup', 'col',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ruby', 'rt', 'rp', 'abbr', 'cite', 'q', 'center', 'font',
  // remark-gfm's task-list checkboxes (only inside list items); the lists plugin turns them into text
  'input',
];

/** The elements MathJax's SVG output (fontCache 'none') and simple hand-drawn figures use. */
export const SVG_ELEMENTS = new Set(['svg', 'g', 'path', 'rect', 'line', 'polyline', 'polygon', 'circle', 'ellipse', 'text', 'tspan']);

const SVG_ATTRIBUTES = [
  'fill', 'stroke', 'strokeWidth', 'strokeDasharray', 'strokeLinecap', 'strokeLinejoin', 'strokeOpacity', 'fillOpacity', 'opacity',
  'transform', 'fontFamily', 'fontSize', 'fontStyle', 'fontWeight', 'textAnchor',
];

/** Removed with their content: script, what loads or embeds documents, forms, raw-text elements (mutation XSS), SVG that animates or embeds. */
export const STRIPPED_ELEMENTS = new Set([
  'script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'param', 'portal', 'fencedframe',
  'form', 'button', 'select', 'option', 'optgroup', 'datalist', 'textarea', 'input', 'isindex', 'keygen',
  'link', 'meta', 'base', 'head', 'title', 'template', 'noscript', 'noembed', 'noframes', 'xmp', 'plaintext', 'listing',
  'video', 'audio', 'source', 'track', 'bgsound', 'canvas', 'marquee', 'layer', 'ilayer',
  'math',
  'animate', 'animateColor', 'animateMotion', 'animateTransform', 'set', 'discard', 'mpath', 'foreignObject', 'use', 'image',
  'feImage', 'handler', 'listener', 'tref', 'cursor', 'desc', 'metadata', 'font-face', 'color-profile',
]);

/** Attributes whose removal is a security matter (warned), not a matter of WeChat not keeping them (info). */
export const DANGEROUS_ATTRIBUTES = new Set([
  'href', 'src', 'xLinkHref', 'action', 'formAction', 'srcDoc', 'srcSet', 'ping', 'background', 'dynsrc', 'lowsrc', 'data', 'codeBase',
  'poster', 'attributeName', 'values', 'from', 'to', 'by', 'begin', 'httpEquiv', 'content', 'style', 'xmlBase',
]);

export const WECHAT_SCHEMA: Schema = {
  tagNames: [...HTML_ELEMENTS, ...SVG_ELEMENTS],
  strip: [...STRIPPED_ELEMENTS],
  ancestors: { input: ['li'] },
  // ids and classes are kept for the transforms and the theme, and removed when styles are inlined
  clobber: [],
  allowComments: false,
  allowDoctypes: false,
  protocols: { href: ['http', 'https', 'mailto', 'tel'], src: ['http', 'https', 'data', 'ftp'] },
  required: { input: { type: 'checkbox', disabled: true } },
  attributes: {
    '*': ['className', 'id', 'style', 'title', 'align', 'width', 'height', 'color', 'face', 'size', 'type', 'data*', 'ariaDescribedBy', 'ariaLabel'],
    a: ['href'],
    // data: only for pictures (data:image/…); an <img> never runs what it shows
    img: [['src', /^(?!data:)|^data:image\//i], 'alt'],
    ol: ['start'],
    td: ['colSpan', 'rowSpan'],
    th: ['colSpan', 'rowSpan'],
    input: [['type', 'checkbox'], 'checked', 'disabled'],
    svg: ['xmlns', 'viewBox', 'preserveAspectRatio', 'x', 'y', ...SVG_ATTRIBUTES],
    g: SVG_ATTRIBUTES,
    path: ['d', ...SVG_ATTRIBUTES],
    rect: ['x', 'y', 'rx', 'ry', ...SVG_ATTRIBUTES],
    line: ['x1', 'y1', 'x2', 'y2', ...SVG_ATTRIBUTES],
    polyline: ['points', ...SVG_ATTRIBUTES],
    polygon: ['points', ...SVG_ATTRIBUTES],
    circle: ['cx', 'cy', 'r', ...SVG_ATTRIBUTES],
    ellipse: ['cx', 'cy', 'rx', 'ry', ...SVG_ATTRIBUTES],
    text: ['x', 'y', 'dx', 'dy', ...SVG_ATTRIBUTES],
    tspan: ['x', 'y', 'dx', 'dy', ...SVG_ATTRIBUTES],
  },
};
