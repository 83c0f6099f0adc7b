/**
 * `gzh build --jobs N` (and gzh lint) compiles on worker threads and writes what `--jobs 1` (in-process) writes, byte for
 * byte, with the same result and messages in the same order: on content/ and the compile fixtures (each
 * fixture copied as `<name>.md`, so slugs do not clash). The worker is the built one: `npm run build` first.
 */
import { cpSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildArticles } from '../../src/project/build-articles.js';
import { lintArticles } from '../../src/project/lint-project.js';
import { loadProject, type Project } from '../../src/project/load-project.js';
import { copyContent, tree } from '../helpers/files.js';

const root = path.resolve(import.meta.dirname, '../..');
const fixtures = path.join(root, 'test/fixtures/compile');
let dir: string;
let project: Project;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'gzh-build-parallel-'));
  await copyContent(dir);
  for (const d of readdirSync(fixtures, { withFileTypes: true }).filter((e) => e.isDirectory())) {
    const target = path.join(dir, 'content/fixtures', d.name);
    cpSync(path.join(fixtures, d.name), target, { recursive: true });
    renameSync(path.join(target, 'input.md'), path.join(target, `${d.name}.md`));
  }
  project = await loadProject(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A result with its output folder's name taken out (the only thing that differs). */
function same(result: unknown, outDir: string): unknown {
  return JSON.parse(JSON.stringify(result).replaceAll(`${outDir}/`, 'out/').replaceAll(`"${outDir}"`, '"out"'));
}

describe('gzh build --jobs', () => {
  it('writes the same bytes and gives the same result (messages in order) with --jobs 2 as with --jobs 1', async () => {
    const serial = await buildArticles(project, ['content'], { outDir: 'out-1', jobs: 1, cache: false });
    const parallel = await buildArticles(project, ['content'], { outDir: 'out-2', jobs: 2, cache: false });
    expect(serial.articles.length).toBeGreaterThan(20);
    expect(serial.articles.filter((a) => a.html).length).toBeGreaterThan(20);
    expect(same(parallel, 'out-2')).toEqual(same(serial, 'out-1'));
    const a = tree(path.join(dir, 'out-1'));
    const b = tree(path.join(dir, 'out-2'));
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    expect([...a.keys()].some((f) => f.startsWith('images'))).toBe(true);
    for (const [file, bytes] of a) expect(b.get(file)?.equals(bytes), file).toBe(true);
  });

  it('an article that does not compile is reported as --jobs 1 reports it, at its place', async () => {
    writeFileSync(path.join(dir, 'content/broken.md'), '---\ntitle: [unclosed\n---\n正文\n');
    try {
      const serial = await buildArticles(project, ['content'], { outDir: 'err-1', jobs: 1, cache: false });
      const parallel = await buildArticles(project, ['content'], { outDir: 'err-2', jobs: 2, cache: false });
      const broken = serial.articles.find((a) => a.file === path.join('content', 'broken.md'));
      expect(broken?.html).toBeUndefined();
      expect(broken?.messages.some((m) => m.severity === 'error')).toBe(true);
      expect(same(parallel, 'err-2')).toEqual(same(serial, 'err-1'));
    } finally {
      rmSync(path.join(dir, 'content/broken.md'));
    }
  });

  it('gzh lint compiles on the pool too and gives the same messages, in the same order, as with --jobs 1', async () => {
    const serial = await lintArticles(project, ['content'], { jobs: 1, cache: false });
    const parallel = await lintArticles(project, ['content'], { jobs: 2, cache: false });
    expect(serial.length).toBeGreaterThan(20);
    expect(serial.flatMap((r) => r.messages).length).toBeGreaterThan(10);
    expect(parallel).toEqual(serial);
  });
});
