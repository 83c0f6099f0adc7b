import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { GzhError } from '../../src/errors.js';
import { BODY_IMAGE_MAX_BYTES, computeCoverCrops, optimiseImage } from '../../src/images/index.js';
import { makeAnimatedGif, makeNoise, makeNoisyAnimatedGif, makePhoto, makeSvg, makeTransparentPng } from './make-images.js';

const body = { purpose: 'body' as const, maxWidth: 1080 };

async function expectError(promise: Promise<unknown>, code: string, text: RegExp): Promise<GzhError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GzhError);
  expect((error as GzhError).code).toBe(code);
  expect((error as GzhError).message).toMatch(text);
  return error as GzhError;
}

describe('optimiseImage', () => {
  it('shrinks a 4000×3000 photo, strips EXIF with GPS, stays a JPEG under 1 MB', async () => {
    const photo = await makePhoto(4000, 3000, { gps: true });
    const inMeta = await sharp(photo).metadata();
    expect(inMeta.exif?.toString('latin1')).toContain('WGS-84'); // the GPS block really is there

    const out = await optimiseImage(photo, body);
    expect(out.format).toBe('jpeg');
    expect(out.uploadAs).toBe('uploadimg');
    expect(out.bytes.length).toBeLessThan(BODY_IMAGE_MAX_BYTES);
    const meta = await sharp(out.bytes).metadata();
    expect(meta.format).toBe('jpeg');
    expect([meta.width, meta.height]).toEqual([1080, 810]);
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(out.actions.join('; ')).toMatch(/resized 4000×3000 → 1080×810/);
    expect(out.actions.join('; ')).toMatch(/GPS/);
  });

  it('applies the EXIF orientation before dropping it', async () => {
    const photo = await makePhoto(600, 300, { gps: true, orientation: 6 }); // 90° clockwise
    const out = await optimiseImage(photo, body);
    const meta = await sharp(out.bytes).metadata();
    expect([meta.width, meta.height]).toEqual([300, 600]);
    expect(meta.orientation).toBeUndefined();
  });

  it('keeps a small clean JPEG byte for byte', async () => {
    const photo = await makePhoto(800, 600);
    const out = await optimiseImage(photo, body);
    expect(out.bytes.equals(photo)).toBe(true);
    expect(out.actions).toEqual(['kept original']);
  });

  it('keeps transparency: a transparent PNG stays PNG with alpha', async () => {
    const png = await makeTransparentPng(1600, 900);
    const out = await optimiseImage(png, body);
    expect(out.format).toBe('png');
    const meta = await sharp(out.bytes).metadata();
    expect(meta.format).toBe('png');
    expect(meta.width).toBe(1080);
    expect(meta.hasAlpha).toBe(true);
    const { isOpaque } = await sharp(out.bytes).stats();
    expect(isOpaque).toBe(false);
  });

  it('converts WebP and AVIF photos to JPEG', async () => {
    const photo = await makePhoto(1400, 1000);
    for (const [name, bytes] of [
      ['webp', await sharp(photo).webp({ quality: 80 }).toBuffer()],
      ['avif', await sharp(photo).avif({ quality: 50, effort: 0 }).toBuffer()],
    ] as const) {
      const out = await optimiseImage(bytes, body);
      expect(out.format, name).toBe('jpeg');
      const meta = await sharp(out.bytes).metadata();
      expect(meta.format, name).toBe('jpeg');
      expect(meta.width, name).toBe(1080);
      expect(out.actions.join(' '), name).toMatch(/converted (WebP|AVIF) → JPEG/);
    }
  });

  it('renders SVG to a transparent PNG at up to 2× its size', async () => {
    const out = await optimiseImage(makeSvg(400, 200), body);
    expect(out.format).toBe('png');
    const meta = await sharp(out.bytes).metadata();
    expect(meta.format).toBe('png');
    expect([meta.width, meta.height]).toEqual([800, 400]);
    expect(meta.hasAlpha).toBe(true);
  });

  it('keeps an animated GIF animated (resized, for add_material)', async () => {
    const gif = await makeAnimatedGif(1400, 700, 4);
    const out = await optimiseImage(gif, body);
    expect(out.format).toBe('gif');
    expect(out.uploadAs).toBe('image');
    const meta = await sharp(out.bytes, { animated: true }).metadata();
    expect(meta.format).toBe('gif');
    expect(meta.pages).toBe(4);
    expect(meta.width).toBe(1080);
  });

  it('falls back to the first frame, with a warning, when an animation cannot fit', async () => {
    const gif = await makeNoisyAnimatedGif(200, 150, 12);
    const firstFrame = await sharp(gif).png({ palette: true, effort: 1 }).toBuffer();
    const maxBytes = Math.round(firstFrame.length * 1.5); // one frame fits, 12 noisy frames never do
    expect(gif.length).toBeGreaterThan(maxBytes * 4);
    const out = await optimiseImage(gif, { ...body, maxBytes });
    expect(out.warnings.join(' ')).toMatch(/only its first frame is used/);
    expect(out.uploadAs).toBe('uploadimg');
    expect(out.bytes.length).toBeLessThan(maxBytes);
    const meta = await sharp(out.bytes, { animated: true }).metadata();
    expect(meta.pages ?? 1).toBe(1);
    expect(meta.format).toBe('png');
  });

  it('shrinks a 12000 px panorama to the max width', async () => {
    const pano = await makePhoto(12000, 1000);
    const out = await optimiseImage(pano, body);
    const meta = await sharp(out.bytes).metadata();
    expect([meta.width, meta.height]).toEqual([1080, 90]);
    expect(out.bytes.length).toBeLessThan(BODY_IMAGE_MAX_BYTES);
  });

  it('steps quality, then size, until a hard-to-compress image fits under 1 MB', async () => {
    const noise = await makeNoise(1080, 2000).jpeg({ quality: 95 }).toBuffer();
    expect(noise.length).toBeGreaterThan(BODY_IMAGE_MAX_BYTES);
    const out = await optimiseImage(noise, body);
    expect(out.bytes.length).toBeLessThan(BODY_IMAGE_MAX_BYTES);
    expect(out.format).toBe('jpeg');
    expect(out.actions.join('; ')).toMatch(/over/);

    const tight = await optimiseImage(noise, { ...body, maxBytes: 150_000 });
    expect(tight.bytes.length).toBeLessThan(150_000);
    expect(tight.width).toBeLessThan(1080);
    expect(tight.actions.join('; ')).toMatch(/shrunk to/);
  });

  it('turns an opaque photo saved as PNG into something under 1 MB', async () => {
    const png = await makeNoise(1000, 800).png().toBuffer();
    expect(png.length).toBeGreaterThan(BODY_IMAGE_MAX_BYTES);
    const out = await optimiseImage(png, body);
    expect(out.bytes.length).toBeLessThan(BODY_IMAGE_MAX_BYTES);
    expect(['png', 'jpeg']).toContain(out.format);
    expect((await sharp(out.bytes).metadata()).format).toBe(out.format);
  });

  it('reports a truncated JPEG as broken', async () => {
    const photo = await makePhoto(800, 600);
    await expectError(optimiseImage(photo.subarray(0, Math.floor(photo.length / 2)), body), 'image/broken', /cannot decode this JPEG/);
  });

  it('reports a truncated PNG as broken', async () => {
    const png = await makeTransparentPng(400, 300);
    await expectError(optimiseImage(png.subarray(0, Math.floor(png.length * 0.6)), body), 'image/broken', /PNG/);
  });

  it('refuses a text file named .png as not an image', async () => {
    await expectError(optimiseImage(Buffer.from('# not really a png\nhello\n'), body), 'image/not-image', /^not an image: text \(UTF-8\), 25 B$/);
  });

  it('gives a clear error for a broken BMP', async () => {
    const bmp = Buffer.alloc(80);
    bmp.write('BM', 0, 'latin1');
    const error = await optimiseImage(bmp, body).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GzhError);
    expect((error as GzhError).message).toMatch(/BMP/);
  });

  it.each([
    ['24-bit, bottom-up', 24, false],
    ['32-bit with an alpha mask, top-down', 32, true],
    ['8-bit with a palette', 8, false],
  ] as const)('converts a %s BMP to PNG/JPEG with its pixels', async (_name, bits, topDown) => {
    const out = await optimiseImage(makeBmp(40, 20, bits, topDown), body);
    expect(['png', 'jpeg']).toContain(out.format);
    expect(out.actions[0]).toBe('BMP decoded');
    const { data, info } = await sharp(out.bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([40, 20]);
    const at = (x: number, y: number) => [...data.subarray((y * 40 + x) * 3, (y * 40 + x) * 3 + 3)];
    // left half red, right half blue; the top row white (tells top from bottom)
    expect(at(5, 10)[0]).toBeGreaterThan(200);
    expect(at(5, 10)[2]).toBeLessThan(60);
    expect(at(35, 10)[2]).toBeGreaterThan(200);
    expect(at(35, 10)[0]).toBeLessThan(60);
    expect(Math.min(...at(20, 0))).toBeGreaterThan(200);
  });

  it('prepares covers for add_material', async () => {
    const photo = await makePhoto(2000, 1000, { gps: true });
    const out = await optimiseImage(photo, { purpose: 'cover', maxWidth: 1080 });
    expect(out.uploadAs).toBe('image');
    expect(out.format).toBe('jpeg');
    expect((await sharp(out.bytes).metadata()).exif).toBeUndefined();
  });
});

describe('computeCoverCrops', () => {
  it('finds the salient region and writes X1_Y1_X2_Y2 fractions', async () => {
    // Flat grey with one saturated square in the right half, lower part.
    const img = await sharp({ create: { width: 1200, height: 600, channels: 3, background: '#777777' } })
      .composite([{ input: { create: { width: 120, height: 120, channels: 3, background: '#ff1010' } }, left: 1000, top: 420 }])
      .png()
      .toBuffer();
    const crops = await computeCoverCrops(img);
    for (const value of [crops.pic_crop_1_1, crops.pic_crop_235_1]) {
      const parts = value.split('_');
      expect(parts).toHaveLength(4);
      for (const p of parts) {
        expect(p).toMatch(/^(0|1|0\.\d{1,6})$/);
      }
    }
    const [x1, y1, x2, y2] = crops.pic_crop_1_1.split('_').map(Number) as [number, number, number, number];
    // A square of the full height (600) in a 1200-wide image: half the width, all the height, on the right.
    expect(x2 - x1).toBeCloseTo(0.5, 2);
    expect([y1, y2]).toEqual([0, 1]);
    expect(x1).toBeGreaterThan(0.3);
    const [a1, b1, a2, b2] = crops.pic_crop_235_1.split('_').map(Number) as [number, number, number, number];
    expect([a1, a2]).toEqual([0, 1]);
    expect(b2 - b1).toBeCloseTo(1200 / 2.35 / 600, 2);
    expect(b1).toBeGreaterThan(0); // pulled down toward the red square
  });
});

/** A BMP as an image editor writes one: left half red, right half blue, the top row white. */
function makeBmp(width: number, height: number, bits: 8 | 24 | 32, topDown: boolean): Buffer {
  const colour = (x: number, y: number): [number, number, number] => (y === 0 ? [255, 255, 255] : x < width / 2 ? [255, 0, 0] : [0, 0, 255]);
  const palette = bits === 8 ? [[255, 255, 255], [255, 0, 0], [0, 0, 255]] : [];
  const v4 = bits === 32;
  const headerSize = v4 ? 108 : 40;
  const stride = Math.ceil((width * bits) / 32) * 4;
  const offset = 14 + headerSize + palette.length * 4;
  const file = Buffer.alloc(offset + stride * height);
  file.write('BM', 0, 'latin1');
  file.writeUInt32LE(file.length, 2);
  file.writeUInt32LE(offset, 10);
  file.writeUInt32LE(headerSize, 14);
  file.writeInt32LE(width, 18);
  file.writeInt32LE(topDown ? -height : height, 22);
  file.writeUInt16LE(1, 26);
  file.writeUInt16LE(bits, 28);
  file.writeUInt32LE(v4 ? 3 : 0, 30);
  file.writeUInt32LE(palette.length, 46);
  if (v4) {
    file.writeUInt32LE(0x00ff0000, 54);
    file.writeUInt32LE(0x0000ff00, 58);
    file.writeUInt32LE(0x000000ff, 62);
    file.writeUInt32LE(0xff000000, 66);
  }
  palette.forEach(([r, g, b], i) => file.writeUInt32LE((r! << 16) | (g! << 8) | b!, 14 + headerSize + i * 4));
  for (let y = 0; y < height; y++) {
    const row = offset + (topDown ? y : height - 1 - y) * stride;
    for (let x = 0; x < width; x++) {
      const [r, g, b] = colour(x, y);
      if (bits === 24) file.set([b, g, r], row + x * 3);
      else if (bits === 32) file.writeUInt32LE(((0xff << 24) | (r << 16) | (g << 8) | b) >>> 0, row + x * 4);
      else file[row + x] = palette.findIndex((p) => p[0] === r && p[1] === g && p[2] === b);
    }
  }
  return file;
}
