/**
 * Every word of every list, written in traditional characters (converted by OpenCC, the reference
 * converter), still fires its rule. gzh's own table (src/lint/traditional.ts) stays small and dependency
 * free; this test is what keeps it complete for the words the rules know.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { lintTitle } from '../../src/lint/index.js';
import { RULES } from '../../src/lint/rules/index.js';
import type { WordRule } from '../../src/lint/types.js';

const OpenCC = createRequire(import.meta.url)('opencc-js') as { Converter(o: { from: string; to: string }): (s: string) => string };
const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });

const wordRules = RULES.filter((r): r is WordRule => r.kind === 'words' && r.id !== 'title/custom');

describe('traditional forms of the word lists', () => {
  it.each(wordRules.map((r) => [r.id, r] as const))('%s: every word fires in traditional characters', (id, rule) => {
    const missed: string[] = [];
    for (const entry of rule.words) {
      if (typeof entry.pattern !== 'string' || !/[\u4e00-\u9fff]/.test(entry.pattern)) continue;
      const traditional = toTraditional(entry.pattern);
      if (traditional === entry.pattern) continue;
      // as a title on its own, with the rule's allow list in force as for any title
      if (lintTitle(entry.pattern).every((m) => m.ruleId !== id)) continue; // allowed in simplified too
      if (!lintTitle(traditional).some((m) => m.ruleId === id)) missed.push(`${entry.pattern} → ${traditional}`);
    }
    expect(missed).toEqual([]);
  });
});
