/**
 * compile and lint are pure (ARCHITECTURE.md): no Node built-ins, no require, no disk checks in their
 * sources. Their I/O (grammars, MathJax) is handed in by src/project/compile-loaders.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const FORBIDDEN = [/from\s+['"]node:/, /import\(\s*['"]node:/, /require\(\s*['"]node:/, /\bcreateRequire\b/, /\bexistsSync\b/];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|mts|cts|js|mjs|cjs)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

describe.each(['src/compile', 'src/lint'])('%s is pure', (dir) => {
  it('imports no node: module and uses no createRequire or existsSync', () => {
    const files = sources(dir);
    expect(files.length).toBeGreaterThan(5);
    const offences = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) => (FORBIDDEN.some((re) => re.test(line)) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(offences).toEqual([]);
  });
});

it('the check itself catches an offence', () => {
  expect(FORBIDDEN.some((re) => re.test("import { existsSync } from 'node:fs';"))).toBe(true);
  expect(FORBIDDEN.some((re) => re.test("const require = createRequire(import.meta.url);"))).toBe(true);
});
