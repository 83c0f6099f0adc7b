/**
 * The incremental compile cache: each article's compile result in `<root>/.gzh/cache/compile/<key>.json`, so
 * an unchanged article is not compiled again by the next `gzh build` (a new process, a CI run restoring the
 * folder). The kernel is pure, so the key is the sha256 of all it is given: the Markdown, the path shown in
 * messages and the file name (the slug), the theme and code theme CSS, the header/footer snippet text, the
 * compile settings from the config, the rendered diagrams, and gzh's version and code. Images are not in it:
 * the compile only names them; the image step after it reads and hashes them on every build.
 *
 * Safe against two processes: an entry is written to a temp file and renamed (never seen half-written), and
 * both write the same bytes for the same key. Each entry carries its key and a sha256 of key and payload: a
 * truncated, edited or foreign entry is detected, ignored and rewritten, never served.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { replaceFile } from '../replace-file.js';
import { pruneUnused, refreshUsed } from './cache-folder.js';
import type { ResolvedConfig } from '../config/schema.js';
import { packageVersion } from '../package-root.js';
import { compileInputs, peekTheme, type LoadedArticle } from './load-article.js';

/** Bump when the entry layout changes. */
const FORMAT = 2;

export interface CacheRequest {
  source: string;
  shown: string;
  absolutePath: string;
  config: ResolvedConfig;
  /** Theme from the command line. */
  theme?: string;
  diagrams?: ReadonlyMap<string, string>;
}

export interface CompileCacheStats {
  /** Articles served from the cache. */
  hits: number;
  /** Articles compiled (not cached, or the entry was stale or corrupt). */
  misses: number;
  /** Entries found corrupt (and rewritten). */
  corrupt: number;
}

interface Entry {
  format: number;
  key: string;
  checksum: string;
  payload: string;
}

export interface CompileCacheOptions {
  /** gzh's version (default: package.json's); a new version compiles everything again. */
  version?: string;
}

export class CompileCache {
  readonly dir: string;
  readonly stats: CompileCacheStats = { hits: 0, misses: 0, corrupt: 0 };
  private readonly stamp: string;
  private readonly writes = new Set<Promise<void>>();
  /** Entry folders made by this run (256 of them for thousands of entries). */
  private readonly folders = new Set<string>();
  /** Entries this run used (read, written, or standing behind a build record): `tidy` keeps them. */
  private readonly used = new Set<string>();
  private settings = new WeakMap<ResolvedConfig, Map<string, { theme: string; json: string }>>();

  constructor(dir: string, options: CompileCacheOptions = {}) {
    this.dir = dir;
    this.stamp = `${options.version ?? packageVersion()}\0${codeStamp()}`;
  }

  /** The project's cache: `<root>/.gzh/cache/compile`. */
  static forProject(config: ResolvedConfig, options: CompileCacheOptions = {}): CompileCache {
    return new CompileCache(path.join(config.root, '.gzh', 'cache', 'compile'), options);
  }

  /** The key of a compile, or undefined when its inputs cannot be resolved (an unknown theme: the compile reports it). */
  keyOf(request: CacheRequest): string | undefined {
    const settings = this.settingsOf(request);
    if (!settings) return undefined;
    const { diagrams } = request;
    const hash = createHash('sha256');
    hash.update(`${FORMAT}\0${this.stamp}\0${request.shown}\0${path.basename(request.absolutePath)}\0${settings.theme}\0`);
    hash.update(settings.json);
    hash.update(JSON.stringify(diagrams ? [...diagrams].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : null));
    hash.update('\0');
    hash.update(request.source);
    return hash.digest('hex');
  }

  /**
   * The compile settings besides the Markdown and its path (theme CSS, snippets, config), loaded once per theme
   * choice and config: reading the theme folders and snippets for each of 2,000 articles was most of a warm key.
   */
  private settingsOf(request: CacheRequest): { theme: string; json: string } | undefined {
    const id = `${request.theme ?? ''}\0${peekTheme(request.source) ?? ''}`;
    let byConfig = this.settings.get(request.config);
    if (!byConfig) this.settings.set(request.config, (byConfig = new Map()));
    const known = byConfig.get(id);
    if (known) return known;
    let inputs;
    try {
      inputs = compileInputs(request.source, request.shown, request.config, { theme: request.theme });
    } catch {
      return undefined;
    }
    // the file is hashed apart (request.shown); diagrams too
    const { diagrams: _diagrams, file: _file, ...rest } = inputs.options;
    const settings = { theme: inputs.theme, json: JSON.stringify(rest) };
    byConfig.set(id, settings);
    return settings;
  }

  /** Load the theme CSS and snippets again on the next key (a long-lived caller, between runs: they may have been edited). */
  forgetSettings(): void {
    this.settings = new WeakMap();
  }

  /** The cached compile of `request`, else `compile()` (and its result stored). Failures are not cached. */
  async through(request: CacheRequest, compile: () => Promise<LoadedArticle>): Promise<LoadedArticle> {
    const key = this.keyOf(request);
    if (key) {
      const hit = await this.read(key, request);
      if (hit) {
        this.stats.hits++;
        return hit;
      }
    }
    this.stats.misses++;
    const article = await compile();
    // stored before the caller adds anything (diagram messages): the entry is the compile alone
    if (key) this.write(key, article);
    return article;
  }

  /** Wait for the entries being written (a build awaits this before it returns). */
  async flush(): Promise<void> {
    await Promise.all([...this.writes]);
  }

  /** The entry of `key` is still wanted (a build record stands for it), though this run did not read it. */
  markUsed(key: string): void {
    this.used.add(this.file(key));
  }

  /** Keep the folder from growing with every edit (cache-folder.ts): this run's entries are kept and refreshed. */
  async tidy(now = Date.now()): Promise<void> {
    await this.flush();
    await refreshUsed(this.used, now);
    await pruneUnused(this.dir, this.used, now);
  }

  private file(key: string): string {
    return path.join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  private async read(key: string, request: CacheRequest): Promise<LoadedArticle | undefined> {
    let text: string;
    try {
      text = await readFile(this.file(key), 'utf8');
    } catch {
      return undefined; // not cached
    }
    return this.parse(key, text, request.source);
  }

  /** The stored compile of `key` (its Markdown is `source`), read synchronously; undefined when absent or corrupt. */
  readSync(key: string, source: string): LoadedArticle | undefined {
    let text: string;
    try {
      text = readFileSync(this.file(key), 'utf8');
    } catch {
      return undefined;
    }
    return this.parse(key, text, source);
  }

  private parse(key: string, text: string, source: string): LoadedArticle | undefined {
    try {
      const entry = JSON.parse(text) as Entry;
      if (entry.format !== FORMAT || entry.key !== key || typeof entry.payload !== 'string' || entry.checksum !== checksum(key, entry.payload)) throw new Error('corrupt');
      const stored = JSON.parse(entry.payload) as Omit<LoadedArticle, 'source'>;
      this.used.add(this.file(key));
      // the source is in the key: not stored twice
      return { ...stored, source };
    } catch {
      this.stats.corrupt++;
      return undefined;
    }
  }

  private write(key: string, article: LoadedArticle): void {
    const { source: _source, ...stored } = article;
    const payload = JSON.stringify(stored);
    const entry: Entry = { format: FORMAT, key, checksum: checksum(key, payload), payload };
    // no fsync: a rename is atomic between processes, and an entry a crash garbles fails its checksum
    const file = this.file(key);
    this.used.add(file);
    const folder = path.dirname(file);
    const made = this.folders.has(folder) ? Promise.resolve() : mkdir(folder, { recursive: true }).then(() => void this.folders.add(folder));
    const done = made
      .then(() => replaceFile(file, JSON.stringify(entry)))
      .catch(() => undefined) // a read-only checkout still builds: the cache is only an optimisation
      .finally(() => this.writes.delete(done));
    this.writes.add(done);
  }
}

function checksum(key: string, payload: string): string {
  return createHash('sha256').update(key).update('\0').update(payload).digest('hex');
}

/** gzh's own code: a rebuilt checkout (same version, new compiler) must not serve old output. */
function codeStamp(): string {
  try {
    const s = statSync(fileURLToPath(import.meta.url));
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return '';
  }
}
