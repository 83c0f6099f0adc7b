// Image pipeline throughput: optimiseImage vs a bare sharp resize(1080)+jpeg loop, same photos, same run.
// 40 camera-like 4000×3000 JPEGs (noisy gradients, EXIF with GPS) are generated first, in a child process.
// Run `npm run build` first: this imports the compiled pipeline from dist/.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pLimit from 'p-limit';
import sharp from 'sharp';
import { optimiseImage } from '../dist/images/index.js';

const COUNT = 40;
const WIDTH = 4000;
const HEIGHT = 3000;
const cores = os.availableParallelism();

/** A noisy gradient with soft waves, different per photo: JPEG-realistic (≈ camera file sizes). */
async function makePhoto(i) {
  const noise = new Int16Array(65536);
  let seed = 12345 + i;
  for (let k = 0; k < noise.length; k++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    noise[k] = ((seed >> 8) % 37) - 18;
  }
  const colR = Float32Array.from({ length: WIDTH }, (_, x) => 120 + 70 * Math.sin(x / (260 + i * 7) + i));
  const rowG = Float32Array.from({ length: HEIGHT }, (_, y) => 120 + 70 * Math.cos(y / (230 + i * 5) + i * 0.7));
  const data = Buffer.alloc(WIDTH * HEIGHT * 3);
  let o = 0;
  let n = i * 7919;
  for (let y = 0; y < HEIGHT; y++) {
    const g = rowG[y];
    for (let x = 0; x < WIDTH; x++) {
      const b = 60 + ((x + y) * 150) / (WIDTH + HEIGHT);
      data[o++] = colR[x] + noise[n++ & 65535];
      data[o++] = g + noise[(n * 3) & 65535];
      data[o++] = b + noise[(n * 7) & 65535];
    }
  }
  return sharp(data, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } })
    .withExif({ IFD0: { Make: 'BenchCam', Model: 'B1' }, IFD3: { GPSMapDatum: 'WGS-84', GPSLatitudeRef: 'N' } })
    .jpeg({ quality: 90, optimiseCoding: false })
    .toBuffer();
}

// Photos are generated in a child process so this process's peak RSS measures the pipeline only.
if (process.argv[2] === '--generate') {
  const dir = process.argv[3];
  const gen = pLimit(cores);
  await Promise.all(
    Array.from({ length: COUNT }, (_, i) => gen(async () => fs.writeFile(path.join(dir, `photo-${i}.jpg`), await makePhoto(i)))),
  );
  process.exit(0);
}

const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gzh-bench-images-'));
try {
  const t0 = performance.now();
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--generate', dir], { stdio: 'inherit' });
  if (child.status !== 0) throw new Error('photo generation failed');
  const files = Array.from({ length: COUNT }, (_, i) => path.join(dir, `photo-${i}.jpg`));
  const sizes = await Promise.all(files.map(async (f) => (await fs.stat(f)).size));
  console.log(`generated ${COUNT} photos ${WIDTH}×${HEIGHT} (avg ${(sizes.reduce((a, b) => a + b, 0) / COUNT / 1e6).toFixed(2)} MB) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const bare = async (bytes) => (await sharp(bytes).resize(1080).jpeg().toBuffer()).length;
  const ours = async (bytes) => {
    const out = await optimiseImage(bytes, { purpose: 'body', maxWidth: 1080 });
    if (out.bytes.length >= 1_000_000) throw new Error('over 1 MB');
    return out.bytes.length;
  };

  // Files are read inside the timed loop for both: that is what the pipeline does.
  async function pass(fn, concurrency) {
    const limit = pLimit(concurrency);
    const start = performance.now();
    let total = 0;
    await Promise.all(
      files.map((f) =>
        limit(async () => {
          const size = await fn(await fs.readFile(f));
          total += size;
        }),
      ),
    );
    const seconds = (performance.now() - start) / 1000;
    return { rate: COUNT / seconds, avgOut: total / COUNT };
  }

  await pass(bare, cores); // warm up libvips and the page cache
  await pass(ours, cores);
  for (const concurrency of [1, cores]) {
    const best = { bare: { rate: 0 }, ours: { rate: 0 } };
    for (let round = 0; round < 2; round++) {
      const b = await pass(bare, concurrency);
      const o = await pass(ours, concurrency);
      if (b.rate > best.bare.rate) best.bare = b;
      if (o.rate > best.ours.rate) best.ours = o;
    }
    const ratio = best.ours.rate / best.bare.rate;
    console.log(
      `concurrency ${concurrency}: bare sharp ${best.bare.rate.toFixed(2)} img/s (avg ${(best.bare.avgOut / 1024).toFixed(0)} kB), ` +
        `optimiseImage ${best.ours.rate.toFixed(2)} img/s (avg ${(best.ours.avgOut / 1024).toFixed(0)} kB), ratio ${(ratio * 100).toFixed(1)}% (target ≥ 85%)`,
    );
  }
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(`peak RSS ${maxRssMb.toFixed(0)} MB (target < 500 MB)`);
} finally {
  await fs.rm(dir, { recursive: true, force: true });
}
