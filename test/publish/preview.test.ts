/** `gzh preview` against the sandbox over HTTP: to two reviewers, a rerun skipped, --again, 100 a day refused before the request. */
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/commands/preview.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js';
import { APP_ID, SECRET, capture, countEndpoints, makeProject, sandboxEnv, type Project } from './helpers.js';

let tmp: string;
const sandboxes: Sandbox[] = [];
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'gzh-preview-'));
});
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((sb) => sb.close()));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

async function setup(config: string, options: SandboxOptions = {}) {
  const sb = await startSandbox({ appId: APP_ID, appSecret: SECRET, tokenTtlSeconds: 90 * 86_400, ...options });
  sb.clock.set('2026-12-09T10:00:00+08:00');
  sandboxes.push(sb);
  const p = await makeProject([{ name: '预览稿.md', title: '给审稿人看看', images: 1 }], tmp);
  await writeFile(path.join(p.dir, 'gzh.config.yaml'), config);
  return { sb, p };
}

async function preview(p: Project, sb: Sandbox, args: string[], options: Record<string, unknown> = {}) {
  const c = capture(p.dir, { ...sandboxEnv(sb, path.join(p.dir, '.cache')), GZH_NOW: sb.clock.now().toISOString() });
  try {
    return { code: await run(args, options, c.ctx), out: c.out(), err: c.err(), error: undefined };
  } catch (error) {
    return { code: -1, out: c.out(), err: c.err(), error: error as Error & { code?: string; hint?: string } };
  }
}

const previews = (sb: Sandbox, from = 0) => countEndpoints(sb, from)['message/mass/preview'] ?? 0;

describe('gzh preview', () => {
  it('sends the saved draft to two reviewers; a rerun skips them; a change or --again sends again', async () => {
    const { sb, p } = await setup('reviewers: [editor_wang, chief_li]\n');
    const first = await preview(p, sb, ['content/预览稿.md']);
    expect(first.error).toBeUndefined();
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/preview sent to editor_wang, chief_li/);
    expect(sb.state.previews.map((x) => [x.to, x.kind, x.titles[0]])).toEqual([
      ['editor_wang', 'towxname', '给审稿人看看'],
      ['chief_li', 'towxname', '给审稿人看看'],
    ]);
    expect(sb.state.drafts).toHaveLength(1);
    const lock = JSON.parse(await readFile(path.join(p.dir, 'gzh.lock'), 'utf8')) as { accounts: Record<string, { previewDay: { day: string; count: number } }> };
    expect(Object.values(lock.accounts)[0]!.previewDay).toEqual({ day: '2026-12-09', count: 2 });

    let from = sb.log.length;
    const again = await preview(p, sb, ['content/预览稿.md']);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/editor_wang got this content on 2026-12-09 10:00 \(UTC\+8\): not sent again/);
    expect(previews(sb, from)).toBe(0);

    // --to overrides the config; --again sends unchanged content anyway
    from = sb.log.length;
    expect((await preview(p, sb, ['content/预览稿.md'], { to: ['chief_li'], again: true })).code).toBe(0);
    expect(previews(sb, from)).toBe(1);
    expect(sb.state.previews.at(-1)!.to).toBe('chief_li');

    // changed: the draft is updated and both get it again
    await appendFile(p.files[0]!, '\n审稿后改了一句。\n');
    from = sb.log.length;
    expect((await preview(p, sb, ['content/预览稿.md'], { to: ['editor_wang,chief_li'] })).code).toBe(0);
    expect(countEndpoints(sb, from)['draft/update']).toBe(1);
    expect(previews(sb, from)).toBe(2);
    expect(sb.state.drafts).toHaveLength(1);
  });

  it('the 101st preview of the Beijing day is refused before any request; the next day it goes', async () => {
    const { sb, p } = await setup('');
    // 100 reviewers in one run: the day's previews are spent, counted in gzh.lock
    const hundred = Array.from({ length: 100 }, (_, i) => `r${i + 1}`);
    expect((await preview(p, sb, ['content/预览稿.md'], { to: hundred })).code).toBe(0);
    expect(sb.state.previews).toHaveLength(100);
    const from = sb.log.length;
    const refused = await preview(p, sb, ['content/预览稿.md'], { to: ['r101'] });
    expect(refused.error?.code).toBe('preview/quota');
    expect(refused.error?.message).toMatch(/100 previews a day: 100 sent on 2026-12-09.*would send 1/);
    expect(refused.error?.hint).toMatch(/starts again 2026-12-10 00:00 \(UTC\+8\)/);
    expect(sb.log.length).toBe(from);
    const dry = await preview(p, sb, ['content/预览稿.md'], { to: ['r101'], dryRun: true });
    expect(dry.code).toBe(1);
    expect(dry.out).toMatch(/previews today \(2026-12-09\): 100 of 100 used, this run 1/);

    sb.clock.set('2026-12-10T00:01:00+08:00');
    expect((await preview(p, sb, ['content/预览稿.md'], { to: ['r101'] })).error).toBeUndefined();
    expect(sb.state.previews.map((x) => x.to)).toEqual([...hundred, 'r101']);
  });

  it('no reviewers is a usage error; an unverified account is refused before any request; an openid goes as touser', async () => {
    const { sb, p } = await setup('account: { verified: false }\n');
    expect((await preview(p, sb, ['content/预览稿.md'])).error?.message).toMatch(/No reviewers/);
    const refused = await preview(p, sb, ['content/预览稿.md'], { to: ['editor_wang'] });
    expect(refused.error?.code).toBe('preview/unverified');
    expect(sb.log).toHaveLength(0);
    await writeFile(path.join(p.dir, 'gzh.config.yaml'), '');
    const openid = 'oAbCdEfGhIjKlMnOpQrStUvWxYz1';
    expect((await preview(p, sb, ['content/预览稿.md'], { to: [openid] })).code).toBe(0);
    expect(sb.state.previews[0]).toMatchObject({ to: openid, kind: 'touser' });
  });
});
