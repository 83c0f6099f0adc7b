/**
 * Cover crops for the draft (`pic_crop_235_1`, `pic_crop_1_1`) as "X1_Y1_X2_Y2" fractions of the upright
 * image: the window that keeps the most of the subject, and of windows keeping all of it, the most centred.
 *
 * sharp's attention strategy centres the crop on the single strongest point of its feature map; on a
 * centred portrait that is the face's edge or the shirt, so the 2.35:1 crop cut the head off (1200×800, subject
 * rows 20–80 %: attention kept 31–95 %). Here the subject is what differs from the background, weighted
 * toward the centre as photographers frame it, and the window slides along the one axis the ratio leaves
 * free. The background is the median colour of the frame's border, and also, across the sliding axis, of
 * each row's (column's) own ends: a floor or sky band running edge to edge is setting, not subject.
 */
import { sharp as loadSharp } from '../native-deps.js';
import { GzhError } from '../errors.js';
import { describeDecodeError } from './image-errors.js';
import { requireImageFormat } from './load-image.js';
import type { CoverCrops } from './types.js';

/** Crop fractions need ~0.5 % precision: a 200 px copy gives that and takes ~2 ms to score. */
const ANALYSIS_SIZE = 200;
/** Colour distance (RGB, 0..441) below which a pixel is background: JPEG noise, soft gradients. */
const NOISE = 24;
/** Windows within this share of the best score count as keeping the whole subject. */
const PLATEAU = 0.995;
/** Width of the centre prior, as a share of each side. */
const CENTRE_SIGMA = 0.3;

export async function computeCoverCrops(bytes: Uint8Array): Promise<CoverCrops> {
  await requireImageFormat(bytes); // "not an image: text (UTF-8), 31 B" rather than libvips' "unsupported image format"
  let small: { data: Buffer; info: { width: number; height: number } };
  try {
    small = await loadSharp()(bytes, { autoOrient: true, failOn: 'truncated' })
      .resize({ width: ANALYSIS_SIZE, height: ANALYSIS_SIZE, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw new GzhError('image/broken', `cannot decode the cover image (${describeDecodeError(error)})`, { cause: error });
  }
  const { width, height } = small.info;
  const image = { rgb: small.data, width, height };
  return { pic_crop_235_1: cropFor(image, 2.35), pic_crop_1_1: cropFor(image, 1) };
}

interface RgbImage {
  rgb: Uint8Array;
  width: number;
  height: number;
}

type Axis = 'rows' | 'columns';

/**
 * Per pixel: how far its colour is from the background's, times the centre prior. With `axis` rows, the
 * distance is also taken to the median of the pixel's own row ends (columns: column ends), the smaller wins.
 */
export function scoreSubject(image: RgbImage, axis: Axis): Float64Array {
  const { rgb, width, height } = image;
  const ring = Math.max(1, Math.round(Math.min(width, height) * 0.04));
  const pixel = (x: number, y: number) => (y * width + x) * 3;
  const border: number[] = [];
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (x < ring || x >= width - ring || y < ring || y >= height - ring) border.push(pixel(x, y));
  const background = medianColour(rgb, border);
  const local: [number, number, number][] = [];
  for (let line = 0; line < (axis === 'rows' ? height : width); line++) {
    const ends: number[] = [];
    for (let k = 0; k < ring; k++) {
      if (axis === 'rows') ends.push(pixel(k, line), pixel(width - 1 - k, line));
      else ends.push(pixel(line, k), pixel(line, height - 1 - k));
    }
    local.push(medianColour(rgb, ends));
  }
  const weights = new Float64Array(width * height);
  for (let y = 0; y < height; y++) {
    const dy = (y + 0.5) / height - 0.5;
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const own = local[axis === 'rows' ? y : x]!;
      const distance = Math.min(colourDistance(rgb, i, background), colourDistance(rgb, i, own));
      if (distance <= NOISE) continue;
      const dx = (x + 0.5) / width - 0.5;
      const prior = Math.exp(-(dx * dx + dy * dy) / (2 * CENTRE_SIGMA * CENTRE_SIGMA));
      weights[y * width + x] = (distance - NOISE) * prior;
    }
  }
  return weights;
}

function colourDistance(rgb: Uint8Array, i: number, colour: readonly number[]): number {
  return Math.hypot(rgb[i]! - colour[0]!, rgb[i + 1]! - colour[1]!, rgb[i + 2]! - colour[2]!);
}

/** Median colour of the pixels at these byte offsets. */
function medianColour(rgb: Uint8Array, offsets: readonly number[]): [number, number, number] {
  const median = (c: number) => offsets.map((i) => rgb[i + c]!).sort((x, y) => x - y)[offsets.length >> 1] ?? 0;
  return [median(0), median(1), median(2)];
}

/** The crop of `ratio` (width / height) as fractions. */
export function cropFor(image: RgbImage, ratio: number): string {
  const { width, height } = image;
  let cw = width;
  let ch = Math.round(width / ratio);
  if (ch > height) {
    ch = height;
    cw = Math.min(width, Math.round(height * ratio));
  }
  cw = Math.max(1, cw);
  ch = Math.max(1, ch);
  if (ch < height) {
    const top = bestOffset(profile(scoreSubject(image, 'rows'), width, height, 'rows'), ch);
    return formatCrop(0, top / height, 1, (top + ch) / height);
  }
  if (cw === width) return formatCrop(0, 0, 1, 1);
  const left = bestOffset(profile(scoreSubject(image, 'columns'), width, height, 'columns'), cw);
  return formatCrop(left / width, 0, (left + cw) / width, 1);
}

function profile(weights: Float64Array, width: number, height: number, axis: Axis): Float64Array {
  const out = new Float64Array(axis === 'rows' ? height : width);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) out[axis === 'rows' ? y : x]! += weights[y * width + x]!;
  return out;
}

/**
 * Where a window of `size` over `line` keeps the most weight; among windows that keep (almost) as much,
 * the one nearest the centre, so a subject that fits is kept whole and centred. Flat images: the centre.
 */
export function bestOffset(line: Float64Array, size: number): number {
  const positions = line.length - size + 1;
  const centre = (line.length - size) / 2;
  const prefix = new Float64Array(line.length + 1);
  for (let i = 0; i < line.length; i++) prefix[i + 1] = prefix[i]! + line[i]!;
  let best = 0;
  for (let p = 0; p < positions; p++) best = Math.max(best, prefix[p + size]! - prefix[p]!);
  if (best <= 0) return Math.round(centre);
  let chosen = 0;
  let nearest = Infinity;
  for (let p = 0; p < positions; p++) {
    if (prefix[p + size]! - prefix[p]! < best * PLATEAU) continue;
    const distance = Math.abs(p - centre);
    if (distance < nearest) {
      nearest = distance;
      chosen = p;
    }
  }
  return chosen;
}

/** "X1_Y1_X2_Y2" with at most 6 decimals, in 0..1. */
export function formatCrop(x1: number, y1: number, x2: number, y2: number): string {
  return [x1, y1, x2, y2].map((v) => String(Number(clamp(v, 0, 1).toFixed(6)))).join('_');
}

function clamp(v: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, v));
}
