/**
 * Raw HTML written in Markdown, reduced to what WeChat keeps. Dangerous or useless elements are removed
 * with a warning (never silently: the writer typed them); unknown wrappers are unwrapped so their text stays.
 */
import type { Element, ElementContent, Root, RootContent } from 'hast';
import type { VFile } from 'vfile';
import { report } from '../report.js';

/** Elements WeChat renders (and that Markdown itself produces). */
const ALLOWED = new Set([
  'section', 'p', 'span', 'br', 'hr', 'u', 'sup', 'sub', 'strong', 'b', 'em', 'i', 's', 'del', 'ins', 'mark', 'small', 'big',
  'code', 'kbd', 'pre', 'blockquote', 'img', 'figure', 'figcaption', 'a', 'ul', 'ol', 'li', 'dl', 'dt', 'dd',
  'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'colgroup', 'col',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ruby', 'rt', 'rp', 'abbr', 'cite', 'q', 'center', 'font', 'svg',
  // produced by remark-gfm for task lists; turned into text by the lists plugin
  'input',
]);
/** Removed with their content. */
const DROPPED = new Set(['script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'form', 'button', 'select', 'textarea', 'link', 'meta', 'base', 'template', 'noscript', 'video', 'audio', 'canvas', 'head', 'title']);
const ALLOWED_ATTRIBUTES = new Set(['style', 'src', 'alt', 'title', 'href', 'width', 'height', 'align', 'colSpan', 'rowSpan', 'type', 'checked', 'disabled', 'className', 'id', 'dataFootnotes', 'dataFootnoteRef', 'dataFootnoteBackref', 'ariaDescribedBy', 'ariaLabel', 'color', 'face', 'size', 'start', 'viewBox', 'xmlns']);

export default function rehypeSanitizeForWechat() {
  return (tree: Root, file: VFile) => {
    sanitizeChildren(tree, file);
  };
}

function sanitizeChildren(parent: Root | Element, file: VFile): void {
  const next: (RootContent | ElementContent)[] = [];
  for (const child of parent.children) {
    if (child.type === 'comment' || child.type === 'doctype') continue;
    if (child.type !== 'element') {
      next.push(child);
      continue;
    }
    const name = child.tagName;
    if (name === 'svg' || child.tagName === 'math') {
      // SVG passes as a unit (math output and diagrams); scripts inside it are still removed.
      removeDangerous(child, file);
      next.push(child);
      continue;
    }
    if (DROPPED.has(name)) {
      report(file, child, 'warn', 'compile/unsafe-html', `\`<${name}>\` is removed: WeChat does not allow it`, { actual: `<${name}>` });
      continue;
    }
    cleanAttributes(child, file);
    sanitizeChildren(child, file);
    if (ALLOWED.has(name)) {
      next.push(child);
    } else if (name === 'div' || name === 'article' || name === 'aside' || name === 'main' || name === 'header' || name === 'footer' || name === 'nav' || name === 'details' || name === 'summary') {
      // Block wrappers become <section>, the block element WeChat's own editor uses.
      child.tagName = 'section';
      next.push(child);
    } else {
      report(file, child, 'info', 'compile/unknown-html', `\`<${name}>\` is not kept by WeChat: its content is kept as plain text`, { actual: `<${name}>` });
      next.push(...child.children);
    }
  }
  parent.children = next as typeof parent.children;
}

function cleanAttributes(node: Element, file: VFile): void {
  for (const key of Object.keys(node.properties)) {
    const value = node.properties[key];
    if (/^on/i.test(key)) {
      report(file, node, 'warn', 'compile/unsafe-html', `Event handler \`${key}\` on \`<${node.tagName}>\` is removed`, { actual: key });
      delete node.properties[key];
    } else if ((key === 'href' || key === 'src') && typeof value === 'string' && /^\s*(javascript|vbscript):/i.test(value)) {
      report(file, node, 'warn', 'compile/unsafe-html', `\`${key}="${value.slice(0, 30)}"\` is removed`, { actual: value });
      delete node.properties[key];
    } else if (!ALLOWED_ATTRIBUTES.has(key) && !key.startsWith('data')) {
      delete node.properties[key];
    }
  }
}

function removeDangerous(node: Element, file: VFile): void {
  node.children = node.children.filter((child) => {
    if (child.type === 'element' && (child.tagName === 'script' || child.tagName === 'foreignObject')) {
      report(file, child, 'warn', 'compile/unsafe-html', `\`<${child.tagName}>\` inside SVG is removed`);
      return false;
    }
    if (child.type === 'element') {
      for (const key of Object.keys(child.properties)) if (/^on/i.test(key)) delete child.properties[key];
      removeDangerous(child, file);
    }
    return true;
  });
}
