/**
 * Make any supported image acceptable to WeChat with sharp: oriented, metadata-free sRGB, at most
 * `maxWidth` wide, JPEG/PNG (GIF for animations), under the endpoint's size limit. Re-encodes only
 * when something needs fixing, and records each step in `actions`.
 */
import { sharp as loadSharp } from '../native-deps.js';
import type { Metadata, OutputInfo, Sharp, SharpOptions } from 'sharp';
import { GzhError } from '../errors.js';
import { decodeBmp } from './decode-bmp.js';
import { formatBytes } from './format-bytes.js';
import { describeDecodeError } from './image-errors.js';
import { detectImageFormat } from './detect-format.js';
import { requireImageFormat } from './load-image.js';
import type { ImageFormat, ImagePurpose } from './types.js';

/** `media/uploadimg` takes "< 1 MB": stay under the decimal megabyte to be safe either way. */
export const BODY_IMAGE_MAX_BYTES = 1_000_000;
/** `material/add_material` takes ≤ 10 MB. */
export const MATERIAL_IMAGE_MAX_BYTES = 10_000_000;
/** Shrinking stops here: smaller than this an image is useless in an article. */
const MIN_WIDTH = 240;

export interface OptimiseOptions {
  purpose: ImagePurpose;
  /** Never wider than this (never upscaled). */
  maxWidth: number;
  /** Override the endpoint size limit (tests). */
  maxBytes?: number;
}

export interface OptimisedImage {
  bytes: Buffer;
  format: 'jpeg' | 'png' | 'gif';
  width: number;
  height: number;
  /** What was done, for verbose output ("resized 4000×3000 → 1080×810", ...). */
  actions: string[];
  /** Things the author should know (an animation reduced to its first frame, ...). */
  warnings: string[];
  /** `uploadimg` for body JPEG/PNG; `image` (add_material) for covers and animations. */
  uploadAs: 'uploadimg' | 'image';
}

type OutFormat = OptimisedImage['format'];
interface Encoding {
  format: OutFormat;
  quality?: number;
  palette?: boolean;
  colours?: number;
}

const NAMES: Record<ImageFormat, string> = {
  jpeg: 'JPEG',
  png: 'PNG',
  gif: 'GIF',
  webp: 'WebP',
  avif: 'AVIF',
  heif: 'HEIF',
  svg: 'SVG',
  bmp: 'BMP',
  tiff: 'TIFF',
};

export async function optimiseImage(input: Uint8Array, opts: OptimiseOptions): Promise<OptimisedImage> {
  let bytes = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  let format = await requireImageFormat(bytes);
  const decoded: string[] = [];
  if (format === 'bmp' && !loadSharp().format.magick.input.buffer) {
    // libvips without ImageMagick reads no BMP: decode it here, then treat it as the lossless PNG it is
    const raw = decodeBmp(bytes);
    bytes = await loadSharp()(raw.data, { raw: { width: raw.width, height: raw.height, channels: 4 } }).png({ compressionLevel: 1 }).toBuffer();
    format = 'png';
    decoded.push('BMP decoded');
  }
  const meta = await readMetadata(bytes, format);
  const animated = (meta.pages ?? 1) > 1 && (format === 'gif' || format === 'webp');
  const limit = opts.maxBytes ?? (opts.purpose === 'body' ? BODY_IMAGE_MAX_BYTES : MATERIAL_IMAGE_MAX_BYTES);

  const warnings: string[] = [];
  const actions: string[] = [];
  if (animated && opts.purpose === 'body') {
    const animation = await optimiseAnimation(bytes, format, meta, opts.maxWidth, opts.maxBytes ?? MATERIAL_IMAGE_MAX_BYTES);
    if (animation) return animation;
    warnings.push(`animated ${NAMES[format]} stays over ${formatBytes(opts.maxBytes ?? MATERIAL_IMAGE_MAX_BYTES)} even when shrunk: only its first frame is used`);
    actions.push('animation dropped (first frame)');
  } else if (animated) {
    actions.push('first frame of the animation used');
  }
  const still = await optimiseStill(bytes, format, meta, opts.maxWidth, limit, animated);
  return {
    ...still,
    actions: [...decoded, ...actions, ...still.actions],
    warnings,
    uploadAs: opts.purpose === 'body' ? 'uploadimg' : 'image',
  };
}

async function readMetadata(bytes: Buffer, format: ImageFormat): Promise<Metadata> {
  try {
    return await loadSharp()(bytes, { animated: format === 'gif' || format === 'webp' }).metadata();
  } catch (error) {
    throw brokenImage(format, error);
  }
}

function brokenImage(format: ImageFormat, error: unknown): GzhError {
  const reason = describeDecodeError(error);
  return new GzhError('image/broken', `cannot decode this ${NAMES[format]} (${reason})`, {
    hint: 'The file is probably truncated or corrupt: export it again',
    cause: error,
  });
}

/** Run an encoder, turning libvips failures (truncated data, ...) into a user-facing error. */
async function encode(format: ImageFormat, pipeline: Sharp): Promise<{ data: Buffer; info: OutputInfo }> {
  try {
    return await pipeline.toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw brokenImage(format, error);
  }
}

function applyEncoding(pipeline: Sharp, enc: Encoding, hasAlpha: boolean): Sharp {
  switch (enc.format) {
    case 'jpeg':
      return (hasAlpha ? pipeline.flatten({ background: '#ffffff' }) : pipeline).jpeg({ quality: enc.quality ?? 80 });
    case 'png':
      // Palette encoding is slow at default effort; 1 is plenty for article images.
      return enc.palette
        ? pipeline.png({ palette: true, quality: enc.quality ?? 100, colours: enc.colours ?? 256, effort: 1, compressionLevel: 9 })
        : pipeline.png({ compressionLevel: 6 });
    case 'gif':
      return pipeline.gif({ colours: enc.colours ?? 256, effort: 3 });
  }
}

function describe(enc: Encoding): string {
  if (enc.format === 'jpeg') return `JPEG q${enc.quality ?? 80}`;
  if (enc.format === 'png') return enc.palette ? `palette PNG${enc.quality && enc.quality < 100 ? ` q${enc.quality}` : ''}` : 'PNG';
  return `GIF ${enc.colours ?? 256} colours`;
}

interface StillResult {
  bytes: Buffer;
  format: OutFormat;
  width: number;
  height: number;
  actions: string[];
}

async function optimiseStill(
  bytes: Buffer,
  format: ImageFormat,
  meta: Metadata,
  maxWidth: number,
  limit: number,
  fromAnimation: boolean,
): Promise<StillResult> {
  const actions: string[] = [];
  const swap = (meta.orientation ?? 1) >= 5;
  let width = (swap ? meta.height : meta.width) ?? 0;
  let height = (swap ? meta.width : fromAnimation ? (meta.pageHeight ?? meta.height) : meta.height) ?? 0;
  const readOptions: SharpOptions = { failOn: 'truncated', autoOrient: true };

  if (format === 'svg' && width > 0) {
    // Vector: render at up to 2× its nominal size (sharp for phones), never wider than maxWidth.
    const scale = Math.min(2, maxWidth / width);
    readOptions.density = 72 * scale;
    width = Math.round(width * scale);
    height = Math.round(height * scale);
    actions.push(`rendered SVG at ${width}×${height}`);
  }

  const hasMetadata = Boolean(meta.exif || meta.icc || meta.xmp || meta.iptc || meta.comments?.length);
  const oriented = (meta.orientation ?? 1) !== 1;
  const tooWide = width > maxWidth;

  if ((format === 'jpeg' || format === 'png') && !tooWide && !hasMetadata && !oriented && bytes.length < limit) {
    // Already fine: keep the bytes, but make sure they decode completely (truncated files).
    try {
      await loadSharp()(bytes, { failOn: 'truncated' }).stats();
    } catch (error) {
      throw brokenImage(format, error);
    }
    return { bytes, format, width, height, actions: ['kept original'] };
  }

  const targetWidth = Math.min(width, maxWidth);
  const targetHeight = width > 0 ? Math.round((height * targetWidth) / width) : height;
  if (tooWide) actions.push(`resized ${width}×${height} → ${targetWidth}×${targetHeight}`);
  if (oriented) actions.push(`rotated upright (EXIF orientation ${meta.orientation})`);
  if (meta.exif || meta.xmp || meta.iptc || meta.comments?.length) {
    actions.push(`stripped metadata${meta.exif ? ' (EXIF' + (exifHasGps(meta.exif) ? ' incl. GPS' : '') + ')' : ''}`);
  }
  if (meta.icc) actions.push('colour profile converted to sRGB');

  const { opaque, fewColours } = format === 'jpeg' ? { opaque: true, fewColours: false } : await analyseColours(bytes, readOptions);
  const hasAlpha = Boolean(meta.hasAlpha);
  let plan: Encoding;
  if (format === 'jpeg') plan = { format: 'jpeg', quality: 80 };
  else if (format === 'png' || !opaque || fewColours) plan = { format: 'png', palette: fewColours };
  else plan = { format: 'jpeg', quality: 80 };
  if (format !== 'jpeg' && format !== 'png') actions.push(`converted ${NAMES[format]} → ${plan.format === 'jpeg' ? 'JPEG' : 'PNG'}`);

  const resize = (p: Sharp, w: number) => (w < width ? p.resize({ width: w, withoutEnlargement: true }) : p);
  const sixteenBit = meta.depth === 'ushort';
  const fromSource = () => {
    const p = resize(loadSharp()(bytes, readOptions), targetWidth);
    return sixteenBit ? p.toColourspace('srgb') : p;
  };

  // First attempt straight from the source: the common case fits and costs one decode.
  let firstSize: number;
  {
    const first = await encode(format, applyEncoding(fromSource(), plan, hasAlpha));
    if (first.data.length < limit) {
      actions.push(`${describe(plan)}: ${formatBytes(bytes.length)} → ${formatBytes(first.data.length)}`);
      return { bytes: first.data, format: plan.format, width: first.info.width, height: first.info.height, actions };
    }
    firstSize = first.data.length;
  }

  // Retries re-encode from one decoded copy at the target width instead of decoding the source again.
  const decoded = await encode(format, fromSource().raw());
  const raw = { width: decoded.info.width, height: decoded.info.height, channels: decoded.info.channels };
  const fromRaw = (w: number) => {
    const p = loadSharp()(decoded.data, { raw });
    return w < raw.width ? p.resize({ width: w }) : p;
  };
  const rawAlpha = raw.channels === 4 || raw.channels === 2;

  const steps: { width: number; enc: Encoding }[] = [];
  if (plan.format === 'jpeg') {
    for (const quality of [70, 60, 50]) steps.push({ width: raw.width, enc: { format: 'jpeg', quality } });
  } else {
    if (!plan.palette) steps.push({ width: raw.width, enc: { format: 'png', palette: true, quality: 90 } });
    if (opaque) for (const quality of [80, 70, 60]) steps.push({ width: raw.width, enc: { format: 'jpeg', quality } });
    else for (const quality of [75, 60]) steps.push({ width: raw.width, enc: { format: 'png', palette: true, quality } });
  }
  const shrinkEnc: Encoding = plan.format === 'jpeg' || opaque ? { format: 'jpeg', quality: 70 } : { format: 'png', palette: true, quality: 75 };
  for (let w = Math.round(raw.width * 0.8); w >= Math.min(MIN_WIDTH, raw.width); w = Math.round(w * 0.8)) {
    steps.push({ width: w, enc: shrinkEnc });
  }

  let lastSize = firstSize;
  for (const step of steps) {
    const out = await encode(format, applyEncoding(fromRaw(step.width), step.enc, rawAlpha));
    lastSize = out.data.length;
    if (out.data.length < limit) {
      actions.push(`${describe(plan)} was ${formatBytes(firstSize)}, over ${formatBytes(limit)}`);
      if (step.width < raw.width) actions.push(`shrunk to ${out.info.width}×${out.info.height} to fit`);
      actions.push(`${describe(step.enc)}: ${formatBytes(bytes.length)} → ${formatBytes(out.data.length)}`);
      return { bytes: out.data, format: step.enc.format, width: out.info.width, height: out.info.height, actions };
    }
  }
  throw new GzhError('image/too-large', `cannot bring this image under ${formatBytes(limit)} (still ${formatBytes(lastSize)} at ${MIN_WIDTH} px)`, {
    hint: 'Use a smaller or simpler image',
  });
}

/** Transparency and colour count from a nearest-neighbour thumbnail (no new colours from interpolation). */
async function analyseColours(bytes: Buffer, readOptions: SharpOptions): Promise<{ opaque: boolean; fewColours: boolean }> {
  const { data } = await loadSharp()(bytes, readOptions)
    .resize({ width: 200, height: 200, fit: 'inside', kernel: 'nearest', withoutEnlargement: true })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true })
    .catch((error: unknown) => {
      throw brokenImage(detectImageFormat(bytes) ?? 'png', error);
    });
  const colours = new Set<number>();
  let opaque = true;
  for (let i = 0; i + 3 < data.length; i += 4) {
    if (data[i + 3] !== 255) opaque = false;
    if (colours.size <= 256) colours.add(((data[i]! << 24) | (data[i + 1]! << 16) | (data[i + 2]! << 8) | data[i + 3]!) >>> 0);
  }
  return { opaque, fewColours: colours.size <= 256 };
}

/** Animations go to add_material as GIF (≤ 10 MB): resize, then fewer colours, then smaller. */
async function optimiseAnimation(
  bytes: Buffer,
  format: ImageFormat,
  meta: Metadata,
  maxWidth: number,
  limit: number,
): Promise<OptimisedImage | undefined> {
  const width = meta.width ?? 0;
  const frameHeight = meta.pageHeight ?? meta.height ?? 0;
  const frames = meta.pages ?? 1;
  if (format === 'gif' && width <= maxWidth && bytes.length <= limit) {
    try {
      await loadSharp()(bytes, { animated: true, failOn: 'truncated' }).stats();
    } catch (error) {
      throw brokenImage(format, error);
    }
    return { bytes, format: 'gif', width, height: frameHeight, actions: [`kept original animated GIF (${frames} frames)`], warnings: [], uploadAs: 'image' };
  }
  const target = Math.min(width, maxWidth);
  const steps: { width: number; colours: number }[] = [
    { width: target, colours: 256 },
    { width: target, colours: 128 },
    { width: target, colours: 64 },
    { width: Math.round(target * 0.75), colours: 64 },
    { width: Math.round(target * 0.5), colours: 64 },
  ];
  const actions: string[] = [];
  if (format !== 'gif') actions.push(`converted animated ${NAMES[format]} → GIF (${frames} frames)`);
  if (target < width) actions.push(`resized ${width}×${frameHeight} → ${target}×${Math.round((frameHeight * target) / width)}`);
  for (const step of steps) {
    let pipeline = loadSharp()(bytes, { animated: true, failOn: 'truncated' });
    if (step.width < width) pipeline = pipeline.resize({ width: step.width });
    const out = await encode(format, pipeline.gif({ colours: step.colours, effort: 3 }));
    if (out.data.length <= limit) {
      if (step.colours < 256 || step.width < target) actions.push(`reduced to ${step.colours} colours at ${out.info.width} px to fit ${formatBytes(limit)}`);
      actions.push(`GIF: ${formatBytes(bytes.length)} → ${formatBytes(out.data.length)}`);
      const height = out.info.pageHeight ?? Math.round((frameHeight * out.info.width) / Math.max(1, width));
      return { bytes: out.data, format: 'gif', width: out.info.width, height, actions, warnings: [], uploadAs: 'image' };
    }
  }
  return undefined;
}

/** True when an EXIF block carries a GPS IFD pointer (tag 0x8825). */
function exifHasGps(exif: Buffer): boolean {
  return exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88]));
}
