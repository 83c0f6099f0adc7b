/**
 * Build the matchers for one config once (word lists + config words + pinyin spellings) and cache
 * them by config object, so linting many titles only walks the text.
 */
import type { LintConfig } from '../config/schema.js';
import type { WordEntry, WordRule } from './types.js';
import { isHan } from './normalize.js';
import { PhraseMatcher } from './matcher.js';
import { resolveRuleStates, type RuleState } from './config.js';
import { wordsFromStrings } from './words/parse-word-list.js';
import { pinyinOf } from './words/pinyin.js';

export interface DenyValue {
  readonly ruleIndex: number;
  readonly entry: WordEntry;
  /** For pinyin spellings: the word they stand for. */
  readonly word?: string;
  /** Matched a pinyin spelling: an evasion whatever the gaps. */
  readonly disguised: boolean;
}

/** ruleIndex -1: allowed in every rule (lint.allow). */
export interface AllowValue {
  readonly ruleIndex: number;
}

export interface LintMatchers {
  readonly states: readonly RuleState[];
  readonly deny: PhraseMatcher<DenyValue>;
  readonly allow: PhraseMatcher<AllowValue>;
  readonly indexOf: ReadonlyMap<string, number>;
}

function isAllHan(word: string): boolean {
  for (const char of word) if (!isHan(char.codePointAt(0)!)) return false;
  return true;
}

/** 'zhen惊', '震jing' for 震惊: one character at a time spelled in pinyin. */
export function pinyinSpellings(word: string): string[] {
  const chars = Array.from(word);
  const spellings: string[] = [];
  chars.forEach((char, i) => {
    const reading = pinyinOf(char);
    if (reading) spellings.push([...chars.slice(0, i), reading, ...chars.slice(i + 1)].join(''));
  });
  return spellings;
}

function build(config: LintConfig | undefined): LintMatchers {
  const states = resolveRuleStates(config);
  const indexOf = new Map(states.map((state, i) => [state.rule.id, i]));
  const deny = new PhraseMatcher<DenyValue>();
  const allow = new PhraseMatcher<AllowValue>();
  const customIndex = indexOf.get('title/custom')!;

  const addDeny = (ruleIndex: number, entry: WordEntry, evasionTarget: boolean): void => {
    deny.add(entry.pattern, { ruleIndex, entry, disguised: false });
    const word = entry.pattern;
    if (!evasionTarget || typeof word !== 'string' || word.length < 2 || !isAllHan(word)) return;
    for (const spelling of pinyinSpellings(word)) deny.add(spelling, { ruleIndex, entry, word, disguised: true });
  };

  states.forEach((state, ruleIndex) => {
    if (state.rule.kind !== 'words') return;
    const rule: WordRule = state.rule;
    for (const entry of [...rule.words, ...wordsFromStrings(state.deny)]) addDeny(ruleIndex, entry, rule.evasionTarget);
    for (const entry of [...rule.allow, ...wordsFromStrings(state.allow)]) allow.add(entry.pattern, { ruleIndex });
  });
  for (const entry of wordsFromStrings(config?.deny ?? [])) addDeny(customIndex, entry, true);
  for (const entry of wordsFromStrings(config?.allow ?? [])) allow.add(entry.pattern, { ruleIndex: -1 });
  return { states, deny, allow, indexOf };
}

const cache = new WeakMap<object, LintMatchers>();
let defaults: LintMatchers | undefined;

export function buildMatchers(config: LintConfig | undefined): LintMatchers {
  if (!config) return (defaults ??= build(undefined));
  let matchers = cache.get(config);
  if (!matchers) {
    matchers = build(config);
    cache.set(config, matchers);
  }
  return matchers;
}
