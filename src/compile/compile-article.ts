/**
 * The compile kernel: Markdown text → WeChat-safe inline-styled HTML, plus what later stages need (title,
 * images with positions, links, plain text) and every content problem as a message. Pure: no I/O.
 */
import type { Element, Root as HastRoot } from 'hast';
import { dropBlockWhitespace } from './drop-block-whitespace.js';
import { h } from 'hastscript';
import { raw } from 'hast-util-raw';
import { toHtml } from 'hast-util-to-html';
import { toString } from 'hast-util-to-string';
import type { Heading, Root as MdastRoot, Yaml } from 'mdast';
import { toHast } from 'mdast-util-to-hast';
import { visit } from 'unist-util-visit';
import { VFile } from 'vfile';
import type { Message } from '../errors.js';
import { convertBackslashMath } from './backslash-math.js';
import { detectUnclosedFrontMatter } from './detect-unclosed-front-matter.js';
import { restoreDeferred } from './deferred-content.js';
import { parseFrontMatter } from './front-matter.js';
import { InputLimitError, refusedArticle } from './input-limits.js';
import { linearHandlers } from './linear-handlers.js';
import { parseMarkdown } from './parse-markdown.js';
import rehypeWechatCallouts, { normalizeContainerFences } from './plugins/callouts.js';
import rehypeWechatCodeBlocks from './plugins/code-blocks.js';
import rehypeWechatDarkContrast from './plugins/dark-contrast.js';
import rehypeWechatDiagrams from './plugins/diagrams.js';
import rehypeWechatEmphasisMarks from './plugins/emphasis-marks.js';
import rehypeWechatFigureNumbers from './plugins/figure-numbers.js';
import rehypeWechatFigures from './plugins/figures.js';
import rehypeWechatFootnotes from './plugins/footnotes.js';
import rehypeInlineTheme from './plugins/inline-styles.js';
import rehypeWechatLinks, { LINK_MARKER, type CollectedLink } from './plugins/links.js';
import rehypeWechatLists from './plugins/lists.js';
import rehypeWechatMath from './plugins/math.js';
import rehypeWechatRuby, { RUBY_SYNTAX } from './plugins/ruby.js';
import rehypeSanitizeForWechat from './plugins/sanitize-html.js';
import rehypeWechatTables from './plugins/tables.js';
import { collectedMessages } from './report.js';
import { walkElements } from './walk.js';
import { prepareCodeTheme, prepareTheme } from './theme-css.js';
import type { ArticleMeta, CompileOptions, CompiledArticle, ImageRef, Position } from './types.js';

const BACKSLASH_MATH = /\\[[(]/;

export function compileArticle(input: string, options: CompileOptions): CompiledArticle {
  // same length, line for line: positions in messages still point into the file as written
  const markdown = normalizeContainerFences(input);
  const file = new VFile({ value: markdown, path: options.file });
  let parsed: ReturnType<typeof parseMarkdown>;
  try {
    parsed = parseMarkdown(file, options.parseCache);
  } catch (error) {
    if (error instanceof InputLimitError) return refusedArticle(error, options.file);
    throw error;
  }
  const { mdast, syntax } = parsed;
  const messages: Message[] = [];

  const unclosed = detectUnclosedFrontMatter(markdown, mdast, options.file);
  if (unclosed) messages.push(unclosed);
  const { meta, metaLines } = readFrontMatter(mdast, options.file, messages);
  const { title, titlePosition, titleColumns } = resolveTitle(mdast, meta, metaLines.title, markdown);
  const backslashMath = BACKSLASH_MATH.test(markdown) && convertBackslashMath(mdast, markdown, file);
  if (options.header) mdast.children.unshift(snippet(options.header, 'article-header'));
  if (options.footer) mdast.children.push(snippet(options.footer, 'article-footer'));

  let hast = toHast(mdast, { allowDangerousHtml: true, file, handlers: linearHandlers }) as HastRoot;
  if (hasRaw(hast)) {
    hast = raw(hast, { file }) as HastRoot;
    if (options.header || options.footer) forgetSnippetPositions(hast);
  }

  const theme = prepareTheme(options.themeCss, options.themeVars, 'theme');
  messages.push(...theme.messages.filter((m) => m.severity === 'error'));
  rehypeSanitizeForWechat()(hast, file);
  if (syntax.directives || markdown.includes('[!')) rehypeWechatCallouts({ titles: options.calloutTitles })(hast);
  if (syntax.math || backslashMath) rehypeWechatMath()(hast, file);
  if (options.diagrams?.size) rehypeWechatDiagrams({ diagrams: options.diagrams })(hast, file);
  if (RUBY_SYNTAX.test(markdown) || (options.header && RUBY_SYNTAX.test(options.header)) || (options.footer && RUBY_SYNTAX.test(options.footer))) rehypeWechatRuby()(hast);
  if (options.emphasisMarks) rehypeWechatEmphasisMarks()(hast);
  rehypeWechatFootnotes({ title: options.footnotesTitle })(hast);
  rehypeWechatFigures({ captions: options.captions })(hast);
  if (options.figureNumbers) rehypeWechatFigureNumbers(options.figureNumbers)(hast);
  rehypeWechatLinks({ mode: options.links, markers: options.linkMarkers, title: options.referencesTitle })(hast, file);
  rehypeWechatLists()(hast, file);
  rehypeWechatTables()(hast);
  rehypeWechatCodeBlocks({ codeTheme: options.codeThemeCss ? prepareCodeTheme(options.codeThemeCss) : undefined })(hast);
  if (options.footer) moveFooterLast(hast);

  const article: Element = h('section', { className: ['article'] }, hast.children as Element[]);
  const root: HastRoot = { type: 'root', children: [article] };
  const images = collectImages(root);
  const summary = summaryText(article);
  rehypeInlineTheme({ theme, compact: options.compactStyles })(root, file);
  if (options.darkContrast !== false) rehypeWechatDarkContrast()(root, file);
  restoreDeferred(file);
  // the text before the whitespace between blocks goes: it keeps a block's end apart from the next block's start
  const text = toString(article).replace(/\s+/g, ' ').trim();
  if (options.compactStyles !== false) dropBlockWhitespace(root);

  const html = toHtml(root, { allowDangerousHtml: false }).replaceAll('\u00a0', '&nbsp;');
  messages.push(...collectedMessages(file));
  return {
    file: options.file,
    meta,
    fieldLines: metaLines,
    title,
    titlePosition,
    ...(titleColumns ? { titleColumns } : {}),
    html,
    text,
    textLength: [...text].length,
    summary,
    images,
    links: ((file.data as { links?: CollectedLink[] }).links ?? []).map((l) => ({ url: l.url, text: l.text })),
    messages,
  };
}

/**
 * Header/footer snippets are parsed like the article and go through the same transforms. Their positions are
 * dropped: messages must not point at lines of the article that are not theirs.
 */
function snippet(markdown: string, className: string): MdastRoot['children'][number] {
  const { mdast } = parseMarkdown(new VFile({ value: markdown }));
  visit(mdast, (node) => {
    delete node.position;
  });
  const children = mdast.children.filter((n) => n.type !== 'yaml');
  return { type: 'gzhSnippet', children, data: { hName: 'section', hProperties: { className: [className] } } } as unknown as MdastRoot['children'][number];
}

/**
 * What a reader sees of the prose, for a generated digest: the text of the body's paragraphs, without the
 * `¹`/`[1]` link and footnote markers, the references and notes sections, code, captions or the header snippet.
 * Taken before inlining, while the transforms' class names still say what is what.
 */
function summaryText(article: Element): string {
  const SKIP = new Set(['link-ref', 'footnote-ref', 'references', 'footnotes', 'article-header', 'article-footer', 'code-block', 'figure', 'math-display', 'diagram']);
  const parts: string[] = [];
  const visitNode = (node: Element, inParagraph: boolean) => {
    const classes = Array.isArray(node.properties.className) ? (node.properties.className as string[]) : [];
    if (classes.some((c) => SKIP.has(c))) return;
    const paragraph = inParagraph || node.tagName === 'p';
    for (const child of node.children) {
      if (child.type === 'text' && paragraph) parts.push(child.value.replace(LINK_MARKER, ''));
      else if (child.type === 'element') visitNode(child, paragraph);
    }
    if (node.tagName === 'p') parts.push(' ');
  };
  visitNode(article, false);
  return parts.join('').replace(/\s+/g, ' ').trim();
}

/** hast-util-raw counts a snippet's raw HTML from line 1 of the article: its messages would point there. */
function forgetSnippetPositions(hast: HastRoot): void {
  for (const child of hast.children) {
    const classes = child.type === 'element' && Array.isArray(child.properties.className) ? child.properties.className : [];
    if (classes.includes('article-header') || classes.includes('article-footer')) {
      visit(child, (node) => {
        delete node.position;
      });
    }
  }
}

/** The footer comes after the footnotes and references the transforms appended. */
function moveFooterLast(hast: HastRoot): void {
  const index = hast.children.findIndex((c) => c.type === 'element' && Array.isArray(c.properties.className) && c.properties.className.includes('article-footer'));
  if (index < 0) return;
  const [footer] = hast.children.splice(index, 1);
  hast.children.push(footer!);
}

function readFrontMatter(mdast: MdastRoot, file: string | undefined, messages: Message[]) {
  const first = mdast.children[0];
  if (first?.type !== 'yaml') return { meta: {} as ArticleMeta, metaLines: {} as Partial<Record<keyof ArticleMeta, number>> };
  mdast.children.shift();
  const yaml = first as Yaml;
  const result = parseFrontMatter(yaml.value, (yaml.position?.start.line ?? 1) + 1, file);
  messages.push(...result.messages);
  return { meta: result.meta, metaLines: result.lines };
}

/**
 * Title from front matter, else a leading `#` heading; that heading then leaves the body (WeChat shows the
 * title). Only a heading that opens the article is a title: an `# 一级标题` further down is a section of the
 * body. A title heading with links or images in it (an npm README's `# name [![badge](...)](...)`) gives
 * its text to the title and leaves its links and images at the top of the body, so their URLs still make
 * references.
 */
function resolveTitle(mdast: MdastRoot, meta: ArticleMeta, titleLine: number | undefined, source: string): { title: string; titlePosition?: Position; titleColumns?: number[] } {
  const index = mdast.children.findIndex((n) => !isComment(n));
  const first = mdast.children[index];
  const heading = first?.type === 'heading' && first.depth === 1 ? first : undefined;
  const { text: titlePart, links } = heading ? splitTitleHeading(heading) : { text: undefined, links: [] };
  const headingText = titlePart ? mdastText(titlePart).trim() : '';
  const takeHeading = () => mdast.children.splice(index, 1, ...(links.length ? [linksParagraph(links, heading!)] : []));
  if (meta.title) {
    // a leading `# Title` repeating the front matter title would show the title twice
    if (heading && headingText === meta.title) takeHeading();
    return { title: meta.title, titlePosition: titleLine ? { line: titleLine, column: 1 } : undefined };
  }
  if (!heading || !titlePart) return { title: '' };
  takeHeading();
  const start = heading.position?.start;
  return { title: headingText, titlePosition: start ? { line: start.line, column: start.column } : undefined, titleColumns: headingColumns(titlePart, source) };
}

/** HTML comments before the title heading (`<!-- prettier-ignore -->`) don't stop it from leading. */
function isComment(node: MdastRoot['children'][number]): boolean {
  return node.type === 'html' && /^\s*<!--[\s\S]*-->\s*$/.test(node.value);
}

type HeadingChild = Heading['children'][number];
const LINK_TYPES = new Set(['link', 'linkReference', 'image', 'imageReference']);

/** The heading's text for the title (links and images out), and those links and images; the whole heading when it is only links. */
function splitTitleHeading(heading: Heading): { text: Heading; links: HeadingChild[] } {
  const links = heading.children.filter((c) => LINK_TYPES.has(c.type));
  if (links.length === 0) return { text: heading, links };
  const rest = heading.children.filter((c) => !LINK_TYPES.has(c.type));
  const text = { ...heading, children: rest };
  if (mdastText(text).trim()) return { text, links };
  // `# [Express](https://expressjs.com)`: the link text is the title, the link stays for its URL
  return { text: heading, links };
}

function linksParagraph(links: HeadingChild[], heading: Heading): MdastRoot['children'][number] {
  const children: HeadingChild[] = links.flatMap((l, i) => (i === 0 ? [l] : [{ type: 'text', value: ' ' } as HeadingChild, l]));
  return { type: 'paragraph', children, position: heading.position };
}

/**
 * The source column of each UTF-16 unit of a heading's text (as mdastText(...).trim() gives it): `# 用 **最好** 的`
 * has markup between the characters, so a linter offset is not a column. Undefined when the heading spans lines.
 */
function headingColumns(heading: Heading, source: string): number[] | undefined {
  if (!heading.position || heading.position.start.line !== heading.position.end.line) return undefined;
  const columns: number[] = [];
  visit(heading, (n) => {
    if (!('value' in n) || typeof n.value !== 'string' || n.type === 'html' || !n.position) return;
    const { start, end } = n.position;
    const raw = start.offset !== undefined && end.offset !== undefined ? source.slice(start.offset, end.offset) : '';
    const at = Math.max(0, raw.indexOf(n.value)); // inline code: after its backticks
    for (let i = 0; i < n.value.length; i++) columns.push(start.column + at + i);
  });
  const text = mdastText(heading);
  const lead = text.length - text.trimStart().length;
  const trimmed = columns.slice(lead, lead + text.trim().length);
  return trimmed.length === text.trim().length ? trimmed : undefined;
}

function mdastText(node: Heading): string {
  let out = '';
  visit(node, (n) => {
    if ('value' in n && typeof n.value === 'string' && n.type !== 'html') out += n.value;
  });
  return out;
}

/** Raw HTML only appears where Markdown had HTML: blocks at the top, or inline inside paragraphs etc. */
function hasRaw(tree: HastRoot | Element): boolean {
  for (const child of tree.children) {
    if (child.type === 'raw') return true;
    if (child.type === 'element' && hasRaw(child)) return true;
  }
  return false;
}

function collectImages(root: HastRoot): ImageRef[] {
  const images: ImageRef[] = [];
  walkElements(root, (el) => {
    if (el.tagName !== 'img') return undefined;
    const src = typeof el.properties.src === 'string' ? el.properties.src : '';
    images.push({
      src,
      alt: typeof el.properties.alt === 'string' ? el.properties.alt : '',
      title: typeof el.properties.title === 'string' ? el.properties.title : undefined,
      line: el.position?.start.line ?? 0,
      column: el.position?.start.column ?? 0,
      index: images.length,
    });
    return undefined;
  });
  return images;
}
