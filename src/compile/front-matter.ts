/**
 * Front matter: YAML between `---` lines, validated key by key so every problem points at its line.
 * Unknown keys warn (a typo like `auther` must not pass silently); wrong types are errors.
 */
import { LineCounter, parseDocument, isMap, isScalar } from 'yaml';
import { z } from 'zod';
import { distance } from 'fastest-levenshtein';
import type { Message } from '../errors.js';
import { locateYamlError } from './locate-yaml-error.js';
import { compileMessage } from './report.js';
import { publishAtSchema } from './publish-at.js';
import type { ArticleMeta } from './types.js';

const crop = z.string().regex(/^(0(\.\d{1,6})?|1(\.0{1,6})?)(_(0(\.\d{1,6})?|1(\.0{1,6})?)){3}$/, 'four numbers 0..1 joined by "_", e.g. "0_0.1_1_0.9"');

/** One schema per key, so each key is checked and reported on its own line. */
export const frontMatterFields: Record<keyof ArticleMeta, z.ZodType> = {
  title: z.string().trim().min(1, 'must not be empty'),
  author: z.string().trim(),
  digest: z.string().trim(),
  cover: z.string().trim().min(1, 'must be a path or URL'),
  source_url: z.string().url('must be an absolute URL (https://...)'),
  comments: z.enum(['open', 'fans', 'closed']),
  theme: z.string().trim().min(1),
  slug: z.string().regex(/^[\w\-.\u4e00-\u9fff]+$/, 'letters, digits, - _ . or CJK only (it becomes a file name)'),
  pic_crop_235_1: crop,
  pic_crop_1_1: crop,
  push: z.boolean(),
  lint: z
    .object({ disable: z.array(z.string()).optional(), reason: z.string().optional() })
    .strict(),
  type: z.enum(['news', 'newspic']),
  article_type: z.enum(['news', 'newspic']),
  images: z.array(z.string().trim().min(1, 'must be a path or URL')).min(1, 'list at least one image'),
  publish_at: publishAtSchema,
  accounts: z.union([z.string().trim().min(1).transform((name) => [name]), z.array(z.string().trim().min(1, 'must be an account name')).min(1, 'list at least one account')]),
};

/** Common blog keys that mean nothing to WeChat: accepted quietly so existing posts don't drown in warnings. */
const IGNORED_KEYS = new Set(['date', 'tags', 'categories', 'draft', 'description', 'layout', 'updated']);

export interface FrontMatterResult {
  meta: ArticleMeta;
  /** 1-based line of each key in the Markdown file. */
  lines: Partial<Record<keyof ArticleMeta, number>>;
  messages: Message[];
}

/**
 * Parse and validate front matter text. `firstLine` is the Markdown line of the first YAML line
 * (2 when the file starts with `---`).
 */
export function parseFrontMatter(yamlText: string, firstLine: number, file?: string): FrontMatterResult {
  const messages: Message[] = [];
  const meta: Record<string, unknown> = {};
  const lines: Record<string, number> = {};
  const counter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined) => {
    const pos = counter.linePos(offset ?? 0);
    return { line: firstLine + pos.line - 1, column: pos.col };
  };
  const report = (severity: Message['severity'], ruleId: string, text: string, offset?: number, extra: Partial<Message> = {}) =>
    messages.push(compileMessage(severity, ruleId, text, { file, ...at(offset) }, extra));

  for (const error of doc.errors) {
    report('error', 'front-matter/yaml', `Front matter is not valid YAML: ${error.message.split('\n')[0]}`, locateYamlError(doc, error));
  }
  if (doc.errors.length > 0) return { meta: {}, lines: {}, messages };
  if (doc.contents === null) return { meta: {}, lines: {}, messages };
  if (!isMap(doc.contents)) {
    report('error', 'front-matter/shape', 'Front matter must be a map of `key: value` lines', doc.contents.range?.[0]);
    return { meta: {}, lines: {}, messages };
  }

  const known = Object.keys(frontMatterFields);
  for (const item of doc.contents.items) {
    const keyNode = item.key;
    const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
    const offset = isScalar(keyNode) ? keyNode.range?.[0] : undefined;
    // own keys only: `toString`, `constructor` or `__proto__` are keys a writer may type, not methods
    const schema = Object.hasOwn(frontMatterFields, key) ? frontMatterFields[key as keyof ArticleMeta] : undefined;
    if (!schema) {
      if (IGNORED_KEYS.has(key)) continue;
      const near = known.find((k) => closeEnough(k, key));
      report('warn', 'front-matter/unknown-key', `Unknown front matter key \`${key}\``, offset, {
        actual: key,
        expected: near,
        message: `Unknown front matter key \`${key}\`${near ? `: did you mean \`${near}\`?` : ` (known: ${known.join(', ')})`}`,
      });
      continue;
    }
    const value = item.value === null ? null : (item.value as { toJSON?: () => unknown }).toJSON?.() ?? (isScalar(item.value) ? item.value.value : item.value);
    const valueOffset = (item.value as { range?: [number, number, number] } | null)?.range?.[0] ?? offset;
    const numeric = typeof value === 'number' && (key === 'title' || key === 'author' || key === 'digest');
    // `author: 123` is YAML for a number: used as its text, but said, since it is rarely what was meant
    if (numeric) report('warn', 'front-matter/number', `\`${key}: ${String(value)}\` is a number in YAML, used as the text "${String(value)}": quote it (${key}: "${String(value)}") if that is what you mean`, valueOffset, { actual: String(value) });
    const parsed = schema.safeParse(numeric ? String(value) : value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const expected = issue?.message ?? 'a valid value';
      report('error', 'front-matter/invalid', `Front matter \`${key}\` ${describeIssue(issue, value)}`, valueOffset, {
        actual: JSON.stringify(value),
        expected,
      });
      continue;
    }
    meta[key] = parsed.data;
    lines[key] = at(offset).line;
  }
  return { meta: meta as ArticleMeta, lines: lines as FrontMatterResult['lines'], messages };
}

function describeIssue(issue: z.core.$ZodIssue | undefined, value: unknown): string {
  if (!issue) return 'is invalid';
  if (issue.code === 'invalid_type') return `must be ${issue.expected}, got ${value === null ? 'nothing' : Array.isArray(value) ? 'a list' : typeof value}`;
  if (issue.code === 'invalid_value') return `must be one of ${(issue.values as unknown[]).map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify(value)}`;
  const path = issue.path.length ? ` (at ${issue.path.join('.')})` : '';
  return `${issue.message}${path}`;
}

function closeEnough(a: string, b: string): boolean {
  return distance(a, b) <= 2;
}
