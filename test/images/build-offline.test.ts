/**
 * `gzh build` with the world's broken images (issue 13 §2): a remote image that cannot be had — 404, a
 * server that hangs past the timeout, a connection reset, a host that does not resolve, an HTML page, a
 * private address — keeps its URL in the HTML with a warning that says where and why; local problems stay
 * errors. Real HTTP on 127.0.0.1 (allowed by `allowPrivateHosts`, as a LAN image host would be).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageRef } from '../../src/compile/types.js';
import { ImageBatchError, rewriteImageSources, writeBuildImages } from '../../src/images/index.js';
import { startLocalServer, type LocalServer } from './local-server.js';
import { makePhoto, makeTransparentPng } from './make-images.js';

let dir: string;
let article: string;
let server: LocalServer;
let base: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gzh-offline-'));
  fs.mkdirSync(path.join(dir, 'content', 'img'), { recursive: true });
  article = path.join(dir, 'content', 'readme.md');
  fs.writeFileSync(path.join(dir, 'content', 'img', 'local.png'), await makeTransparentPng(120, 60));
  const photo = await makePhoto(300, 200);
  server = await startLocalServer((req, res) => {
    const url = req.url ?? '/';
    if (url === '/ok.jpg') res.writeHead(200, { 'content-type': 'image/jpeg' }).end(photo);
    else if (url === '/hang.svg') return; // never answers
    else if (url === '/reset.png') req.socket.resetAndDestroy();
    else if (url === '/portal.png') res.writeHead(200, { 'content-type': 'image/png' }).end('<!doctype html><title>Sign in to the Wi-Fi</title>');
    else res.writeHead(404).end('not here');
  });
  base = server.base;
});

afterAll(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const ref = (src: string, line: number, index: number): ImageRef => ({ src, alt: '', line, column: 3, index });
const lan = { timeoutMs: 400, maxBytes: 5 * 1024 * 1024, allowPrivateHosts: true };
const htmlOf = (images: ImageRef[]) => images.map((i) => `<p><img src="${i.src}" alt=""></p>`).join('\n');

describe('writeBuildImages with unreachable remote images', () => {
  it('keeps each failed remote image as its URL with a warning saying where and why', async () => {
    const images = [
      ref('img/local.png', 3, 0),
      ref(`${base}/ok.jpg`, 5, 1),
      ref(`${base}/missing.svg`, 7, 2),
      ref(`${base}/hang.svg`, 9, 3),
      ref(`${base}/reset.png`, 11, 4),
      ref('https://badges.invalid/npm/v/gzh.svg', 13, 5),
      ref(`${base}/portal.png`, 15, 6),
      ref(`${base}/missing.svg`, 17, 7), // the same URL again: one warning, both kept
    ];
    const outDir = path.join(dir, 'dist-a');
    const built = await writeBuildImages({ articleFile: 'content/readme.md', root: dir, cwd: dir, images, maxWidth: 1080, remote: lan, outDir });

    expect([...built.pathsByIndex.keys()].sort()).toEqual([0, 1]);
    expect(fs.existsSync(path.join(outDir, built.pathsByIndex.get(1)!))).toBe(true);
    const html = rewriteImageSources(htmlOf(images), built.pathsByIndex);
    for (const i of [2, 3, 4, 5, 6, 7]) expect(html).toContain(`<img src="${images[i]!.src}"`);
    expect(html).toContain(`<img src="${built.pathsByIndex.get(0)}"`);

    const warnings = built.messages.filter((m) => m.severity === 'warn');
    expect(warnings.map((m) => [m.ruleId, m.file, m.line, m.column])).toEqual(
      [7, 9, 11, 13, 15].map((line) => ['image/remote-unavailable', 'content/readme.md', line, 3]),
    );
    const why = warnings.map((m) => m.message);
    expect(why[0]).toBe(`${base}/missing.svg: HTTP 404: kept as a remote URL, publish fetches it again (Check the URL)`);
    expect(why[1]).toMatch(/hang\.svg: timed out after 400 ms/);
    expect(why[2]).toMatch(/reset\.png: .*ECONNRESET/);
    expect(why[3]).toMatch(/^https:\/\/badges\.invalid\/npm\/v\/gzh\.svg: host badges\.invalid not found \(ENOTFOUND\)/);
    expect(why[4]).toMatch(/portal\.png: not an image: an HTML page, 50 B/);

    expect(built.outcomes.map((o) => [o.line, o.status, o.code ?? o.path])).toEqual([
      [3, 'written', built.pathsByIndex.get(0)],
      [5, 'written', built.pathsByIndex.get(1)],
      [7, 'kept-url', 'image/fetch-failed'],
      [9, 'kept-url', 'image/fetch-timeout'],
      [11, 'kept-url', 'image/fetch-failed'],
      [13, 'kept-url', 'image/fetch-failed'],
      [15, 'kept-url', 'image/not-image'],
    ]);
    expect(built.outcomes.find((o) => o.line === 7)!.indexes).toEqual([2, 7]);

    const again = await writeBuildImages({ articleFile: 'content/readme.md', root: dir, cwd: dir, images: images.slice(0, 2), maxWidth: 1080, remote: lan, outDir });
    expect(again.outcomes.map((o) => o.status)).toEqual(['reused', 'reused']);
  });

  it('keeps a private address as a URL with a warning when private hosts are not allowed', async () => {
    const images = [ref('http://169.254.169.254/latest/meta-data/logo.png', 4, 0), ref(`${base}/ok.jpg`, 6, 1)];
    const built = await writeBuildImages({
      articleFile: 'content/readme.md',
      root: dir,
      cwd: dir,
      images,
      maxWidth: 1080,
      remote: { ...lan, allowPrivateHosts: false },
      outDir: path.join(dir, 'dist-b'),
    });
    expect(built.pathsByIndex.size).toBe(0);
    expect(built.outcomes.map((o) => o.code)).toEqual(['image/private-address', 'image/private-address']);
    expect(built.messages[0]!.message).toMatch(/169\.254\.169\.254 is a link-local address .*images\.allowPrivateHosts: true/);
    expect(built.messages[1]!.message).toMatch(/127\.0\.0\.1 is a loopback address/);
  });

  it('local problems stay errors, and the remote warnings travel with them', async () => {
    const images = [ref('img/nope.png', 2, 0), ref(`${base}/missing.svg`, 4, 1), ref('img/local.png', 6, 2)];
    const error = await writeBuildImages({ articleFile: 'content/readme.md', root: dir, cwd: dir, images, maxWidth: 1080, remote: lan, outDir: path.join(dir, 'dist-c') }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ImageBatchError);
    const batch = error as ImageBatchError;
    expect(batch.errors.map((e) => [e.code, e.line])).toEqual([['image/not-found', 2]]);
    expect(batch.toMessages().map((m) => [m.severity, m.ruleId, m.line])).toEqual([
      ['error', 'image/not-found', 2],
      ['warn', 'image/remote-unavailable', 4],
      ['info', 'image/optimised', 6],
    ]);
  });
});

