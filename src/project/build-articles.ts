/**
 * `buildArticles`: compile articles to `<out>/<slug>.html` (the draft content as it will be sent, its local
 * images pointing at optimised copies in `<out>/images/` where publishing puts WeChat URLs) and
 * `<slug>.preview.html`, with the same checks publish runs. An article that compiles is always written, even
 * when a check fails (the preview is how the writer sees the problem); its errors still fail the build.
 */
import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { replaceFile } from '../replace-file.js';
import { articleTypeOf, checkArticle, measureContent, newspicImages, newspicText, type ContentSize } from '../check/index.js';
import { GzhError, InterruptedError, outputError, UsageError, type Message } from '../errors.js';
import { findArticles } from './find-articles.js';
import { BuildRecords, readRecordable, recordable, type RecordedArticle, type RecordRef } from './build-record.js';
import { CompileCache } from './compile-cache.js';
import { FileHashes, imageRefsOf, type ImageState } from './file-hashes.js';
import { compileAhead } from './compile-ahead.js';
import type { LoadedArticle } from './load-article.js';
import type { Project } from './load-project.js';
import type { ImageRef } from '../compile/types.js';
import { ImageMemo } from '../images/image-memo.js';
import { renderImagePost } from './image-post.js';
import { renderPreviewPage } from './preview-page.js';

export interface BuiltArticle {
  file: string;
  slug: string;
  title: string;
  /** Written files, relative to the working directory (absent when the article could not be compiled). */
  html?: string;
  preview?: string;
  bytes: number;
  size: ContentSize;
  images: number;
  messages: Message[];
}

export interface BuildResult {
  outDir: string;
  articles: BuiltArticle[];
  errors: number;
  /** Articles compiled in this run, and served unchanged from the compile cache. */
  compiled: number;
  cached: number;
  /** Of the cached ones, those left as the last build wrote them (their build record held: not checked or written again). */
  unchanged: number;
}

export interface BuildOptions {
  /** Output folder (default: config outDir under the project root). */
  outDir?: string;
  theme?: string;
  /** Worker threads compiling articles (default: the number of cores); 1 compiles in-process. Output is the same. */
  jobs?: number;
  /** Reuse unchanged articles' compiles from `.gzh/cache/compile` (default true; false compiles every article). */
  cache?: boolean;
  /** gzh's version as the caches see it (default: package.json's; tests change it). */
  version?: string;
  signal?: AbortSignal;
  onProgress?: (label: string, done: number, total: number) => void;
}

export async function buildArticles(project: Project, paths: readonly string[], options: BuildOptions = {}): Promise<BuildResult> {
  const { config, cwd } = project;
  const outDir = path.resolve(cwd, options.outDir ?? path.join(config.root, config.outDir));
  const files = findArticles(paths, config, cwd);
  await prepareOutDir(outDir, options.outDir ?? config.outDir);
  const built: BuiltArticle[] = [];
  const slugs = new Map<string, string>();
  // the articles of a repo share their pictures: each is resolved, checked and copied once per build
  const imageMemo = new ImageMemo();
  const compileCache = options.cache === false ? undefined : CompileCache.forProject(config, { version: options.version });
  const incremental = compileCache ? { cache: compileCache, records: BuildRecords.forBuild(config, cwd, outDir), hashes: FileHashes.forProject(config.root) } : undefined;
  // first, which articles are as the last build left them (their build record holds): those cost a read, a hash
  // and a few stats, and nothing is compiled, checked or written for them
  const recorded = incremental ? await lookUpRecords(files, project, incremental, options.theme) : [];
  const todo = files.flatMap((_, i) => (recorded[i] ? [] : [i]));
  // compiles run ahead on the pool; checks, images and writes stay here in file order
  const compiles = compileAhead(files, config, { jobs: options.jobs, cwd, theme: options.theme, env: project.env, signal: options.signal, compileCache }, todo);
  const writes = new PageWrites();
  try {
    for (const [i, file] of files.entries()) {
      writes.check();
      if (options.signal?.aborted) throw new InterruptedError(`Interrupted after ${i} of ${files.length} articles (the ones written are complete)`);
      options.onProgress?.('Building', i, files.length);
      const record = recorded[i];
      if (record && !slugs.has(record.slug)) {
        slugs.set(record.slug, record.file);
        built.push({ ...record, messages: record.messages.map((m) => ({ ...m })) });
        continue;
      }
      if (record) incremental!.records.stats.hits--; // its slug clashes now: built as before, the clash reported
      const article = await compiles.article(i).catch((error: unknown) => {
        // an abort ends the workers: the compiles in flight reject with it, the build is interrupted
        if (options.signal?.aborted) throw new InterruptedError(`Interrupted after ${i} of ${files.length} articles (the ones written are complete)`);
        throw error;
      });
      built.push(await buildOne(project, article, { outDir, slugs, imageMemo, writes }, options, incremental));
      await writes.bound();
    }
    await writes.all();
  } finally {
    // no page is still being written when the build returns (an interrupted one included), nor its record saved before it
    await writes.settled();
    await compiles.close();
    await Promise.all([compileCache?.tidy(), incremental?.records.save(), incremental?.hashes.save()]);
  }
  options.onProgress?.('Building', files.length, files.length);
  const hits = incremental?.records.stats.hits ?? 0;
  return { outDir: path.relative(cwd, outDir) || '.', articles: built, errors: built.reduce((n, b) => n + b.messages.filter((m) => m.severity === 'error').length, 0),
    compiled: compileCache ? compileCache.stats.misses : files.length,
    cached: (compileCache?.stats.hits ?? 0) + hits,
    unchanged: hits,
  };
}

interface Incremental {
  cache: CompileCache;
  records: BuildRecords;
  hashes: FileHashes;
}

/**
 * Each article's still-valid build record, if any. Synchronous reads: nothing else runs yet, and 300 sources read
 * 2-4× faster so than with fs/promises (measured here).
 */
async function lookUpRecords(files: readonly string[], project: Project, inc: Incremental, theme: string | undefined): Promise<(RecordedArticle | undefined)[]> {
  const { config } = project;
  await Promise.all([inc.records.load(), inc.hashes.load()]);
  return files.map((file) => {
    // unreadable: the build reports it
    const read = readRecordable(file, project);
    if (!read) return undefined;
    const { source, shown, absolutePath } = read;
    const key = inc.cache.keyOf({ source, shown, absolutePath, config, theme });
    const record = key ? inc.records.use(absolutePath, inc.records.keyOf(key), inc.hashes) : undefined;
    // the compile behind the record is still wanted (a build into another folder reads it): tidy keeps it
    if (record) inc.cache.markUsed(key!);
    return record;
  });
}

/** What the articles of one build share. */
interface BuildRun {
  outDir: string;
  /** slug → the file that took it */
  slugs: Map<string, string>;
  imageMemo: ImageMemo;
  writes: PageWrites;
}

/**
 * The pages of the last few articles, being written while the next one is compiled and checked (a build used
 * to wait ~1.4 ms per article for its two files). Bounded; the first failure stops the build at the next article.
 */
class PageWrites {
  private static readonly IN_FLIGHT = 8;
  private readonly pending: Promise<void>[] = [];
  private failure: { error: unknown } | undefined;

  add(write: Promise<void>): void {
    // handled here, thrown by check() or all(): not an unhandled rejection meanwhile
    write.catch((error: unknown) => void (this.failure ??= { error }));
    this.pending.push(write);
  }

  /** The first write that failed, thrown. */
  check(): void {
    if (this.failure) throw this.failure.error;
  }

  async bound(): Promise<void> {
    while (this.pending.length > PageWrites.IN_FLIGHT) await this.pending.shift();
  }

  async all(): Promise<void> {
    await Promise.all(this.pending.splice(0));
  }

  async settled(): Promise<void> {
    await Promise.allSettled(this.pending.splice(0));
  }
}

async function buildOne(project: Project, article: LoadedArticle, run: BuildRun, options: BuildOptions, inc?: Incremental): Promise<BuiltArticle> {
  const { config, cwd } = project;
  const { outDir, slugs, imageMemo } = run;
  const messages: Message[] = [...article.messages];
  const clash = slugs.get(article.slug);
  if (clash) messages.push({ ruleId: 'build/slug-clash', severity: 'error', file: article.file, line: article.fieldLines.slug ?? 1, column: 1, message: `Slug \`${article.slug}\` is also used by ${clash}: set \`slug:\` in the front matter of one of them`, source: 'gzh-build' });
  slugs.set(article.slug, article.file);
  const result: BuiltArticle = { file: article.file, slug: article.slug, title: article.title, bytes: 0, size: measureContent(article), images: article.images.length, messages };
  // what the record will say the images were: read before the image step, so an edit during it is seen next time
  const record = inc && !clash ? recordInputs(project, article, inc, options.theme) : undefined;
  if (!record) inc?.records.delete(article.absolutePath);
  // a broken compile (bad front matter, a slug clash) would write a misleading page: nothing is written
  if (messages.some((m) => m.severity === 'error')) {
    if (record) inc!.records.set(article.absolutePath, { ...record, outputs: [], assets: [], result });
    return result;
  }
  messages.push(...(await checkArticle(article, config, { root: config.root, cwd, imageMemo })).messages);
  // an image post: its pictures (optimised copies) then its plain text, as the phone shows it
  const pictures = articleTypeOf(article.meta) === 'newspic' ? newspicImages(article) : undefined;
  const images = pictures ?? article.images;
  const paths = images.length === 0 ? new Map<number, string>() : await buildImages(project, article, images, run, messages, options);
  const html = pictures ? renderImagePost(pictures.map((p, i) => paths.get(i) ?? p.src), newspicText(article.html)) : paths.size === 0 ? article.html : await rewriteSources(article.html, paths);
  const htmlFile = path.join(outDir, `${article.slug}.html`);
  const previewFile = path.join(outDir, `${article.slug}.preview.html`);
  const done = { ...result, html: path.relative(cwd, htmlFile), preview: path.relative(cwd, previewFile), bytes: Buffer.byteLength(html) };
  const preview = renderPreviewPage({ title: article.title, author: article.meta.author ?? config.author, accountName: config.accountName, html });
  // the record notes the pages' size and mtime: made once they are written
  run.writes.add(Promise.all([writePage(htmlFile, html, cwd), writePage(previewFile, preview, cwd)]).then(() => {
    if (!record) return;
    const assets = [...new Set(paths.values())].filter((p) => !/^[a-z]+:/i.test(p)).map((p) => path.join(outDir, p));
    inc!.records.set(article.absolutePath, { ...record, outputs: [htmlFile, previewFile], assets, result: done });
  }));
  return done;
}

/** The record's key and image state for this article, or undefined when it can't be recorded (remote images, diagrams). */
function recordInputs(project: Project, article: LoadedArticle, inc: Incremental, theme: string | undefined): { key: string; refs: RecordRef[]; images: ImageState[] } | undefined {
  const { config, cwd } = project;
  if (!recordable(article.source, config)) return undefined;
  const compileKey = inc.cache.keyOf({ source: article.source, shown: article.file, absolutePath: article.absolutePath, config, theme });
  if (!compileKey) return undefined;
  const refs = imageRefsOf(article);
  const images = inc.hashes.imageStates(refs, { articleFile: article.absolutePath, cwd, root: config.root });
  if (images.some((s) => s.kind === 'remote')) return undefined;
  return { key: inc.records.keyOf(compileKey), refs, images };
}


/**
 * Never a half-written file: a temp file and a rename (replaceFile: no fsync, this output is made again from the
 * sources; a build record checks its outputs' size and mtime). A file that already holds these bytes (a rebuild)
 * is left alone, so its mtime stays for tools that watch it.
 */
async function writeIfChanged(file: string, text: string): Promise<void> {
  const current = await readFile(file).catch(() => undefined);
  if (current && current.length === Buffer.byteLength(text) && current.equals(Buffer.from(text))) return;
  await replaceFile(file, text);
}

/** A page that cannot be written (a folder in its place, a full disk) is the user's to fix (outputError). */
async function writePage(file: string, text: string, cwd: string): Promise<void> {
  try {
    await writeIfChanged(file, text);
  } catch (error) {
    const shown = path.relative(cwd, file) || file;
    throw outputError('write this page', shown, error, { file: shown });
  }
}

/** `--out` must be a folder gzh can write: a file, /dev/null/x or /proc/x is a usage error at once. */
async function prepareOutDir(outDir: string, given: string): Promise<void> {
  try {
    await makeFolder(outDir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    if (code === 'ENOTDIR') throw new UsageError(`--out: ${given} is a file, or inside one, not a folder`, { hint: 'Give a folder (it is created when missing), e.g. dist' });
    throw new UsageError(`--out: cannot create ${given} (${code})`, { hint: 'Give a folder you can write to, e.g. dist' });
  }
}

/**
 * mkdir -p, one level at a time: Node's recursive mkdir spins forever on /proc/x (seen on Linux, Node 20), a
 * plain mkdir fails at once.
 */
async function makeFolder(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let current = dir; ; current = path.dirname(current)) {
    const found = await stat(current).catch(() => undefined);
    if (found) {
      if (!found.isDirectory()) throw Object.assign(new Error(`${current} is not a folder`), { code: 'ENOTDIR' });
      break;
    }
    missing.unshift(current);
    if (path.dirname(current) === current) break;
  }
  for (const folder of missing) await mkdir(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
}

/** Optimised copies of the article's images beside the HTML, named by content hash (unchanged ones are not redone). */
async function buildImages(project: Project, article: LoadedArticle, images: readonly ImageRef[], run: BuildRun, messages: Message[], options: BuildOptions): Promise<Map<number, string>> {
  const { config, cwd } = project;
  // not images/index.js: that loads sharp, which an unchanged image never needs
  const [{ writeBuildImages }, { ImageBatchError }, { remoteOptionsFrom }] = await Promise.all([import('../images/write-build-images.js'), import('../images/image-errors.js'), import('../images/remote-options.js')]);
  try {
    const built = await writeBuildImages(
      { articleFile: article.file, cwd, root: config.root, images, maxWidth: config.images.maxWidth, remote: remoteOptionsFrom(config.images), outDir: run.outDir, imageMemo: run.imageMemo },
      { concurrency: config.images.concurrency, onProgress: (done, total) => options.onProgress?.(`images ${article.file}`, done, total) },
    );
    messages.push(...built.messages);
    return built.pathsByIndex;
  } catch (error) {
    if (error instanceof ImageBatchError) messages.push(...withoutDuplicates(error.toMessages(), messages));
    else if (error instanceof GzhError) messages.push({ ruleId: error.code, severity: 'error', message: error.hint ? `${error.message} (${error.hint})` : error.message, file: error.file ?? article.file, line: error.line ?? 1, column: error.column ?? 1, source: 'gzh-images' });
    else throw error;
    return new Map();
  }
}

async function rewriteSources(html: string, paths: ReadonlyMap<number, string>): Promise<string> {
  const { rewriteImageSources } = await import('../images/rewrite-sources.js');
  return rewriteImageSources(html, paths);
}

/** The checks found a missing image already: the image step finding it again is the same problem. */
function withoutDuplicates(found: Message[], known: readonly Message[]): Message[] {
  return found.filter((m) => !known.some((k) => k.ruleId === m.ruleId && k.line === m.line && k.column === m.column));
}
