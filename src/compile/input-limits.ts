/**
 * Size and nesting limits, checked before and right after parsing so that no input makes the compiler hang
 * or overflow its stack. micromark resolves emphasis and link brackets by walking back over every event of
 * the paragraph (`*a` ×20,000 in one paragraph: 19 s), rescans a paragraph for every backtick run without a
 * closing run of its size, and re-walks the container stack on every line (20,000 nested `:::` never
 * finished); hast-util-from-parse5 and hast-util-to-html recurse once per level (a stack overflow at ~2,000
 * nested `>` or ~3,000 nested `<div>`). Like markdown-it (`maxNesting: 100`) and browsers (Chromium's HTML
 * parser stops nesting at 512), gzh refuses such input with the construct and its line instead.
 *
 * The limits are far above what a WeChat article can hold: WeChat takes at most 20,000 characters and 1 MB
 * of HTML, and gzh's inline-styled HTML is 1.2–4× its Markdown. Everything here is linear in the input.
 */
import type { Code, Html, Nodes, Root } from 'mdast';
import { GzhError, type Message } from '../errors.js';
import { compileMessage } from './report.js';
import type { CompiledArticle } from './types.js';

export interface InputLimits {
  /** UTF-8 bytes of the Markdown source. */
  maxBytes: number;
  /** Lines of the source: micromark spends ~0.2 ms per block, so 170,000 one-line paragraphs took 21 s. */
  maxLines: number;
  /** Block containers (`>` quotes, list items, `:::` directives) nested in one another. */
  maxContainerDepth: number;
  /** Depth of the parsed tree (containers, emphasis, links, ...), like markdown-it's `maxNesting`. */
  maxTreeDepth: number;
  /** Raw HTML elements nested in one another. */
  maxHtmlDepth: number;
  /** Runs of `*`, `_` or `~` in the whole article (each may open or close emphasis). */
  maxEmphasisMarkers: number;
  /** Characters in one run of `*`, `_` or `~`. */
  maxDelimiterRun: number;
  /** `[` (and, separately, `]`) in the whole article. */
  maxBrackets: number;
  /** Characters in one run of backticks outside a fence line. */
  maxBacktickRun: number;
  /** Table cells (rows × columns) in the whole article. */
  maxTableCells: number;
  /** List items in the whole article. */
  maxListItems: number;
  /** Raw HTML start tags in the whole article. */
  maxHtmlTags: number;
  /** Characters of one code block. */
  maxCodeBlock: number;
  /** `$…$` and `$$…$$` formulas in the whole article (each is typeset by MathJax). */
  maxFormulas: number;
  /** TeX characters of one formula, and of all formulas together (MathJax time grows faster than the length). */
  maxFormulaLength: number;
  maxTexLength: number;
}

/**
 * Each limit alone costs at most ~1 s of CPU here (bench/pathological.bench.mjs prints the worst case); a
 * 20,000-character article reaches none of them.
 */
export const INPUT_LIMITS: Readonly<InputLimits> = Object.freeze({
  maxBytes: 512 * 1024,
  maxLines: 10_000,
  maxContainerDepth: 16,
  maxTreeDepth: 100,
  maxHtmlDepth: 100,
  maxEmphasisMarkers: 4_000,
  maxDelimiterRun: 200,
  maxBrackets: 3_000,
  maxBacktickRun: 32,
  maxTableCells: 5_000,
  maxListItems: 2_000,
  maxHtmlTags: 10_000,
  maxCodeBlock: 64 * 1024,
  maxFormulas: 1_000,
  maxFormulaLength: 4_000,
  maxTexLength: 16_000,
});

export interface LimitViolation {
  ruleId: 'compile/too-large' | 'compile/too-deep';
  /** What was too big or too deep, as the message names it. */
  construct: string;
  line: number;
  column: number;
  actual: number;
  limit: number;
  message: string;
  /** What the writer can do about it. */
  hint: string;
}

/** A refusal: thrown by parseMarkdown, turned into the article's one error message by compileArticle. */
export class InputLimitError extends GzhError {
  constructor(readonly violation: LimitViolation, file?: string) {
    super(violation.ruleId, violation.message, { file, line: violation.line, column: violation.column, hint: violation.hint });
    this.name = 'InputLimitError';
  }

  toMessage(): Message {
    const v = this.violation;
    return compileMessage('error', v.ruleId, `${v.message}. ${v.hint}`, { file: this.file, line: v.line, column: v.column }, { actual: String(v.actual), expected: `at most ${n(v.limit)}` });
  }
}

/** What compileArticle returns for refused input: nothing to show, one error saying why. */
export function refusedArticle(error: InputLimitError, file?: string): CompiledArticle {
  return { file, meta: {}, fieldLines: {}, title: '', html: '', text: '', textLength: 0, summary: '', images: [], links: [], messages: [error.toMessage()] };
}

const n = (x: number) => x.toLocaleString('en-US');

/** `counted`: the count stopped at the first one past the limit (the message says "more than"). */
function tooLarge(construct: string, line: number, column: number, actual: number, limit: number, unit: string, hint: string, counted = false): LimitViolation {
  const message = `Too many ${[construct, unit].filter(Boolean).join(' ')}: ${counted ? `more than ${n(limit)}` : n(actual)}, gzh compiles at most ${n(limit)}`;
  return { ruleId: 'compile/too-large', construct, line, column, actual, limit, message, hint };
}

function tooDeep(construct: string, line: number, column: number, actual: number, limit: number, hint: string): LimitViolation {
  return { ruleId: 'compile/too-deep', construct, line, column, actual, limit, message: `${construct} nested ${n(actual)} deep, gzh compiles at most ${n(limit)} levels`, hint };
}

/** The first limit the source breaks before parsing, or undefined. */
export function scanSource(source: string, limits: Readonly<InputLimits> = INPUT_LIMITS): LimitViolation | undefined {
  const bytes = utf8Length(source);
  if (bytes > limits.maxBytes) {
    const message = `The article is ${n(Math.ceil(bytes / 1024))} KB, gzh compiles at most ${n(limits.maxBytes / 1024)} KB of Markdown`;
    return { ruleId: 'compile/too-large', construct: 'article', line: 1, column: 1, actual: bytes, limit: limits.maxBytes, message, hint: 'WeChat takes at most 20,000 characters: split it into several articles' };
  }
  return scanMarkers(source, limits) ?? scanContainers(source, limits);
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) (bytes += 4), i++;
    else bytes += 3;
  }
  return bytes;
}

/**
 * Inline markers counted over the whole text, code included: a paragraph's markers cost quadratic time and
 * paragraphs cannot be told apart from code reliably without parsing (an "open fence" inside an HTML block
 * is text). A code-heavy article stays far below the counts.
 */
function scanMarkers(source: string, limits: Readonly<InputLimits>): LimitViolation | undefined {
  let line = 1;
  let lineStart = 0;
  let emphasis = 0;
  let open = 0;
  let close = 0;
  let tags = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 10) {
      line++;
      lineStart = i + 1;
    } else if (c === 92) {
      if (source.charCodeAt(i + 1) !== 10) i++; // an escaped marker is plain text
    } else if (c === 42 || c === 95 || c === 126) {
      let end = i + 1;
      while (source.charCodeAt(end) === c) end++;
      const column = i - lineStart + 1;
      if (++emphasis > limits.maxEmphasisMarkers) return tooLarge('emphasis markers (runs of *, _ or ~)', line, column, emphasis, limits.maxEmphasisMarkers, 'in the article', 'Each can open or close emphasis and parsing them is quadratic: escape literal ones as \\*, or put code in a fenced block', true);
      if (end - i > limits.maxDelimiterRun && !isThematicBreak(source, lineStart)) {
        return tooLarge(`characters in one run of ${String.fromCharCode(c)}`, line, column, end - i, limits.maxDelimiterRun, '', 'Long runs nest emphasis that deep: shorten the run or escape it');
      }
      i = end - 1;
    } else if (c === 96) {
      let end = i + 1;
      while (source.charCodeAt(end) === 96) end++;
      if (end - i > limits.maxBacktickRun && !isFenceLine(source, lineStart, i)) {
        return tooLarge('backticks in one run', line, i - lineStart + 1, end - i, limits.maxBacktickRun, '', 'An unmatched run makes the parser rescan the paragraph: use at most a few backticks around inline code, or a fenced block');
      }
      i = end - 1;
    } else if (c === 91) {
      if (++open > limits.maxBrackets) return tooLarge('[ brackets', line, i - lineStart + 1, open, limits.maxBrackets, 'in the article', 'Every ] looks back for its [ over the whole paragraph: escape literal ones as \\[', true);
    } else if (c === 60) {
      const next = source.charCodeAt(i + 1) | 0x20; // lower case
      if (next >= 97 && next <= 122 && ++tags > limits.maxHtmlTags) {
        return tooLarge('HTML tags', line, i - lineStart + 1, tags, limits.maxHtmlTags, 'in the article', 'Pasted HTML often wraps every word: paste it as plain text, or write it in Markdown', true);
      }
    } else if (c === 93) {
      if (++close > limits.maxBrackets) return tooLarge('] brackets', line, i - lineStart + 1, close, limits.maxBrackets, 'in the article', 'Every ] looks back for its [ over the whole paragraph: escape literal ones as \\]', true);
    }
  }
  return undefined;
}

/** A line of only `*`, `-` or `_` (and spaces): a thematic break, not emphasis. */
function isThematicBreak(source: string, lineStart: number): boolean {
  for (let i = lineStart; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 10 || c === 13) return true;
    if (c !== 42 && c !== 45 && c !== 95 && c !== 32 && c !== 9 && c !== 62) return false;
  }
  return true;
}

/** The run starts the line (after indentation or `>`): a code fence, whose length is free. */
function isFenceLine(source: string, lineStart: number, at: number): boolean {
  for (let i = lineStart; i < at; i++) {
    const c = source.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 62) return false;
  }
  return true;
}

const DIRECTIVE_OPEN = /^:{3,}\s*[A-Za-z]/;
const DIRECTIVE_CLOSE = /^:{3,}\s*$/;

/**
 * Line by line: container depth (`>` and list markers at the line start, list items nested by indentation
 * as a stack of marker columns kept across lazy lines, `:::` containers), list items, and table cells (a
 * table has its header's columns in every row, whatever the row holds). It over-counts rather than
 * under-counts (code lines that look like list items count too): the limits are far above real articles.
 */
function scanContainers(source: string, limits: Readonly<InputLimits>): LimitViolation | undefined {
  const stack: number[] = []; // columns of the list markers of the items we may be in
  let directives = 0;
  let previousBlank = false;
  let line = 0;
  let items = 0;
  let cells = 0;
  let columns = 0; // of the table we are in, 0 outside tables
  for (let start = 0; start <= source.length; ) {
    let end = source.indexOf('\n', start);
    if (end < 0) end = source.length;
    if (++line > limits.maxLines) {
      return tooLarge('lines', line, 1, line, limits.maxLines, 'in the article', 'WeChat takes at most 20,000 characters: split it into several articles', true);
    }
    let p = start;
    let quotes = 0;
    let markers = 0;
    let firstMarker = -1;
    for (;;) {
      while (p < end && (source.charCodeAt(p) === 32 || source.charCodeAt(p) === 9)) p++;
      if (source.charCodeAt(p) === 62) {
        quotes++;
        p++;
        if (quotes > limits.maxContainerDepth) break;
        continue;
      }
      const after = listMarkerEnd(source, p, end);
      if (after < 0) break;
      if (markers++ === 0) firstMarker = p - start;
      p = after;
      if (markers > limits.maxContainerDepth) break;
    }
    const blank = p >= end || (p === end - 1 && source.charCodeAt(p) === 13); // spaces were skipped
    if (markers > 0 && (items += markers) > limits.maxListItems) {
      return tooLarge('list items', line, firstMarker + 1, items, limits.maxListItems, 'in the article', 'Split the list, or make it a table', true);
    }
    if (columns > 0) {
      if (blank) columns = 0;
      else cells += columns;
    } else if (!blank && !previousBlank && line > 1) {
      columns = delimiterRowColumns(source, p, end);
      cells += columns; // the header row
    }
    if (cells > limits.maxTableCells) {
      return tooLarge('table cells', line, 1, cells, limits.maxTableCells, 'in the article', 'A phone shows a few columns: split the table, or make it an image', true);
    }
    if (markers > 0) {
      while (stack.length > 0 && stack[stack.length - 1]! >= firstMarker) stack.pop();
      stack.push(firstMarker);
    } else if (!blank && previousBlank) {
      const indent = p - start;
      while (stack.length > 0 && stack[stack.length - 1]! >= indent) stack.pop();
    }
    if (!blank) {
      const rest = source.slice(p, Math.min(end, p + 64));
      if (DIRECTIVE_OPEN.test(rest)) directives++;
      else if (directives > 0 && DIRECTIVE_CLOSE.test(source.slice(p, end))) directives--;
    }
    const lists = stack.length + Math.max(0, markers - 1);
    if (quotes + lists + directives > limits.maxContainerDepth) {
      const depth = quotes + lists + directives;
      const [construct, hint] =
        quotes >= lists && quotes >= directives
          ? ['Block quotes (>)', 'Quote fewer levels (WeChat indents each level on a narrow phone screen)']
          : lists >= directives
            ? ['Lists', 'Nest fewer list levels (WeChat shows two)']
            : ['::: containers', 'Close each ::: container with a ::: line, or nest fewer'];
      return tooDeep(construct, line, 1, depth, limits.maxContainerDepth, hint);
    }
    previousBlank = blank;
    start = end + 1;
  }
  return undefined;
}

/** Columns of a GFM table delimiter row (`| --- | :-: |`) at `p`, or 0 when the line is not one. */
function delimiterRowColumns(source: string, p: number, end: number): number {
  let columns = 0;
  let pipes = 0;
  let inDashes = false;
  for (let i = p; i < end; i++) {
    const c = source.charCodeAt(i);
    if (c === 45) {
      if (!inDashes) columns++;
      inDashes = true;
    } else if (c === 124) {
      pipes++;
      inDashes = false;
    } else if (c !== 58 && c !== 32 && c !== 9 && c !== 13) return 0;
  }
  // `---` alone is a setext underline or a thematic break
  return pipes > 0 ? columns : 0;
}

/** The index after a list marker (`-`, `+`, `*`, `1.`, `1)`) and its space at `p`, or -1. */
function listMarkerEnd(source: string, p: number, end: number): number {
  const c = source.charCodeAt(p);
  let q = p;
  if (c === 45 || c === 43 || c === 42) q = p + 1;
  else {
    while (q < end && q - p < 9 && source.charCodeAt(q) >= 48 && source.charCodeAt(q) <= 57) q++;
    if (q === p || (source.charCodeAt(q) !== 46 && source.charCodeAt(q) !== 41)) return -1;
    q++;
  }
  if (q >= end || source.charCodeAt(q) === 13) return q;
  const s = source.charCodeAt(q);
  return s === 32 || s === 9 ? q + 1 : -1;
}

/** Elements that never nest in HTML parsing: void, or closed by their next sibling. */
const NON_NESTING = new Set(
  'area base br col embed hr img input link meta param source track wbr p li dt dd tr td th thead tbody tfoot option optgroup colgroup caption rt rp html head body'.split(' '),
);
/** Where `<x/>` closes itself. */
const FOREIGN = new Set(['svg', 'math']);
const TAG = /<!--[\s\S]*?(?:-->|$)|<(\/?)([A-Za-z][A-Za-z0-9-]*)(?:\s[^>]*?)?(\/?)>/g;
/** Parents whose `html` children are blocks; any other `html` is inline, closed when its paragraph ends. */
const FLOW = new Set(['root', 'blockquote', 'listItem', 'footnoteDefinition', 'containerDirective']);

/**
 * What the parsed tree breaks: depth, code block size, formulas and raw HTML nesting. Iterative: the tree may be deeper than the stack allows.
 */
export function checkTree(tree: Root, limits: Readonly<InputLimits> = INPUT_LIMITS): LimitViolation | undefined {
  const html = { depth: 0, foreign: 0 };
  let formulas = 0;
  let tex = 0;
  let inline: { depth: number; foreign: number } | undefined;
  let inlineBlock: Nodes | undefined;
  // block: the paragraph (or other block) an inline node is in, whose end closes its inline HTML
  const stack: { node: Nodes; depth: number; parent?: Nodes; block?: Nodes }[] = [{ node: tree, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth, parent, block } = stack.pop()!;
    const start = node.position?.start ?? { line: 1, column: 1 };
    if (depth > limits.maxTreeDepth) return tooDeep(describeNode(parent?.type ?? node.type), start.line, start.column, depth, limits.maxTreeDepth, 'Nest fewer levels of quotes, lists and emphasis');
    switch (node.type) {
      case 'code':
        if ((node as Code).value.length > limits.maxCodeBlock) {
          return tooLarge('characters in one code block', start.line, start.column, (node as Code).value.length, limits.maxCodeBlock, '', 'WeChat takes 20,000 characters per article: link to the file instead');
        }
        break;
      case 'math':
      case 'inlineMath': {
        const length = (node as unknown as { value: string }).value.length;
        tex += length;
        if (++formulas > limits.maxFormulas) return tooLarge('formulas', start.line, start.column, formulas, limits.maxFormulas, 'in the article', 'Each is typeset on its own: put a long derivation in one display formula', true);
        if (length > limits.maxFormulaLength) return tooLarge('TeX characters in one formula', start.line, start.column, length, limits.maxFormulaLength, '', 'Split it into several formulas, or show it as an image');
        if (tex > limits.maxTexLength) return tooLarge('TeX characters in all formulas', start.line, start.column, tex, limits.maxTexLength, '', 'Typesetting grows with the TeX: show some formulas as images');
        break;
      }
      case 'html': {
        const isFlow = !parent || FLOW.has(parent.type);
        if (!isFlow && inlineBlock !== block) {
          inline = { depth: html.depth, foreign: html.foreign };
          inlineBlock = block;
        }
        const counter = isFlow ? html : inline!;
        const deepest = nestHtml((node as Html).value, counter, limits.maxHtmlDepth);
        if (deepest) {
          const line = start.line + countNewlines((node as Html).value, deepest.index);
          return tooDeep('HTML elements', line, 1, deepest.depth, limits.maxHtmlDepth, 'Nest fewer elements (pasted HTML often wraps each line in several): simplify the markup');
        }
        break;
      }
    }
    if ('children' in node) {
      for (let i = node.children.length - 1; i >= 0; i--) {
        const child = node.children[i] as Nodes;
        stack.push({ node: child, depth: depth + 1, parent: node, block: FLOW.has(node.type) ? child : block });
      }
    }
  }
  return undefined;
}

/** Feed one raw HTML string into the running depth; where it first goes past `max`, if it does. */
function nestHtml(value: string, counter: { depth: number; foreign: number }, max: number): { depth: number; index: number } | undefined {
  TAG.lastIndex = 0;
  for (let m = TAG.exec(value); m; m = TAG.exec(value)) {
    const name = m[2]?.toLowerCase();
    if (!name || NON_NESTING.has(name)) continue;
    if (m[1]) {
      counter.depth = Math.max(0, counter.depth - 1);
      if (FOREIGN.has(name)) counter.foreign = Math.max(0, counter.foreign - 1);
    } else if (!(m[3] && counter.foreign > 0)) {
      counter.depth++;
      if (FOREIGN.has(name)) counter.foreign++;
      if (counter.depth > max) return { depth: counter.depth, index: m.index };
    }
  }
  return undefined;
}

function countNewlines(text: string, end: number): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

function describeNode(type: string): string {
  const names: Record<string, string> = { blockquote: 'Block quotes', list: 'Lists', listItem: 'Lists', emphasis: 'Emphasis', strong: 'Strong emphasis', delete: 'Strikethrough', link: 'Links' };
  return Object.hasOwn(names, type) ? names[type]! : `Elements (${type})`;
}
