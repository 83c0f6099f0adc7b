/**
 * Compile builds its messages in one place (src/compile/report.ts, issue 19): every message, whichever stage
 * found it (front matter, an unclosed front matter, input limits, a plugin, the theme), has the same shape:
 * ruleId, severity, message, file, line, column, then source and any actual/expected.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { compile } from '../helpers/compile.js';

const SHAPE = ['ruleId', 'severity', 'message', 'file', 'line', 'column', 'source'];

it('every kind of compile message has the one shape', () => {
  const inputs = [
    '---\ntitle: a\nauthor: [x\n---\n\nbody', // front-matter/yaml
    '---\ntitle: a\nauthor: b\n\nbody', // front-matter/unclosed
    '---\ntitle: 1\nfoo: 2\npush: 3\n---\n\n# x', // front-matter/number, unknown-key, invalid
    `${'>'.repeat(200)} deep`, // compile/too-deep
    'x <span style="color:red;behavior:url(x)">a</span> <script>1</script>', // plugins: compile/unsafe-html
  ];
  const messages = inputs.flatMap((md) => compile(md, { themeCss: '@media (x) { p { color: red } }' }).messages);
  expect(new Set(messages.map((m) => m.ruleId))).toEqual(
    new Set(['front-matter/yaml', 'front-matter/unclosed', 'front-matter/number', 'front-matter/unknown-key', 'front-matter/invalid', 'compile/too-deep', 'compile/unsafe-html']),
  );
  for (const m of messages) {
    expect(Object.keys(m).slice(0, SHAPE.length), m.ruleId).toEqual(SHAPE);
    expect(m.file, m.ruleId).toBe('test.md');
    expect(m.source, m.ruleId).toBe('gzh-compile');
  }
});

it('no compile source but report.ts writes a message literal', () => {
  const dir = path.resolve(import.meta.dirname, '../../src/compile');
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && f !== 'report.ts');
  const offences = files.filter((f) => /source: 'gzh-compile'|severity: '(?:error|warn|info)'/.test(readFileSync(path.join(dir, f), 'utf8')));
  expect(files.length).toBeGreaterThan(20);
  expect(offences).toEqual([]);
});
