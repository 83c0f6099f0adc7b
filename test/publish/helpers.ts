/** Shared pieces of the publish tests: temp projects with real images, a captured CLI context, log counters. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import type { CommandContext } from '../../src/cli/context.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { captureContext } from '../helpers/cli.js';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = path.join(REPO, 'bin', 'gzh.js');
export const APP_ID = 'wxpublishtest000001';
export const SECRET = 'publish-test-Secret-9f3k2';

let colour = 0;
/** A small PNG of a colour no other image in this test process has (distinct bytes → distinct uploads). */
export function makeImage(width = 200, height = 150): Promise<Buffer> {
  const n = ++colour;
  const rgb = { r: (n * 67) % 256, g: (n * 151) % 256, b: (n * 29 + 90) % 256 };
  // a stripe whose position depends on n too: never two identical images even if colours repeat
  const stripe = { create: { width: 10 + (n % 50), height, channels: 3 as const, background: { r: 255 - rgb.r, g: 255 - rgb.g, b: 255 - rgb.b } } };
  return sharp({ create: { width, height, channels: 3, background: rgb } })
    .composite([{ input: stripe, left: (n * 13) % (width - 60), top: 0 }])
    .png()
    .toBuffer();
}

export interface ArticleSpec {
  /** File name under content/, e.g. `a1.md`. */
  name: string;
  title: string;
  images: number;
  extra?: string;
}

export interface Project {
  dir: string;
  files: string[];
  /** Relative paths (from dir) of the article files. */
  paths: string[];
  imageCount: number;
}

/** A temp project: content/<name>.md with `images` distinct images each (the first is the cover). */
export async function makeProject(specs: readonly ArticleSpec[], parent = os.tmpdir()): Promise<Project> {
  const dir = await mkdtemp(path.join(parent, 'gzh-publish-'));
  await mkdir(path.join(dir, 'content', 'img'), { recursive: true });
  const files: string[] = [];
  let imageCount = 0;
  for (const spec of specs) {
    const base = spec.name.replace(/\.md$/, '');
    const lines = [`---`, `title: ${spec.title}`, `author: 测试`, `---`, '', `这是《${spec.title}》的正文，讲一个完整的小故事。`, ''];
    for (let i = 0; i < spec.images; i++) {
      const file = `${base}-${i + 1}.png`;
      await writeFile(path.join(dir, 'content', 'img', file), await makeImage());
      lines.push(`![图 ${i + 1}](./img/${file})`, '', `第 ${i + 1} 段说明文字。`, '');
      imageCount++;
    }
    if (spec.extra) lines.push(spec.extra, '');
    const file = path.join(dir, 'content', spec.name);
    await writeFile(file, lines.join('\n'));
    files.push(file);
  }
  return { dir, files, paths: files.map((f) => path.relative(dir, f)), imageCount };
}

/** `n` articles sharing `images` images as evenly as possible (each at least 1). */
export function spreadImages(n: number, images: number, prefix = 'a'): ArticleSpec[] {
  const titles = ['春日山行记', '城市夜跑笔记', '一碗面的讲究', '旧书店的下午', '海边的风', '学做木工', '阳台种菜', '雨天读诗', '老街的早点'];
  return Array.from({ length: n }, (_, i) => ({
    name: `${prefix}${i + 1}.md`,
    title: `${titles[i % titles.length]}（${i + 1}）`,
    images: Math.floor(images / n) + (i < images % n ? 1 : 0),
  }));
}

export interface Captured {
  ctx: CommandContext;
  out(): string;
  err(): string;
}

/** A CommandContext whose stdout/stderr are captured (no colour, non-interactive). */
export function capture(cwd: string, env: NodeJS.ProcessEnv): Captured {
  return captureContext(cwd, env, undefined, { ci: false });
}

/** Environment pointing the CLI at a test sandbox (its own token cache dir, never ~/.cache). */
export function sandboxEnv(sb: Sandbox, cacheDir: string): NodeJS.ProcessEnv {
  return { WECHAT_APP_ID: sb.appId, WECHAT_APP_SECRET: sb.appSecret, WECHAT_API_BASE: sb.apiBase, XDG_CACHE_HOME: cacheDir };
}

const WRITES = new Set(['/cgi-bin/media/uploadimg', '/cgi-bin/material/add_material', '/cgi-bin/draft/add', '/cgi-bin/draft/update']);

/** Requests per endpoint (short names), from `from` in the log on. */
export function countEndpoints(sb: Sandbox, from = 0): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of sb.log.slice(from)) {
    const name = e.endpoint.replace('/cgi-bin/', '');
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

/** Requests that change WeChat state (uploads and draft writes) from `from` on. */
export function writeRequests(sb: Sandbox, from = 0): string[] {
  return sb.log.slice(from).filter((e) => WRITES.has(e.endpoint)).map((e) => e.endpoint);
}

/** Uploads WeChat actually stored (answered errcode 0 by the handler, whatever happened to the answer). */
export function storedUploads(sb: Sandbox, endpoint: 'media/uploadimg' | 'material/add_material'): number {
  return sb.log.filter((e) => e.endpoint === `/cgi-bin/${endpoint}` && e.errcode === 0).length;
}

export async function readLock(file: string): Promise<{ version: number; accounts: Record<string, { media: Record<string, unknown>; drafts: Record<string, { media_id: string; articles: { path: string; hash: string }[] }>; journal: Record<string, { op: string }>; publishes: Record<string, unknown> }> }> {
  return JSON.parse(await readFile(file, 'utf8'));
}

/** dist/ is what bin/gzh.js runs (the bundle, which `npm run build` makes after tsc): build it when missing (CI's `npm ci` builds it). */
export function ensureDist(): void {
  if (existsSync(path.join(REPO, 'dist', 'cli', 'index.js')) && existsSync(path.join(REPO, 'dist', 'bundle', 'gzh.js'))) return;
  execFileSync('npm', ['run', 'build'], { cwd: REPO, stdio: 'inherit' });
}

export interface Child {
  proc: ChildProcess;
  out(): string;
  err(): string;
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `node bin/gzh.js ...args` in `cwd` with exactly `env` (plus PATH/HOME), output captured. */
export function spawnCli(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Child {
  const proc = spawn(process.execPath, [BIN, ...args], { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.on('close', (code, signal) => resolve({ code, signal })));
  return { proc, out: () => out, err: () => err, done };
}
