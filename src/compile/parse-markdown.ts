/**
 * Markdown → mdast with the extensions a source needs. remark-math and remark-directive change how `$` and
 * `:` read and cost parse time: they are only used when the source could hold math (`$`) or a container
 * (`:::`). Four frozen parsers, made on first use. With a ParseCache, unchanged chunks are not parsed again.
 */
import type { Root as MdastRoot } from 'mdast';
import remarkDirective from 'remark-directive';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import { unified, type Processor } from 'unified';
import type { VFile } from 'vfile';
import { splitSource, type ParseCache } from './block-cache.js';
import { checkTree, InputLimitError, scanSource } from './input-limits.js';
import { prepareDirectives } from './plugins/callouts.js';
import { revertDollarText } from './plugins/math.js';

export interface Syntax {
  math: boolean;
  directives: boolean;
}

const parsers = new Map<string, Processor<MdastRoot>>();

function detectSyntax(markdown: string): Syntax {
  return { math: markdown.includes('$'), directives: markdown.includes(':::') };
}

function parserFor(syntax: Syntax): { key: string; parser: Processor<MdastRoot> } {
  const key = `${+syntax.math}${+syntax.directives}`;
  let parser = parsers.get(key);
  if (!parser) {
    let p = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']);
    if (syntax.math) p = p.use(remarkMath) as unknown as typeof p;
    if (syntax.directives) p = p.use(remarkDirective) as unknown as typeof p;
    parser = p.freeze() as unknown as Processor<MdastRoot>;
    parsers.set(key, parser);
  }
  return { key, parser };
}

/** The mdast a plain parse gives, from cached chunks where the source allows it. */
export function parseTree(source: string, syntax: Syntax, cache?: ParseCache): MdastRoot {
  const { key, parser } = parserFor(syntax);
  const chunks = cache ? splitSource(source, syntax) : undefined;
  if (!cache || !chunks || chunks.length < 2) return parser.parse(source) as MdastRoot;
  const children = chunks.flatMap((chunk) => cache.children(chunk, key, (text) => parser.parse(text) as MdastRoot));
  cache.sweep();
  const lines = source.split('\n');
  return {
    type: 'root',
    children,
    position: { start: { line: 1, column: 1, offset: 0 }, end: { line: lines.length, column: lines[lines.length - 1]!.length + 1, offset: source.length } },
  };
}

/**
 * Parse Markdown with the extensions it needs; directives and money-dollars are settled on the mdast.
 * Input past the limits (input-limits.ts) throws an InputLimitError before it can hang the parser.
 */
export function parseMarkdown(file: VFile, cache?: ParseCache): { mdast: MdastRoot; syntax: Syntax } {
  const source = String(file.value);
  const before = scanSource(source);
  if (before) throw new InputLimitError(before, file.path || undefined);
  const syntax = detectSyntax(source);
  const mdast = parseTree(source, syntax, cache);
  const after = checkTree(mdast);
  if (after) throw new InputLimitError(after, file.path || undefined);
  if (syntax.math) revertDollarText(mdast, source);
  if (syntax.directives) prepareDirectives(mdast, source, file);
  return { mdast, syntax };
}
