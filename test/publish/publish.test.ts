/**
 * `gzh publish` end to end, in process: the CLI command's `run` against a sandbox over real HTTP on 127.0.0.1,
 * in temp projects with real images made by sharp.
 */
import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import http from 'node:http';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/commands/publish.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js';
import { createWechatClient } from '../../src/wechat/index.js';
import { APP_ID, SECRET, capture, countEndpoints, makeProject, readLock, sandboxEnv, spreadImages, storedUploads, writeRequests, type Project } from './helpers.js';

let tmp: string;
let cacheDir: string;
const sandboxes: Sandbox[] = [];

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'gzh-publish-e2e-'));
  cacheDir = path.join(tmp, 'cache');
});
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((sb) => sb.close()));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

async function sandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const sb = await startSandbox({ appId: APP_ID, appSecret: SECRET, ...options });
  sandboxes.push(sb);
  return sb;
}

/** Run `gzh publish args` in the project against the sandbox; returns the exit code and the captured output. */
async function publish(project: Project, sb: Sandbox | undefined, args: string[], options: Record<string, unknown> = {}, env?: NodeJS.ProcessEnv) {
  const r = await publishCatching(project, sb, args, options, env);
  if (r.error) throw r.error;
  return r;
}

/** Same, but a thrown error (what cli/index.ts would print) is returned with the output written before it. */
async function publishCatching(project: Project, sb: Sandbox | undefined, args: string[], options: Record<string, unknown> = {}, env?: NodeJS.ProcessEnv) {
  const c = capture(project.dir, env ?? (sb ? sandboxEnv(sb, cacheDir) : { XDG_CACHE_HOME: cacheDir }));
  try {
    const code = await run(args, options, c.ctx);
    return { code, out: c.out(), err: c.err(), error: undefined };
  } catch (error) {
    return { code: -1, out: c.out(), err: c.err(), error: error as Error & { hint?: string } };
  }
}

interface JsonResult {
  ok: boolean;
  draft: string;
  media_id: string;
  uploads: number;
  articles: { file: string; status: string; index: number }[];
}

const lockOf = (project: Project) => readLock(path.join(project.dir, 'gzh.lock'));

describe('gzh publish against the sandbox', () => {
  it('publishes one article: uploads its images, creates one draft, records it in gzh.lock', async () => {
    const sb = await sandbox();
    const project = await makeProject([{ name: 'one.md', title: '第一篇：山中小记', images: 2 }], tmp);
    const r = await publish(project, sb, ['content/one.md']);
    expect(r.err).not.toMatch(/error/);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^created content\/one\.md \(article 1, 3 images uploaded\)$/m);

    expect(countEndpoints(sb)).toMatchObject({ 'media/uploadimg': 2, 'material/add_material': 1, 'draft/add': 1, 'draft/get': 1 });
    expect(sb.state.drafts).toHaveLength(1);
    const [draft] = sb.state.drafts;
    expect(draft!.articles[0]!.title).toBe('第一篇：山中小记');
    // the body images point at what the sandbox stored, the cover is the uploaded material
    const srcs = [...draft!.articles[0]!.content.matchAll(/<img[^>]* src="([^"]+)"/g)].map((m) => m[1]!);
    expect(srcs).toHaveLength(2);
    for (const src of srcs) expect(sb.state.images.map((i) => `${sb.url}/mmbiz/${i.file}`)).toContain(src);
    expect(sb.state.materials.map((m) => m.media_id)).toContain(draft!.articles[0]!.thumb_media_id);

    const lock = await lockOf(project);
    const account = lock.accounts[`${APP_ID}@${sb.apiBase}`]!;
    expect(account.drafts['content/one.md']!.media_id).toBe(draft!.media_id);
    expect(Object.keys(account.media)).toHaveLength(3);
    expect(account.journal).toEqual({});
  });

  it('8 articles with 30 images: one draft; a rerun sends no upload or draft write; an edit is one draft/update', async () => {
    const sb = await sandbox();
    const project = await makeProject(spreadImages(8, 30), tmp);
    expect(project.imageCount).toBe(30);

    const first = await publish(project, sb, ['content'], { json: true });
    expect(first.code).toBe(0);
    const created = JSON.parse(first.out) as JsonResult;
    expect(created.ok).toBe(true);
    expect(created.draft).toBe('created');
    expect(created.articles.map((a) => a.status)).toEqual(Array(8).fill('created'));
    // every body image once, every cover (the first image of each article) once as a material
    expect(countEndpoints(sb)).toMatchObject({ 'media/uploadimg': 30, 'material/add_material': 8, 'draft/add': 1 });
    expect(created.uploads).toBe(38);
    expect(sb.state.drafts).toHaveLength(1);
    expect(sb.state.drafts[0]!.articles.map((a) => a.title)).toEqual(spreadImages(8, 30).map((s) => s.title));

    // unchanged: only what is needed to verify
    let from = sb.log.length;
    const again = await publish(project, sb, ['content'], { json: true });
    expect(again.code).toBe(0);
    const unchanged = JSON.parse(again.out) as JsonResult;
    expect(unchanged.draft).toBe('unchanged');
    expect(unchanged.articles.map((a) => a.status)).toEqual(Array(8).fill('unchanged'));
    expect(unchanged.uploads).toBe(0);
    expect(writeRequests(sb, from)).toEqual([]);
    expect(countEndpoints(sb, from)).toMatchObject({ 'draft/get': 1 });

    // one article edited: exactly one draft/update, at its index
    await appendFile(project.files[2]!, '\n补充：新写的一段结尾。\n');
    from = sb.log.length;
    const edited = await publish(project, sb, ['content'], { json: true });
    expect(edited.code).toBe(0);
    const updated = JSON.parse(edited.out) as JsonResult;
    expect(updated.draft).toBe('updated');
    expect(updated.articles.map((a) => a.status)).toEqual(['unchanged', 'unchanged', 'updated', 'unchanged', 'unchanged', 'unchanged', 'unchanged', 'unchanged']);
    expect(writeRequests(sb, from)).toEqual(['/cgi-bin/draft/update']);
    expect(sb.state.drafts).toHaveLength(1);
    expect(sb.state.drafts[0]!.media_id).toBe(created.media_id);
    expect(sb.state.drafts[0]!.articles[2]!.content).toContain('新写的一段结尾');
  });

  it('rejects 9 articles before sending anything (exit 2)', async () => {
    const sb = await sandbox();
    const project = await makeProject(spreadImages(9, 9), tmp);
    await expect(publish(project, sb, ['content'])).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/at most 8 articles; 9 were given/) });
    expect(sb.log).toEqual([]);
    // --json still answers on stdout
    const json = await publishCatching(project, sb, ['content'], { json: true });
    expect(json.error).toMatchObject({ exitCode: 2 });
    expect(JSON.parse(json.out)).toMatchObject({ ok: false, error: { code: expect.any(String), message: expect.stringMatching(/at most 8 articles/) } });
  });

  it('a lint error blocks publishing (exit 1, nothing sent) unless --force', async () => {
    const sb = await sandbox();
    const project = await makeProject([{ name: 'bait.md', title: '看完即删：内部资料', images: 1 }], tmp);
    const blocked = await publish(project, sb, ['content/bait.md']);
    expect(blocked.code).toBe(1);
    expect(blocked.err).toMatch(/content\/bait\.md:2:\d+ +error/);
    expect(blocked.err).toContain('nothing was uploaded');
    expect(blocked.err).toContain('--force');
    expect(sb.log).toEqual([]);
    expect(await readdir(project.dir)).not.toContain('gzh.lock');

    // --json keeps stdout pure JSON, also in GitHub Actions (annotations go to stderr then)
    const ci = await publish(project, sb, ['content/bait.md'], { json: true }, { ...sandboxEnv(sb, cacheDir), GITHUB_ACTIONS: 'true' });
    expect(ci.code).toBe(1);
    expect(JSON.parse(ci.out)).toMatchObject({ ok: false, blocked: true, messages: [expect.objectContaining({ severity: 'error', file: 'content/bait.md' })] });
    expect(ci.err).toMatch(/^::error file=content\/bait\.md,line=2/m);
    const plain = await publish(project, sb, ['content/bait.md'], {}, { ...sandboxEnv(sb, cacheDir), GITHUB_ACTIONS: 'true' });
    expect(plain.out).toMatch(/^::error file=content\/bait\.md,line=2/m);
    expect(sb.log).toEqual([]);

    const forced = await publish(project, sb, ['content/bait.md'], { force: true });
    expect(forced.code).toBe(0);
    expect(forced.err).toContain('publishing despite 1 lint error (--force)');
    expect(sb.state.drafts).toHaveLength(1);
  });

  it('publishes a draft manifest in its order, keyed by the manifest in gzh.lock', async () => {
    const sb = await sandbox();
    const project = await makeProject(spreadImages(3, 3, 'm'), tmp);
    await writeFile(path.join(project.dir, 'content', 'issue.draft.yaml'), 'articles:\n  - m3.md\n  - m1.md\nauthor: 编辑部\ncomments: closed\n');
    const r = await publish(project, sb, ['content/issue.draft.yaml']);
    expect(r.code).toBe(0);
    const draft = sb.state.drafts[0]!;
    expect(draft.articles.map((a) => a.title)).toEqual(['一碗面的讲究（3）', '春日山行记（1）']);
    expect(draft.articles.every((a) => a.need_open_comment === 0)).toBe(true);
    const account = (await lockOf(project)).accounts[`${APP_ID}@${sb.apiBase}`]!;
    expect(Object.keys(account.drafts)).toEqual(['manifest:content/issue.draft.yaml']);
    expect(account.drafts['manifest:content/issue.draft.yaml']!.articles.map((a) => a.path)).toEqual(['content/m3.md', 'content/m1.md']);

    await writeFile(path.join(project.dir, 'content', 'bad.draft.yaml'), 'articles: []\n');
    await expect(publish(project, sb, ['content/bad.draft.yaml'])).rejects.toMatchObject({ exitCode: 2, line: 1 });
  });

  it('a broken first image (also the cover) is one error, not one per use', async () => {
    const sb = await sandbox();
    const project = await makeProject([{ name: 'fake.md', title: '假的图片', images: 0, extra: '![假](./img/fake.png)' }], tmp);
    await writeFile(path.join(project.dir, 'content', 'img', 'fake.png'), 'hello, not a picture\n');
    const r = await publish(project, sb, ['content/fake.md']);
    expect(r.code).toBe(1);
    expect(r.err.match(/content\/fake\.md:\d+:1 +error +\.\/img\/fake\.png: not an image: text \(UTF-8\), 21 B/g)).toHaveLength(1);
    expect(r.err).toContain('nothing was uploaded');
    expect(sb.log).toEqual([]);
  });

  it('a missing image in a later article stops the publish before the first article uploads anything', async () => {
    const sb = await sandbox();
    const project = await makeProject([{ name: 'ok.md', title: '图片齐全', images: 2 }, { name: 'broken.md', title: '少了一张图', images: 1, extra: '![没有](./img/nope.png)' }], tmp);
    const r = await publish(project, sb, ['content/ok.md', 'content/broken.md']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/content\/broken\.md:\d+:1 +error +Image not found: \.\/img\/nope\.png/);
    expect(sb.log).toEqual([]);
    expect(countEndpoints(sb)['media/uploadimg'] ?? 0).toBe(0);
    expect(countEndpoints(sb)['material/add_material'] ?? 0).toBe(0);
  });

  it('a reordered manifest makes a new draft; the old one is kept and named, or deleted with --replace', async () => {
    const sb = await sandbox();
    const project = await makeProject(spreadImages(2, 2, 'o'), tmp);
    const manifest = path.join(project.dir, 'content', 'issue.draft.yaml');
    await writeFile(manifest, 'articles:\n  - o1.md\n  - o2.md\n');
    expect((await publish(project, sb, ['content/issue.draft.yaml'])).code).toBe(0);
    const first = sb.state.drafts[0]!.media_id;
    await writeFile(manifest, 'articles:\n  - o2.md\n  - o1.md\n');
    const kept = await publish(project, sb, ['content/issue.draft.yaml'], { verbose: true });
    expect(kept.err).toContain(`the previous one (${first}) stays in WeChat`);
    expect(sb.state.drafts).toHaveLength(2);
    const second = sb.state.drafts.find((d) => d.media_id !== first)!.media_id;
    await writeFile(manifest, 'articles:\n  - o1.md\n  - o2.md\n');
    const replaced = await publish(project, sb, ['content/issue.draft.yaml'], { replace: true });
    expect(replaced.code).toBe(0);
    expect(replaced.out).toContain(second);
    // the first draft (its list again) is now unknown to gzh.lock: a new one; the reordered one is deleted
    expect(sb.state.drafts.map((d) => d.media_id)).not.toContain(second);
    expect(sb.state.drafts.filter((d) => d.media_id !== first)).toHaveLength(1);
  });

  it('missing credentials without --sandbox: exit 2 with a hint that names --sandbox', async () => {
    const project = await makeProject([{ name: 'c.md', title: '没有凭据的一篇', images: 1 }], tmp);
    for (const env of [{}, { WECHAT_APP_ID: APP_ID }]) {
      const error = await publish(project, undefined, ['content/c.md'], {}, { ...env, XDG_CACHE_HOME: cacheDir }).catch((e: unknown) => e);
      expect(error).toMatchObject({ exitCode: 2, message: expect.stringContaining('WECHAT_APP_SECRET') });
      expect((error as { hint: string }).hint).toContain('--sandbox');
    }
  });
});

describe('a cover deleted from the material library in WeChat', () => {
  it('is uploaded again, for an update in place and for a new draft', async () => {
    const sb = await sandbox();
    const client = createWechatClient({ appId: APP_ID, appSecret: SECRET, apiBase: sb.apiBase, tokenCacheDir: false, env: {} });
    try {
      const project = await makeProject([{ name: 'c.md', title: '封面被删了', images: 1 }], tmp);
      expect((await publish(project, sb, ['content/c.md'])).code).toBe(0);
      const thumb = () => sb.state.drafts[0]!.articles[0]!.thumb_media_id;
      const first = thumb();
      await client.deleteMaterial(first);
      await appendFile(project.files[0]!, '\n改一句。\n');
      const updated = await publish(project, sb, ['content/c.md']);
      expect(updated.code).toBe(0);
      expect(updated.err).toContain('the cover was uploaded again');
      expect(sb.state.drafts).toHaveLength(1);
      expect(thumb()).not.toBe(first);

      // draft and cover both gone: a new draft with a new cover
      const second = thumb();
      await client.deleteDraft(sb.state.drafts[0]!.media_id);
      await client.deleteMaterial(second);
      const recreated = await publish(project, sb, ['content/c.md']);
      expect(recreated.code).toBe(0);
      expect(sb.state.drafts).toHaveLength(1);
      expect(sb.state.materials.map((m) => m.media_id)).toContain(thumb());
    } finally {
      await client.close();
    }
  });
});

describe('--dry-run', () => {
  it('sends no request, with or without credentials, and plans from gzh.lock', async () => {
    const sb = await sandbox();
    const project = await makeProject(spreadImages(2, 3, 'd'), tmp);
    const plan = await publish(project, sb, ['content'], { dryRun: true });
    expect(plan.code).toBe(0);
    expect(plan.out).toContain('Plan: create a new draft');
    expect(plan.out).toMatch(/^create content\/d1\.md \(article 1, 3 images to upload\)$/m);
    expect(plan.out).toMatch(/^requests: 3 × media\/uploadimg, 2 × material\/add_material, draft\/add, draft\/get$/m);
    expect(sb.log).toEqual([]);
    expect(await readdir(project.dir)).not.toContain('gzh.lock');

    expect((await publish(project, sb, ['content'])).code).toBe(0);
    const from = sb.log.length;
    const keep = await publish(project, sb, ['content'], { dryRun: true });
    expect(keep.out).toContain(`Plan: nothing to change in draft ${sb.state.drafts[0]!.media_id}`);

    // no credentials at all: still works, and finds the one account gzh.lock knows for this API base
    await appendFile(project.files[1]!, '\n改了一句。\n');
    const noCreds = await publish(project, undefined, ['content'], { dryRun: true }, { WECHAT_API_BASE: sb.apiBase, XDG_CACHE_HOME: cacheDir });
    expect(noCreds.code).toBe(0);
    expect(noCreds.out).toContain(`Plan: update draft ${sb.state.drafts[0]!.media_id}`);
    expect(noCreds.out).toMatch(/^unchanged content\/d1\.md/m);
    expect(noCreds.out).toMatch(/^update content\/d2\.md/m);
    const bare = await publish(project, undefined, ['content'], { dryRun: true }, { XDG_CACHE_HOME: cacheDir });
    expect(bare.code).toBe(0);
    expect(sb.log.length).toBe(from);
  });
});

describe('--dry-run with a remote image', () => {
  it('fetches nothing: the image is planned as to download and upload', async () => {
    const sb = await sandbox();
    let hits = 0;
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3366cc' } }).png().toBuffer();
    const server = http.createServer((_req, res) => {
      hits++;
      res.writeHead(200, { 'content-type': 'image/png' }).end(png);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as { port: number }).port;
      const project = await makeProject([{ name: 'r.md', title: '远程图片的一篇', images: 1, extra: `![远程](http://127.0.0.1:${port}/remote.png)` }], tmp);
      // the image host is this machine: a LAN host as far as gzh is concerned
      await writeFile(path.join(project.dir, 'gzh.config.json'), JSON.stringify({ images: { allowPrivateHosts: true } }));
      const plan = await publish(project, sb, ['content/r.md'], { dryRun: true, verbose: true });
      expect(plan.code).toBe(0);
      expect(hits).toBe(0);
      expect(sb.log).toEqual([]);
      expect(plan.out).toContain('2 images to upload, 1 remote to download and upload');
      expect(plan.err).toMatch(/content\/r\.md:\d+:1 +info +http:\/\/127\.0\.0\.1:\d+\/remote\.png: not checked \(a dry run fetches nothing\)/);
      // the real run downloads it once; a dry run after it knows it by URL
      expect((await publish(project, sb, ['content/r.md'])).code).toBe(0);
      expect(hits).toBe(1);
      const again = await publish(project, sb, ['content/r.md'], { dryRun: true });
      expect(again.out).toContain('Plan: nothing to change');
      expect(hits).toBe(1);
    } finally {
      server.close();
    }
  });
});

describe('secrets', () => {
  it('neither the app secret nor the access token appears in output, gzh.lock or any project file', async () => {
    const sb = await sandbox({ publishPolls: 0 });
    const project = await makeProject(spreadImages(2, 3, 's'), tmp);
    const runs: { out: string; err: string }[] = [await publish(project, sb, ['content']), await publish(project, sb, ['content'], { json: true })];
    sb.setFaults({ publishFinalStatus: 3 });
    runs.push(await publish(project, sb, ['content'], { submit: true, json: true }));
    // a failing call prints the API's error text too
    sb.setFaults({ ipNotWhitelisted: '203.0.113.7', endpoints: ['draft/get'] });
    await appendFile(project.files[0]!, '\n再改一句。\n');
    const failing = await publishCatching(project, sb, ['content']);
    expect(failing.error).toMatchObject({ errcode: 40164 });
    runs.push({ ...failing, err: `${failing.err}\n${failing.error!.message}\n${failing.error!.hint ?? ''}` });
    sb.setFaults({ ipNotWhitelisted: null, endpoints: null });

    const client = createWechatClient({ appId: APP_ID, appSecret: SECRET, apiBase: sb.apiBase, tokenCacheDir: path.join(cacheDir, 'gzh'), env: {} });
    const token = await client.getAccessToken();
    await client.close();
    expect(token.length).toBeGreaterThan(20);
    // the CLI used this same token (stable_token answers the valid one): prove it was sent
    expect(countEndpoints(sb)['stable_token']).toBeGreaterThanOrEqual(1);

    const texts = runs.flatMap((r) => [r.out, r.err]);
    for (const file of await listFiles(project.dir)) texts.push(await readFile(file, 'utf8'));
    expect(texts.join('\n')).toContain('gzh.lock' /* sanity: the note about the lock file is in there */);
    for (const text of texts) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(token);
    }
  });
});

describe('--submit', () => {
  it('publishes and waits: exit 0, URLs printed, recorded in gzh.lock; the draft leaves the draft box', async () => {
    const sb = await sandbox({ publishPolls: 0 });
    const project = await makeProject([{ name: 'p.md', title: '发布成功的一篇', images: 1 }], tmp);
    const r = await publish(project, sb, ['content/p.md'], { submit: true });
    expect(r.code).toBe(0);
    const [published] = sb.state.publishes;
    expect(published!.status).toBe(0);
    expect(r.out).toContain(`published (${published!.publish_id})`);
    expect(r.out).toContain(`${sb.url}/s/${published!.article_id}/1`);
    expect(sb.state.drafts).toHaveLength(0);
    const account = (await lockOf(project)).accounts[`${APP_ID}@${sb.apiBase}`]!;
    expect(account.publishes[String(published!.publish_id)]).toMatchObject({ status: expect.any(String), urls: [`${sb.url}/s/${published!.article_id}/1`] });
    expect(account.drafts['content/p.md']).toMatchObject({ published: String(published!.publish_id) });
  });

  it('an account that may not publish (48001) gets the reason and keeps its draft', async () => {
    const sb = await sandbox({ publishPolls: 0, faults: { errcode: { errcode: 48001, count: 1 }, endpoints: ['freepublish/submit'] } });
    const project = await makeProject([{ name: 'u.md', title: '未认证的账号', images: 1 }], tmp);
    const r = await publishCatching(project, sb, ['content/u.md'], { submit: true });
    expect(r.error).toMatchObject({ errcode: 48001, hint: expect.stringContaining('unverified subscription accounts') });
    expect(sb.state.drafts).toHaveLength(1);
    expect(sb.state.publishes).toHaveLength(0);
  });

  it('a rerun of a published, unchanged article posts nothing again (with or without --submit)', async () => {
    const sb = await sandbox({ publishPolls: 0 });
    const project = await makeProject([{ name: 'p.md', title: '只发布一次', images: 1 }], tmp);
    expect((await publish(project, sb, ['content/p.md'], { submit: true })).code).toBe(0);
    const from = sb.log.length;
    for (const options of [{ submit: true }, {}]) {
      const again = await publish(project, sb, ['content/p.md'], options);
      expect(again.code).toBe(0);
      expect(again.out).toContain('unchanged');
    }
    const sent = countEndpoints(sb, from);
    expect(sent['freepublish/submit'] ?? 0).toBe(0);
    expect(sent['draft/add'] ?? 0).toBe(0);
    expect(sb.state.publishes).toHaveLength(1);
  });

  it('a submit cut off while waiting is waited for on the rerun, not submitted again', async () => {
    const sb = await sandbox({ publishPolls: 50 });
    const project = await makeProject([{ name: 'w.md', title: '发布要等很久', images: 1 }], tmp);
    const first = await publishCatching(project, sb, ['content/w.md'], { submit: true, timeout: '1' });
    expect(first.error).toMatchObject({ code: 'publish/timeout' });
    expect(first.error!.hint).toContain('waits for this submit');
    expect(sb.state.publishes).toHaveLength(1);
    sb.state.publishes[0]!.pollsLeft = 1;
    const again = await publish(project, sb, ['content/w.md'], { submit: true });
    expect(again.code).toBe(0);
    expect(sb.state.publishes).toHaveLength(1);
    expect(sb.state.publishes[0]!.status).toBe(0);
    expect(again.out).toContain(`published (${sb.state.publishes[0]!.publish_id})`);
  });

  it.each([
    [3, /ended with status 3/],
    [4, /ended with status 4: .*\(article 1\)/],
  ])('final status %i: exit 1, says why, keeps the draft', async (status, message) => {
    const sb = await sandbox({ publishPolls: 0, faults: { publishFinalStatus: status } });
    const project = await makeProject([{ name: 'f.md', title: `发布失败的一篇 ${status}`, images: 1 }], tmp);
    const r = await publish(project, sb, ['content/f.md'], { submit: true });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(message);
    expect(r.err).toContain('The draft is still there');
    expect(sb.state.drafts).toHaveLength(1);
    expect(sb.state.publishes[0]!.status).toBe(status);

    const json = await publish(project, sb, ['content/f.md'], { submit: true, json: true });
    expect(json.code).toBe(1);
    const result = JSON.parse(json.out) as JsonResult & { publish: { status: number } };
    expect(result.ok).toBe(false);
    expect(result.publish.status).toBe(status);
  });
});

describe('faults during publish still leave exactly one draft', () => {
  it('token invalidated, HTTP 500s and a reset during the uploads', async () => {
    const sb = await sandbox();
    const project = await makeProject(spreadImages(3, 6, 'u'), tmp);
    sb.setFaults({ invalidateTokenAfter: 4, http500: 2, dropConnections: 1, endpoints: ['media/uploadimg', 'material/add_material'] });
    const r = await publish(project, sb, ['content']);
    expect(r.code).toBe(0);
    const failed = sb.log.filter((e) => e.status !== 200);
    expect(failed.length).toBeGreaterThanOrEqual(3);
    expect(sb.log.some((e) => e.errcode === 40001)).toBe(true);
    expect(sb.state.drafts).toHaveLength(1);
    // nothing that was answered was uploaded twice
    expect(storedUploads(sb, 'media/uploadimg')).toBe(6);
    expect(storedUploads(sb, 'material/add_material')).toBe(3);

    const from = sb.log.length;
    expect((await publish(project, sb, ['content'])).code).toBe(0);
    expect(writeRequests(sb, from)).toEqual([]);
  });

  it('draft/add: a reset, an HTTP 500, then a lost answer after it was saved', async () => {
    const sb = await sandbox();
    const project = await makeProject(spreadImages(2, 2, 'r'), tmp);
    sb.setFaults({ dropConnections: 1, http500: 1, dropResponses: 1, endpoints: ['draft/add'] });
    const r = await publish(project, sb, ['content'], { json: true });
    expect(r.code).toBe(0);
    // status 0: no answer (connection reset before, answer dropped after saving); then found by draft/batchget
    expect(sb.log.filter((e) => e.endpoint === '/cgi-bin/draft/add').map((e) => `${e.status}/${e.errcode}`)).toEqual(['0/null', '500/null', '0/0']);
    expect(countEndpoints(sb)['draft/batchget']).toBeGreaterThanOrEqual(1);
    expect(sb.state.drafts).toHaveLength(1);
    const result = JSON.parse(r.out) as JsonResult;
    expect(result.media_id).toBe(sb.state.drafts[0]!.media_id);

    const client = createWechatClient({ appId: APP_ID, appSecret: SECRET, apiBase: sb.apiBase, tokenCacheDir: false, env: {} });
    expect((await client.countDrafts()).total_count).toBe(1);
    await client.close();
    const account = (await lockOf(project)).accounts[`${APP_ID}@${sb.apiBase}`]!;
    expect(account.drafts['content/r1.md\ncontent/r2.md']!.media_id).toBe(result.media_id);
    expect(account.journal).toEqual({});
  });
});

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && !/\.(png|jpe?g)$/.test(e.name)).map((e) => path.join(e.parentPath, e.name));
}

describe('--each', () => {
  it('one draft per manifest and per other article; a rerun sends nothing at all; an edit is one update; a blocked article does not stop the others', async () => {
    const sb = await sandbox();
    const project = await makeProject(spreadImages(3, 3, 'e'), tmp);
    await writeFile(path.join(project.dir, 'content', 'pair.draft.yaml'), 'articles:\n  - e2.md\n  - e3.md\n');
    const first = await publish(project, sb, ['content'], { each: true, json: true });
    expect(first.code).toBe(0);
    const result = JSON.parse(first.out) as { drafts: { draftKey: string; draft: string; articles: { file: string }[] }[] };
    expect(result.drafts.map((d) => [d.draftKey, d.draft, d.articles.length])).toEqual([
      ['manifest:content/pair.draft.yaml', 'created', 2],
      ['content/e1.md', 'created', 1],
    ]);
    expect(sb.state.drafts).toHaveLength(2);

    // converged: not even a read-back
    let from = sb.log.length;
    expect((await publish(project, sb, ['content'], { each: true })).code).toBe(0);
    expect(sb.log.slice(from).map((e) => e.endpoint)).toEqual([]);

    await appendFile(project.files[0]!, '\n补一句。\n');
    await writeFile(path.join(project.dir, 'content', 'bad.md'), '---\ntitle: 删前速看！\ncover: img/e1-1.png\n---\n正文\n');
    from = sb.log.length;
    const edited = await publish(project, sb, ['content'], { each: true });
    expect(edited.code).toBe(1);
    expect(edited.err).toMatch(/1 of 3 drafts can't be sent .*content\/bad\.md; publishing the others/);
    expect(writeRequests(sb, from)).toEqual(['/cgi-bin/draft/update']);
    expect(sb.state.drafts).toHaveLength(2);
  });
});

describe('--dry-run prints what the real run then does', () => {
  const count = (names: string[]) => names.reduce<Record<string, number>>((acc, n) => ({ ...acc, [n]: (acc[n] ?? 0) + 1 }), {});
  /** The plan's requests, and the ones the sandbox then saw (the token aside; status polls counted once). */
  async function compare(project: Project, sb: Sandbox, args: string[], options: Record<string, unknown> = {}) {
    const dry = await publish(project, sb, args, { ...options, dryRun: true, json: true });
    const plan = (JSON.parse(dry.out) as { plan: { drafts: { steps: { request: string }[] }[] } }).plan;
    const planned = plan.drafts.flatMap((d) => d.steps.map((s) => s.request));
    const from = sb.log.length;
    const real = await publish(project, sb, args, options);
    expect(real.code, real.err).toBe(0);
    const sent = sb.log.slice(from).map((e) => e.endpoint.replace('/cgi-bin/', '')).filter((e) => e !== 'stable_token');
    const polls = (names: string[]) => names.filter((n, i) => n !== 'freepublish/get' || names.indexOf(n) === i);
    expect(count(polls(sent))).toEqual(count(planned));
    return planned;
  }

  it('creates, keeps, updates in place and submits exactly as planned', async () => {
    const sb = await sandbox();
    const project = await makeProject(spreadImages(2, 4, 'q'), tmp);
    expect(await compare(project, sb, ['content'])).toContain('draft/add');
    expect(await compare(project, sb, ['content'])).toEqual(['draft/get']);
    await appendFile(project.files[1]!, '\n再加一句。\n');
    expect(await compare(project, sb, ['content'])).toEqual(['draft/update', 'draft/get']);
    expect(await compare(project, sb, ['content'], { submit: true })).toEqual(['draft/get', 'freepublish/submit', 'freepublish/get']);
    // published and unchanged: nothing planned, nothing sent
    expect(await compare(project, sb, ['content'], { submit: true })).toEqual([]);
  });
});
