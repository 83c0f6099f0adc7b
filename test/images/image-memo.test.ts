/**
 * One build's ImageMemo: a picture shared by many articles is resolved, sniffed, read and hashed once. Seen
 * from outside: once a run has used a picture, a later article of the same run is served from the memo even
 * if the file has gone since (a new run, without the memo, finds out).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { checkImages } from '../../src/check/check-images.js';
import { articleFields } from '../../src/check/article-fields.js';
import { compileArticle } from '../../src/compile/index.js';
import { defaultConfig } from '../../src/config/schema.js';
import { ImageBatchError, ImageMemo, resolveImageSource, writeBuildImages } from '../../src/images/index.js';
import { makeTransparentPng } from './make-images.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gzh-image-memo-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const remote = { timeoutMs: 1000, maxBytes: 1e6, allowPrivateHosts: false };

async function project(): Promise<{ root: string; picture: string }> {
  const root = fs.mkdtempSync(path.join(dir, 'p-'));
  fs.mkdirSync(path.join(root, 'content', '图片'), { recursive: true });
  const picture = path.join(root, 'content', '图片', '封面.png');
  fs.writeFileSync(picture, await makeTransparentPng(64, 32));
  return { root, picture };
}

const build = (root: string, article: string, imageMemo?: ImageMemo) =>
  writeBuildImages({ articleFile: path.join(root, 'content', article), root, images: [{ index: 0, src: '图片/封面.png', alt: '', line: 3, column: 1 }], maxWidth: 1080, remote, outDir: path.join(root, 'dist'), imageMemo });

it('resolves a shared src once per run', async () => {
  const { root, picture } = await project();
  const memo = new ImageMemo();
  const ctx = { articleFile: path.join(root, 'content', 'a.md'), root, memo };
  const first = resolveImageSource({ src: '图片/封面.png', line: 1 }, ctx);
  expect(first).toMatchObject({ kind: 'local', path: fs.realpathSync(picture) });
  fs.rmSync(picture);
  expect(resolveImageSource({ src: '图片/封面.png', line: 9 }, { ...ctx, articleFile: path.join(root, 'content', 'b.md') })).toEqual(first);
  // another folder, another run: resolved afresh
  expect(() => resolveImageSource({ src: '图片/封面.png', line: 1 }, { ...ctx, memo: undefined })).toThrow(/Image not found/);
  expect(() => resolveImageSource({ src: '图片/封面.png', line: 1 }, { ...ctx, articleFile: path.join(root, 'other', 'c.md') })).toThrow(/Image not found/);
});

it('copies a picture for the first article and reuses the copy for the next without reading it again', async () => {
  const { root, picture } = await project();
  const memo = new ImageMemo();
  const a = await build(root, 'a.md', memo);
  expect(a.outcomes.map((o) => o.status)).toEqual(['written']);
  fs.rmSync(picture);
  const b = await build(root, 'b.md', memo);
  expect(b.outcomes.map((o) => o.status)).toEqual(['reused']);
  expect(b.pathsByIndex).toEqual(a.pathsByIndex);
  expect(b.written).toBe(0);
  // without this run's memo, the missing file is an error, as it always was
  await expect(build(root, 'c.md')).rejects.toBeInstanceOf(ImageBatchError);
});

it('a failed picture is not remembered: the next article of the run tries again', async () => {
  const { root, picture } = await project();
  const memo = new ImageMemo();
  fs.writeFileSync(picture, 'not an image at all');
  await expect(build(root, 'a.md', memo)).rejects.toBeInstanceOf(ImageBatchError);
  fs.writeFileSync(picture, await makeTransparentPng(64, 32));
  expect((await build(root, 'b.md', memo)).outcomes.map((o) => o.status)).toEqual(['written']);
});

it('sniffs a shared picture once per run, and still catches a fake one', async () => {
  const { root, picture } = await project();
  const markdown = '# 标题\n\n![](图片/封面.png)\n';
  const article = { ...compileArticle(markdown, { file: "a.md", themeCss: "" }), file: path.join(root, 'content', 'a.md'), source: markdown };
  const memo = new ImageMemo();
  const fields = articleFields(article, defaultConfig(root));
  expect((await checkImages(article, fields, { root, cwd: root, imageMemo: memo })).messages).toEqual([]);
  fs.writeFileSync(picture, 'SECRET=1\n');
  expect((await checkImages(article, fields, { root, cwd: root, imageMemo: memo })).messages).toEqual([]);
  const fresh = await checkImages(article, fields, { root, cwd: root });
  expect(fresh.messages.map((m) => m.ruleId)).toEqual(['image/not-image']);
});
