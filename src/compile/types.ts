/** Types of the compile kernel's input and output. The kernel is pure: strings in, strings out. */
import type { Message } from '../errors.js';
import type { ParseCache } from './block-cache.js';

export type Comments = 'open' | 'fans' | 'closed';

/** Front matter after validation (names as users write them, normalised). */
export interface ArticleMeta {
  title?: string;
  author?: string;
  digest?: string;
  cover?: string;
  source_url?: string;
  comments?: Comments;
  theme?: string;
  slug?: string;
  /** Cover crops "X1_Y1_X2_Y2" in 0..1, when set by hand. */
  pic_crop_235_1?: string;
  pic_crop_1_1?: string;
  lint?: { disable?: string[]; reason?: string };
  /** Push (群发) this article when CI publishes it; lint and dev warn about the quota and cadence. */
  push?: boolean;
  /** `newspic`: an image post (小绿书): pictures + plain text. `article_type` is the same key under WeChat's name. */
  type?: ArticleType;
  article_type?: ArticleType;
  /** An image post's pictures (else the article's images), in order: the first is the cover. */
  images?: string[];
  /** When `gzh publish --due` publishes it: ISO 8601 with an offset (`2026-12-24T08:00+08:00`; none = Beijing time). */
  /** The accounts (config `accounts:` names) this article goes to: `gzh publish` sends it to these only. */
  accounts?: string[];
  publish_at?: string;
}

export type ArticleType = 'news' | 'newspic';

/** Where a value came from in the source, 1-based. */
export interface Position {
  line: number;
  column: number;
}

/** An image referenced by the article, as written (not resolved: the image pipeline does that). */
export interface ImageRef {
  src: string;
  alt: string;
  title?: string;
  /** Position of the image in the Markdown source. */
  line: number;
  column: number;
  /** 0-based order of the image in the output HTML (matches the n-th <img>). */
  index: number;
}

export interface CompileOptions {
  /** Path shown in messages (compile itself never reads it). */
  file?: string;
  /** Theme CSS text (already loaded). Custom properties are resolved before inlining. */
  themeCss: string;
  /** Code highlight CSS text (hljs classes), optional. */
  codeThemeCss?: string;
  /** Overrides of theme custom properties. */
  themeVars?: Readonly<Record<string, string>>;
  links?: 'references' | 'inline' | 'text';
  /** How a reference number follows a linked text: `¹²` as text (default) or `<sup>[12]</sup>`. */
  linkMarkers?: 'superscript' | 'sup';
  referencesTitle?: string;
  footnotesTitle?: string;
  captions?: 'alt' | 'title' | 'none';
  /**
   * Pre-rendered diagrams: ```mermaid block source (without the final newline) → SVG or `<img>` markup.
   * Made by the I/O shell (src/diagrams/render-mermaid.ts); blocks not in the map stay code.
   */
  diagrams?: ReadonlyMap<string, string>;
  /** Markdown (or HTML) put before the article body, e.g. an account banner. */
  header?: string;
  /** Markdown (or HTML) put after everything else (after footnotes and references), e.g. a follow-us card. */
  footer?: string;
  /** Number figures: a format with `{n}` and `{caption}`, e.g. `图 {n}：{caption}`; off when absent/false. */
  figureNumbers?: string | false;
  /** Render `*强调*` on Chinese text as 着重号 (class `emphasis-dot`) instead of italics. */
  emphasisMarks?: boolean;
  /** Callout titles by type (note, tip, important, warning, caution); defaults are Chinese. */
  calloutTitles?: Readonly<Partial<Record<'note' | 'tip' | 'important' | 'warning' | 'caution', string>>>;
  /** Reuse the parse of unchanged chunks between compiles of one article (gzh dev). */
  parseCache?: ParseCache;
  /** Dark-mode safety (default true): adapt unreadable code-theme colours, warn about other unreadable pairs. */
  darkContrast?: boolean;
  /**
   * Write the least inline style text that renders the same (default true): inherited values set once on the
   * root, initial values dropped, shortest values. `false` repeats every matched declaration on every element.
   */
  compactStyles?: boolean;
}

export interface CompiledArticle {
  file?: string;
  meta: ArticleMeta;
  /** 1-based line of each front-matter key in the source (where its messages point). */
  fieldLines: Partial<Record<keyof ArticleMeta, number>>;
  /** The resolved title: front matter title, else the first `#` heading text. */
  title: string;
  /** Where the title was found (front matter line or heading line). */
  titlePosition?: Position;
  /** For a heading title: the source column of each UTF-16 unit of `title` (markup sits between them). */
  titleColumns?: number[];
  /** Inline-styled HTML: exactly what goes into the draft's `content`. */
  html: string;
  /** Plain text of the body (for length checks and the contract tests). */
  text: string;
  /**
   * Visible characters of the body as a length limit would count them: `text` (runs of whitespace, no-break
   * spaces included, are one space) in Unicode code points, so 𠮷 or an emoji is one, not two UTF-16 units.
   * For `limits.contentCount: text`; `html.length` is the raw-HTML count.
   */
  textLength: number;
  /** The prose of the body's paragraphs, without link/footnote markers or code (for generated digests). */
  summary: string;
  images: ImageRef[];
  /** External links in order of first appearance (the references list). */
  links: { url: string; text: string }[];
  messages: Message[];
}
