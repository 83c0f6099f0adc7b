/** ARCHITECTURE.md stays true: every folder of src/ is in its code map, and the CLI stands on src/index.ts only. */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '..');
const architecture = readFileSync(path.join(repo, 'ARCHITECTURE.md'), 'utf8');
const src = path.join(repo, 'src');

function filesIn(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => path.join(dir, f));
}

describe('ARCHITECTURE.md', () => {
  it('maps every folder of src/', () => {
    const folders = readdirSync(src).filter((f) => statSync(path.join(src, f)).isDirectory());
    expect(folders.length).toBeGreaterThan(8);
    expect(folders.filter((f) => !architecture.includes(`**\`src/${f}/\`**`))).toEqual([]);
  });
});

describe('the CLI imports nothing of src/ but src/index.ts', () => {
  it('no command reaches past the library', () => {
    const offenders: string[] = [];
    for (const file of filesIn(path.join(src, 'cli'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
        const target = path.resolve(path.dirname(file), m[1]!);
        const rel = path.relative(src, target);
        if (rel.startsWith('cli' + path.sep) || rel === 'index.js') continue;
        offenders.push(`${path.relative(repo, file)} → ${m[1]}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
