/**
 * Articles compiled ahead of the one being worked on, on a pool of worker threads, while the caller checks
 * and writes them one by one in file order (gzh build, gzh lint): messages, slug clashes and the image step
 * stay what a serial run gives, and the compiles use every core. The run-ahead is bounded, so memory stays
 * flat on a 2,000-article repo. A few articles are compiled on this thread: starting workers would cost more.
 */
import { availableParallelism } from 'node:os';
import type { ResolvedConfig } from '../config/schema.js';
import type { CompileCache } from './compile-cache.js';
import { CompilePool, compileFile } from './compile-pool.js';
import { loadArticle, type LoadedArticle } from './load-article.js';

export interface CompileAheadOptions {
  /** Worker threads (default: the number of cores); 1 compiles on this thread. The articles are the same. */
  jobs?: number;
  cwd: string;
  theme?: string;
  env?: NodeJS.ProcessEnv;
  /** Aborting ends the workers: the compiles in flight reject. */
  signal?: AbortSignal;
  compileCache?: CompileCache;
}

export interface CompileAhead {
  /** Article `i` of `files`, compiled; ask in increasing order of i (later ones are compiled meanwhile). */
  article(i: number): Promise<LoadedArticle>;
  /** End the workers (compiles in flight reject). */
  close(): Promise<void>;
}

/** Fewer articles to compile than this: compiled on this thread (a worker takes ~0.5 s to start). */
const POOL_MIN = 4;

/** `wanted`: the indexes of `files` that will be asked for, in order (default: all of them). */
export function compileAhead(files: readonly string[], config: ResolvedConfig, options: CompileAheadOptions, wanted: readonly number[] = files.map((_, i) => i)): CompileAhead {
  const { cwd, theme, env, signal, compileCache } = options;
  const jobs = Math.min(Math.max(1, Math.floor(options.jobs ?? availableParallelism())), wanted.length);
  const pool = jobs > 1 && wanted.length >= POOL_MIN ? new CompilePool({ jobs }) : undefined;
  const ahead = jobs * 4;
  const started = new Map<number, Promise<LoadedArticle>>();
  let next = 0;
  const start = (k: number): void => {
    const i = wanted[k];
    if (!pool || i === undefined || started.has(i)) return;
    const job = compileFile(pool, files[i]!, config, { cwd, theme, env, signal, compileCache });
    job.catch(() => undefined); // awaited in order by article(); not unhandled meanwhile
    started.set(i, job);
  };
  return {
    article(i) {
      while (next < wanted.length && wanted[next]! < i) next++;
      for (let k = next; k < next + ahead; k++) start(k);
      const job = started.get(i);
      started.delete(i);
      return job ?? loadArticle(files[i]!, config, { cwd, theme, env, compileCache });
    },
    close: async () => {
      await pool?.destroy();
    },
  };
}
