// Hostile and pathological Markdown (issue 12 "Inputs that hang or crash", plus cmark's pathological_tests.py
// families), generated: shared by test/compile/pathological.test.ts (what each one does) and
// bench/pathological.bench.mjs (how long it takes). Sizes as the issue reported them.

/** `e` followed by ever longer backtick runs, up to `size` characters (cmark's "backticks"). */
function backtickRuns(size) {
  let s = '';
  for (let i = 1; s.length < size; i++) s += 'e' + '`'.repeat(i);
  return s;
}

function table(columns, rows) {
  const row = `|${' a |'.repeat(columns)}\n`;
  return row + `|${' - |'.repeat(columns)}\n` + row.repeat(rows);
}

export const pathologicalInputs = [
  { name: '`*a` ×100,000 (200 KB)', source: () => '*a'.repeat(100_000) },
  { name: '`*a` ×8,000 (the 16 KB file that froze gzh dev)', source: () => '*a'.repeat(8_000) },
  { name: '`*a` ×5,000', source: () => '*a'.repeat(5_000) },
  { name: '`*a` ×4,000 (at the limit)', source: () => '*a'.repeat(4_000) },
  { name: '`>` ×100,000', source: () => `${'>'.repeat(100_000)} a\n` },
  { name: '`>` ×2,000 (2 KB)', source: () => `${'>'.repeat(2_000)} a\n` },
  { name: '`> ` ×16 (at the limit)', source: () => `${'> '.repeat(16)}a\n` },
  { name: 'brackets nested 100k', source: () => `${'['.repeat(100_000)}a${']'.repeat(100_000)}` },
  { name: '2 MB backtick run', source: () => `a${'`'.repeat(2_000_000)}` },
  { name: 'backtick runs of growing length (512 KB)', source: () => backtickRuns(500_000) },
  { name: '100,000 list items', source: () => '- a\n'.repeat(100_000) },
  { name: 'list items nested 40 deep by indentation', source: () => Array.from({ length: 40 }, (_, i) => `${'  '.repeat(i)}- a`).join('\n') },
  { name: '`- ` ×10,000 on one line', source: () => `${'- '.repeat(10_000)}a\n` },
  { name: '1000×1000 table', source: () => table(1000, 1000) },
  { name: '100×100 table (200 KB)', source: () => table(100, 100) },
  { name: '20k nested directives', source: () => ':::note\n'.repeat(20_000) + 'a\n' + ':::\n'.repeat(20_000) },
  { name: '10 MB code fence', source: () => '```js\n' + 'const a = 1; // x\n'.repeat(10_000_000 / 18) + '```\n' },
  { name: '100 KB code fence', source: () => '```js\n' + 'const a = 1; // x\n'.repeat(100_000 / 18) + '```\n' },
  { name: '60 KB code fence (under the limit)', source: () => '```js\n' + 'const a = 1; // x\n'.repeat(60_000 / 18) + '```\n' },
  { name: '3,000 nested <div>', source: () => `${'<div>'.repeat(3_000)}a${'</div>'.repeat(3_000)}\n` },
  { name: '5,000 nested inline <span>', source: () => `${'<span>'.repeat(5_000)}a${'</span>'.repeat(5_000)}\n` },
  { name: 'emphasis nested 120 deep', source: () => `${'*x '.repeat(120)}a${' x*'.repeat(120)}\n` },
  { name: 'a run of 50,000 `*` (strong nested 12,500 deep)', source: () => `${'**'.repeat(25_000)}a${'**'.repeat(25_000)}` },
  { name: '`a] ` ×100,000 (closers without openers)', source: () => 'a] '.repeat(100_000) },
  { name: '`[ (](` ×50,000', source: () => '[ (]('.repeat(50_000) },
  { name: '`a**b` + `c* ` ×50,000 (openers and closers multiple of 3)', source: () => `a**b${'c* '.repeat(50_000)}` },
  { name: '2,000 inline formulas', source: () => 'a $x^2+y_1$ b\n\n'.repeat(2_000) },
  { name: 'a 120 KB formula', source: () => `$$\n${'x^2 + '.repeat(20_000)}y\n$$\n` },
  { name: '`<a>` ×100,000', source: () => '<a>'.repeat(100_000) },
  { name: 'U+0000 ×30,000', source: () => 'a\u0000b '.repeat(30_000) },
  { name: 'front matter key toString', source: () => '---\ntoString: 1\n---\n\nhi\n' },
  { name: 'front matter key constructor', source: () => '---\nconstructor: 1\n---\n\nhi\n' },
  { name: 'front matter key __proto__', source: () => '---\n__proto__: 1\nlint: {__proto__: {disable: [x]}}\n---\n\nhi\n' },
];
