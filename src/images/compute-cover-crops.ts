/**
 * Cover crops for the draft (`pic_crop_235_1`, `pic_crop_1_1`): the box sharp's attention strategy
 * would keep, as "X1_Y1_X2_Y2" fractions of the upright image.
 */
import sharp from 'sharp';
import type { OutputInfo } from 'sharp';
import { GzhError } from '../errors.js';
import { describeDecodeError } from './image-errors.js';
import { requireImageFormat } from './load-image.js';
import type { CoverCrops } from './types.js';

/** Attention is a statistic over the picture: a 600 px copy finds the same box, much faster. */
const ANALYSIS_SIZE = 600;

export async function computeCoverCrops(bytes: Uint8Array): Promise<CoverCrops> {
  await requireImageFormat(bytes); // "not an image: text (UTF-8), 31 B" rather than libvips' "unsupported image format"
  let small: { data: Buffer; info: OutputInfo };
  try {
    small = await sharp(bytes, { autoOrient: true, failOn: 'truncated' })
      .resize({ width: ANALYSIS_SIZE, height: ANALYSIS_SIZE, fit: 'inside', withoutEnlargement: true })
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw new GzhError('image/broken', `cannot decode the cover image (${describeDecodeError(error)})`, { cause: error });
  }
  const { width, height, channels } = small.info;
  const cropFor = async (ratio: number): Promise<string> => {
    let cw = width;
    let ch = Math.round(width / ratio);
    if (ch > height) {
      ch = height;
      cw = Math.min(width, Math.round(height * ratio));
    }
    cw = Math.max(1, cw);
    ch = Math.max(1, ch);
    // Target = the crop box itself, so no scaling happens and the offsets are in image pixels.
    const { info } = await sharp(small.data, { raw: { width, height, channels } })
      .resize({ width: cw, height: ch, fit: 'cover', position: 'attention' })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const left = clamp(Math.abs(info.cropOffsetLeft ?? 0), 0, width - cw);
    const top = clamp(Math.abs(info.cropOffsetTop ?? 0), 0, height - ch);
    return formatCrop(left / width, top / height, (left + cw) / width, (top + ch) / height);
  };
  return { pic_crop_235_1: await cropFor(2.35), pic_crop_1_1: await cropFor(1) };
}

/** "X1_Y1_X2_Y2" with at most 6 decimals, in 0..1. */
export function formatCrop(x1: number, y1: number, x2: number, y2: number): string {
  return [x1, y1, x2, y2].map((v) => String(Number(clamp(v, 0, 1).toFixed(6)))).join('_');
}

function clamp(v: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, v));
}
