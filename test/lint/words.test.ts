/** Hygiene of the word lists: no word in two rules, entries already normalised, no dead allow entries. */
import { describe, expect, it } from 'vitest';
import { normalizeWord } from '../../src/lint/normalize.js';
import { PhraseMatcher } from '../../src/lint/matcher.js';
import { RULES } from '../../src/lint/rules/index.js';
import type { WordRule } from '../../src/lint/types.js';
import { parseWordLine, words } from '../../src/lint/words/parse-word-list.js';
import { pinyinSpellings } from '../../src/lint/build-matchers.js';

const wordRules = RULES.filter((rule): rule is WordRule => rule.kind === 'words');

describe('word lists', () => {
  it('parses literals, suggestions, severities and regular expressions', () => {
    expect(parseWordLine('最好 => 很好')).toEqual({ pattern: '最好', expected: '很好' });
    expect(parseWordLine('万万没想到 @warn')).toEqual({ pattern: '万万没想到', severity: 'warn' });
    const regex = parseWordLine(String.raw`/\d+岁以上/`)!.pattern as RegExp;
    expect(regex.flags).toContain('g');
    expect(regex.test('60岁以上')).toBe(true);
    expect(parseWordLine('# comment')).toBeUndefined();
    expect(words`
      a
      # b
      Ｃ
    `.map((entry) => entry.pattern)).toEqual(['a', 'c']);
  });

  it('has no literal in two rules', () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const rule of wordRules) {
      for (const entry of rule.words) {
        if (typeof entry.pattern !== 'string') continue;
        const other = owner.get(entry.pattern);
        if (other && other !== rule.id) clashes.push(`${entry.pattern}: ${other} and ${rule.id}`);
        owner.set(entry.pattern, rule.id);
      }
    }
    expect(clashes).toEqual([]);
  });

  it('writes every literal in normalised form and no regex matches the empty string', () => {
    for (const rule of wordRules) {
      for (const entry of [...rule.words, ...rule.allow]) {
        if (typeof entry.pattern === 'string') expect(normalizeWord(entry.pattern), rule.id).toBe(entry.pattern);
        else {
          expect(entry.pattern.flags).toContain('g');
          expect(new RegExp(entry.pattern.source, 'u').test(''), `${rule.id} ${entry.pattern}`).toBe(false);
        }
      }
    }
  });

  it('has no dead allow entries: each contains a word of its own rule', () => {
    const dead: string[] = [];
    for (const rule of wordRules) {
      const matcher = new PhraseMatcher<true>();
      for (const entry of rule.words) matcher.add(entry.pattern, true);
      for (const entry of rule.allow) {
        if (typeof entry.pattern !== 'string') continue;
        if (matcher.findAll(entry.pattern).length === 0) dead.push(`${rule.id}: ${entry.pattern}`);
      }
    }
    expect(dead).toEqual([]);
  });

  it('spells one character at a time in pinyin', () => {
    expect(pinyinSpellings('震惊')).toEqual(['zhen惊', '震jing']);
    expect(pinyinSpellings('无关')).toEqual([]);
  });
});

describe('PhraseMatcher', () => {
  it('matches Latin words only on word boundaries', () => {
    const matcher = new PhraseMatcher<string>();
    matcher.add('click here', 'x');
    matcher.add('best', 'y');
    expect(matcher.findAll('please click here now').map((hit) => hit.value)).toEqual(['x']);
    expect(matcher.findAll('bestow clickhere').map((hit) => hit.value)).toEqual([]);
    expect(matcher.findAll('the best').map((hit) => [hit.start, hit.end])).toEqual([[4, 8]]);
  });

  it('finds every overlapping literal and every regex match', () => {
    const matcher = new PhraseMatcher<string>();
    matcher.add('最低价', 'a');
    matcher.add('全网最', 'b');
    matcher.add(/史上最/g, 'c');
    expect(matcher.findAll('全网最低价史上最强').map((hit) => `${hit.value}${hit.start}-${hit.end}`).sort()).toEqual(['a2-5', 'b0-3', 'c5-8']);
  });
});
