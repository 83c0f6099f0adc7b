/** Real images made with sharp for the image pipeline tests. */
import sharp from 'sharp';
import type { Sharp } from 'sharp';

let grainTile: Promise<Buffer> | undefined;

/** A photo-like JPEG: smooth colour blobs plus tiled grain, optionally with EXIF (GPS included). */
export async function makePhoto(width: number, height: number, opts: { gps?: boolean; quality?: number; orientation?: number } = {}): Promise<Buffer> {
  grainTile ??= sharp({ create: { width: 97, height: 89, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 18 } } }).png().toBuffer();
  const blobs = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 70 } } })
    .resize(width, height, { kernel: 'cubic' })
    .raw()
    .toBuffer();
  let p = sharp(blobs, { raw: { width, height, channels: 3 } }).composite([{ input: await grainTile, tile: true, blend: 'soft-light' }]);
  if (opts.gps) {
    p = p.withExif({
      IFD0: { Make: 'TestCam', Model: 'T1' },
      IFD3: { GPSMapDatum: 'WGS-84', GPSLatitudeRef: 'N', GPSLongitudeRef: 'E' },
    });
  }
  // sharp writes the orientation tag itself (an Orientation in withExif is overridden).
  if (opts.orientation) p = p.withMetadata({ orientation: opts.orientation });
  return p.jpeg({ quality: opts.quality ?? 90 }).toBuffer();
}

/** Pure noise: the worst case for every codec. */
export function makeNoise(width: number, height: number, channels: 3 | 4 = 3): Sharp {
  return sharp({ create: { width, height, channels, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 80 } } });
}

/** A graphic with transparency: two flat shapes on a transparent background. */
export async function makeTransparentPng(width: number, height: number): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <circle cx="${width / 3}" cy="${height / 2}" r="${height / 3}" fill="#e63946"/>
    <rect x="${width / 2}" y="${height / 4}" width="${width / 3}" height="${height / 2}" fill="#1d3557"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

export function makeSvg(width: number, height: number): Buffer {
  return Buffer.from(
    `<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
      `<rect x="10" y="10" width="${width / 2}" height="${height / 2}" fill="#2a9d8f"/><text x="20" y="${height - 20}" font-size="24">hi</text></svg>`,
  );
}

/** An animated GIF made by joining raw frames. */
export async function makeAnimatedGif(width: number, height: number, frames: number): Promise<Buffer> {
  const pngs = await Promise.all(
    Array.from({ length: frames }, (_, i) =>
      sharp({ create: { width, height, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 1 } } })
        .composite([
          {
            input: { create: { width: Math.round(width / 4), height: Math.round(height / 4), channels: 4, background: { r: 255, g: (i * 40) % 255, b: 80, alpha: 1 } } },
            left: Math.round(((width * 3) / 4) * (i / frames)),
            top: Math.round(height / 3),
          },
        ])
        .png()
        .toBuffer(),
    ),
  );
  return sharp(pngs, { join: { animated: true } }).gif({ delay: 100, loop: 0 }).toBuffer();
}

/** An animated GIF of noise frames: large, and hard to shrink. */
export async function makeNoisyAnimatedGif(width: number, height: number, frames: number): Promise<Buffer> {
  const pngs = await Promise.all(
    Array.from({ length: frames }, () => makeNoise(width, height, 3).png().toBuffer()),
  );
  return sharp(pngs, { join: { animated: true } }).gif({ delay: 100, loop: 0, effort: 1 }).toBuffer();
}
