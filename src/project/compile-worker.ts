/**
 * The compile pool's worker (a worker thread; see compile-pool.ts): compiles one article from plain data
 * with the same code as an in-process compile. Each worker keeps a ParseCache per article it has compiled,
 * so a recompile (gzh dev) re-parses only what changed when the pool sends the article back to it.
 */
import { ParseCache } from '../compile/index.js';
import { isGzhError } from '../errors.js';
import type { CompileRequest } from './compile-pool.js';
import { compileSource, type LoadedArticle } from './load-article.js';

/** A GzhError as plain data (a thrown error loses its class crossing threads). */
export interface TaskError {
  code: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
  hint?: string;
  exitCode: 1 | 2 | 130;
}

export type TaskResult = { article: LoadedArticle } | { error: TaskError };

/** Articles last compiled here, most recent last: a bounded set (dev sessions may open many). */
const caches = new Map<string, ParseCache>();
const MAX_CACHES = 64;

function cacheFor(absolutePath: string): ParseCache {
  let cache = caches.get(absolutePath);
  if (cache) caches.delete(absolutePath);
  else cache = new ParseCache();
  caches.set(absolutePath, cache);
  if (caches.size > MAX_CACHES) caches.delete(caches.keys().next().value!);
  return cache;
}

/** `null` only loads this module and the compiler (CompilePool.warm). */
export default function compileTask(task: CompileRequest | null): TaskResult | null {
  if (task === null) return null;
  try {
    const article = compileSource(task.source, task.file, task.absolutePath, task.config, {
      cwd: task.cwd,
      theme: task.theme,
      diagrams: task.diagrams,
      parseCache: task.cache ? cacheFor(task.absolutePath) : undefined,
    });
    return { article };
  } catch (error) {
    if (!isGzhError(error)) throw error; // a bug: the pool rejects with it, stack included
    return { error: { code: error.code, message: error.message, file: error.file, line: error.line, column: error.column, hint: error.hint, exitCode: error.exitCode } };
  }
}
