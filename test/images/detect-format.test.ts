/** One image sniffer (issue 19): the pipeline and the sandbox judge bytes with the same pure function. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectImageFormat } from '../../src/images/index.js';
import { sniffImageFormat } from '../../src/sandbox/index.js';
import { makeAnimatedGif, makePhoto, makeSvg, makeTransparentPng } from './make-images.js';

/** An ISO-BMFF `ftyp` box with the given major and compatible brands. */
function ftyp(major: string, ...compatible: string[]): Uint8Array {
  const body = Buffer.from(`ftyp${major}\0\0\0\0${compatible.join('')}`, 'latin1');
  const size = Buffer.alloc(4);
  size.writeUInt32BE(body.length + 4);
  return Buffer.concat([size, body, Buffer.alloc(16)]);
}

describe('detectImageFormat', () => {
  it('is what the sandbox judges uploads with', () => {
    expect(sniffImageFormat).toBe(detectImageFormat);
  });

  it('imports nothing, so the sandbox shares no I/O code with the pipeline', () => {
    const source = readFileSync(new URL('../../src/images/detect-format.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/^\s*import\s/m);
    expect(source).not.toMatch(/\bBuffer\b/);
  });

  it('names formats by magic bytes', async () => {
    expect(detectImageFormat(await makePhoto(300, 200))).toBe('jpeg');
    expect(detectImageFormat(await makeTransparentPng(30, 20))).toBe('png');
    expect(detectImageFormat(await makeAnimatedGif(30, 20, 2))).toBe('gif');
    expect(detectImageFormat(makeSvg(30, 20))).toBe('svg');
    expect(detectImageFormat(Buffer.from('\ufeff  <?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe('svg');
    expect(detectImageFormat(Buffer.from('RIFF\0\0\0\0WEBPVP8 ', 'latin1'))).toBe('webp');
    expect(detectImageFormat(Buffer.from('II*\0\x08\0\0\0', 'latin1'))).toBe('tiff');
    expect(detectImageFormat(Buffer.concat([Buffer.from('BM'), Buffer.alloc(60)]))).toBe('bmp');
  });

  it('tells AVIF from HEIC by brand, and calls HEIC heif (as sharp does)', () => {
    expect(detectImageFormat(ftyp('avif', 'mif1', 'miaf'))).toBe('avif');
    expect(detectImageFormat(ftyp('mif1', 'avif'))).toBe('avif');
    expect(detectImageFormat(ftyp('heic', 'mif1', 'heic'))).toBe('heif');
    expect(detectImageFormat(ftyp('isom', 'mp41'))).toBeUndefined(); // an MP4 video is no image
  });

  it('knows no image in text, a bare "BM" or nothing', () => {
    expect(detectImageFormat(Buffer.from('WECHAT_APP_SECRET=x'))).toBeUndefined();
    expect(detectImageFormat(Buffer.from('BM'))).toBeUndefined();
    expect(detectImageFormat(new Uint8Array(0))).toBeUndefined();
    expect(detectImageFormat(Buffer.from('<p>no svg here</p>'))).toBeUndefined();
  });
});
