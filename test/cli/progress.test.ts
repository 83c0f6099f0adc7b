/** Progress in a log (CI, a pipe): a few lines per task, not one per step. */
import { Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { createOutput } from '../../src/cli/output.js';

function sink() {
  const lines: string[] = [];
  const stream = new Writable({ write: (chunk, _enc, done) => (lines.push(...String(chunk).split('\n').filter(Boolean)), done()) });
  return { stream, lines };
}

it('prints the start, every tenth and the end of a long task; only the end of a short one; nothing for an empty one', () => {
  const out = sink();
  const err = sink();
  const output = createOutput(out.stream, err.stream, { CI: 'true' });
  for (let i = 0; i <= 2000; i++) output.progress('Building', i, 2000);
  for (let i = 0; i <= 3; i++) output.progress('images a.md', i, 3);
  output.progress('images b.md', 0, 0);
  expect(err.lines).toEqual([...Array.from({ length: 11 }, (_, k) => `Building ${k * 200}/2000`), 'images a.md 3/3']);
});
