/**
 * Content hashes of the project's local files (images, covers) without reading them on every run: each file's
 * fingerprint (path, size, mtime, inode) maps to the sha256 of its bytes in `<root>/.gzh/cache/files.json`, and
 * a file is read and hashed again only when its fingerprint changes. A file modified in the last two seconds
 * is not remembered (an edit in the same mtime tick as the hash would otherwise keep the old hash).
 *
 * Also the run's image resolution: which file (or which error) each image reference of an article names,
 * resolved once per folder and src per run. The build record and the publish plan key on it.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { replaceFile } from '../replace-file.js';
import { GzhError } from '../errors.js';
import { articleTypeOf, newspicImages } from '../check/index.js';
import { resolveImageSource } from '../images/resolve-source.js';
import type { LoadedArticle } from './load-article.js';

export interface ImageRefPlace {
  src: string;
  line: number;
  column?: number;
}

/** Bump when the layout changes. */
const FORMAT = 1;
/** A file changed this recently may change again within its mtime tick: hashed, not remembered. */
const RACY_MS = 2000;

interface Known {
  size: number;
  mtimeMs: number;
  ino: number;
  sha256: string;
}

/** One image reference as resolved now: a local file with its content hash, a URL, or the resolve error. */
export type ImageState =
  | { src: string; kind: 'local'; path: string; sha256: string | null }
  | { src: string; kind: 'remote' | 'wechat' | 'data'; url?: string }
  | { src: string; kind: 'error'; code: string };

/** Every image the checks and the image step look at: body images, an image post's pictures, the cover. */
export function imageRefsOf(article: LoadedArticle): ImageRefPlace[] {
  const refs: ImageRefPlace[] = article.images.map((i) => ({ src: i.src, line: i.line, column: i.column }));
  if (articleTypeOf(article.meta) === 'newspic') refs.push(...newspicImages(article).map((i) => ({ src: i.src, line: i.line, column: i.column })));
  if (typeof article.meta.cover === 'string') refs.push({ src: article.meta.cover, line: article.fieldLines.cover ?? 1 });
  return refs;
}

export class FileHashes {
  readonly file: string;
  private known = new Map<string, Known>();
  private loaded?: Promise<void>;
  private changed = false;
  /** This run's answers: a path is statted once per run. */
  private readonly memo = new Map<string, string | null>();
  private readonly resolved = new Map<string, ImageState>();

  constructor(file: string) {
    this.file = file;
  }

  static forProject(root: string): FileHashes {
    return new FileHashes(path.join(root, '.gzh', 'cache', 'files.json'));
  }

  /** Read the stored fingerprints (once). A missing or garbled file is an empty store. */
  load(): Promise<void> {
    this.loaded ??= readFile(this.file, 'utf8').then(
      (text) => {
        const data = JSON.parse(text) as { format?: number; files?: Record<string, Known> };
        if (data.format !== FORMAT || typeof data.files !== 'object' || data.files === null) return;
        for (const [p, k] of Object.entries(data.files)) {
          if (k && typeof k.sha256 === 'string' && typeof k.size === 'number' && typeof k.mtimeMs === 'number' && typeof k.ino === 'number') this.known.set(p, k);
        }
      },
      () => undefined,
    ).catch(() => undefined);
    return this.loaded;
  }

  /** sha256 of the file's bytes (null when it can't be read); read only when its fingerprint is new. Call load() first. */
  hash(file: string): string | null {
    const memo = this.memo.get(file);
    if (memo !== undefined) return memo;
    let result: string | null = null;
    try {
      const s = statSync(file);
      const k = this.known.get(file);
      if (k && k.size === s.size && k.mtimeMs === s.mtimeMs && k.ino === s.ino) result = k.sha256;
      else {
        result = createHash('sha256').update(readFileSync(file)).digest('hex');
        if (Date.now() - s.mtimeMs > RACY_MS) {
          this.known.set(file, { size: s.size, mtimeMs: s.mtimeMs, ino: s.ino, sha256: result });
          this.changed = true;
        } else if (k) {
          this.known.delete(file);
          this.changed = true;
        }
      }
    } catch {
      result = null;
    }
    this.memo.set(file, result);
    return result;
  }

  /** Stat and resolve every file again from now on (a long-lived caller, between runs). */
  forgetRun(): void {
    this.memo.clear();
    this.resolved.clear();
  }

  /** What each reference names now (resolved as the image step resolves it), local files with their hashes. */
  imageStates(refs: readonly { src: string; line: number; column?: number }[], ctx: { articleFile: string; cwd: string; root: string }): ImageState[] {
    const dir = path.dirname(path.resolve(ctx.cwd, ctx.articleFile));
    return refs.map((ref) => {
      const id = `${dir}\0${ref.src}`;
      let state = this.resolved.get(id);
      if (!state) {
        state = this.resolve(ref, ctx);
        this.resolved.set(id, state);
      }
      return state;
    });
  }

  private resolve(ref: { src: string; line: number; column?: number }, ctx: { articleFile: string; cwd: string; root: string }): ImageState {
    try {
      const source = resolveImageSource({ src: ref.src, line: ref.line, column: ref.column }, ctx);
      if (source.kind === 'local') return { src: ref.src, kind: 'local', path: source.path, sha256: this.hash(source.path) };
      if (source.kind === 'remote' || source.kind === 'wechat') return { src: ref.src, kind: source.kind, url: source.url };
      return { src: ref.src, kind: 'data' };
    } catch (error) {
      return { src: ref.src, kind: 'error', code: error instanceof GzhError ? error.code : 'error' };
    }
  }

  /** The store as written, or undefined when nothing changed since the last save (it counts as saved). */
  serialise(): string | undefined {
    if (!this.changed) return undefined;
    this.changed = false;
    const files = Object.fromEntries([...this.known].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return JSON.stringify({ format: FORMAT, files });
  }

  /** Write the store when it changed (a read-only checkout still works: this is only an optimisation). */
  async save(): Promise<void> {
    const text = this.serialise();
    if (text === undefined) return;
    await mkdir(path.dirname(this.file), { recursive: true })
      .then(() => replaceFile(this.file, text))
      .catch(() => undefined);
  }
}
