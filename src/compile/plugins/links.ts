/**
 * Links as WeChat allows them: only mp.weixin.qq.com articles may be real links. Every other URL must stay
 * readable, so by default it gets a superscript number (`text¹²`, or `<sup>[12]</sup>` with `markers: 'sup'`)
 * plus a numbered references section at the end (one number per distinct URL). `#anchor` links become plain
 * text. A row of linked images (an npm README's badges) gets one marker after the row, `¹⁻³`, instead of a
 * marker after each badge.
 * URLs are shown with their non-ASCII characters decoded (see display-url.ts).
 */
import type { Element, ElementContent, Root, RootContent } from 'hast';
import { h } from 'hastscript';
import { toString } from 'hast-util-to-string';
import { walkElements } from '../walk.js';
import type { VFile } from 'vfile';
import { displayUrl } from '../display-url.js';
import { report } from '../report.js';

export type LinkMode = 'references' | 'inline' | 'text';

export interface LinksOptions {
  mode?: LinkMode;
  /** `superscript`: the number as superscript digits in the text (`¹²`); `sup`: a `<sup>[12]</sup>` element. */
  markers?: 'superscript' | 'sup';
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
  // superscript digits need no element and no style: 49 characters less per link than a styled <sup>, which
  // is what lets a newsletter of 60 links fit WeChat's 20,000 (issue 13 §1)
  // U+2060 WORD JOINER: a line may break before a digit after CJK text, and a marker alone at the start of a
  // line reads as belonging to the next word
  const mark = (numbers: string): ElementContent =>
    options.markers === 'sup' ? h('sup', { className: ['link-ref'] }, `[${numbers}]`) : { type: 'text', value: `\u2060${superscript(numbers)}` };
  return (tree: Root, file: VFile) => {
    const links: CollectedLink[] = [];
    const numbers = new Map<string, number>();
    /** Wrappers of links whose only content is an image, with their marker: candidates for a badge row. */
    const imageLinks = new Map<Element, { marker: ElementContent; number: number }>();
    walkElements(tree, (node) => {
      if (node.tagName !== 'a') return undefined;
      const href = typeof node.properties.href === 'string' ? node.properties.href.trim() : '';
      const imageOnly = isImageOnly(node);
      const text = (imageOnly ? imageAlt(node) : toString(node)).trim();
      if (href && isWechatArticleUrl(href)) {
        node.properties = { href, ...(node.properties.title ? { title: node.properties.title } : {}) };
        return false;
      }
      let replacement: ElementContent[] = node.children;
      let marker: { marker: ElementContent; number: number } | undefined;
      if (!href || href.startsWith('#')) {
        // in-page anchors: WeChat flags them; the text is what matters
      } else if (/^(https?|ftp|mailto|tel):/i.test(href)) {
        const shown = href.replace(/^(mailto|tel):/i, '');
        // a bare autolink already shows its URL: nothing to add, nothing to number
        const visible = text === href || text === shown || text === displayUrl(shown);
        if (!visible) {
          let n = numbers.get(href);
          if (n === undefined) {
            n = links.length + 1;
            numbers.set(href, n);
            links.push({ url: shown, text: text || displayUrl(shown) });
          }
          if (mode === 'references') {
            const sup = mark(String(n));
            replacement = [...node.children, sup];
            if (imageOnly) marker = { marker: sup, number: n };
          } else if (mode === 'inline') replacement = [...node.children, h('span', { className: ['link-url'] }, ` (${displayUrl(shown)})`)];
        }
      } else {
        report(file, node, 'warn', 'compile/relative-link', `Link \`${href}\` is relative: readers can't follow it in WeChat; it is shown as text`, { actual: href });
      }
      const wrapped = h('span', { className: ['link'] }, replacement);
      wrapped.position = node.position;
      if (marker) imageLinks.set(wrapped, marker);
      return wrapped;
    });
    if (imageLinks.size > 1) groupBadgeRows(tree, imageLinks, mark);
    if (mode === 'references' && links.length > 0) {
      tree.children.push(
        // one block of lines, not an element (and a styled marker) per reference: a newsletter's 60 references
        // cost 4,300 characters of markup that way, a fifth of WeChat's 20,000 (issue 13 §1)
        h('section', { className: ['references'] }, [
          h('section', { className: ['references-title'] }, title),
          h(
            'section',
            { className: ['reference-list'] },
            links.flatMap((link, i) => [
              ...(i > 0 ? [h('br')] : []),
              `[${i + 1}] ${link.text !== link.url ? `${link.text}: ` : ''}${displayUrl(link.url)}`,
            ]),
          ),
        ]),
      );
    }
    (file.data as { links?: CollectedLink[] }).links = links;
  };
}

/** A link whose visible content is images only (whitespace aside): a badge, a linked logo. */
function isImageOnly(link: Element): boolean {
  let images = 0;
  const scan = (nodes: ElementContent[]): boolean =>
    nodes.every((c) => {
      if (c.type === 'text') return c.value.trim() === '';
      if (c.type !== 'element') return true;
      if (c.tagName === 'img') return ++images > 0;
      return scan(c.children);
    });
  return scan(link.children) && images > 0;
}

function imageAlt(link: Element): string {
  const alts: string[] = [];
  walkElements(link, (el) => {
    if (el.tagName === 'img' && typeof el.properties.alt === 'string' && el.properties.alt.trim()) alts.push(el.properties.alt.trim());
    return undefined;
  });
  return alts.join(' ');
}

/**
 * Two or more image links side by side (only whitespace between them) are a badge row: their markers
 * leave the badges and one marker follows the row, `[1-3]` (or `[2,5]` when the numbers are not a run),
 * so the row stays a row instead of badge, marker, badge, marker.
 */
function groupBadgeRows(
  tree: Root,
  imageLinks: ReadonlyMap<Element, { marker: ElementContent; number: number }>,
  mark: (numbers: string) => ElementContent,
): void {
  const visit = (parent: Root | Element) => {
    const children = parent.children as RootContent[];
    for (let i = 0; i < children.length; i++) {
      const child = children[i]!;
      if (child.type !== 'element') continue;
      if (!imageLinks.has(child)) {
        visit(child);
        continue;
      }
      const row: Element[] = [child];
      let end = i;
      for (let j = i + 1; j < children.length; j++) {
        const next = children[j]!;
        if (next.type === 'text' && next.value.trim() === '') continue;
        if (next.type === 'element' && imageLinks.has(next)) {
          row.push(next);
          end = j;
          continue;
        }
        break;
      }
      if (row.length < 2) continue;
      const numbers: number[] = [];
      for (const link of row) {
        const { marker, number } = imageLinks.get(link)!;
        link.children = link.children.filter((c) => c !== marker);
        if (!numbers.includes(number)) numbers.push(number);
      }
      const last = row.at(-1)!;
      last.children.push(mark(formatNumbers(numbers)));
      i = end;
    }
  };
  visit(tree);
}

const SUPERSCRIPT: Record<string, string> = { '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', '-': '⁻', ',': '˒' };

/** A superscript link marker as it stands in the text (after its word joiner). */
export const LINK_MARKER = /\u2060[⁰¹²³⁴⁵⁶⁷⁸⁹⁻˒]+/g;

/** '12' → '¹²', '1-3' → '¹⁻³', '2,5' → '²˒⁵'. */
export function superscript(numbers: string): string {
  return [...numbers].map((c) => SUPERSCRIPT[c] ?? c).join('');
}

/** [1, 2, 3] → '1-3'; [2, 5] → '2,5'; [1, 2, 3, 7] → '1-3,7'. */
export function formatNumbers(numbers: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < numbers.length; ) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === numbers[j]! + 1) j++;
    parts.push(j - i >= 2 ? `${numbers[i]}-${numbers[j]}` : numbers.slice(i, j + 1).join(','));
    i = j + 1;
  }
  return parts.join(',');
}

export type { Element };
