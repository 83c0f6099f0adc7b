/** replaceFile: the old bytes or the new, never half, and no temp file left behind when it fails. */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { replaceFile } from '../src/replace-file.js';

const dir = mkdtempSync(path.join(tmpdir(), 'gzh-replace-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('writes a new file and replaces an old one, in a folder named in Chinese', async () => {
  const folder = path.join(dir, '输出');
  mkdirSync(folder);
  const file = path.join(folder, '文章.html');
  await replaceFile(file, '第一版');
  await replaceFile(file, Buffer.from('第二版'));
  expect(readFileSync(file, 'utf8')).toBe('第二版');
  expect(readdirSync(folder)).toEqual(['文章.html']);
});

it('through a symlinked folder, the file lands in the folder it points to', async () => {
  const real = path.join(dir, 'real');
  mkdirSync(real);
  symlinkSync(real, path.join(dir, 'link'));
  await replaceFile(path.join(dir, 'link', 'a.html'), 'x');
  expect(readFileSync(path.join(real, 'a.html'), 'utf8')).toBe('x');
  expect(readdirSync(real)).toEqual(['a.html']);
});

it('fails without a trace: no temp file is left beside what was there', async () => {
  const folder = path.join(dir, 'busy');
  mkdirSync(path.join(folder, 'a.html'), { recursive: true }); // a folder where the file should go: rename fails
  await expect(replaceFile(path.join(folder, 'a.html'), 'new')).rejects.toThrow();
  expect(readdirSync(folder)).toEqual(['a.html']);
  await expect(replaceFile(path.join(dir, 'missing', 'a.html'), 'new')).rejects.toThrow(/ENOENT/);
  expect(readdirSync(dir)).not.toContain('missing');
});
