import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GzhError } from '../../src/errors.js';
import { resolveImageSource } from '../../src/images/index.js';

let base: string;
let root: string;
let article: string;

beforeAll(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'gzh-resolve-'));
  root = path.join(base, 'project');
  fs.mkdirSync(path.join(root, 'content', 'img'), { recursive: true });
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'content', 'img', 'diagram.png'), 'x');
  fs.writeFileSync(path.join(root, 'content', 'my photo.jpg'), 'x');
  fs.writeFileSync(path.join(root, 'assets', 'logo.png'), 'x');
  fs.writeFileSync(path.join(base, 'secret.png'), 'x');
  fs.symlinkSync(path.join(base, 'secret.png'), path.join(root, 'content', 'img', 'link-out.png'));
  fs.symlinkSync(path.join(root, 'assets', 'logo.png'), path.join(root, 'content', 'img', 'link-in.png'));
  article = path.join(root, 'content', 'post.md');
});
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

const resolve = (src: string, line = 7) => resolveImageSource({ src, line, column: 3 }, { articleFile: article, root });

function errorOf(fn: () => unknown): GzhError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(GzhError);
    return error as GzhError;
  }
  throw new Error('expected an error');
}

describe('resolveImageSource', () => {
  it('resolves paths against the article folder, root-relative paths against the root', () => {
    expect(resolve('img/diagram.png')).toMatchObject({ kind: 'local', path: fs.realpathSync(path.join(root, 'content/img/diagram.png')) });
    expect(resolve('./my%20photo.jpg')).toMatchObject({ kind: 'local' });
    expect(resolve('../assets/logo.png')).toMatchObject({ kind: 'local' });
    expect(resolve('/assets/logo.png')).toMatchObject({ kind: 'local', path: fs.realpathSync(path.join(root, 'assets/logo.png')) });
    expect(resolve('img/link-in.png')).toMatchObject({ kind: 'local', path: fs.realpathSync(path.join(root, 'assets/logo.png')) });
  });

  it('refuses paths that escape the root, naming the article line', () => {
    for (const src of ['../../secret.png', path.join(base, 'secret.png'), 'img/link-out.png']) {
      const e = errorOf(() => resolve(src, 12));
      expect(e.code, src).toBe('image/outside-root');
      expect(e.file).toBe(article);
      expect(e.line).toBe(12);
      expect(e.column).toBe(3);
      expect(e.message).toContain(src);
    }
  });

  it('reports a missing file with the closest name in its folder', () => {
    const e = errorOf(() => resolve('img/diagarm.png', 9));
    expect(e.code).toBe('image/not-found');
    expect(e.where).toBe(`${article}:9:3`);
    expect(e.hint).toBe('Did you mean diagram.png?');
    const far = errorOf(() => resolve('img/zzzzzzzzzz.png'));
    expect(far.hint).not.toMatch(/Did you mean/);
    const noDir = errorOf(() => resolve('nope/a.png'));
    expect(noDir.hint).toMatch(/does not exist/);
  });

  it('classifies remote, data and WeChat-hosted sources', () => {
    expect(resolve('https://example.com/a.png')).toMatchObject({ kind: 'remote', url: 'https://example.com/a.png' });
    expect(resolve('//example.com/a.png')).toMatchObject({ kind: 'remote', url: 'https://example.com/a.png' });
    expect(resolve('https://mmbiz.qpic.cn/mmbiz_png/abc/0?wx_fmt=png')).toMatchObject({ kind: 'wechat' });
    expect(resolve('http://mmbiz.qlogo.cn/x/0')).toMatchObject({ kind: 'wechat' });
    const data = resolve('data:image/png;base64,iVBORw0KGgo=');
    expect(data.kind).toBe('data');
    if (data.kind === 'data') expect([...data.bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const svg = resolve('data:image/svg+xml,%3Csvg%20xmlns%3D%22http%3A%2F%2Fwww.w3.org%2F2000%2Fsvg%22%2F%3E');
    if (svg.kind === 'data') expect(svg.bytes.toString()).toBe('<svg xmlns="http://www.w3.org/2000/svg"/>');
  });

  it('refuses other URL schemes and malformed data URIs', () => {
    expect(errorOf(() => resolve('ftp://example.com/a.png')).code).toBe('image/bad-url');
    expect(errorOf(() => resolve('file:///etc/passwd')).code).toBe('image/bad-url');
    expect(errorOf(() => resolve('data:image/png;base64,***')).code).toBe('image/bad-data-uri');
  });
});
