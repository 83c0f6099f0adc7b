/**
 * `---` on line 1 followed by `key: value` lines but no closing `---`: remark-frontmatter then reads a
 * thematic break and a paragraph, and the title, author and cover silently vanish into the body. That is
 * an error at 1:1. A first line `---` followed by a blank line or prose is a horizontal rule and stays one.
 */
import type { Root } from 'mdast';
import type { Message } from '../errors.js';
import { compileMessage } from './report.js';

const OPENING = /^---[ \t]*\r?\n/;
/** A YAML mapping line: `title: …`, `pic_crop_1_1: …`, `作者: …`. */
const KEY_LINE = /^[\p{L}\p{N}_-]+[ \t]*:(?:[ \t]|$)/u;

export function detectUnclosedFrontMatter(source: string, mdast: Root, file: string | undefined): Message | undefined {
  if (!OPENING.test(source) || mdast.children[0]?.type === 'yaml') return undefined;
  const lines = source.split(/\r?\n/);
  if (!KEY_LINE.test(lines[1] ?? '')) return undefined;
  // where the writer probably meant it to end: the last key line before the first blank line
  let last = 1;
  while (last + 1 < lines.length && lines[last + 1]!.trim() !== '') last++;
  const message = `Front matter opened at line 1 is never closed, so its keys are read as article text: add a line \`---\` after line ${last + 1}`;
  return compileMessage('error', 'front-matter/unclosed', message, { file, line: 1, column: 1 });
}
