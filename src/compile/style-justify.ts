/**
 * `text-align: justify` only where it reads well. Justified CJK text is even (every character is a cell);
 * justified Latin text in a 358 px phone column stretches the spaces between words into gaps (issue 13 §4,
 * the serif theme). A block that would be justified and whose text is mostly Latin words is aligned left
 * instead, whatever theme asked for it; mixed Chinese text with English terms stays justified.
 */
import type { Element } from 'hast';
import { toString } from 'hast-util-to-string';

/** Blocks that hold the lines of text (where text-align acts). */
const TEXT_BLOCKS = new Set(['p', 'li', 'td', 'th', 'figcaption', 'section', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]/g;
const LATIN_WORD = /[A-Za-z\u00c0-\u024f]{2,}/g;

/** More Latin words than CJK characters (each CJK character is about a word). */
export function isLatinDominant(text: string): boolean {
  const words = text.match(LATIN_WORD)?.length ?? 0;
  if (words < 4) return false;
  return words > (text.match(CJK)?.length ?? 0);
}

/** Whether `el`, justified by inheritance or its own style, should be aligned left instead. */
export function shouldUnjustify(el: Element, align: string | undefined): boolean {
  if (align !== 'justify' || !TEXT_BLOCKS.has(el.tagName)) return false;
  if (!el.children.some((c) => c.type === 'text' && c.value.trim() !== '')) return false;
  return isLatinDominant(toString(el));
}
