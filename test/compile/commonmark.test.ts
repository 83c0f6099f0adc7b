/**
 * Robustness: every example of the CommonMark spec compiles without throwing and meets the output contract.
 * (Rendering differences from the spec are expected: WeChat output is not spec HTML.)
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { compile } from '../helpers/compile.js';
import { checkOutputContract } from '../helpers/contract.js';

const { tests } = createRequire(import.meta.url)('commonmark-spec') as { tests: { markdown: string; section: string; number: number }[] };

describe('CommonMark spec examples', () => {
  it(`has the examples (${tests.length})`, () => {
    expect(tests.length).toBeGreaterThan(600);
  });
  const bySection = new Map<string, typeof tests>();
  for (const t of tests) bySection.set(t.section, [...(bySection.get(t.section) ?? []), t]);
  for (const [section, examples] of bySection) {
    it(`${section}: ${examples.length} examples compile and meet the output contract`, () => {
      const failures: string[] = [];
      for (const example of examples) {
        let html: string;
        try {
          html = compile(example.markdown).html;
        } catch (error) {
          failures.push(`#${example.number} threw: ${(error as Error).message}`);
          continue;
        }
        const problems = checkOutputContract(html);
        if (problems.length) failures.push(`#${example.number}: ${problems.map((p) => `${p.rule} ${p.detail}`).join('; ')}`);
      }
      expect(failures).toEqual([]);
    });
  }
});
