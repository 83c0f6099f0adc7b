// `gzh publish` of 8 articles with 40 photos (~1600×1200 JPEG) to the sandbox over HTTP on 127.0.0.1:
// cold (nothing uploaded yet), warm (all cached in gzh.lock: only the requests needed to verify), and after
// editing one article. Runs the CLI command module from dist/ in process; the sandbox shares the process.
// Usage: npm run build && node bench/publish.bench.mjs
import { mkdir, mkdtemp, appendFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import sharp from 'sharp';
import { run } from '../dist/cli/commands/publish.js';
import { createOutput } from '../dist/cli/output.js';
import { startSandbox } from '../dist/sandbox/index.js';

const ARTICLES = 8;
const PHOTOS = 40;
const UPLOADS = new Set(['media/uploadimg', 'material/add_material']);

/** A photo-like JPEG: smooth random colour fields plus grain, so it compresses like a photo, not like a flat fill. */
async function makePhoto(seed, width = 1600, height = 1200) {
  const fields = await sharp({ create: { width: 48, height: 36, channels: 3, background: { r: (seed * 53) % 256, g: (seed * 97) % 256, b: (seed * 31) % 256 }, noise: { type: 'gaussian', mean: 120 + (seed % 20), sigma: 60 } } })
    .resize(width, height, { kernel: 'cubic' })
    .raw()
    .toBuffer();
  const grain = await sharp({ create: { width: 101, height: 89, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 16 } } }).png().toBuffer();
  return sharp(fields, { raw: { width, height, channels: 3 } }).composite([{ input: grain, tile: true, blend: 'soft-light' }]).jpeg({ quality: 88 }).toBuffer();
}

async function makeProject() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gzh-bench-publish-'));
  await mkdir(path.join(dir, 'content', 'photos'), { recursive: true });
  let bytes = 0;
  const files = [];
  for (let a = 0; a < ARTICLES; a++) {
    const lines = ['---', `title: 基准测试文章第 ${a + 1} 篇`, 'author: 基准', '---', '', '正文开头。'.repeat(40), ''];
    const count = PHOTOS / ARTICLES;
    for (let i = 0; i < count; i++) {
      const name = `p${a + 1}-${i + 1}.jpg`;
      const photo = await makePhoto(a * count + i + 1);
      bytes += photo.length;
      await writeFile(path.join(dir, 'content', 'photos', name), photo);
      lines.push(`![照片 ${i + 1}](./photos/${name})`, '', '一段关于这张照片的说明文字。'.repeat(6), '');
    }
    const file = path.join(dir, 'content', `article-${a + 1}.md`);
    await writeFile(file, lines.join('\n'));
    files.push(file);
  }
  return { dir, files, bytes };
}

function context(cwd, env) {
  const sink = new PassThrough();
  sink.resume();
  let out = '';
  const stdout = new PassThrough();
  stdout.on('data', (d) => (out += d));
  return { ctx: { cwd, env, output: createOutput(stdout, sink, { NO_COLOR: '1' }), signal: new AbortController().signal }, out: () => out };
}

function countEndpoints(log, from) {
  const counts = {};
  for (const e of log.slice(from)) {
    const name = e.endpoint.replace('/cgi-bin/', '');
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

async function measure(label, sb, project, env) {
  const from = sb.log.length;
  const { ctx, out } = context(project.dir, env);
  const started = performance.now();
  const code = await run(['content'], { json: true }, ctx);
  const ms = performance.now() - started;
  if (code !== 0) throw new Error(`${label}: exit ${code}\n${out()}`);
  const result = JSON.parse(out());
  const counts = countEndpoints(sb.log, from);
  const requests = Object.values(counts).reduce((a, b) => a + b, 0);
  console.log(`${label.padEnd(22)} ${(ms / 1000).toFixed(2).padStart(6)} s  draft ${result.draft.padEnd(9)} ${String(requests).padStart(3)} requests  ${JSON.stringify(counts)}`);
  return { counts, result };
}

const t0 = performance.now();
const project = await makeProject();
console.log(`made ${PHOTOS} photos 1600×1200 (${(project.bytes / 1e6).toFixed(1)} MB) in ${ARTICLES} articles in ${((performance.now() - t0) / 1000).toFixed(1)} s; cores: ${os.availableParallelism()}`);
const sb = await startSandbox();
const env = { WECHAT_APP_ID: sb.appId, WECHAT_APP_SECRET: sb.appSecret, WECHAT_API_BASE: sb.apiBase, XDG_CACHE_HOME: path.join(project.dir, '.cache') };
try {
  const cold = await measure('cold (upload all)', sb, project, env);
  const warm = await measure('warm (all cached)', sb, project, env);
  await appendFile(project.files[3], '\n编辑后新增的一段。\n');
  const edited = await measure('warm, 1 article edited', sb, project, env);

  const coldUploads = Object.entries(cold.counts).filter(([k]) => UPLOADS.has(k)).reduce((a, [, v]) => a + v, 0);
  const problems = [];
  if (coldUploads !== PHOTOS + ARTICLES) problems.push(`cold: ${coldUploads} uploads, expected ${PHOTOS} body images + ${ARTICLES} covers`);
  // warm: a token and the draft/get that verifies; nothing uploaded or written
  const warmExtra = Object.keys(warm.counts).filter((k) => !['stable_token', 'token', 'draft/get'].includes(k));
  if (warmExtra.length > 0 || warm.result.uploads !== 0) problems.push(`warm sent more than the verification: ${JSON.stringify(warm.counts)}`);
  if (edited.counts['draft/update'] !== 1 || Object.keys(edited.counts).some((k) => UPLOADS.has(k) || k === 'draft/add')) problems.push(`edit: ${JSON.stringify(edited.counts)}`);
  if (sb.state.drafts.length !== 1) problems.push(`${sb.state.drafts.length} drafts in the sandbox`);
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    process.exitCode = 1;
  } else {
    console.log(`ok: warm sends only ${JSON.stringify(warm.counts)} (the token is cached on disk), no upload; an edit is one draft/update; one draft`);
  }
} finally {
  await sb.close();
  await rm(project.dir, { recursive: true, force: true });
}
