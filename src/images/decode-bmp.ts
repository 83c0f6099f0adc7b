/**
 * BMP → raw RGBA. sharp's prebuilt libvips reads no BMP (that needs ImageMagick), and WeChat's body images
 * must be JPEG or PNG, so gzh decodes the common BMPs itself: uncompressed 24- and 32-bit (BI_RGB, and
 * BI_BITFIELDS with 8-bit masks) and 1/4/8-bit with a palette, bottom-up or top-down. RLE-compressed BMPs
 * (rare) are refused with a clear error.
 */
import { GzhError } from '../errors.js';

export interface RawImage {
  width: number;
  height: number;
  /** RGBA, 4 bytes a pixel, rows top to bottom. */
  data: Buffer;
}

const BI_RGB = 0;
const BI_BITFIELDS = 3;
const BI_ALPHABITFIELDS = 6;
/** 24k × 24k: what sharp would accept as a pixel count anyway; beyond it a header is more likely corrupt. */
const MAX_PIXELS = 268_402_689;

export function decodeBmp(bytes: Uint8Array): RawImage {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fail = (why: string) => new GzhError('image/broken', `cannot decode this BMP (${why})`, { hint: 'Export it again, or as PNG' });
  if (buf.length < 54 || buf.toString('latin1', 0, 2) !== 'BM') throw fail('no BMP header');
  const dataOffset = buf.readUInt32LE(10);
  const headerSize = buf.readUInt32LE(14);
  if (headerSize < 40) throw fail('OS/2 bitmaps are not supported');
  const width = buf.readInt32LE(18);
  const rawHeight = buf.readInt32LE(22);
  const bits = buf.readUInt16LE(28);
  const compression = buf.readUInt32LE(30);
  const topDown = rawHeight < 0;
  const height = Math.abs(rawHeight);
  if (width <= 0 || height === 0 || width * height > MAX_PIXELS) throw fail(`size ${width}×${height}`);
  if (compression !== BI_RGB && compression !== BI_BITFIELDS && compression !== BI_ALPHABITFIELDS) {
    throw new GzhError('image/unsupported', 'this BMP is compressed (RLE), which gzh cannot read', { hint: 'Convert it to PNG or JPEG' });
  }

  const stride = Math.ceil((width * bits) / 32) * 4;
  if (dataOffset + stride * height > buf.length) throw fail('the pixel data is cut short');
  const out = Buffer.alloc(width * height * 4);

  let palette: Buffer | undefined;
  if (bits <= 8) {
    const colours = buf.readUInt32LE(46) || 1 << bits;
    palette = buf.subarray(14 + headerSize, 14 + headerSize + colours * 4);
  }
  // channel masks: given for BI_BITFIELDS (after a 40-byte header or inside a v4/v5 header), else the default
  let masks = bits === 32 ? [0x00ff0000, 0x0000ff00, 0x000000ff, 0] : [0, 0, 0, 0];
  if (bits === 32 && compression !== BI_RGB) {
    masks = [buf.readUInt32LE(54), buf.readUInt32LE(58), buf.readUInt32LE(62), headerSize >= 56 || compression === BI_ALPHABITFIELDS ? buf.readUInt32LE(66) : 0];
  }
  const shifts = masks.map((m) => (m === 0 ? 0 : Math.log2(m & -m)));
  const hasAlpha = bits === 32 && masks[3] !== 0;

  for (let row = 0; row < height; row++) {
    const src = dataOffset + (topDown ? row : height - 1 - row) * stride;
    for (let x = 0; x < width; x++) {
      const o = (row * width + x) * 4;
      if (bits === 24) {
        out[o] = buf[src + x * 3 + 2]!;
        out[o + 1] = buf[src + x * 3 + 1]!;
        out[o + 2] = buf[src + x * 3]!;
        out[o + 3] = 255;
      } else if (bits === 32) {
        const px = buf.readUInt32LE(src + x * 4);
        out[o] = (px & masks[0]!) >>> shifts[0]!;
        out[o + 1] = (px & masks[1]!) >>> shifts[1]!;
        out[o + 2] = (px & masks[2]!) >>> shifts[2]!;
        out[o + 3] = hasAlpha ? (px & masks[3]!) >>> shifts[3]! : 255;
      } else if (palette && (bits === 8 || bits === 4 || bits === 1)) {
        const bitOffset = x * bits;
        const byte = buf[src + (bitOffset >> 3)]!;
        const index = (byte >> (8 - bits - (bitOffset & 7))) & ((1 << bits) - 1);
        out[o] = palette[index * 4 + 2] ?? 0;
        out[o + 1] = palette[index * 4 + 1] ?? 0;
        out[o + 2] = palette[index * 4] ?? 0;
        out[o + 3] = 255;
      } else {
        throw new GzhError('image/unsupported', `this is a ${bits}-bit BMP, which gzh cannot read`, { hint: 'Convert it to PNG or JPEG' });
      }
    }
  }
  return { width, height, data: out };
}
