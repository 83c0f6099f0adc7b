/**
 * Image errors never echo a file's contents (issue 12): `![](../.env)` says "text (UTF-8), 59 B", never the
 * secret inside — in messages, hints, ImageBatchError text, `gzh build --json` output and terminal output.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as runBuild } from '../../src/cli/commands/build.js';
import type { ImageRef } from '../../src/compile/types.js';
import {
  ImageBatchError,
  MemoryLedger,
  computeCoverCrops,
  describeBytes,
  loadImage,
  optimiseImage,
  prepareArticleImages,
  resolveImageSource,
  writeBuildImages,
} from '../../src/images/index.js';
import { captureContext, makeProject } from '../helpers/cli.js';
import { caughtGzhError, startLocalServer, type LocalServer } from './local-server.js';

const SECRET = 'TopSecretVal-7d1e9c';
const ENV = `WECHAT_APP_SECRET=${SECRET}\nWECHAT_APP_ID=wx0123\n`;
// an "SVG" that libxml fails on, quoting the tag name it chokes on
const SVG_LEAK = `<svg xmlns="http://www.w3.org/2000/svg"><WECHAT_APP_SECRET=${SECRET}>`;
const FILES: Record<string, string | Buffer> = {
  '.env': ENV,
  'content/img/secret.png': ENV,
  'content/img/leak.svg': SVG_LEAK,
  'content/img/keys.zip': Buffer.concat([Buffer.from('PK\x03\x04\x14\x00\x00\x00', 'latin1'), Buffer.from(ENV)]),
  'content/img/binary.jpg': Buffer.concat([Buffer.from([0x00, 0x01, 0x02, 0xfe]), Buffer.from(ENV)]),
  'content/post.md': [
    '---',
    'title: 泄露测试',
    '---',
    '',
    '![env](../.env)',
    '',
    '![png](./img/secret.png)',
    '',
    '![svg](./img/leak.svg)',
    '',
    '![zip](./img/keys.zip)',
    '',
    '![bin](./img/binary.jpg)',
    '',
    `![data](data:image/png,${encodeURIComponent(ENV)})`,
    '',
  ].join('\n'),
};

let dir: string;
let server: LocalServer;
let remoteUrl: string;

beforeAll(async () => {
  dir = makeProject(FILES);
  server = await startLocalServer((_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(ENV));
  remoteUrl = `${server.base}/env.png`;
});

afterAll(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function expectNoSecret(text: string): void {
  expect(text).not.toContain(SECRET);
  expect(text).not.toContain('WECHAT_APP_SECRET');
  expect(text).not.toContain('wx0123');
}

const refs = (): ImageRef[] => [
  { src: '../.env', alt: '', line: 5, column: 1, index: 0 },
  { src: './img/secret.png', alt: '', line: 7, column: 1, index: 1 },
  { src: './img/leak.svg', alt: '', line: 9, column: 1, index: 2 },
  { src: './img/keys.zip', alt: '', line: 11, column: 1, index: 3 },
  { src: './img/binary.jpg', alt: '', line: 13, column: 1, index: 4 },
  { src: `data:image/png,${encodeURIComponent(ENV)}`, alt: '', line: 15, column: 1, index: 5 },
  { src: remoteUrl, alt: '', line: 17, column: 1, index: 6 },
];

describe('describeBytes', () => {
  it.each([
    ['a .env file', Buffer.from(ENV), 'text (UTF-8), 59 B'],
    ['Chinese text', Buffer.from('配置：秘密=值\n'), 'text (UTF-8), 20 B'],
    ['an HTML page', Buffer.from('<!DOCTYPE html><html><body>404</body></html>'), 'an HTML page, 44 B'],
    ['XML', Buffer.from('<?xml version="1.0"?><config/>'), 'an XML document, 30 B'],
    ['a PDF', Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'), 'a pdf file (application/pdf), 15 B'],
    ['a ZIP', FILES['content/img/keys.zip'] as Buffer, 'a zip file (application/zip), 67 B'],
    ['binary', Buffer.from([0x00, 0x01, 0x02, 0xfe, 0x41]), 'unknown binary data, 5 B'],
    ['nothing', Buffer.alloc(0), 'an empty file'],
  ])('%s', (_label, bytes, expected) => {
    expect(describeBytes(bytes)).toBe(expected);
  });
});

describe('image errors name the file and what it is, never what it says', () => {
  it('loadImage: local, data: and remote sources', async () => {
    for (const ref of refs()) {
      if (ref.src.endsWith('leak.svg')) continue; // an SVG by its header: optimise is what fails on it
      const source = resolveImageSource(ref, { articleFile: 'content/post.md', cwd: dir, root: dir });
      const e = await caughtGzhError(loadImage(source, { remote: { timeoutMs: 3000, maxBytes: 1 << 20, allowPrivateHosts: true } }));
      expect(e.code, ref.src).toBe('image/not-image');
      expectNoSecret(`${e.message} ${e.hint}`);
    }
    const env = await caughtGzhError(loadImage(resolveImageSource(refs()[0]!, { articleFile: 'content/post.md', cwd: dir, root: dir }), { remote: { timeoutMs: 1, maxBytes: 1 } }));
    expect(env.message).toBe('../.env is not an image: text (UTF-8), 59 B');
  });

  it('optimiseImage and computeCoverCrops: the SVG parse error keeps only its position', async () => {
    const svg = await caughtGzhError(optimiseImage(Buffer.from(SVG_LEAK), { purpose: 'body', maxWidth: 1080 }));
    expect(svg.code).toBe('image/broken');
    expect(svg.message).toBe('cannot decode this SVG (not well-formed XML at line 1, column 59)');
    const cover = await caughtGzhError(computeCoverCrops(Buffer.from(SVG_LEAK)));
    expect(cover.message).toBe('cannot decode the cover image (not well-formed XML at line 1, column 59)');
    const coverEnv = await caughtGzhError(computeCoverCrops(Buffer.from(ENV)));
    expect(coverEnv.message).toBe('not an image: text (UTF-8), 59 B');
    for (const e of [svg, cover, coverEnv]) expectNoSecret(`${e.message} ${e.hint}`);
  });

  it('writeBuildImages and prepareArticleImages: batch text, per-image messages and warnings', async () => {
    const input = { articleFile: 'content/post.md', cwd: dir, root: dir, images: refs(), maxWidth: 1080, remote: { timeoutMs: 3000, maxBytes: 1 << 20, allowPrivateHosts: true } };
    const build = (await caughtGzhError(writeBuildImages({ ...input, outDir: path.join(dir, 'out') }))) as ImageBatchError;
    expect(build).toBeInstanceOf(ImageBatchError);
    expect(build.errors).toHaveLength(6); // the remote one is a warning in a build
    const publish = (await caughtGzhError(
      prepareArticleImages({ ...input, articleFile: path.join(dir, 'content/post.md'), withCover: true }, { ledger: new MemoryLedger(), ledgerScope: { apiBase: 'http://127.0.0.1:1', appId: 'wx' } }),
    )) as ImageBatchError;
    expect(publish.errors).toHaveLength(7);
    for (const batch of [build, publish]) {
      expectNoSecret(batch.message);
      expectNoSecret(JSON.stringify(batch.toMessages()));
    }
    expect(JSON.stringify(build.toMessages())).toContain('env.png: not an image: text (UTF-8), 59 B');
    expect(publish.errors.map((e) => e.message)).toEqual([
      '../.env: not an image: text (UTF-8), 59 B',
      './img/secret.png: not an image: text (UTF-8), 59 B',
      './img/leak.svg: cannot decode this SVG (not well-formed XML at line 1, column 59)',
      './img/keys.zip: not an image: a zip file (application/zip), 67 B',
      './img/binary.jpg: not an image: unknown binary data, 63 B',
      'data:image/png…: not an image: text (UTF-8), 59 B',
      `${remoteUrl}: not an image: text (UTF-8), 59 B`,
    ]);
  });

  it('gzh build --json and the terminal output hold no secret', async () => {
    // (whether build passes images.allowPrivateHosts on or not, the remote image's message holds no secret)
    fs.writeFileSync(path.join(dir, 'gzh.config.json'), JSON.stringify({ images: { allowPrivateHosts: true } }));
    fs.appendFileSync(path.join(dir, 'content/post.md'), `\n![remote](${remoteUrl})\n`);
    const json = captureContext(dir);
    expect(await runBuild([], { json: true }, json.ctx)).toBe(1);
    const result = JSON.stringify(JSON.parse(json.out()));
    expect(result).toContain('not an image: text (UTF-8), 59 B');
    expectNoSecret(result + json.err());
    const plain = captureContext(dir);
    expect(await runBuild([], { verbose: true }, plain.ctx)).toBe(1);
    expect(plain.err()).toContain('content/post.md:5:1  error  ../.env: not an image: text (UTF-8), 59 B');
    expectNoSecret(plain.out() + plain.err());
  });
});
