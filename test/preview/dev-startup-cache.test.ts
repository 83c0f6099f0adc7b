/**
 * `gzh dev` starts from the compile cache `gzh build` and `gzh lint` fill (.gzh/cache/compile): a restart
 * compiles only the articles that changed, and shows exactly what a cold start shows.
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer } from '../../src/preview/index.js';
import { ARTICLE, makeProject, rawRequest, type TestProject } from './project.js';

let project: TestProject;
beforeAll(async () => {
  project = await makeProject();
  writeFileSync(path.join(project.root, 'content', 'second.md'), ARTICLE.replace(/title: .*/, 'title: 第二篇'));
  writeFileSync(path.join(project.root, 'content', 'third.md'), ARTICLE.replace(/title: .*/, 'title: 第三篇'));
});
afterAll(() => rmSync(project.base, { recursive: true, force: true }));

/** Start, read every article's payload (the HTML the phone frame shows), stop. */
async function session(options: { cache?: boolean } = {}) {
  const server = await startDevServer({ root: project.root, config: project.config, paths: [], port: 0, cwd: project.root, ...options });
  try {
    const payloads: Record<string, unknown> = {};
    for (const a of server.articles()) {
      const r = await rawRequest(server.port, `/__gzh/article?id=${encodeURIComponent(a.id)}`);
      const body = JSON.parse(r.body) as Record<string, unknown>;
      // timings differ from run to run; everything else must not
      delete body.timing;
      payloads[a.id] = body;
    }
    return { startup: { ...server.startup }, payloads };
  } finally {
    await server.close();
  }
}

describe('gzh dev start-up from the compile cache', () => {
  it('a restart serves unchanged articles from the cache, identical to a cold start; an edited one is compiled', async () => {
    const cold = await session();
    expect(cold.startup).toEqual({ articles: 3, cached: 0 });
    const warm = await session();
    expect(warm.startup).toEqual({ articles: 3, cached: 3 });
    expect(warm.payloads).toEqual(cold.payloads);

    writeFileSync(path.join(project.root, 'content', 'third.md'), ARTICLE.replace(/title: .*/, 'title: 第三篇（改）'));
    const edited = await session();
    expect(edited.startup).toEqual({ articles: 3, cached: 2 });
    expect(JSON.stringify(edited.payloads['content/third.md'])).toContain('第三篇（改）');

    // --no-cache compiles every article
    expect((await session({ cache: false })).startup).toEqual({ articles: 3, cached: 0 });
  });
});
