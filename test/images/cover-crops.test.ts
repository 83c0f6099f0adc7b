/**
 * The automatic cover crops keep a centred subject whole (sharp's attention strategy cut the head off a
 * centred portrait: 1200×800, subject rows 20–80 %, it kept rows 31–95 %), and still follow a subject
 * that is off-centre. Real sharp, generated images.
 */
import sharp, { type OverlayOptions } from 'sharp';
import { describe, expect, it } from 'vitest';
import { computeCoverCrops } from '../../src/images/index.js';
import { makePhoto } from './make-images.js';

/** A figure (head on a body) as an SVG of w×h: it fills the height; across, the body spans 15–85 %. */
function figure(w: number, h: number): Buffer {
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><circle cx="${w / 2}" cy="${h * 0.2}" r="${h * 0.2}" fill="#e0b090"/>` +
      `<rect x="${w * 0.15}" y="${h * 0.4}" width="${w * 0.7}" height="${h * 0.6}" rx="20" fill="#2050c0"/></svg>`,
  );
}

async function scene(width: number, height: number, subject: { w: number; h: number; left?: number; top?: number }, background: Buffer | string, extra: OverlayOptions[] = []): Promise<Buffer> {
  const base = typeof background === 'string' ? sharp({ create: { width, height, channels: 3, background } }) : sharp(background);
  const left = subject.left ?? (width - subject.w) / 2;
  const top = subject.top ?? (height - subject.h) / 2;
  return base.composite([...extra, { input: figure(subject.w, subject.h), left: Math.round(left), top: Math.round(top) }]).jpeg({ quality: 90 }).toBuffer();
}

const parse = (crop: string) => crop.split('_').map(Number) as [number, number, number, number];

describe('computeCoverCrops', () => {
  it('keeps a centred subject inside the 2.35:1 crop (the head is not cut off)', async () => {
    const crops = await computeCoverCrops(await scene(1200, 800, { w: 300, h: 480 }, '#dddddd'));
    const [x1, y1, x2, y2] = parse(crops.pic_crop_235_1);
    expect([x1, x2]).toEqual([0, 1]);
    expect(y2 - y1).toBeCloseTo(1200 / 2.35 / 800, 2);
    // subject rows 0.2..0.8: all of it inside, and centred (equal margins within 1 %)
    expect(y1).toBeLessThanOrEqual(0.2);
    expect(y2).toBeGreaterThanOrEqual(0.8);
    expect(Math.abs(0.2 - y1 - (y2 - 0.8))).toBeLessThan(0.01);
  });

  it('keeps it with an edge-to-edge floor band below, and on a photo-like background', async () => {
    const floor = { input: { create: { width: 1200, height: 100, channels: 3 as const, background: '#306030' } }, left: 0, top: 800 };
    const onFloor = parse((await computeCoverCrops(await scene(1200, 900, { w: 300, h: 440 }, '#cccccc', [floor]))).pic_crop_235_1);
    expect(onFloor[1]).toBeLessThanOrEqual(230 / 900);
    expect(onFloor[3]).toBeGreaterThanOrEqual(670 / 900);
    const photo = parse((await computeCoverCrops(await scene(1200, 800, { w: 300, h: 480 }, await makePhoto(1200, 800)))).pic_crop_235_1);
    expect(photo[1]).toBeLessThanOrEqual(0.2);
    expect(photo[3]).toBeGreaterThanOrEqual(0.8);
  });

  it('keeps a centred subject in the 1:1 crop of a portrait and of a landscape image', async () => {
    const portrait = parse((await computeCoverCrops(await scene(800, 1400, { w: 500, h: 700 }, '#eeeeee'))).pic_crop_1_1);
    expect([portrait[0], portrait[2]]).toEqual([0, 1]);
    expect(portrait[1]).toBeLessThanOrEqual(350 / 1400);
    expect(portrait[3]).toBeGreaterThanOrEqual(1050 / 1400);
    const landscape = parse((await computeCoverCrops(await scene(1600, 900, { w: 400, h: 640 }, '#eeeeee'))).pic_crop_1_1);
    expect(landscape[0]).toBeLessThanOrEqual(600 / 1600);
    expect(landscape[2]).toBeGreaterThanOrEqual(1000 / 1600);
  });

  it('follows a subject that is off-centre, and crops a flat image in the middle', async () => {
    // drawn from x = 1250 + 36 to 1250 + 204 (the SVG's own margins)
    const right = parse((await computeCoverCrops(await scene(1600, 800, { w: 240, h: 400, left: 1250, top: 300 }, '#dddddd'))).pic_crop_1_1);
    expect(right[0]).toBeGreaterThan(0.3);
    expect(right[0]).toBeLessThanOrEqual(1286 / 1600);
    expect(right[2]).toBeGreaterThanOrEqual(1454 / 1600 - 0.005);
    const top = parse((await computeCoverCrops(await scene(1000, 1000, { w: 200, h: 300, top: 40 }, '#dddddd'))).pic_crop_235_1);
    // pulled up from the centred 0.2875 to the subject at rows 0.04..0.34 (a sliver of the head's arc may go: < 0.5 % of its weight)
    expect(top[1]).toBeLessThanOrEqual(0.06);
    expect(top[3]).toBeGreaterThanOrEqual(0.34);
    const flat = await computeCoverCrops(await sharp({ create: { width: 1000, height: 500, channels: 3, background: '#808080' } }).png().toBuffer());
    expect(flat.pic_crop_1_1).toBe('0.25_0_0.75_1');
  });
});
