/**
 * The fields of a draft article as WeChat will receive them (title, author, digest, source URL, cover), with
 * where each is written. Publish sends these; the checks judge these: one derivation for both.
 */
import type { ResolvedConfig } from '../config/schema.js';
import type { CompiledArticle } from '../compile/index.js';
import type { ArticleType } from '../compile/types.js';
import { articleTypeOf, newspicImages } from './newspic.js';

export interface ArticleFields {
  title: string;
  author: string;
  digest: string;
  /** True when the digest was taken from the text (front matter has none). */
  digestGenerated: boolean;
  sourceUrl?: string;
  cover?: { src: string; line: number; column?: number };
  comments: 'open' | 'fans' | 'closed';
  /** `news` (an article) or `newspic` (an image post: pictures + plain text, the first picture its cover). */
  type: ArticleType;
}

/** Defaults a draft manifest gives its articles. */
export interface FieldDefaults {
  author?: string;
  comments?: 'open' | 'fans' | 'closed';
}

/** config `sourceUrl` (a project's or an account's): `{slug}` becomes the article's slug (its file name unless front matter sets one). */
function sourceUrlOf(template: string | undefined, article: CompiledArticle & { slug?: string }): string | undefined {
  if (!template) return undefined;
  const slug = article.slug ?? article.meta.slug ?? article.file?.replace(/^.*[\\/]/, '').replace(/\.(md|markdown)$/i, '') ?? '';
  return template.replaceAll('{slug}', encodeURIComponent(slug));
}

const chars = (s: string) => Array.from(s).length;

/** First sentences of the body text, whole sentences while they fit in `max` characters, no Markdown. */
export function generateDigest(text: string, max = 120): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (chars(clean) <= max) return clean;
  const sentences = clean.match(/[^。！？!?.;；]+[。！？!?.;；]?/g) ?? [clean];
  let out = '';
  for (const s of sentences) {
    if (chars(out + s) > max) break;
    out += s;
  }
  if (!out) out = Array.from(clean).slice(0, max - 1).join('') + '…';
  return out.trim();
}

export function articleFields(article: CompiledArticle, config: ResolvedConfig, defaults: FieldDefaults = {}): ArticleFields {
  const { meta } = article;
  const type = articleTypeOf(meta);
  const first = type === 'newspic' ? newspicImages(article)[0] : article.images[0];
  const cover = type === 'newspic' ? (first ? { src: first.src, line: first.line, column: first.column } : undefined) : meta.cover ? { src: meta.cover, line: article.fieldLines.cover ?? 1 } : first ? { src: first.src, line: first.line, column: first.column } : undefined;
  return {
    title: article.title,
    author: meta.author ?? defaults.author ?? config.author ?? '',
    digest: meta.digest ?? generateDigest(article.summary),
    digestGenerated: meta.digest === undefined,
    sourceUrl: meta.source_url ?? sourceUrlOf(config.sourceUrl, article),
    cover,
    comments: meta.comments ?? defaults.comments ?? config.comments,
    type,
  };
}
