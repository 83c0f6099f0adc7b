/**
 * Image posts (newspic, 小绿书) end to end: `gzh publish` (the CLI command's run) against the sandbox over real
 * HTTP: pictures as permanent materials in image_info.image_list, plain-text content, the first picture the cover;
 * 21 pictures refused before any upload; a draft mixing news and newspic refused; a rerun sends nothing.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/commands/publish.js';
import { run as runBuild } from '../../src/cli/commands/build.js';
import { run as runLint } from '../../src/cli/commands/lint.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { APP_ID, SECRET, capture, countEndpoints, makeImage, makeProject, sandboxEnv, writeRequests, type Project } from './helpers.js';

let tmp: string;
let cacheDir: string;
const sandboxes: Sandbox[] = [];
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'gzh-newspic-'));
  cacheDir = path.join(tmp, 'cache');
});
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((sb) => sb.close()));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

async function sandbox(): Promise<Sandbox> {
  const sb = await startSandbox({ appId: APP_ID, appSecret: SECRET });
  sandboxes.push(sb);
  return sb;
}

async function publish(project: Project, sb: Sandbox, args: string[], options: Record<string, unknown> = {}) {
  const c = capture(project.dir, sandboxEnv(sb, cacheDir));
  const code = await run(args, options, c.ctx);
  return { code, out: c.out(), err: c.err() };
}

/** content/<name>.md, an image post whose front matter lists `n` new pictures under `images:` (one per line). */
async function imagePost(project: Project, name: string, n: number, body = '春天来了。\n\n山上的花都开了，**很好看**。'): Promise<string> {
  const lines = ['---', 'title: 春日图集', 'type: newspic', 'images:'];
  for (let i = 0; i < n; i++) {
    const file = `${name}-p${i + 1}.png`;
    await writeFile(path.join(project.dir, 'content', 'img', file), await makeImage(120, 90));
    lines.push(`  - ./img/${file}`);
  }
  lines.push('---', '', body, '');
  const file = path.join(project.dir, 'content', `${name}.md`);
  await writeFile(file, lines.join('\n'));
  return `content/${name}.md`;
}

describe('image posts (newspic)', () => {
  it('publishes pictures as image materials in image_info.image_list, plain text as content, the first picture as cover; a rerun sends nothing', async () => {
    const sb = await sandbox();
    const project = await makeProject([], tmp);
    const file = await imagePost(project, 'pics', 3);
    // the dry run plans exactly what the real run sends
    const dry = await publish(project, sb, [file], { dryRun: true, json: true });
    const steps = (JSON.parse(dry.out) as { plan: { drafts: { steps: { request: string; purpose?: string }[] }[] } }).plan.drafts[0]!.steps;
    expect(steps.map((st) => `${st.request}${st.purpose ? `:${st.purpose}` : ''}`)).toEqual(['material/add_material:picture', 'material/add_material:picture', 'material/add_material:picture', 'draft/add', 'draft/get']);
    const r = await publish(project, sb, [file]);
    expect(r.err).not.toMatch(/error/);
    expect(r.code).toBe(0);
    // three permanent image materials, no in-article image, one draft
    expect(countEndpoints(sb)).toMatchObject({ 'material/add_material': 3, 'draft/add': 1 });
    expect(countEndpoints(sb)['media/uploadimg']).toBeUndefined();
    const stored = sb.state.drafts[0]!.articles[0]!;
    expect(stored.article_type).toBe('newspic');
    const ids = stored.image_info!.image_list.map((i) => i.image_media_id);
    expect(ids).toHaveLength(3);
    const materials = sb.state.materials;
    for (const id of ids) expect(materials.find((m) => m.media_id === id)?.type).toBe('image');
    // in the order written: the sandbox stores materials in upload order under the names gzh gave them
    expect(ids.map((id) => materials.find((m) => m.media_id === id)!.name.replace(/-[0-9a-f]{16}\.\w+$/, ''))).toEqual(['pics-p1', 'pics-p2', 'pics-p3']);
    expect(stored.thumb_media_id).toBe(ids[0]);
    expect(stored.content).toBe('春天来了。\n山上的花都开了，很好看。');

    const from = sb.log.length;
    const again = await publish(project, sb, [file]);
    expect(again.code).toBe(0);
    expect(writeRequests(sb, from)).toEqual([]);

    // a changed text is one draft/update of the same draft, nothing uploaded again; reordered pictures too
    const md = path.join(project.dir, file);
    const { readFile } = await import('node:fs/promises');
    await writeFile(md, (await readFile(md, 'utf8')).replace('春天来了。', '春天真的来了。'));
    let mark = sb.log.length;
    expect((await publish(project, sb, [file])).code).toBe(0);
    expect(writeRequests(sb, mark)).toEqual(['/cgi-bin/draft/update']);
    expect(sb.state.drafts[0]!.articles[0]!.content).toBe('春天真的来了。\n山上的花都开了，很好看。');
    await writeFile(md, (await readFile(md, 'utf8')).replace(/( {2}- \.\/img\/pics-p1\.png\n)( {2}- \.\/img\/pics-p2\.png\n)/, '$2$1'));
    mark = sb.log.length;
    expect((await publish(project, sb, [file])).code).toBe(0);
    expect(writeRequests(sb, mark)).toEqual(['/cgi-bin/draft/update']);
    expect(sb.state.drafts[0]!.articles[0]!.image_info!.image_list.map((i) => i.image_media_id)).toEqual([ids[1], ids[0], ids[2]]);
    expect(sb.state.drafts[0]!.articles[0]!.thumb_media_id).toBe(ids[1]);
  });

  it('takes the pictures from the article body when front matter lists none', async () => {
    const sb = await sandbox();
    const project = await makeProject([{ name: 'body.md', title: '街角的猫', images: 2, extra: '' }], tmp);
    const file = path.join(project.dir, 'content', 'body.md');
    const { readFile } = await import('node:fs/promises');
    await writeFile(file, (await readFile(file, 'utf8')).replace('author: 测试', 'author: 测试\narticle_type: newspic'));
    const r = await publish(project, sb, ['content/body.md']);
    expect(r.code).toBe(0);
    const stored = sb.state.drafts[0]!.articles[0]!;
    expect(stored.image_info!.image_list).toHaveLength(2);
    expect(stored.content).toContain('第 2 段说明文字。');
    expect(stored.content).not.toMatch(/<|img/);
  });

  it('gzh build writes an image post as the phone shows it: optimised copies of its pictures, then its text', async () => {
    const project = await makeProject([], tmp);
    const file = await imagePost(project, 'built', 2);
    const c = capture(project.dir, {});
    expect(await runBuild([file], {}, c.ctx)).toBe(0);
    const { readFile, readdir } = await import('node:fs/promises');
    const html = await readFile(path.join(project.dir, 'dist', 'built.html'), 'utf8');
    const srcs = [...html.matchAll(/<img src="([^"]+)"/g)].map((m) => m[1]!);
    expect(srcs).toHaveLength(2);
    const written = await readdir(path.join(project.dir, 'dist', 'images'));
    for (const src of srcs) expect(written).toContain(path.basename(src));
    expect(html).toMatch(/scroll-snap-type:x mandatory/);
    expect(html).toContain('<p style="margin:0 0 8px;font-size:16px;line-height:1.7;color:#1a1a1a;white-space:pre-wrap;">山上的花都开了，很好看。</p>');
    expect(await readFile(path.join(project.dir, 'dist', 'built.preview.html'), 'utf8')).toContain(html);
  });

  it('21 pictures: an error at the 21st, before any upload (lint says the same)', async () => {
    const sb = await sandbox();
    const project = await makeProject([], tmp);
    const file = await imagePost(project, 'many', 21);
    const r = await publish(project, sb, [file]);
    expect(r.code).toBe(1);
    // the 21st item is on line 4 + 21 = 25 (line 4 is `images:`)
    expect(r.err).toMatch(/content\/many\.md:25:\d+.*at most 20 pictures; this one has 21/);
    expect(r.err).toMatch(/nothing was uploaded/);
    expect(sb.log.filter((e) => e.endpoint !== '/cgi-bin/stable_token' && e.endpoint !== '/cgi-bin/token')).toEqual([]);

    const c = capture(project.dir, {});
    expect(await runLint([file], {}, c.ctx)).toBe(1);
    expect(c.out() + c.err()).toMatch(/25:\d+.*newspic\/images/s);
  });

  it('refuses a draft mixing an image post and an article, sending nothing', async () => {
    const sb = await sandbox();
    const project = await makeProject([{ name: 'news.md', title: '一篇文章', images: 1 }], tmp);
    const file = await imagePost(project, 'mix', 1);
    const r = await publish(project, sb, ['content/news.md', file]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/content\/mix\.md:3:1.*mixes 1 image post \(type: newspic\) with 1 article.*--each/);
    expect(sb.log).toEqual([]);
    // each as its own draft: both go
    const each = await publish(project, sb, ['content'], { each: true });
    expect(each.code).toBe(0);
    expect(sb.state.drafts.map((d) => d.articles[0]!.article_type).sort()).toEqual(['news', 'newspic']);
  });

  it('a picture that is no image is an error with its line, nothing sent', async () => {
    const sb = await sandbox();
    const project = await makeProject([], tmp);
    const file = await imagePost(project, 'bad', 2);
    await writeFile(path.join(project.dir, 'content', 'img', 'bad-p2.png'), 'not an image');
    const r = await publish(project, sb, [file]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/content\/bad\.md:6:\d+.*not an image/);
    expect(sb.log).toEqual([]);
  });
});
