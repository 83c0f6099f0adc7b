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

it('prints nothing of the steps inside a long task (the images of each of 2,000 articles), and the steps of a short one', () => {
  const err = sink();
  const output = createOutput(sink().stream, err.stream, {});
  for (let i = 0; i <= 20; i++) {
    output.progress('Building', i, 20);
    if (i < 20) for (let k = 0; k <= 18; k++) output.progress(`images a${i}.md`, k, 18);
  }
  expect(err.lines).toEqual(Array.from({ length: 11 }, (_, k) => `Building ${k * 2}/20`));
  // the same images on their own (publishing one article): their tenths
  for (let k = 0; k <= 18; k++) output.progress('images b.md', k, 18);
  expect(err.lines.slice(11)).toEqual(['images b.md 0/18', 'images b.md 2/18', 'images b.md 4/18', 'images b.md 6/18', 'images b.md 8/18', 'images b.md 9/18', 'images b.md 11/18', 'images b.md 13/18', 'images b.md 15/18', 'images b.md 17/18', 'images b.md 18/18']);
  // inside a task of fewer than 10 steps (its tenths say little), a long step still shows
  for (let i = 0; i <= 2; i++) {
    output.progress('Publishing', i, 2);
    if (i === 0) for (let k = 0; k <= 30; k++) output.progress('images c.md', k, 30);
  }
  expect(err.lines.filter((l) => l.startsWith('images c.md'))).toHaveLength(11);
});
