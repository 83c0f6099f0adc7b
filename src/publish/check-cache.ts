/**
 * What `gzh publish` knows about an article it checked and planned before, so `--each` over a 2,000-article
 * folder with one edit checks and plans one article, not 2,000. Entries in `<root>/.gzh/cache/publish/`, each
 * named by a hash of all its inputs and carrying a checksum (a garbled entry is ignored and rewritten):
 *
 * - a check entry, keyed by the compile key (Markdown, path, theme CSS, snippets, compile settings, gzh's
 *   version and code), the whole config, the working folder and the manifest's author/comments: the compile
 *   messages, the check messages, the fields and the remote images of a one-article draft, and the article
 *   without its HTML and text. It holds only while every image the article references still resolves to the
 *   same file with the same content hash (FileHashes). The HTML, text and summary of a served article are read
 *   from the compile cache (else compiled, synchronously) the first time something reads them: a draft that
 *   changes needs them, an unchanged one never does.
 * - a plan entry, keyed by the check entry's key, the account scope and the fields: the planned images and
 *   the payload hash, with the ledger entries they were decided from; it holds while gzh.lock has exactly
 *   those entries for those images (an upload, a deleted material or another account decides anew).
 *
 * Drafts of several articles (a manifest) are checked in full each time: their titles are checked together.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ArticleFields } from '../check/index.js';
import type { Message } from '../errors.js';
import { pruneUnused, refreshUsedSync } from '../project/cache-folder.js';
import { CompileCache } from '../project/compile-cache.js';
import { FileHashes, type ImageState } from '../project/file-hashes.js';
import { compileSource, type LoadedArticle } from '../project/load-article.js';
import type { Project } from '../project/load-project.js';
import type { LedgerEntry } from '../images/index.js';

const FORMAT = 1;
/** Calls further apart than this are separate runs. */
const RUN_GAP_MS = 2000;
/** What a served article reads from its full compile only when asked. */
const HEAVY = ['html', 'text', 'summary', 'links'] as const;
type Heavy = (typeof HEAVY)[number];

export interface CheckEntry {
  refs: { src: string; line: number; column?: number }[];
  images: ImageState[];
  /** The article without its heavy fields. */
  light: Omit<LoadedArticle, Heavy | 'source'>;
  fields: ArticleFields;
  messages: Message[];
  remoteImages: { src: string; line: number; column?: number }[];
}

export interface PlanEntry {
  /** Ledger key of each image job, in order, and the entries gzh.lock had for them (JSON). */
  keys: string[];
  entries: string;
  result: { images: unknown[]; hash?: string };
}

/**
 * What the caches did in this process (tests and benches read it): articles checked in full, checks served,
 * served articles whose HTML was then needed (read from the compile cache, or compiled), image plans made and served.
 */
export const publishCacheStats = { checked: 0, served: 0, heavy: 0, planned: 0, plansServed: 0 };

/** Caches whose new fingerprints may not be on disk yet: written when the process ends, however it ends (the command exits). */
const unsaved = new Set<PublishCache>();
let exitHook = false;

/** One cache per project and config in a process: `gzh publish --each` calls checkDraft once per draft. */
const caches = new WeakMap<Project['config'], PublishCache>();

export class PublishCache {
  readonly compileCache: CompileCache;
  readonly hashes: FileHashes;
  readonly dir: string;
  private readonly configHash: string;
  private lastSave = 0;
  private lastUse = 0;

  private constructor(private readonly project: Project) {
    this.compileCache = CompileCache.forProject(project.config);
    this.hashes = FileHashes.forProject(project.config.root);
    this.dir = path.join(project.config.root, '.gzh', 'cache', 'publish');
    this.configHash = sha256(JSON.stringify(project.config));
  }

  /**
   * The theme CSS, snippets and image hashes are read once per run: a call more than RUN_GAP_MS after the last
   * one (a library caller publishing again later) reads them again, as files may have changed meanwhile.
   */
  static of(project: Project): PublishCache {
    let cache = caches.get(project.config);
    if (!cache || cache.project.cwd !== project.cwd) caches.set(project.config, (cache = new PublishCache(project)));
    const now = Date.now();
    if (now - cache.lastUse > RUN_GAP_MS) {
      cache.compileCache.forgetSettings();
      cache.hashes.forgetRun();
    }
    cache.lastUse = now;
    return cache;
  }

  /** The check entry's key of an article whose compile key is `compileKey`. */
  checkKey(compileKey: string, manifest: { author?: string; comments?: unknown } | undefined): string {
    return sha256(`check\0${FORMAT}\0${compileKey}\0${this.configHash}\0${this.project.cwd}\0${JSON.stringify({ author: manifest?.author, comments: manifest?.comments })}`);
  }

  /** `checked`: the check entry's key and the image states it was checked with (CheckedArticle.cacheKey). */
  planKey(checked: string, scope: { appId: string; apiBase: string }, fields: ArticleFields): string {
    return sha256(`plan\0${FORMAT}\0${checked}\0${scope.appId}\0${scope.apiBase}\0${JSON.stringify(fields)}`);
  }

  /** The stored check of this article, when it still holds; `source` is its Markdown as read now. */
  async check(key: string, source: string, compileKey: string, theme: string | undefined): Promise<{ article: LoadedArticle; entry: CheckEntry } | undefined> {
    const entry = await this.read<CheckEntry>(key);
    if (!entry) return undefined;
    await this.hashes.load();
    const now = this.hashes.imageStates(entry.refs, { articleFile: entry.light.absolutePath, cwd: this.project.cwd, root: this.project.config.root });
    this.noteHashes();
    if (JSON.stringify(now) !== JSON.stringify(entry.images)) return undefined;
    const { config } = this.project;
    const light = entry.light;
    const full = () => {
      publishCacheStats.heavy++;
      return this.compileCache.readSync(compileKey, source) ?? compileSource(source, light.file, light.absolutePath, config, { theme });
    };
    publishCacheStats.served++;
    // the compile behind a served check is still wanted (a changed draft reads its HTML): tidy keeps it
    this.compileCache.markUsed(compileKey);
    return { article: lazyArticle({ ...light, messages: light.messages.map((m) => ({ ...m })), source }, full), entry };
  }

  /** Image states of these references now (before the checks look at the images). */
  async imageStates(refs: CheckEntry['refs'], articleFile: string): Promise<ImageState[]> {
    await this.hashes.load();
    return this.hashes.imageStates(refs, { articleFile, cwd: this.project.cwd, root: this.project.config.root });
  }

  storeCheck(key: string, article: LoadedArticle, entry: Omit<CheckEntry, 'light'>): void {
    publishCacheStats.checked++;
    const light = Object.fromEntries(Object.entries(article).filter(([k]) => k !== 'source' && !(HEAVY as readonly string[]).includes(k))) as CheckEntry['light'];
    this.write(key, { ...entry, light });
    this.noteHashes();
  }

  /** The stored plan of an article's images, when gzh.lock still has the same entries for them. */
  async plan(key: string, ledger: { get(key: string): LedgerEntry | undefined }): Promise<PlanEntry['result'] | undefined> {
    const entry = await this.read<PlanEntry>(key);
    if (!entry || entriesOf(entry.keys, ledger) !== entry.entries) return undefined;
    publishCacheStats.plansServed++;
    return entry.result;
  }

  storePlan(key: string, keys: string[], ledger: { get(key: string): LedgerEntry | undefined }, result: PlanEntry['result']): void {
    publishCacheStats.planned++;
    this.write(key, { keys, entries: entriesOf(keys, ledger), result } satisfies PlanEntry);
  }

  private file(key: string): string {
    return path.join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  /**
   * Keep `.gzh/cache/publish` and `.gzh/cache/compile` from growing with every edit (cache-folder.ts). A publish
   * run calls it once its drafts are checked. Every entry a run reads gets a fresh mtime as it is read (those
   * it writes have one), so only what no run used for 30 days goes.
   */
  async tidy(now = Date.now()): Promise<void> {
    await Promise.all([pruneUnused(this.dir, undefined, now), this.compileCache.tidy(now)]);
  }

  /**
   * Synchronous: thousands of small reads in a row are 2-4× faster so than with fs/promises. An entry served
   * gets a fresh mtime when its own is over a day old: what `tidy` goes by.
   */
  private async read<T>(key: string): Promise<T | undefined> {
    const file = this.file(key);
    try {
      const entry = JSON.parse(readFileSync(file, 'utf8')) as { format?: number; key?: string; checksum?: string; payload?: string };
      if (entry.format !== FORMAT || entry.key !== key || typeof entry.payload !== 'string' || entry.checksum !== sha256(`${key}\0${entry.payload}`)) return undefined;
      const value = JSON.parse(entry.payload) as T;
      refreshUsedSync(file);
      return value;
    } catch {
      return undefined; // absent or garbled: checked again, and rewritten
    }
  }

  /** Written before the caller goes on (a publish may end at any point after): small, and without fsync. */
  private write(key: string, value: unknown): void {
    const payload = JSON.stringify(value);
    const file = this.file(key);
    try {
      mkdirSync(path.dirname(file), { recursive: true });
      const temp = `${file}.${process.pid}.tmp`;
      writeFileSync(temp, JSON.stringify({ format: FORMAT, key, checksum: sha256(`${key}\0${payload}`), payload }));
      renameSync(temp, file);
    } catch {
      // a read-only checkout still publishes: the cache is only an optimisation
    }
  }

  /** The fingerprints are written at most once a second while checking, and the rest at exit. */
  private noteHashes(): void {
    unsaved.add(this);
    if (!exitHook) {
      exitHook = true;
      process.once('exit', () => {
        for (const cache of unsaved) cache.saveHashesSync();
      });
    }
    if (Date.now() - this.lastSave < 1000) return;
    this.lastSave = Date.now();
    unsaved.delete(this);
    void this.hashes.save();
  }

  private saveHashesSync(): void {
    try {
      const text = this.hashes.serialise();
      if (text === undefined) return;
      mkdirSync(path.dirname(this.hashes.file), { recursive: true });
      const temp = `${this.hashes.file}.${process.pid}.tmp`;
      writeFileSync(temp, text);
      renameSync(temp, this.hashes.file);
    } catch {
      // only an optimisation
    }
  }
}

/** The entries as data: keys sorted (an entry made in this run and the same one read back from gzh.lock list them differently). */
function entriesOf(keys: readonly string[], ledger: { get(key: string): LedgerEntry | undefined }): string {
  return JSON.stringify(keys.map((k) => ledger.get(k) ?? null), (_, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : value,
  );
}

/** The article with its heavy fields read from the full compile on first use (and kept). */
function lazyArticle(light: Omit<LoadedArticle, Heavy>, load: () => LoadedArticle): LoadedArticle {
  let full: LoadedArticle | undefined;
  const article = { ...light } as LoadedArticle;
  for (const k of HEAVY) {
    Object.defineProperty(article, k, {
      enumerable: true,
      configurable: true,
      get: () => (full ??= load())[k],
      set: (value: unknown) => Object.defineProperty(article, k, { value, enumerable: true, configurable: true, writable: true }),
    });
  }
  return article;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

