/**
 * Parsing is ~60% of a compile, and `gzh dev` recompiles the whole article on every save although one
 * paragraph changed. A ParseCache keeps the mdast of each top-level chunk of the source (text between safe
 * blank-line boundaries); a recompile parses only the chunks it has not seen and reuses (clones) the rest.
 *
 * A boundary is only taken where CommonMark cannot carry anything across it: a blank line outside fenced
 * code, math blocks, `:::` containers and front matter, followed by a line that starts in column 1 and is not
 * a list item (which would join the list before it). Link reference and footnote definitions decide how
 * `[x]` and `[^1]` read anywhere in the text: every chunk is parsed with the chunks that hold definitions
 * appended, and what the appendix produced is dropped. Documents with HTML blocks that may hold blank lines
 * are parsed whole. The result is the same tree a full parse gives (test/compile/block-cache.test.ts
 * compares them on every example).
 */
import type { Root, RootContent } from 'mdast';
import type { Position } from 'unist';

export interface SourceChunk {
  text: string;
  /** Definitions from elsewhere in the source, parsed after the chunk so its references resolve. */
  appendix: string;
  /** 1-based line of the chunk's first line in the whole source. */
  line: number;
  /** Character offset of the chunk in the whole source. */
  offset: number;
}

/** HTML blocks of kinds 1–5: they run across blank lines. */
const WHOLE_DOCUMENT = /^ {0,3}<(?:script|pre|style|textarea|!|\?)/im;
/** What may hold a link reference or footnote definition (labels may span lines, so: any `]:`). */
const DEFINITION = /\]:/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const MATH_FENCE = /^ {0,3}\$\$/;
const CONTAINER_OPEN = /^ {0,3}(:{3,})\s*[a-zA-Z]/;
const CONTAINER_CLOSE = /^ {0,3}(:{3,})\s*$/;
const LIST_ITEM = /^(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)/;

/** The source cut at safe boundaries, or undefined when it must be parsed whole. */
export function splitSource(source: string, syntax: { math: boolean; directives: boolean }): SourceChunk[] | undefined {
  if (WHOLE_DOCUMENT.test(source)) return undefined;
  const lines = source.split('\n');
  const chunks: Omit<SourceChunk, 'appendix'>[] = [];
  let start = 0; // line index where the current chunk starts
  let startOffset = 0;
  let offset = 0;
  let fence: string | undefined; // the opening run of a fenced code block we are in
  let math = false;
  let containers = 0;
  let frontMatter = lines[0] === '---';
  let previousBlank = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    const blank = line.trim() === '';
    if (frontMatter) {
      if (i > 0 && (line === '---' || line === '...')) frontMatter = false;
    } else if (fence) {
      const close = FENCE.exec(line)?.[1];
      if (close && close[0] === fence[0] && close.length >= fence.length && line.trim() === close) fence = undefined;
    } else if (math) {
      if (MATH_FENCE.test(line)) math = false;
    } else {
      // a chunk starting with `---` would read as front matter
      if (!blank && previousBlank && containers === 0 && i > start && /^\S/.test(line) && !LIST_ITEM.test(line) && !/^---\s*$/.test(line)) {
        chunks.push({ text: lines.slice(start, i).join('\n'), line: start + 1, offset: startOffset });
        start = i;
        startOffset = offset;
      }
      const open = FENCE.exec(line)?.[1];
      if (open && !(open[0] === '`' && line.slice(line.indexOf(open) + open.length).includes('`'))) fence = open;
      else if (syntax.math && MATH_FENCE.test(line) && !/^ {0,3}\$\$.*\$\$\s*$/.test(line)) math = true;
      else if (syntax.directives && CONTAINER_OPEN.test(line)) containers++;
      else if (syntax.directives && containers > 0 && CONTAINER_CLOSE.test(line)) containers--;
    }
    previousBlank = blank;
    offset += lines[i]!.length + 1;
  }
  chunks.push({ text: lines.slice(start).join('\n'), line: start + 1, offset: startOffset });
  const definitions = chunks.filter((c) => DEFINITION.test(c.text)).map((c) => c.text);
  if (definitions.length === 0) return chunks.map((c) => ({ ...c, appendix: '' }));
  // an appendix after a block left open (a fence to the end of the text) would become part of it
  if (fence || math || containers > 0 || frontMatter) return undefined;
  // a plain paragraph first: it closes whatever block the chunk ends with (an indented code block would
  // run on into an indented first line of the appendix)
  const appendix = `\n\ngzh\n\n${definitions.join('\n\n')}`;
  return chunks.map((c) => ({ ...c, appendix }));
}

/** Parsed chunks by text, kept while they are used; one cache per article (or per watch session). */
export class ParseCache {
  private entries = new Map<string, RootContent[]>();
  private used = new Set<string>();

  /** The children of a parse of `chunk`, positioned in the whole source. */
  children(chunk: SourceChunk, key: string, parse: (text: string) => Root): RootContent[] {
    const id = `${key}\u0000${chunk.text}\u0000${chunk.appendix}`;
    let parsed = this.entries.get(id);
    if (!parsed) {
      const length = chunk.text.length;
      parsed = parse(chunk.text + chunk.appendix).children.filter((node) => (node.position?.start.offset ?? 0) < length);
      this.entries.set(id, parsed);
    }
    this.used.add(id);
    const copy = structuredClone(parsed);
    if (chunk.line > 1 || chunk.offset > 0) for (const node of copy) shift(node, chunk.line - 1, chunk.offset);
    return copy;
  }

  /** Forget the chunks the last compile did not use (call after each compile). */
  sweep(): void {
    for (const id of this.entries.keys()) if (!this.used.has(id)) this.entries.delete(id);
    this.used.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

function shift(node: RootContent | Root, lines: number, offset: number): void {
  movePosition(node.position, lines, offset);
  if ('children' in node) for (const child of node.children) shift(child as RootContent, lines, offset);
}

function movePosition(position: Position | undefined, lines: number, offset: number): void {
  if (!position) return;
  position.start.line += lines;
  position.end.line += lines;
  if (position.start.offset !== undefined) position.start.offset += offset;
  if (position.end.offset !== undefined) position.end.offset += offset;
}
