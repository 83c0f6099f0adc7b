import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchRemoteImage, loadImage, resolveImageSource } from '../../src/images/index.js';
import { caughtGzhError, startLocalServer, type LocalServer } from './local-server.js';
import { makePhoto } from './make-images.js';

let server: LocalServer;
let base: string;
let photo: Buffer;
let hugeSent = 0;
let hugeClosed: Promise<void>;

beforeAll(async () => {
  photo = await makePhoto(300, 200);
  let markClosed = () => {};
  hugeClosed = new Promise((resolve) => (markClosed = resolve));
  server = await startLocalServer((req, res) => {
    const url = req.url ?? '/';
    if (url === '/photo.png') {
      res.writeHead(200, { 'content-type': 'text/html' }); // lies: magic bytes decide
      res.end(photo);
    } else if (url === '/slow') {
      res.writeHead(200, { 'content-type': 'image/jpeg' });
      res.write(photo.subarray(0, 100)); // then stalls
    } else if (url === '/huge') {
      res.writeHead(200, { 'content-type': 'image/jpeg' }); // no content-length: only streaming can stop it
      const chunk = Buffer.alloc(64 * 1024, 0xff);
      const pump = () => {
        while (hugeSent < 200 * 1024 * 1024) {
          hugeSent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', markClosed);
      pump();
    } else if (url === '/declared-huge') {
      res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': String(500 * 1024 * 1024) });
      res.write(photo);
    } else if (url === '/loop-a' || url === '/loop-b') {
      res.writeHead(302, { location: url === '/loop-a' ? '/loop-b' : '/loop-a' });
      res.end();
    } else if (url.startsWith('/chain/')) {
      const n = Number(url.slice(7));
      if (n === 0) res.writeHead(200).end(photo);
      else res.writeHead(301, { location: `/chain/${n - 1}` }).end();
    } else if (url === '/to-ftp') {
      res.writeHead(302, { location: 'ftp://127.0.0.1/x.png' }).end();
    } else if (url === '/page') {
      res.writeHead(200, { 'content-type': 'image/png' }).end('<!doctype html><html><body>blocked</body></html>');
    } else {
      res.writeHead(404).end('nope');
    }
  });
  base = server.base;
});

afterAll(() => server.close());

const opts = { timeoutMs: 2000, maxBytes: 1024 * 1024, allowPrivateHosts: true };

describe('remote images', () => {
  it('fetches an image and decides its type by magic bytes', async () => {
    const source = resolveImageSource({ src: `${base}/photo.png`, line: 4 }, { articleFile: 'a.md', root: '/' });
    const loaded = await loadImage(source, { remote: opts });
    expect(loaded.format).toBe('jpeg');
    expect(loaded.bytes.equals(photo)).toBe(true);
  });

  it('follows up to 5 redirects and refuses more', async () => {
    const ok = await fetchRemoteImage(`${base}/chain/5`, opts);
    expect(ok.finalUrl).toBe(`${base}/chain/0`);
    const e = await caughtGzhError(fetchRemoteImage(`${base}/chain/6`, opts));
    expect(e.code).toBe('image/fetch-redirects');
    expect(e.message).toContain(`${base}/chain/6`);
  });

  it('detects a redirect loop', async () => {
    const e = await caughtGzhError(fetchRemoteImage(`${base}/loop-a`, opts));
    expect(e.code).toBe('image/fetch-redirects');
    expect(e.message).toMatch(/redirect loop/);
  });

  it('refuses redirects to other schemes', async () => {
    const e = await caughtGzhError(fetchRemoteImage(`${base}/to-ftp`, opts));
    expect(e.message).toMatch(/unsupported scheme ftp:/);
  });

  it('times out a stalled response', async () => {
    const e = await caughtGzhError(fetchRemoteImage(`${base}/slow`, { ...opts, timeoutMs: 300 }));
    expect(e.code).toBe('image/fetch-timeout');
    expect(e.message).toContain(`${base}/slow`);
  });

  it('aborts a streamed body once it passes the cap', async () => {
    const e = await caughtGzhError(fetchRemoteImage(`${base}/huge`, opts));
    expect(e.code).toBe('image/fetch-too-large');
    await hugeClosed; // the connection was torn down...
    expect(hugeSent).toBeLessThan(64 * 1024 * 1024); // ...long before the 200 MB were sent
  });

  it('refuses a declared size over the cap before reading', async () => {
    const e = await caughtGzhError(fetchRemoteImage(`${base}/declared-huge`, opts));
    expect(e.code).toBe('image/fetch-too-large');
  });

  it('names the URL on HTTP errors and non-images', async () => {
    const e404 = await caughtGzhError(fetchRemoteImage(`${base}/missing.png`, opts));
    expect(e404.message).toBe(`${base}/missing.png: HTTP 404`);
    const source = resolveImageSource({ src: `${base}/page`, line: 2 }, { articleFile: 'a.md', root: '/' });
    const notImage = await caughtGzhError(loadImage(source, { remote: opts }));
    expect(notImage.code).toBe('image/not-image');
  });
});
