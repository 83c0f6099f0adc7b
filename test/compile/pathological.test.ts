/**
 * Every pathological input from issue 12 finishes: it compiles, or it is refused with one error that names
 * the construct and its line and says what to do. How long each takes is in bench/pathological.bench.mjs.
 */
import { describe, expect, it } from 'vitest';
import { pathologicalInputs } from '../../bench/pathological-inputs.mjs';
import { INPUT_LIMITS, scanSource } from '../../src/compile/input-limits.js';
import { compile } from '../helpers/compile.js';

type Outcome = { refused: 'compile/too-large' | 'compile/too-deep'; names: RegExp; line: number } | { compiles: RegExp };

const expected: Record<string, Outcome> = {
  '`*a` ×100,000 (200 KB)': { refused: 'compile/too-large', names: /emphasis markers/, line: 1 },
  '`*a` ×8,000 (the 16 KB file that froze gzh dev)': { refused: 'compile/too-large', names: /emphasis markers/, line: 1 },
  '`*a` ×5,000': { refused: 'compile/too-large', names: /emphasis markers/, line: 1 },
  '`*a` ×4,000 (at the limit)': { compiles: /<em[^>]*>a<\/em>/ },
  '`>` ×100,000': { refused: 'compile/too-deep', names: /^Block quotes/, line: 1 },
  '`>` ×2,000 (2 KB)': { refused: 'compile/too-deep', names: /^Block quotes/, line: 1 },
  '`> ` ×16 (at the limit)': { compiles: /<blockquote/ },
  'brackets nested 100k': { refused: 'compile/too-large', names: /\[ brackets/, line: 1 },
  '2 MB backtick run': { refused: 'compile/too-large', names: /The article is 1,954 KB/, line: 1 },
  'backtick runs of growing length (512 KB)': { refused: 'compile/too-large', names: /backticks in one run/, line: 1 },
  '100,000 list items': { refused: 'compile/too-large', names: /list items/, line: 2_001 },
  'list items nested 40 deep by indentation': { refused: 'compile/too-deep', names: /^Lists nested 17 deep/, line: 17 },
  '`- ` ×10,000 on one line': { refused: 'compile/too-deep', names: /^Lists/, line: 1 },
  '1000×1000 table': { refused: 'compile/too-large', names: /The article is/, line: 1 },
  // 100 header cells, then 100 per row: past 5,000 at the 50th row (line 52)
  '100×100 table (200 KB)': { refused: 'compile/too-large', names: /table cells/, line: 52 },
  '20k nested directives': { refused: 'compile/too-deep', names: /^::: containers nested 17 deep/, line: 17 },
  '10 MB code fence': { refused: 'compile/too-large', names: /The article is/, line: 1 },
  '100 KB code fence': { refused: 'compile/too-large', names: /characters in one code block/, line: 1 },
  '60 KB code fence (under the limit)': { compiles: /const/ },
  '3,000 nested <div>': { refused: 'compile/too-deep', names: /^HTML elements nested 101 deep/, line: 1 },
  '5,000 nested inline <span>': { refused: 'compile/too-deep', names: /^HTML elements/, line: 1 },
  'emphasis nested 120 deep': { refused: 'compile/too-deep', names: /^Emphasis nested 101 deep/, line: 1 },
  'a run of 50,000 `*` (strong nested 12,500 deep)': { refused: 'compile/too-large', names: /one run of \*: 50,000/, line: 1 },
  '`a] ` ×100,000 (closers without openers)': { refused: 'compile/too-large', names: /\] brackets/, line: 1 },
  '`[ (](` ×50,000': { refused: 'compile/too-large', names: /\[ brackets/, line: 1 },
  '`a**b` + `c* ` ×50,000 (openers and closers multiple of 3)': { refused: 'compile/too-large', names: /emphasis markers/, line: 1 },
  '2,000 inline formulas': { refused: 'compile/too-large', names: /formulas in the article/, line: 2_001 },
  'a 120 KB formula': { refused: 'compile/too-large', names: /TeX characters in one formula: 120,001/, line: 1 },
  '`<a>` ×100,000': { refused: 'compile/too-large', names: /HTML tags/, line: 1 },
  'U+0000 ×30,000': { compiles: /\ufffd/ },
  'front matter key toString': { compiles: /hi/ },
  'front matter key constructor': { compiles: /hi/ },
  'front matter key __proto__': { compiles: /hi/ },
};

describe('pathological input', () => {
  it('has an expected outcome for every input', () => {
    expect(pathologicalInputs.map((i) => i.name).sort()).toEqual(Object.keys(expected).sort());
  });

  for (const input of pathologicalInputs) {
    it(input.name, () => {
      const outcome = expected[input.name]!;
      const result = compile(input.source());
      const refusals = result.messages.filter((m) => m.ruleId.startsWith('compile/too-'));
      if ('compiles' in outcome) {
        expect(refusals).toEqual([]);
        expect(result.html).toMatch(outcome.compiles);
        return;
      }
      expect(result.html).toBe('');
      expect(result.messages).toHaveLength(1);
      const [m] = result.messages;
      expect(m).toMatchObject({ ruleId: outcome.refused, severity: 'error', file: 'test.md', line: outcome.line });
      expect(m!.message).toMatch(outcome.names);
      // a hint follows the reason: what the writer can do
      expect(m!.message).toMatch(/at most [\d,]+( KB of Markdown| levels)?\. \S.{10,}$/);
    });
  }
});

describe('prototype keys in front matter', () => {
  it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf'])('%s is an unknown key, not a method', (key) => {
    const r = compile(`---\ntitle: 标题\n${key}: 1\n---\n\nhi\n`);
    expect(r.messages).toMatchObject([{ ruleId: 'front-matter/unknown-key', severity: 'warn', line: 3, actual: key }]);
    expect(r.title).toBe('标题');
  });

  it('a __proto__ key inside lint: is rejected by the strict schema, not merged into the prototype', () => {
    const r = compile('---\nlint:\n  __proto__:\n    disable: [title/sensational]\n---\n\nhi\n');
    expect(r.messages.map((m) => m.ruleId)).toEqual(['front-matter/invalid']);
    expect(r.meta.lint).toBeUndefined();
    expect(({} as { disable?: unknown }).disable).toBeUndefined();
  });
});

describe('limits at their edges', () => {
  const limits = INPUT_LIMITS;
  it('counts the bytes of Chinese text, not its characters', () => {
    const han = '汉'.repeat(Math.floor(limits.maxBytes / 3));
    expect(scanSource(han)).toBeUndefined();
    expect(scanSource(`${han}汉`)).toMatchObject({ ruleId: 'compile/too-large', construct: 'article' });
  });

  it('takes exactly the maximum of each count, and refuses one more', () => {
    expect(scanSource('*a'.repeat(limits.maxEmphasisMarkers))).toBeUndefined();
    expect(scanSource('*a'.repeat(limits.maxEmphasisMarkers + 1))?.line).toBe(1);
    expect(scanSource('- a\n'.repeat(limits.maxListItems))).toBeUndefined();
    expect(scanSource('- a\n'.repeat(limits.maxListItems + 1))).toMatchObject({ construct: 'list items', line: limits.maxListItems + 1 });
    expect(scanSource(`${'> '.repeat(limits.maxContainerDepth)}a`)).toBeUndefined();
    expect(scanSource(`${'> '.repeat(limits.maxContainerDepth + 1)}a`)).toMatchObject({ ruleId: 'compile/too-deep' });
  });

  it('escaped markers are text and do not count', () => {
    expect(scanSource('\\*a'.repeat(limits.maxEmphasisMarkers + 1))).toBeUndefined();
    expect(scanSource('\\['.repeat(limits.maxBrackets + 1))).toBeUndefined();
  });

  it('a long backtick fence and a long thematic break are not runs inside a paragraph', () => {
    expect(scanSource(`${'`'.repeat(100)}\ncode\n${'`'.repeat(100)}\n`)).toBeUndefined();
    expect(scanSource(`text\n\n${'*'.repeat(300)}\n\nmore`)).toBeUndefined();
    expect(scanSource(`text ${'`'.repeat(33)} more`)).toMatchObject({ construct: 'backticks in one run', column: 6 });
  });

  it('siblings are not nesting: quotes at the limit and back out, many times', () => {
    const block = `${'> '.repeat(limits.maxContainerDepth)}a\n\n`;
    expect(scanSource(block.repeat(200))).toBeUndefined();
    const list = Array.from({ length: 200 }, (_, i) => `${'  '.repeat(i % limits.maxContainerDepth)}- a`).join('\n');
    expect(scanSource(list)).toBeUndefined();
  });

  it('a list line after a blank line at the margin leaves the nested lists', () => {
    const nested = Array.from({ length: limits.maxContainerDepth }, (_, i) => `${'  '.repeat(i)}- a`).join('\n');
    expect(scanSource(`${nested}\n\ntext\n\n${nested}`)).toBeUndefined();
    // without the blank line, "text" is a lazy continuation: the second list nests inside the first
    expect(scanSource(`${nested}\ntext\n${nested.replace(/^/gm, '  '.repeat(limits.maxContainerDepth))}`)).toMatchObject({ ruleId: 'compile/too-deep', construct: 'Lists' });
  });

  it('inline HTML closes with its paragraph; block HTML nests across blocks', () => {
    const spans = '<span>a\n\n'.repeat(150);
    expect(compile(spans).messages.filter((m) => m.ruleId === 'compile/too-deep')).toEqual([]);
    const divs = Array.from({ length: 101 }, (_, i) => `<div>\n\nlevel ${i}\n`).join('\n');
    expect(compile(divs).messages).toMatchObject([{ ruleId: 'compile/too-deep', line: 401 }]);
    // one paragraph: its inline HTML nests across emphasis
    const mixed = `${'<span>'.repeat(60)}a *${'<span>'.repeat(60)}b* c\n`;
    expect(compile(mixed).messages).toMatchObject([{ ruleId: 'compile/too-deep', line: 1 }]);
    const svg = `<svg>${'<path d="M0 0"/>'.repeat(500)}</svg>\n`;
    expect(compile(svg).messages.filter((m) => m.ruleId === 'compile/too-deep')).toEqual([]);
  });
});
