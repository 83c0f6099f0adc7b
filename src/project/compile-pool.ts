/**
 * Compile articles on worker threads: the event loop stays free (gzh dev answers while a long article
 * compiles), builds use every core, and a compile can be cancelled: aborting its signal terminates the worker
 * running it (a compile is synchronous CPU work, nothing else can stop it). The pool is tinypool (100 KB, no
 * dependencies; piscina is 1.4 MB with a native optional dependency). Workers run compile-worker.ts, the same
 * code as an in-process compileSource: the output is the same bytes.
 *
 * One single-thread tinypool per lane: an article with `cache` goes to the same lane while it is free, so
 * the worker there keeps its ParseCache (gzh dev re-parses only what a save changed); other tasks take the
 * least busy lane. Diagrams need Chromium and its cache: the main thread renders them first and sends the result.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Tinypool from 'tinypool';
import type { ResolvedConfig } from '../config/schema.js';
import { GzhError } from '../errors.js';
import { packageRoot } from '../package-root.js';
import type { CompileCache } from './compile-cache.js';
import type { TaskResult } from './compile-worker.js';
import { readArticleSource, renderArticleDiagrams, type LoadedArticle } from './load-article.js';

export interface CompilePoolOptions {
  /** Worker threads (default: the number of cores). */
  jobs?: number;
}

export interface CompileRequest {
  source: string;
  /** Path as shown to the user (relative to cwd). */
  file: string;
  absolutePath: string;
  config: ResolvedConfig;
  cwd?: string;
  /** Theme from the command line: wins over front matter and config. */
  theme?: string;
  /** Pre-rendered ```mermaid diagrams (renderArticleDiagrams: the main thread owns Chromium). */
  diagrams?: ReadonlyMap<string, string>;
  /** Keep this article's parse in its worker for the next compile of the same path (gzh dev). */
  cache?: boolean;
}

/** Young generation as the gzh bin sets it (`--max-semi-space-size=64`: GC was ~25% of a compile). */
const RESOURCE_LIMITS = { maxYoungGenerationSizeMb: 3 * 64 };

/** The worker beside this module (dist/project/ or dist/bundle/), or the built one when running from src/. */
function workerFile(): string {
  const beside = fileURLToPath(new URL('./compile-worker.js', import.meta.url));
  if (existsSync(beside)) return beside;
  const built = path.join(packageRoot(), 'dist', 'project', 'compile-worker.js');
  if (existsSync(built)) return built;
  throw new Error(`gzh: the compile worker is missing (looked for ${beside} and ${built}): run \`npm run build\``);
}

interface Lane {
  pool: Tinypool;
  busy: number;
}

export class CompilePool {
  readonly jobs: number;
  private readonly lanes: Lane[];
  private destroyed = false;

  constructor(options: CompilePoolOptions = {}) {
    this.jobs = Math.max(1, Math.floor(options.jobs ?? availableParallelism()));
    const filename = workerFile();
    this.lanes = Array.from({ length: this.jobs }, () => ({
      pool: new Tinypool({ filename, minThreads: 1, maxThreads: 1, resourceLimits: RESOURCE_LIMITS }),
      busy: 0,
    }));
  }

  /** Start the workers and load the compiler in them now, not on the first article (a cold worker: ~0.5 s). */
  warm(): void {
    for (const lane of this.lanes) lane.pool.run(null).catch(() => undefined);
  }

  /** Compile one article in a worker. Rejects with an AbortError when `signal` aborts (the worker is ended). */
  async compile(request: CompileRequest, options: { signal?: AbortSignal } = {}): Promise<LoadedArticle> {
    if (this.destroyed) throw new Error('gzh: the compile pool was destroyed');
    const lane = this.pickLane(request);
    lane.busy++;
    try {
      const result = (await lane.pool.run(request, { signal: options.signal ?? null })) as TaskResult;
      if ('error' in result) {
        const e = result.error;
        throw new GzhError(e.code, e.message, { file: e.file, line: e.line, column: e.column, hint: e.hint, exitCode: e.exitCode });
      }
      return result.article;
    } finally {
      lane.busy--;
    }
  }

  /**
   * An article with a cache goes to its own lane, unless that lane is busy and another is idle: a slow
   * article must not hold up the others. (The cache is keyed by chunk text: a cold or stale one is correct.)
   */
  private pickLane(request: CompileRequest): Lane {
    const idlest = this.lanes.reduce((a, b) => (b.busy < a.busy ? b : a));
    if (!request.cache) return idlest;
    const home = this.lanes[hash(request.absolutePath) % this.lanes.length]!;
    return home.busy > 0 && idlest.busy === 0 ? idlest : home;
  }

  /** End every worker, in-flight compiles included (they reject). */
  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    await Promise.all(this.lanes.map((l) => l.pool.destroy()));
  }
}

export interface CompileArticlesOptions {
  /** Worker threads (default: the number of cores); ignored when `pool` is given. */
  jobs?: number;
  /** A pool to use (and keep); by default one is made for this call and destroyed after it. */
  pool?: CompilePool;
  signal?: AbortSignal;
  cwd?: string;
  theme?: string;
  env?: NodeJS.ProcessEnv;
  /** Reuse unchanged articles' compiles from an earlier run. */
  compileCache?: CompileCache;
}

/**
 * Read and compile articles in parallel; the result is in the order of `files`, each article exactly what
 * loadArticle gives. The first failure (in that order) is thrown once every article has settled.
 */
export async function compileArticles(files: readonly string[], config: ResolvedConfig, options: CompileArticlesOptions = {}): Promise<LoadedArticle[]> {
  const cwd = options.cwd ?? process.cwd();
  const pool = options.pool ?? new CompilePool({ jobs: Math.min(options.jobs ?? availableParallelism(), Math.max(1, files.length)) });
  try {
    const settled = await Promise.allSettled(
      files.map((filePath) => compileFile(pool, filePath, config, { ...options, cwd })),
    );
    const failed = settled.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    return settled.map((s) => (s as PromiseFulfilledResult<LoadedArticle>).value);
  } finally {
    if (!options.pool) await pool.destroy();
  }
}

/** loadArticle, on the pool: the same reading, diagrams (on this thread: Chromium) and compile. */
export async function compileFile(pool: CompilePool, filePath: string, config: ResolvedConfig, options: Omit<CompileArticlesOptions, 'pool' | 'jobs'> = {}): Promise<LoadedArticle> {
  const cwd = options.cwd ?? process.cwd();
  const absolutePath = path.resolve(cwd, filePath);
  const shown = path.relative(cwd, absolutePath) || absolutePath;
  const source = await readArticleSource(absolutePath, shown);
  const rendered = await renderArticleDiagrams(source, shown, config, options.env);
  const diagrams = rendered?.diagrams;
  const compile = () => pool.compile({ source, file: shown, absolutePath, config, cwd, theme: options.theme, diagrams }, { signal: options.signal });
  const article = options.compileCache ? await options.compileCache.through({ source, shown, absolutePath, config, theme: options.theme, diagrams }, compile) : await compile();
  if (rendered) article.messages.push(...rendered.messages);
  return article;
}

/** FNV-1a: a stable lane for a path. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
