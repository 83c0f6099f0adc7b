import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageRef } from '../../src/compile/types.js';
import {
  BODY_IMAGE_MAX_BYTES,
  ImageBatchError,
  MemoryLedger,
  listImageSources,
  prepareArticleImages,
  rewriteImageSources,
  writeBuildImages,
} from '../../src/images/index.js';
import type { ImageUploader, LedgerEntry, MediaLedger } from '../../src/images/index.js';
import { makeAnimatedGif, makePhoto, makeSvg, makeTransparentPng } from './make-images.js';

/** Records every call; answers like WeChat. */
class FakeUploader implements ImageUploader {
  calls: { endpoint: 'uploadimg' | 'add_material'; filename: string; bytes: Uint8Array; type?: string }[] = [];
  failAfter = Infinity;

  async uploadImage(bytes: Uint8Array, filename: string): Promise<{ url: string }> {
    this.check();
    this.calls.push({ endpoint: 'uploadimg', filename, bytes });
    return { url: `https://mmbiz.qpic.cn/fake/${this.calls.length}?wx_fmt=${filename.split('.').pop()}` };
  }

  async addMaterial(bytes: Uint8Array, filename: string, type: 'image' | 'thumb'): Promise<{ media_id: string; url?: string }> {
    this.check();
    this.calls.push({ endpoint: 'add_material', filename, bytes, type });
    return { media_id: `MEDIA_${this.calls.length}`, url: `https://mmbiz.qpic.cn/material/${this.calls.length}` };
  }

  private check(): void {
    if (this.calls.length >= this.failAfter) throw new Error('connection reset');
  }
}

/** A ledger that records when `set` happens, to check entries land right after each upload. */
class RecordingLedger implements MediaLedger {
  inner = new MemoryLedger();
  log: string[] = [];
  get(key: string): LedgerEntry | undefined {
    return this.inner.get(key);
  }
  set(key: string, entry: LedgerEntry): void {
    this.log.push(entry.kind);
    this.inner.set(key, entry);
  }
}

let dir: string;
let article: string;
let server: http.Server;
let remoteUrl: string;
let remoteHits = 0;
const real = { apiBase: 'https://api.weixin.qq.com', appId: 'wx123' };
const sandbox = { apiBase: 'http://127.0.0.1:9999', appId: 'wx123' };
const remote = { timeoutMs: 5000, maxBytes: 20 * 1024 * 1024, allowPrivateHosts: true };

let images: ImageRef[];
let html: string;

function ref(src: string, line: number, index: number): ImageRef {
  return { src, alt: '', line, column: 1, index };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gzh-prepare-'));
  fs.mkdirSync(path.join(dir, 'content', 'img'), { recursive: true });
  article = path.join(dir, 'content', 'post.md');
  const photo = await makePhoto(3000, 2000, { gps: true });
  fs.writeFileSync(path.join(dir, 'content', 'img', 'photo.jpg'), photo);
  fs.writeFileSync(path.join(dir, 'content', 'img', 'logo.png'), await makeTransparentPng(600, 300));
  fs.writeFileSync(path.join(dir, 'content', 'img', 'photo-copy.jpg'), photo);
  fs.writeFileSync(path.join(dir, 'content', 'img', 'anim.gif'), await makeAnimatedGif(320, 160, 3));
  fs.writeFileSync(path.join(dir, 'content', 'img', 'icon.svg'), makeSvg(200, 100));
  fs.writeFileSync(path.join(dir, 'content', 'img', 'broken.jpg'), photo.subarray(0, 20_000));
  fs.writeFileSync(path.join(dir, 'content', 'img', 'notes.png'), 'just some notes\n');
  const remotePng = await makeTransparentPng(300, 150);
  server = http.createServer((_req, res) => {
    remoteHits++;
    res.writeHead(200, { 'content-type': 'image/png' }).end(remotePng);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  remoteUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/chart.png`;
  const tinyPng = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#f00' } }).png().toBuffer();

  images = [
    ref('img/photo.jpg', 3, 0),
    ref('img/logo.png', 5, 1),
    ref('img/anim.gif', 7, 2),
    ref('img/icon.svg', 9, 3),
    ref('./img/photo.jpg', 11, 4), // same file again: one upload
    ref('https://mmbiz.qpic.cn/mmbiz_png/already/0?wx_fmt=png', 13, 5),
    ref(remoteUrl, 15, 6),
    ref(`data:image/png;base64,${tinyPng.toString('base64')}`, 17, 7),
  ];
  html = images.map((i) => `<p><img src="${i.src}" alt=""></p>`).join('\n') + '\n<pre><code>&lt;img src="img/photo.jpg"&gt;</code></pre>';
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(dir, { recursive: true, force: true });
});

const input = () => ({ articleFile: article, root: dir, images, maxWidth: 1080, remote });

describe('prepareArticleImages', () => {
  it('uploads each distinct image once, rewrites every src, and uploads nothing on a second run', async () => {
    const uploader = new FakeUploader();
    const ledger = new RecordingLedger();
    const progress: [number, number, string][] = [];
    const first = await prepareArticleImages(input(), {
      uploader,
      ledger,
      ledgerScope: real,
      onProgress: (done, total, label) => progress.push([done, total, label]),
      uploadConcurrency: 2,
    });

    // 6 distinct body images (photo, logo, gif, svg, remote, data) + the cover.
    expect(first.uploads).toBe(7);
    expect(uploader.calls).toHaveLength(7);
    expect(ledger.log).toHaveLength(8); // + the remote image's URL key
    const byName = (n: string) => uploader.calls.filter((c) => c.filename.startsWith(n));
    expect(byName('photo').map((c) => c.endpoint).sort()).toEqual(['add_material', 'uploadimg']);
    // the name carries the start of the ledger key: a material whose answer was lost is found again by it
    expect(byName('anim')).toMatchObject([{ endpoint: 'add_material', type: 'image', filename: expect.stringMatching(/^anim-[0-9a-f]{16}\.gif$/) }]);
    expect(byName('icon')).toMatchObject([{ endpoint: 'uploadimg', filename: expect.stringMatching(/^icon-[0-9a-f]{16}\.png$/) }]);
    for (const call of uploader.calls.filter((c) => c.endpoint === 'uploadimg')) {
      expect(call.bytes.length).toBeLessThan(BODY_IMAGE_MAX_BYTES);
      expect(['jpeg', 'png']).toContain((await sharp(call.bytes).metadata()).format);
    }
    const photoUpload = byName('photo').find((c) => c.endpoint === 'uploadimg')!;
    const photoMeta = await sharp(photoUpload.bytes).metadata();
    expect(photoMeta.exif).toBeUndefined();
    expect(photoMeta.width).toBe(1080);
    expect((await sharp(byName('anim')[0]!.bytes, { animated: true }).metadata()).pages).toBe(3);

    // The cover: the first body image, as a material, with crops.
    expect(first.cover?.media_id).toMatch(/^MEDIA_/);
    expect(first.cover?.crops.pic_crop_235_1).toMatch(/^[\d.]+_[\d.]+_[\d.]+_[\d.]+$/);
    expect(first.cover?.crops.pic_crop_1_1).toMatch(/^[\d.]+_[\d.]+_[\d.]+_[\d.]+$/);

    expect([...first.urlsByIndex.keys()].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(first.urlsByIndex.get(0)).toBe(first.urlsByIndex.get(4));
    expect(first.urlsByIndex.get(5)).toBe(images[5]!.src);
    const rewritten = rewriteImageSources(html, first.urlsByIndex);
    for (const src of listImageSources(rewritten)) expect(src).toMatch(/^https:\/\/mmbiz\.qpic\.cn\//);
    expect(rewritten).toContain('&lt;img src="img/photo.jpg"&gt;'); // code untouched

    expect(progress[0]).toEqual([0, 7, 'images']);
    expect(progress.at(-1)?.slice(0, 2)).toEqual([7, 7]);
    expect(first.messages.some((m) => m.ruleId === 'image/optimised' && /resized 3000×2000 → 1080×720/.test(m.message))).toBe(true);

    const hitsBefore = remoteHits;
    const second = await prepareArticleImages(input(), { uploader, ledger, ledgerScope: real });
    expect(second.uploads).toBe(0);
    expect(uploader.calls).toHaveLength(7);
    expect(second.urlsByIndex).toEqual(first.urlsByIndex);
    expect(second.cover).toEqual(first.cover);
    expect(remoteHits).toBe(hitsBefore + 1); // re-downloaded to check its content, not re-uploaded

    // Same ledger, another API base (the sandbox): nothing is reused.
    const sandboxUploader = new FakeUploader();
    const third = await prepareArticleImages(input(), { uploader: sandboxUploader, ledger, ledgerScope: sandbox });
    expect(third.uploads).toBe(7);
  });

  it('records each upload at once, so a crash mid-batch only costs the missing ones', async () => {
    const ledger = new MemoryLedger();
    const flaky = new FakeUploader();
    flaky.failAfter = 3;
    const error = await prepareArticleImages(input(), { uploader: flaky, ledger, ledgerScope: real, concurrency: 1, uploadConcurrency: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageBatchError);
    expect((error as ImageBatchError).errors.length).toBe(4);
    expect((error as ImageBatchError).message).toMatch(/connection reset/);

    const retry = new FakeUploader();
    const done = await prepareArticleImages(input(), { uploader: retry, ledger, ledgerScope: real });
    expect(done.uploads).toBe(4);
  });

  it('reports every broken image of the article together, with lines', async () => {
    const bad = [
      ref('img/photo.jpg', 2, 0),
      ref('img/phto.jpg', 4, 1),
      ref('img/broken.jpg', 6, 2),
      ref('img/notes.png', 8, 3),
      ref('../../outside.png', 10, 4),
    ];
    const uploader = new FakeUploader();
    const error = await prepareArticleImages({ ...input(), images: bad }, { uploader, ledger: new MemoryLedger(), ledgerScope: real }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageBatchError);
    const batch = error as ImageBatchError;
    expect(batch.errors.map((e) => [e.line, e.code])).toEqual([
      [4, 'image/not-found'],
      [6, 'image/broken'],
      [8, 'image/not-image'],
      [10, 'image/outside-root'],
    ]);
    expect(batch.errors[0]!.hint).toBe('Did you mean photo.jpg?');
    expect(batch.errors[1]!.message).toContain('img/broken.jpg');
    expect(batch.message).toContain(`${article}:8:1`);
    expect(batch.toMessages()).toHaveLength(4);
  });

  it('uploads two files with the same bytes once', async () => {
    const uploader = new FakeUploader();
    const twins = [ref('img/photo.jpg', 2, 0), ref('img/photo-copy.jpg', 4, 1)];
    const result = await prepareArticleImages({ ...input(), images: twins, withCover: false }, { uploader, ledger: new MemoryLedger(), ledgerScope: real });
    expect(uploader.calls).toHaveLength(1);
    expect(result.urlsByIndex.get(0)).toBe(result.urlsByIndex.get(1));
  });

  it('without an uploader only validates and optimises', async () => {
    const result = await prepareArticleImages(input(), { ledger: new MemoryLedger(), ledgerScope: real });
    expect(result.uploads).toBe(0);
    expect([...result.urlsByIndex.keys()]).toEqual([5]);
    expect(result.cover).toBeUndefined();
    expect(result.coverCrops?.pic_crop_1_1).toBeTruthy();
    expect(result.messages.filter((m) => m.ruleId === 'image/optimised').length).toBe(7);
  });

  it('keeps front-matter crops and cover', async () => {
    const uploader = new FakeUploader();
    const result = await prepareArticleImages(
      { ...input(), images: images.slice(0, 2), cover: { src: 'img/logo.png', line: 2 }, coverCrops: { pic_crop_1_1: '0_0_0.5_1' } },
      { uploader, ledger: new MemoryLedger(), ledgerScope: real },
    );
    expect(result.cover?.crops.pic_crop_1_1).toBe('0_0_0.5_1');
    expect(result.cover?.crops.pic_crop_235_1).toMatch(/_/);
    expect(uploader.calls.find((c) => c.endpoint === 'add_material')?.filename).toMatch(/^logo-[0-9a-f]{16}\.png$/);
  });
});


describe('writeBuildImages', () => {
  it('writes optimised copies beside the HTML and reuses them next time', async () => {
    const outDir = path.join(dir, 'dist');
    const built = await writeBuildImages({ ...input(), outDir });
    expect(built.written).toBe(6);
    expect(built.pathsByIndex.get(0)).toMatch(/^images\/photo-[0-9a-f]{10}\.jpg$/);
    expect(built.pathsByIndex.get(0)).toBe(built.pathsByIndex.get(4));
    expect(built.pathsByIndex.get(2)).toMatch(/\.gif$/);
    expect(built.pathsByIndex.get(3)).toMatch(/^images\/icon-.*\.png$/);
    expect(built.pathsByIndex.get(5)).toBe(images[5]!.src);
    const meta = await sharp(path.join(outDir, built.pathsByIndex.get(0)!)).metadata();
    expect(meta.width).toBe(1080);
    expect(meta.exif).toBeUndefined();
    const again = await writeBuildImages({ ...input(), outDir });
    expect(again.written).toBe(0);
    expect(again.pathsByIndex).toEqual(built.pathsByIndex);
  });
});
