/** gzh publish in GitHub Actions: an error pinned to a file and line is also printed as an ::error annotation. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { run } from '../../src/cli/commands/publish.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { captureContext } from '../helpers/cli.js';
import { makeImage, sandboxEnv } from '../publish/helpers.js';

let sb: Sandbox;
let dir: string;
beforeAll(async () => {
  sb = await startSandbox();
  dir = mkdtempSync(path.join(os.tmpdir(), 'gzh-annot-'));
  writeFileSync(path.join(dir, 'package.json'), '{"name":"t","private":true}');
  mkdirSync(path.join(dir, 'content', 'img'), { recursive: true });
  writeFileSync(path.join(dir, 'content', 'img', 'a.png'), await makeImage());
  writeFileSync(path.join(dir, 'content', '文章.md'), '---\ntitle: 被拒的图片\nauthor: 测试\n---\n\n正文。\n\n![图](./img/a.png)\n');
});
afterAll(async () => {
  await sb.close();
  rmSync(dir, { recursive: true, force: true });
});

async function publish(env: NodeJS.ProcessEnv) {
  // WeChat refuses the image (thrown, not a compile message): the error is pinned to the line referencing it
  sb.setFaults({ errcode: { errcode: 40005, errmsg: 'invalid file type', count: 1000 }, endpoints: ['/cgi-bin/material/add_material', '/cgi-bin/media/uploadimg'] });
  const c = captureContext(dir, { ...sandboxEnv(sb, path.join(dir, '.cache')), ...env });
  let code: number | undefined;
  let thrown: unknown;
  try {
    code = await run(['content/文章.md'], {}, c.ctx);
  } catch (error) {
    thrown = error;
  }
  return { code, thrown, out: c.out(), err: c.err() };
}

it('prints ::error file=PATH,line=N::message when GITHUB_ACTIONS=true, and nothing of the kind otherwise', async () => {
  const gh = await publish({ GITHUB_ACTIONS: 'true' });
  expect(gh.code === undefined ? gh.thrown : gh.code).toBeTruthy();
  const all = gh.out + gh.err;
  expect(all).toMatch(/^::error file=content\/文章\.md,line=8[^:]*::.*40005.+/m);
  const plain = await publish({ GITHUB_ACTIONS: '' });
  expect(plain.out + plain.err).not.toContain('::error');
}, 60_000);
