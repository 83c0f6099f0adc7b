/**
 * Lint a title and an article's fields. Pure: strings in, `Message`s out, positions relative to
 * where the caller says the title sits (line, column of its first character; UTF-16 columns).
 */
import type { LintConfig } from '../config/schema.js';
import type { Message } from '../errors.js';
import type { ArticleFields, FieldLimits, Severity, WordRule } from './types.js';
import { normalizeText, spansGap, spansWordBreak, toOriginalRange, type NormalizedText } from './normalize.js';
import { buildMatchers, type LintMatchers } from './build-matchers.js';
import { isDisabled, type RuleState } from './config.js';
import { describeEvasion } from './rules/evasion.js';
import { CATEGORY_NAMES, SCARE_CATEGORIES } from './rules/combined-risk.js';
import { OFFICIAL_SPEAKER, REFUTES } from './words/official-bodies.js';

export const LINT_SOURCE = 'gzh-lint';

export const DEFAULT_LIMITS: FieldLimits = { title: 32, author: 16, digest: 128 };

const RANK: Record<Severity, number> = { info: 0, warn: 1, error: 2 };

export interface LintTitleOptions {
  config?: LintConfig;
  /** Rule ids turned off for this article (front matter `lint.disable`). */
  disable?: readonly string[];
  file?: string;
  /** Line of the title in `file` (1-based; default 1). */
  line?: number;
  /** Column of the title's first character (1-based; default 1). */
  column?: number;
  /** Column of each UTF-16 unit of the title, when markup sits between them (a heading); wins over `column`. */
  columns?: readonly number[];
  /** Maximum length in code points (config `limits.title`; default 32). */
  maxLength?: number;
}

export interface LintArticleInput {
  file?: string;
  title: string;
  titleLine?: number;
  titleColumn?: number;
  /** See LintTitleOptions.columns. */
  titleColumns?: readonly number[];
  author?: string;
  digest?: string;
  hasCover: boolean;
  /** Titles of the other articles in the same draft. */
  otherTitles?: readonly string[];
  disable?: readonly string[];
  /** config.limits (title, author, digest); defaults 32 / 16 / 128. */
  limits?: Partial<FieldLimits>;
  /** Where the author, digest and cover are written, to place their messages. */
  lines?: { author?: number; digest?: number; cover?: number };
}

interface WordHit {
  start: number;
  end: number;
  /** Rule that reports it (title/evasion for disguised words). */
  reportIndex: number;
  /** Rule whose list has the word. */
  listIndex: number;
  severity: Severity;
  word: string;
  expected?: string;
}

function isActive(state: RuleState, disable: readonly string[] | undefined): boolean {
  return state.severity !== 'off' && !isDisabled(state.rule.id, disable);
}

function findWordHits(n: NormalizedText, matchers: LintMatchers, disable: readonly string[] | undefined): WordHit[] {
  const { states } = matchers;
  const evasionIndex = matchers.indexOf.get('title/evasion')!;
  const evasionState = states[evasionIndex]!;
  const evasionOn = isActive(evasionState, disable);
  let allowSpans: { start: number; end: number; ruleIndex: number }[] | undefined;
  const hits: WordHit[] = [];

  for (const raw of matchers.deny.findAll(n.text)) {
    const { ruleIndex, entry } = raw.value;
    const state = states[ruleIndex]!;
    const rule = state.rule as WordRule;
    if (spansWordBreak(n, raw.start, raw.end)) continue;
    const disguised = raw.value.disguised || (rule.evasionTarget && spansGap(n, raw.start, raw.end));
    const asEvasion = disguised && evasionOn;
    if (!asEvasion && !isActive(state, disable)) continue;
    allowSpans ??= matchers.allow.findAll(n.text).map((hit) => ({ start: hit.start, end: hit.end, ruleIndex: hit.value.ruleIndex }));
    const allowed = allowSpans.some((a) => a.start <= raw.start && raw.end <= a.end && (a.ruleIndex === -1 || a.ruleIndex === ruleIndex));
    if (allowed) continue;
    const ownSeverity = state.explicit ? state.severity : (entry.severity ?? state.severity);
    hits.push({
      start: raw.start,
      end: raw.end,
      reportIndex: asEvasion ? evasionIndex : ruleIndex,
      listIndex: ruleIndex,
      severity: (asEvasion ? evasionState.severity : ownSeverity) as Severity,
      word: raw.value.word ?? n.text.slice(raw.start, raw.end),
      ...(entry.expected && !asEvasion ? { expected: entry.expected } : {}),
    });
  }
  return mergeOverlappingHits(dropCoveredHits(hits));
}

/** Overlapping hits of one rule become one message ('全网最' + '最低价' → '全网最低价'). */
function mergeOverlappingHits(hits: WordHit[]): WordHit[] {
  const sorted = [...hits].sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: WordHit[] = [];
  for (const hit of sorted) {
    const previous = merged.findLast((m) => m.reportIndex === hit.reportIndex);
    if (!previous || hit.start >= previous.end) {
      merged.push({ ...hit });
      continue;
    }
    if (hit.end > previous.end) {
      previous.word += hit.word.slice(previous.end - hit.start);
      previous.end = hit.end;
    }
    if (RANK[hit.severity] > RANK[previous.severity]) previous.severity = hit.severity;
    delete previous.expected;
  }
  return merged;
}

/**
 * One report per problem: drop a hit inside a longer hit of the same rule, or of another rule
 * at least as severe ('千万别' inside '千万别吃'); drop exact repeats.
 */
function dropCoveredHits(hits: WordHit[]): WordHit[] {
  return hits.filter((h, i) =>
    !hits.some((g, j) => {
      if (j === i || g.start > h.start || h.end > g.end) return false;
      const same = g.start === h.start && g.end === h.end;
      if (same) return g.reportIndex === h.reportIndex && j < i;
      return g.reportIndex === h.reportIndex || RANK[g.severity] >= RANK[h.severity];
    }),
  );
}

/**
 * title/combined-risk: the categories of the word hits (a disguised word counts for the list it comes
 * from), and an official body speaking. Two categories, or an official speaker and one scare, fire it.
 */
function findCombinedRisk(n: NormalizedText, hits: readonly WordHit[], matchers: LintMatchers, disable: readonly string[] | undefined): Pick<Message, 'ruleId' | 'severity' | 'message'> | undefined {
  const index = matchers.indexOf.get('title/combined-risk')!;
  const state = matchers.states[index]!;
  if (!isActive(state, disable) || hits.length === 0) return undefined;
  const categories = new Map<string, string[]>();
  for (const hit of hits) {
    const id = matchers.states[hit.listIndex]!.rule.id;
    if (!(id in CATEGORY_NAMES)) continue;
    const words = categories.get(id) ?? [];
    words.push(originalText(n, hit.start, hit.end));
    categories.set(id, words);
  }
  const speaker = OFFICIAL_SPEAKER.exec(n.text);
  const official = speaker && !REFUTES.test(n.text) && [...categories.keys()].some((id) => SCARE_CATEGORIES.has(id));
  if (categories.size < 2 && !official) return undefined;
  const named = [...categories].map(([id, words]) => `${CATEGORY_NAMES[id]} (${id}: ${words.map((w) => `'${w}'`).join(', ')})`);
  if (official) named.unshift(`官方口吻 ('${originalText(n, 0, speaker[0].length)}')`);
  return {
    ruleId: 'title/combined-risk',
    severity: state.severity as Severity,
    message: `The title combines ${named.length} risk categories: ${named.join(' + ')}. Together they read as 标题党 to WeChat's review: rewrite the title plainly`,
  };
}

function originalText(n: NormalizedText, start: number, end: number): string {
  const range = toOriginalRange(n, start, end);
  return n.original.slice(range.start, range.end);
}

function place(options: { file?: string; line?: number; column?: number; columns?: readonly number[] }, start: number, end: number): Pick<Message, 'file' | 'line' | 'column' | 'endLine' | 'endColumn'> {
  const line = options.line ?? 1;
  const column = options.column ?? 1;
  const columns = options.columns;
  const from = columns?.[start];
  const to = columns?.[end - 1];
  if (from !== undefined && to !== undefined) return { ...(options.file !== undefined ? { file: options.file } : {}), line, column: from, endLine: line, endColumn: to + 1 };
  return { ...(options.file !== undefined ? { file: options.file } : {}), line, column: column + start, endLine: line, endColumn: column + end };
}

function bySeverityAndPlace(a: Message, b: Message): number {
  return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0) || RANK[b.severity] - RANK[a.severity] || a.ruleId.localeCompare(b.ruleId);
}

export function lintTitle(title: string, options: LintTitleOptions = {}): Message[] {
  const matchers = buildMatchers(options.config);
  const messages: Message[] = [];
  const n = normalizeText(title);

  const hits = findWordHits(n, matchers, options.disable);
  const combined = findCombinedRisk(n, hits, matchers, options.disable);
  if (combined) messages.push({ ...combined, ...place(options, 0, title.length), actual: title, source: LINT_SOURCE });
  for (const hit of hits) {
    const { start, end } = toOriginalRange(n, hit.start, hit.end);
    const actual = title.slice(start, end);
    const reporter = matchers.states[hit.reportIndex]!.rule;
    const listRule = matchers.states[hit.listIndex]!.rule as WordRule;
    const message =
      reporter.id === listRule.id
        ? `'${actual}' ${listRule.reason}: ${listRule.advise(hit.expected)}`
        : describeEvasion(actual, hit.word, listRule.id);
    messages.push({
      ruleId: reporter.id,
      severity: hit.severity,
      message,
      ...place(options, start, end),
      actual,
      ...(hit.expected ? { expected: hit.expected } : {}),
      source: LINT_SOURCE,
    });
  }

  const context = { maxLength: options.maxLength ?? DEFAULT_LIMITS.title };
  for (const state of matchers.states) {
    if (state.rule.kind !== 'title' || !isActive(state, options.disable)) continue;
    for (const finding of state.rule.check(title, context)) {
      messages.push({
        ruleId: state.rule.id,
        severity: state.severity as Severity,
        message: finding.message,
        ...place(options, finding.start, finding.end),
        ...(finding.actual !== undefined ? { actual: finding.actual } : {}),
        ...(finding.expected !== undefined ? { expected: finding.expected } : {}),
        source: LINT_SOURCE,
      });
    }
  }
  return messages.sort(bySeverityAndPlace);
}

export function lintArticle(input: LintArticleInput, config?: LintConfig): Message[] {
  const limits: FieldLimits = { ...DEFAULT_LIMITS, ...input.limits };
  const messages = lintTitle(input.title, {
    config,
    disable: input.disable,
    file: input.file,
    line: input.titleLine,
    column: input.titleColumn,
    columns: input.titleColumns,
    maxLength: limits.title,
  });
  const matchers = buildMatchers(config);
  const fields: ArticleFields = {
    title: input.title,
    author: input.author,
    digest: input.digest,
    hasCover: input.hasCover,
    otherTitles: input.otherTitles,
  };
  for (const state of matchers.states) {
    if (state.rule.kind !== 'field' || !isActive(state, input.disable)) continue;
    for (const finding of state.rule.check(fields, limits)) {
      const where =
        finding.field === 'title'
          ? place({ file: input.file, line: input.titleLine, column: input.titleColumn, columns: input.titleColumns }, 0, input.title.length)
          : { ...(input.file !== undefined ? { file: input.file } : {}), ...(input.lines?.[finding.field] !== undefined ? { line: input.lines[finding.field] } : {}) };
      messages.push({
        ruleId: state.rule.id,
        severity: state.severity as Severity,
        message: finding.message,
        ...where,
        ...(finding.actual !== undefined ? { actual: finding.actual } : {}),
        source: LINT_SOURCE,
      });
    }
  }
  return messages.sort(bySeverityAndPlace);
}

export function hasErrors(results: readonly { messages: readonly Message[] }[]): boolean {
  return results.some((result) => result.messages.some((message) => message.severity === 'error'));
}
