/**
 * Shapes shared by the lint rules and the runner. A rule is data (id, severity, words, examples)
 * plus, for the few rules that are not word lists, a small check function.
 */
import type { Severity } from '../errors.js';

export type { Severity };

/** One entry of a word list: a literal (matched on normalised text) or a regular expression. */
export interface WordEntry {
  /** Normalised literal, or a global regular expression run on the normalised text. */
  readonly pattern: string | RegExp;
  /** What to write instead, when there is a good replacement. */
  readonly expected?: string;
  /** Severity of this entry when the user has not set the rule's severity (e.g. strong bait phrases). */
  readonly severity?: Severity;
}

export interface RuleExamples {
  /** Titles (or field values for field rules) that must fire this rule. */
  readonly fire: readonly string[];
  /** Titles (or field values) that must not fire it. */
  readonly pass: readonly string[];
}

interface RuleMeta {
  readonly id: string;
  readonly defaultSeverity: Severity;
  readonly description: string;
  readonly examples: RuleExamples;
  /** Config the examples need (the custom rule fires only on configured words). */
  readonly exampleConfig?: { readonly deny?: readonly string[] };
}

/** A rule that fires on words and phrases of its lists. */
export interface WordRule extends RuleMeta {
  readonly kind: 'words';
  readonly words: readonly WordEntry[];
  /** Phrases that contain a listed word but are fine ('第一次' for '第一'). */
  readonly allow: readonly WordEntry[];
  /** Why a match is risky, after the quoted match: `'最好' ${reason}`. */
  readonly reason: string;
  /** Advice, given the entry's expected text when it has one. */
  advise(expected: string | undefined): string;
  /** Whether split or disguised spellings of its words count as review evasion. */
  readonly evasionTarget: boolean;
}

/** A finding of a title check, in UTF-16 offsets of the original title. */
export interface TitleFinding {
  readonly start: number;
  readonly end: number;
  readonly message: string;
  readonly actual?: string;
  readonly expected?: string;
}

export interface TitleCheckContext {
  /** Maximum title length in code points. */
  readonly maxLength: number;
}

/** A rule that inspects the title text itself (punctuation, length, emptiness). */
export interface TitleRule extends RuleMeta {
  readonly kind: 'title';
  check(title: string, context: TitleCheckContext): TitleFinding[];
}

/** The article fields a field rule sees. */
export interface ArticleFields {
  readonly title: string;
  readonly author?: string;
  readonly digest?: string;
  readonly hasCover: boolean;
  readonly otherTitles?: readonly string[];
}

export interface FieldLimits {
  readonly title: number;
  readonly author: number;
  readonly digest: number;
}

export interface FieldFinding {
  /** Which field the finding is about, to place it. */
  readonly field: 'title' | 'author' | 'digest' | 'cover';
  readonly message: string;
  readonly actual?: string;
}

/** A rule about the article's other fields (digest, author, cover, duplicates in a draft). */
export interface FieldRule extends RuleMeta {
  readonly kind: 'field';
  check(fields: ArticleFields, limits: FieldLimits): FieldFinding[];
  /** The article an example value stands for (examples of field rules are field values). */
  exampleInput(value: string): ArticleFields;
}

/** Review evasion: derived from the word rules, so it only carries metadata here. */
export interface EvasionRule extends RuleMeta {
  readonly kind: 'evasion';
}

/** Risk categories combined in one title: derived from the word rules' hits, so it only carries metadata here. */
export interface CombinationRule extends RuleMeta {
  readonly kind: 'combination';
}

export type LintRule = WordRule | TitleRule | FieldRule | EvasionRule | CombinationRule;
