/**
 * The compile pool gives what an in-process compile gives, byte for byte, and an abort ends a compile that
 * is running (a worker thread busy with synchronous work) within a second. The worker is the built one
 * (dist/project/compile-worker.js): `npm run build` first.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/schema.js';
import { isGzhError } from '../../src/errors.js';
import { CompilePool, compileArticles } from '../../src/project/compile-pool.js';
import { compileSource, loadArticle } from '../../src/project/load-article.js';

const root = path.resolve(import.meta.dirname, '../..');
const config = defaultConfig(root);
const fixtures = path.join(root, 'test/fixtures/compile');
const inputs = [
  ...readdirSync(path.join(root, 'content')).filter((f) => f.endsWith('.md')).map((f) => path.join('content', f)),
  ...readdirSync(fixtures, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => path.join('test/fixtures/compile', d.name, 'input.md')),
];

/** Within the limits but seconds of work: 16-deep quotes on 10,000 lines (~3 s of CPU here). */
const slowSource = `${'> '.repeat(16)}a\n`.repeat(9_999);

let pool: CompilePool;
beforeAll(() => {
  pool = new CompilePool({ jobs: 2 });
});
afterAll(() => pool.destroy());

describe('compile pool', () => {
  it(`compiles ${inputs.length} articles (content/ and the compile fixtures) to the same bytes as in-process`, async () => {
    const parallel = await compileArticles(inputs, config, { cwd: root, pool });
    expect(parallel.map((a) => a.file)).toEqual(inputs);
    for (const [i, file] of inputs.entries()) {
      const serial = await loadArticle(file, config, { cwd: root });
      expect(parallel[i]!.html, file).toBe(serial.html);
      expect(parallel[i], file).toEqual(serial);
    }
  });

  it('keeps messages in input order whatever finishes first', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gzh-pool-'));
    try {
      writeFileSync(path.join(dir, 'slow.md'), `---\nauther: x\n---\n\n${'长文。'.repeat(20_000)}\n`);
      writeFileSync(path.join(dir, 'fast.md'), '---\nautor: y\n---\n\nhi\n');
      const articles = await compileArticles(['slow.md', 'fast.md'], defaultConfig(dir), { cwd: dir, pool });
      expect(articles.flatMap((a) => a.messages.map((m) => [m.file, m.actual]))).toEqual([
        ['slow.md', 'auther'],
        ['fast.md', 'autor'],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a GzhError in the worker arrives as a GzhError with its code and hint', async () => {
    const error = await pool.compile({ source: 'hi', file: 'a.md', absolutePath: path.join(root, 'a.md'), config, theme: 'no-such-theme' }).catch((e: unknown) => e);
    expect(isGzhError(error)).toBe(true);
    const inProcess = (() => {
      try {
        compileSource('hi', 'a.md', path.join(root, 'a.md'), config, { theme: 'no-such-theme' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toMatchObject({ code: (inProcess as { code: string }).code, message: (inProcess as Error).message, hint: (inProcess as { hint: string }).hint });
  });

  it('a cached article compiles the same on every save, and the same as without a cache', async () => {
    const request = { source: readFileSync(path.join(root, 'content/rich.md'), 'utf8'), file: 'content/rich.md', absolutePath: path.join(root, 'content/rich.md'), config, cwd: root };
    const first = await pool.compile({ ...request, cache: true });
    const edited = await pool.compile({ ...request, source: `${request.source}\n\n保存后新加的一段。\n`, cache: true });
    const uncached = await pool.compile({ ...request, source: `${request.source}\n\n保存后新加的一段。\n` });
    expect(edited.html).toBe(uncached.html);
    expect(edited.html).not.toBe(first.html);
    expect(edited.html).toContain('保存后新加的一段');
  });

  it('an abort ends a running compile within a second, and the pool goes on', async () => {
    const controller = new AbortController();
    const started = performance.now();
    const compiling = pool.compile({ source: slowSource, file: 'slow.md', absolutePath: path.join(root, 'slow.md'), config }, { signal: controller.signal });
    const outcome = compiling.then(
      () => ({ finished: performance.now() }),
      (error: unknown) => ({ error, at: performance.now() }),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    const abortedAt = performance.now();
    controller.abort();
    const result = await outcome;
    expect(result).toMatchObject({ error: { name: 'AbortError' } });
    expect((result as { at: number }).at - abortedAt).toBeLessThan(1000);
    expect(abortedAt - started).toBeGreaterThanOrEqual(500);
    const after = await pool.compile({ source: '# 标题\n\n正文', file: 'b.md', absolutePath: path.join(root, 'b.md'), config });
    expect(after.title).toBe('标题');
  });

  it('an already aborted signal compiles nothing', async () => {
    const error = await pool.compile({ source: 'hi', file: 'a.md', absolutePath: path.join(root, 'a.md'), config }, { signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'AbortError' });
  });
});
