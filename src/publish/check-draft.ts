/**
 * Everything before the network, for one draft: compile every article, run the checks (src/check), and count
 * what blocks publishing. The dry run and the real run start from the same CheckedDraft. Compiles go through the
 * compile cache; a one-article draft whose inputs and images are as last checked is served from
 * .gzh/cache/publish (check-cache.ts) without compiling or checking it.
 */
import { createHash } from 'node:crypto';
import { articleFields, checkArticle, isForceable, type ArticleFields } from '../check/index.js';
import { InterruptedError, UsageError, type Message } from '../errors.js';
import { compileAhead } from '../project/compile-ahead.js';
import type { Project } from '../project/load-project.js';
import { loadArticle, type LoadedArticle } from '../project/load-article.js';
import { toProjectPath, type PublishInputs } from './inputs.js';
import { PublishCache, type CheckEntry } from './check-cache.js';
import { imageRefsOf, type ImageState } from '../project/file-hashes.js';
import { readRecordable, recordable } from '../project/build-record.js';

export interface CheckedArticle {
  article: LoadedArticle;
  /** Path relative to the project root, posix: the identity used in gzh.lock. */
  projectPath: string;
  fields: ArticleFields;
  /** Compile and check messages of this article. */
  messages: Message[];
  /** http(s) images nothing has fetched yet. */
  remoteImages: { src: string; line: number; column?: number }[];
  /** What was checked (inputs and image contents), when the check is cached: the plan caches its images under it. */
  cacheKey?: string;
}

export interface CheckedDraft {
  inputs: PublishInputs;
  articles: CheckedArticle[];
  /** Errors `--force` gets past (title wording) and errors nothing gets past. */
  forceableErrors: number;
  otherErrors: number;
  /** True when an error blocks publishing (title-wording errors count unless `force`). */
  blocked: boolean;
}

export interface CheckDraftOptions {
  theme?: string;
  force?: boolean;
  /** What the publish cache served for this one-article draft (null: asked, nothing); asked here when absent. */
  served?: Served | null;
  /** Compiles the draft's n-th article (a run's worker pool); default: loadArticle on this thread. */
  load?: (file: string, n: number) => Promise<LoadedArticle>;
}

/** A one-article draft's check as the publish cache holds it: no compile, no check. */
export type Served = NonNullable<Awaited<ReturnType<typeof fromCache>>>;

/**
 * checkDraft for each draft, in order, with the articles the cache does not serve compiled ahead on a pool of
 * worker threads (a repo's first publish of 2,000 articles, or the first after an upgrade, compiles them all).
 */
export async function checkDrafts(project: Project, drafts: readonly PublishInputs[], options: { theme?: string; force?: boolean; signal?: AbortSignal } = {}): Promise<CheckedDraft[]> {
  const cache = PublishCache.of(project);
  const served: (Served | undefined)[] = [];
  for (const inputs of drafts) served.push(inputs.files.length === 1 ? await fromCache(project, cache, inputs.files[0]!, options.theme ?? inputs.manifest?.theme, manifestOf(inputs)) : undefined);
  // one theme for the pool (the command line's wins, as in checkDraft): a draft whose manifest picks another
  // compiles here; an oversized one (refused) never does
  const pooled = drafts.map((inputs, i) => !served[i] && (options.theme ?? inputs.manifest?.theme) === options.theme && inputs.files.length <= project.config.limits.articlesPerDraft);
  const files = drafts.flatMap((inputs, i) => (pooled[i] ? inputs.files : []));
  const compiles = compileAhead(files, project.config, { cwd: project.cwd, theme: options.theme, env: project.env, signal: options.signal, compileCache: cache.compileCache });
  const checked: CheckedDraft[] = [];
  try {
    let first = 0;
    for (const [i, inputs] of drafts.entries()) {
      const base = first;
      if (pooled[i]) first += inputs.files.length;
      const load = pooled[i] ? (_file: string, n: number) => compiles.article(base + n).catch((error: unknown) => {
        if (options.signal?.aborted) throw new InterruptedError('Interrupted while checking the articles: nothing was sent');
        throw error;
      }) : undefined;
      checked.push(await checkDraft(project, inputs, { theme: options.theme, force: options.force, served: served[i] ?? null, load }));
    }
  } finally {
    await compiles.close();
  }
  await cache.tidy();
  return checked;
}

function manifestOf(inputs: PublishInputs) {
  return { author: inputs.manifest?.author, comments: inputs.manifest?.comments };
}

export async function checkDraft(project: Project, inputs: PublishInputs, options: CheckDraftOptions = {}): Promise<CheckedDraft> {
  const { config } = project;
  const max = config.limits.articlesPerDraft;
  if (inputs.files.length > max) {
    throw new UsageError(`A draft holds at most ${max} articles; ${inputs.files.length} were given`, {
      hint: 'Split them into several drafts (one `gzh publish` per draft, e.g. with one manifest each), or publish each article as its own draft with --each',
    });
  }
  const theme = options.theme ?? inputs.manifest?.theme;
  const manifest = manifestOf(inputs);
  const cache = PublishCache.of(project);
  // a one-article draft (every --each draft but manifests) checked before with the same inputs is served from
  // .gzh/cache/publish: neither compiled nor checked again
  const single = inputs.files.length === 1;
  const loaded: { article: LoadedArticle; known?: CheckEntry; checkKey?: string; cacheKey?: string }[] = [];
  for (const [n, file] of inputs.files.entries()) {
    const served = !single ? undefined : options.served !== undefined ? (options.served ?? undefined) : await fromCache(project, cache, file, theme, manifest);
    const load = options.load ?? (() => loadArticle(file, config, { cwd: project.cwd, theme, env: project.env, compileCache: cache.compileCache }));
    loaded.push(served ?? { article: await load(file, n) });
  }
  await cache.compileCache.flush();

  let forceableErrors = 0;
  let otherErrors = 0;
  const articles: CheckedArticle[] = [];
  for (const item of loaded) {
    const { article } = item;
    let entry = item.known;
    let cacheKey = item.cacheKey;
    if (!entry) {
      const compileKey = single && recordable(article.source, config) ? cache.compileCache.keyOf({ source: article.source, shown: article.file, absolutePath: article.absolutePath, config, theme }) : undefined;
      // the images as they are before the checks read them: an edit during the checks is seen next time
      const refs = compileKey ? imageRefsOf(article) : [];
      const images = compileKey ? await cache.imageStates(refs, article.absolutePath) : [];
      const fields = articleFields(article, config, manifest);
      const others = loaded.filter((o) => o !== item).map((o) => o.article.title);
      const checked = await checkArticle(article, config, { root: config.root, cwd: project.cwd, fields, otherTitles: others });
      entry = { refs, images, light: article, fields, messages: [...article.messages, ...checked.messages], remoteImages: checked.remoteImages };
      if (compileKey) {
        const checkKey = cache.checkKey(compileKey, manifest);
        cache.storeCheck(checkKey, article, { refs, images, fields, messages: entry.messages, remoteImages: entry.remoteImages });
        cacheKey = identity(checkKey, images);
      }
    }
    const messages = entry.messages.map((m) => ({ ...m }));
    for (const m of messages) {
      if (m.severity !== 'error') continue;
      if (isForceable(m)) forceableErrors++;
      else otherErrors++;
    }
    articles.push({ article, projectPath: toProjectPath(config.root, article.absolutePath), fields: entry.fields, messages, remoteImages: entry.remoteImages, ...(cacheKey ? { cacheKey } : {}) });
  }
  const mixed = mixedTypes(articles);
  if (mixed) otherErrors++;
  return { inputs, articles, forceableErrors, otherErrors, blocked: otherErrors > 0 || (forceableErrors > 0 && !options.force) };
}

/** The cached check of a one-article draft, when its inputs and images are as they were. */
async function fromCache(project: Project, cache: PublishCache, file: string, theme: string | undefined, manifest: { author?: string; comments?: unknown }) {
  const { config } = project;
  // unreadable: loadArticle reports it
  const read = readRecordable(file, project);
  if (!read) return undefined;
  const { source, shown, absolutePath } = read;
  const compileKey = cache.compileCache.keyOf({ source, shown, absolutePath, config, theme });
  if (!compileKey) return undefined;
  const checkKey = cache.checkKey(compileKey, manifest);
  const hit = await cache.check(checkKey, source, compileKey, theme);
  return hit ? { article: hit.article, known: hit.entry, checkKey, cacheKey: identity(checkKey, hit.entry.images) } : undefined;
}

function identity(checkKey: string, images: readonly ImageState[]): string {
  return createHash('sha256').update(checkKey).update('\0').update(JSON.stringify(images)).digest('hex');
}

/**
 * WECHAT.md does not say whether one draft may hold both articles (news) and image posts (newspic): until it is
 * known, gzh refuses the mix rather than find out at draft/add with every image uploaded.
 */
function mixedTypes(articles: CheckedArticle[]): boolean {
  const pictures = articles.filter((a) => a.fields.type === 'newspic');
  if (pictures.length === 0 || pictures.length === articles.length) return false;
  const first = pictures[0]!;
  first.messages.push({
    ruleId: 'draft/mixed-types',
    severity: 'error',
    message: `This draft mixes ${pictures.length} image post${pictures.length > 1 ? 's' : ''} (type: newspic) with ${articles.length - pictures.length} article${articles.length - pictures.length > 1 ? 's' : ''}: gzh does not know that WeChat accepts both in one draft, so it sends neither. Publish the image posts as drafts of their own (\`gzh publish --each\`, or one \`gzh publish\` per draft)`,
    file: first.article.file,
    line: first.article.fieldLines.type ?? first.article.fieldLines.article_type ?? 1,
    column: 1,
    source: 'gzh-check',
  });
  return true;
}
