/**
 * The build record: what `gzh build` made of each article last time, so an unchanged article costs a read of
 * its Markdown, a hash and a few stats: no compile-cache read, no checks, no image step, no writes. One file per
 * output folder, `<root>/.gzh/cache/build/<hash of cwd and outDir>.json`: article path → record.
 *
 * A record is used only when all of these still hold, else the article is built as before (and re-recorded):
 * - its key: the compile key (Markdown, path, theme and code theme CSS, snippets, compile settings, gzh's
 *   version and code) plus the whole resolved config, the working folder and the output folder;
 * - every image it references (body, pictures, cover) resolves to the same file with the same content hash
 *   (FileHashes: re-hashed only when the file's size, mtime or inode changed), or fails the same way;
 * - its `.html` and `.preview.html` have the size and mtime recorded after they were written (an edited or
 *   deleted output is rebuilt), and the optimised images it points at still exist.
 * Articles with remote images (a fetch can change its answer) or mermaid diagrams are never recorded.
 * A record keeps what a rebuild would report: the image step's "optimised" notes (made only when a copy is
 * written) are left out, as a rebuild without the record leaves them out.
 *
 * The file carries a checksum: a garbled one is ignored (everything is built, and recorded again).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { replaceFile } from '../replace-file.js';
import type { ResolvedConfig } from '../config/schema.js';
import type { BuiltArticle } from './build-articles.js';
import type { Project } from './load-project.js';
import type { FileHashes, ImageState } from './file-hashes.js';

const FORMAT = 1;

/** Mermaid diagrams are rendered before the compile, with a cache and messages of their own: articles with them are built and checked each time. */
export function recordable(source: string, config: ResolvedConfig): boolean {
  return !(config.diagrams.mermaid && source.includes('mermaid'));
}

/** An article's Markdown and its paths, when a cache may stand in for its build or check (unreadable: the caller reports it). */
export function readRecordable(file: string, project: Pick<Project, 'config' | 'cwd'>): { source: string; absolutePath: string; shown: string } | undefined {
  const absolutePath = path.resolve(project.cwd, file);
  const shown = path.relative(project.cwd, absolutePath) || absolutePath;
  let source: string;
  try {
    source = readFileSync(absolutePath, 'utf8');
  } catch {
    return undefined;
  }
  return recordable(source, project.config) ? { source, absolutePath, shown } : undefined;
}

export interface RecordRef {
  src: string;
  line: number;
  column?: number;
}

/** What the build reported for the article: a rebuild from the record reports the same. */
export type RecordedArticle = BuiltArticle;

export interface BuildRecord {
  key: string;
  refs: RecordRef[];
  images: ImageState[];
  /** Absolute path, size and mtime of each written page. */
  outputs: { file: string; size: number; mtimeMs: number }[];
  /** Absolute paths of the optimised images the pages point at. */
  assets: string[];
  result: RecordedArticle;
}

/** The image step's notes about copies it wrote now: a rebuild that reuses the copies does not make them. */
const WRITE_NOTES = new Set(['image/optimised', 'image/warning']);

export class BuildRecords {
  readonly file: string;
  readonly stats = { hits: 0 };
  private records = new Map<string, BuildRecord>();
  private loaded?: Promise<void>;
  private changed = false;
  private readonly configHash: string;
  private readonly existing = new Map<string, boolean>();

  constructor(file: string, private readonly config: ResolvedConfig, private readonly cwd: string, private readonly outDir: string) {
    this.file = file;
    this.configHash = createHash('sha256').update(JSON.stringify(config)).digest('hex');
  }

  static forBuild(config: ResolvedConfig, cwd: string, outDir: string): BuildRecords {
    const id = createHash('sha256').update(`${cwd}\0${outDir}`).digest('hex').slice(0, 16);
    return new BuildRecords(path.join(config.root, '.gzh', 'cache', 'build', `${id}.json`), config, cwd, outDir);
  }

  /** The record's key for an article whose compile key is `compileKey`. */
  keyOf(compileKey: string): string {
    return createHash('sha256').update(`${FORMAT}\0${compileKey}\0${this.configHash}\0${this.cwd}\0${this.outDir}`).digest('hex');
  }

  load(): Promise<void> {
    this.loaded ??= readFile(this.file, 'utf8')
      .then((text) => {
        const data = JSON.parse(text) as { format?: number; checksum?: string; records?: string };
        if (data.format !== FORMAT || typeof data.records !== 'string' || data.checksum !== sha256(data.records)) return;
        this.records = new Map(Object.entries(JSON.parse(data.records) as Record<string, BuildRecord>));
      })
      .catch(() => undefined);
    return this.loaded;
  }

  /** The recorded result of this article, when the record still holds (see the module comment). */
  use(absolutePath: string, key: string, hashes: FileHashes): RecordedArticle | undefined {
    const record = this.records.get(absolutePath);
    if (!record || record.key !== key) return undefined;
    const now = hashes.imageStates(record.refs, { articleFile: absolutePath, cwd: this.cwd, root: this.config.root });
    if (JSON.stringify(now) !== JSON.stringify(record.images)) return undefined;
    for (const o of record.outputs) {
      const s = statOf(o.file);
      if (!s || s.size !== o.size || s.mtimeMs !== o.mtimeMs) return undefined;
    }
    for (const a of record.assets) if (!this.exists(a)) return undefined;
    this.stats.hits++;
    return record.result;
  }

  /** Record an article just built; `images` is the image state read before the article's image step ran. */
  set(absolutePath: string, entry: { key: string; refs: RecordRef[]; images: ImageState[]; outputs: string[]; assets: string[]; result: RecordedArticle }): void {
    const outputs = [];
    for (const file of entry.outputs) {
      const s = statOf(file);
      if (!s) return;
      outputs.push({ file, size: s.size, mtimeMs: s.mtimeMs });
    }
    const result = { ...entry.result, messages: entry.result.messages.filter((m) => !WRITE_NOTES.has(m.ruleId)) };
    // a copy: the compile's strings (an image src) can be slices that keep the whole article's text alive
    const record: BuildRecord = JSON.parse(JSON.stringify({ key: entry.key, refs: entry.refs, images: entry.images, outputs, assets: entry.assets, result }));
    this.records.set(absolutePath, record);
    this.changed = true;
  }

  /** Forget an article (it failed to build, or can't be recorded). */
  delete(absolutePath: string): void {
    if (this.records.delete(absolutePath)) this.changed = true;
  }

  async save(): Promise<void> {
    if (!this.changed) return;
    this.changed = false;
    const records = JSON.stringify(Object.fromEntries(this.records));
    await mkdir(path.dirname(this.file), { recursive: true })
      .then(() => replaceFile(this.file, JSON.stringify({ format: FORMAT, checksum: sha256(records), records })))
      .catch(() => undefined); // a read-only checkout still builds
  }

  private exists(file: string): boolean {
    let known = this.existing.get(file);
    if (known === undefined) this.existing.set(file, (known = existsSync(file)));
    return known;
  }
}

function statOf(file: string): { size: number; mtimeMs: number } | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
