/**
 * The articles a `gzh dev` session shows, each compiled (with lint, preview image URLs and the dark-mode
 * version) into the payload the page renders. A failed compile keeps the last good render next to the error.
 * Compiles run on the compile pool's workers, off the server's event loop: a long article never freezes the
 * page or the event stream. Each article goes to the same worker every time, which keeps its parse cache.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ImageRef } from '../compile/types.js';
import type { ResolvedConfig } from '../config/schema.js';
import { pushReminders } from '../publish/push-reminder.js';
import { isGzhError, type Message } from '../errors.js';
import { articleTypeOf, checkArticle, newspicImages, newspicText } from '../check/index.js';
import type { CompileCache } from '../project/compile-cache.js';
import type { CompilePool } from '../project/compile-pool.js';
import { renderArticleDiagrams } from '../project/load-article.js';
import { convertToDarkMode } from './dark-mode.js';
import { renderImagePost } from '../project/image-post.js';
import { rewriteImageSources } from '../images/rewrite-sources.js';
import { projectFileUrl, resolveLocalImage } from './image-urls.js';

/** A problem that stops the render: shown in the page's overlay. */
export interface PreviewError {
  message: string;
  code?: string;
  file?: string;
  line?: number;
  column?: number;
  hint?: string;
  /** Not the writer's mistake: a bug in gzh (the terminal has the stack). */
  internal?: boolean;
}

export interface PreviewTiming {
  /** Wall clock (ms) of the first file event that led to this compile, when a change did. */
  changedAt?: number;
  readMs: number;
  compileMs: number;
  lintMs: number;
  darkMs: number;
  /** Wall clock when the payload was ready. */
  readyAt: number;
  /** Wall clock when the server wrote it to the event stream. */
  sentAt?: number;
}

export interface ArticlePayload {
  id: string;
  file: string;
  title: string;
  author?: string;
  accountName: string;
  digest?: string;
  /** Preview URL of the cover (or the remote URL). */
  cover?: string;
  /** Effective theme. */
  theme?: string;
  /** `newspic`: an image post, shown as swipeable pictures then its plain text. */
  type?: 'news' | 'newspic';
  /** Inline-styled content as WeChat gets it, local images pointed at the preview server. */
  html: string;
  /** The same after WeChat's dark-mode conversion. */
  darkHtml: string;
  messages: Message[];
  error?: PreviewError;
  /** The HTML is the last good render, not this compile's. */
  stale: boolean;
  /** Increases with every compile of this article. */
  version: number;
  timing: PreviewTiming;
}

export interface ArticleSummary {
  id: string;
  file: string;
  title: string;
  status: 'ok' | 'warn' | 'error';
}

interface ArticleState {
  id: string;
  absolutePath: string;
  file: string;
  /** Needs a compile before it is shown (theme or config changed while nobody looked at it). */
  outdated: boolean;
  payload?: ArticlePayload;
  /** Local image files the article uses (for the watcher). */
  images: Set<string>;
  version: number;
  /** Sequence of the compile in flight: an older one finishing late is dropped. */
  sequence: number;
}

export interface CompileOutcome {
  payload?: ArticlePayload;
  /** The file is gone. */
  removed?: boolean;
  /** A newer compile of the same file started meanwhile. */
  superseded?: boolean;
  /** A bug (not a GzhError): log it with its stack. */
  internalError?: unknown;
}

export class PreviewArticles {
  private readonly states = new Map<string, ArticleState>();
  private readonly imageVersions = new Map<string, number>();

  constructor(
    private config: ResolvedConfig,
    private readonly cwd: string,
    public themeOverride: string | undefined,
    private readonly pool: CompilePool,
    /** `.gzh/cache/compile`, shared with gzh build and gzh lint (absent: every compile runs). */
    readonly compileCache?: CompileCache,
  ) {}

  get root(): string {
    return this.config.root;
  }

  setConfig(config: ResolvedConfig): void {
    this.config = config;
    this.markAllOutdated();
  }

  /** A theme, snippet or config file changed (or the theme choice): everything compiles again, with those read anew. */
  markAllOutdated(): void {
    // the cache remembers theme CSS and snippets per config: an edited theme file must not give the old key
    this.compileCache?.forgetSettings();
    for (const s of this.states.values()) s.outdated = true;
  }

  idFor(absolutePath: string): string {
    return path.relative(this.config.root, absolutePath).split(path.sep).join('/');
  }

  has(absolutePath: string): boolean {
    return this.states.has(this.idFor(absolutePath));
  }

  get(id: string): ArticleState | undefined {
    return this.states.get(id);
  }

  ids(): string[] {
    return [...this.states.keys()];
  }

  remove(absolutePath: string): boolean {
    return this.states.delete(this.idFor(absolutePath));
  }

  add(absolutePath: string): ArticleState {
    const id = this.idFor(absolutePath);
    let state = this.states.get(id);
    if (!state) {
      state = { id, absolutePath, file: path.relative(this.cwd, absolutePath) || absolutePath, outdated: true, images: new Set(), version: 0, sequence: 0 };
      this.states.set(id, state);
    }
    return state;
  }

  list(): ArticleSummary[] {
    return [...this.states.values()]
      .map((s) => ({ id: s.id, file: s.file, title: s.payload?.title || path.basename(s.absolutePath), status: statusOf(s.payload) }))
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  /** Articles using this local image file. */
  usersOfImage(absolutePath: string): string[] {
    return [...this.states.values()].filter((s) => s.images.has(absolutePath)).map((s) => s.id);
  }

  allImages(): string[] {
    return [...new Set([...this.states.values()].flatMap((s) => [...s.images]))];
  }

  bumpImage(absolutePath: string): void {
    this.imageVersions.set(absolutePath, (this.imageVersions.get(absolutePath) ?? 0) + 1);
  }

  /** Read, compile, lint and convert one article. Never throws: problems end up in the payload. */
  async compile(id: string, changedAt?: number): Promise<CompileOutcome> {
    const state = this.states.get(id);
    if (!state) return { removed: true };
    const sequence = ++state.sequence;
    const started = performance.now();
    let source: string;
    try {
      source = await readFile(state.absolutePath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { removed: true };
      return { payload: this.fail(state, { message: `Cannot read ${state.file}: ${(error as Error).message}`, file: state.file }, changedAt) };
    }
    if (sequence !== state.sequence) return { superseded: true };
    const read = performance.now();

    const config = this.config;
    try {
      // diagrams need Chromium, which this thread owns; the compile itself runs in a worker
      const rendered = await renderArticleDiagrams(source, state.file, config);
      const compile = () => this.pool.compile({ source, file: state.file, absolutePath: state.absolutePath, config, cwd: this.cwd, theme: this.themeOverride, diagrams: rendered?.diagrams, cache: true });
      // start-up (and a file put back as it was) from the compile cache gzh build and lint fill: same entries
      const article = this.compileCache ? await this.compileCache.through({ source, shown: state.file, absolutePath: state.absolutePath, config, theme: this.themeOverride, diagrams: rendered?.diagrams }, compile) : await compile();
      if (rendered) article.messages.push(...rendered.messages);
      // a newer save may have started meanwhile
      if (sequence !== state.sequence) return { superseded: true };
      const compiled = performance.now();
      const author = article.meta.author ?? config.author;
      // with broken front matter the title checks would only report its consequences (no title, no cover)
      const broken = article.messages.some((m) => m.severity === 'error');
      // the same checks as `gzh lint` and `gzh publish`, so the side panel and the terminal agree
      const lint = broken ? [] : (await checkArticle(article, config, { root: config.root, cwd: this.cwd })).messages;
      const linted = performance.now();

      const previewMessages: Message[] = [];
      const images = new Set<string>();
      const urlFor = (src: string, line?: number, column?: number): string | undefined => {
        const local = resolveLocalImage(src, state.absolutePath, config.root);
        if (!local) return undefined;
        images.add(local);
        const url = projectFileUrl(local, config.root, this.imageVersions.get(local) ?? 0);
        const where = { file: state.file, ...(line ? { line, column } : {}), source: 'gzh-dev' };
        if (!url) previewMessages.push({ ruleId: 'preview/image-outside-project', severity: 'warn', message: `\`${src}\` is outside the project: the preview does not show it`, ...where });
        else if (!existsSync(local)) previewMessages.push({ ruleId: 'preview/image-missing', severity: 'warn', message: `Image \`${src}\` does not exist`, ...where });
        return url;
      };
      const type = articleTypeOf(article.meta);
      // an image post: its first picture is the cover
      const pictures = type === 'newspic' ? newspicImages(article).map((ref) => urlFor(ref.src, ref.line, ref.column) ?? ref.src) : undefined;
      const html = pictures ? renderImagePost(pictures, newspicText(article.html)) : rewriteImageSources(article.html, previewUrls(article.images, urlFor));
      const cover = pictures ? pictures[0] : article.meta.cover ? (urlFor(article.meta.cover) ?? article.meta.cover) : undefined;
      const darkHtml = convertToDarkMode(html);
      const converted = performance.now();
      state.images = images;

      const compileErrors = article.messages.filter((m) => m.severity === 'error');
      // a failed compile keeps showing the last good render (every payload's html is the last good one)
      const fallback = compileErrors.length > 0 && state.payload?.html ? state.payload : undefined;
      state.payload = {
        id,
        file: state.file,
        // the header stays with the render it belongs to
        title: fallback ? fallback.title : article.title,
        author: fallback ? fallback.author : author,
        accountName: config.accountName,
        digest: fallback ? fallback.digest : article.meta.digest,
        cover: fallback ? fallback.cover : cover,
        theme: article.theme,
        type: fallback ? fallback.type : type,
        html: fallback ? fallback.html : html,
        darkHtml: fallback ? fallback.darkHtml : darkHtml,
        messages: [...article.messages, ...lint, ...previewMessages, ...pushReminders({ config, env: process.env, now: () => new Date() }, article)],
        error: compileErrors.length > 0 ? errorFromMessages(compileErrors) : undefined,
        stale: fallback !== undefined,
        version: ++state.version,
        timing: { changedAt, readMs: read - started, compileMs: compiled - read, lintMs: linted - compiled, darkMs: converted - linted, readyAt: Date.now() },
      };
      state.outdated = false;
      return { payload: state.payload };
    } catch (error) {
      if (isGzhError(error)) {
        return { payload: this.fail(state, { message: error.message, code: error.code, file: error.file, line: error.line, column: error.column, hint: error.hint }, changedAt) };
      }
      const message = error instanceof Error ? error.message : String(error);
      return { payload: this.fail(state, { message: `Internal error: ${message}`, internal: true, hint: 'A bug in gzh: the terminal shows the details. Save again to retry.' }, changedAt), internalError: error };
    }
  }

  private fail(state: ArticleState, error: PreviewError, changedAt?: number): ArticlePayload {
    const last = state.payload;
    const payload: ArticlePayload = {
      id: state.id,
      file: state.file,
      title: last?.title ?? path.basename(state.absolutePath),
      author: last?.author,
      accountName: this.config.accountName,
      digest: last?.digest,
      cover: last?.cover,
      theme: last?.theme,
      html: last?.html ?? '',
      darkHtml: last?.darkHtml ?? '',
      messages: [{ ruleId: error.code ?? 'dev/error', severity: 'error', message: error.message, file: error.file ?? state.file, line: error.line, column: error.column, source: 'gzh-dev' }],
      error,
      stale: last !== undefined,
      version: ++state.version,
      timing: { changedAt, readMs: 0, compileMs: 0, lintMs: 0, darkMs: 0, readyAt: Date.now() },
    };
    state.payload = payload;
    state.outdated = false;
    return payload;
  }
}

function statusOf(payload: ArticlePayload | undefined): ArticleSummary['status'] {
  if (!payload) return 'ok';
  if (payload.error || payload.messages.some((m) => m.severity === 'error')) return 'error';
  return payload.messages.some((m) => m.severity === 'warn') ? 'warn' : 'ok';
}

function errorFromMessages(messages: Message[]): PreviewError {
  const first = messages[0]!;
  const more = messages.length > 1 ? ` (and ${messages.length - 1} more error${messages.length > 2 ? 's' : ''})` : '';
  return { message: first.message + more, code: first.ruleId, file: first.file, line: first.line, column: first.column, hint: first.expected ? `Expected ${first.expected}` : undefined };
}

/** The n-th `<img>` (ImageRef.index) → its preview URL, asked for in document order; none for remote images. */
function previewUrls(images: readonly ImageRef[], urlFor: (src: string, line?: number, column?: number) => string | undefined): Map<number, string> {
  const urls = new Map<number, string>();
  for (const ref of images) {
    const url = urlFor(ref.src, ref.line, ref.column);
    if (url) urls.set(ref.index, url);
  }
  return urls;
}
