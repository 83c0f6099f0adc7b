/**
 * `gzh dev`: an HTTP server on 127.0.0.1 that shows the project's articles as WeChat will, and pushes a
 * re-render (server-sent events) whenever an article, one of its images, a theme or the config changes.
 * Errors while watching never stop it: GzhErrors go to the page's overlay, bugs to the log with their stack.
 */
import { existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { CONFIG_FILES, loadConfig } from '../config/load-config.js';
import type { ResolvedConfig } from '../config/schema.js';
import { listThemes } from '../config/themes.js';
import { isGzhError } from '../errors.js';
import { CompileCache } from '../project/compile-cache.js';
import { CompilePool } from '../project/compile-pool.js';
import { findArticles } from '../project/find-articles.js';
import { isLoopbackHost, isLoopbackOrigin } from './check-host.js';
import { CLIENT_SCRIPT } from './client/script.js';
import { renderShell } from './client/page.js';
import { STATS_ROUTE, serveStatsReport, statsReportFile } from './stats-report.js';
import { EventStream } from './event-stream.js';
import { FILE_ROUTE } from './image-urls.js';
import { listenOnFreePort, PREVIEW_HOST } from './listen.js';
import { PreviewArticles, type ArticlePayload, type ArticleSummary, type PreviewError } from './preview-articles.js';
import { isInside, serveProjectFile } from './serve-project-file.js';
import { watchFiles, type FileWatcher } from './watch-files.js';

export interface DevServerOptions {
  root: string;
  config: ResolvedConfig;
  /** Files or folders from the command line; none = the config's content folder. */
  paths: string[];
  /** Preferred port (default 5173; the next free one is used if taken; 0 = any). */
  port?: number;
  /** Theme to start with (overrides front matter and config until changed in the page). */
  theme?: string;
  cwd: string;
  log?: (line: string) => void;
  /** Quiet time after a file event before recompiling (default 12 ms: an editor's rename-save comes within it). */
  debounceMs?: number;
  /** Start from `.gzh/cache/compile` (default true; false compiles every article). */
  cache?: boolean;
}

export interface DevServer {
  url: string;
  port: number;
  /** The articles shown, with their compile status. */
  articles(): ArticleSummary[];
  /** Start-up: articles compiled, and how many of them came from the compile cache. */
  startup: { articles: number; cached: number };
  close(): Promise<void>;
}

export interface PreviewState {
  articles: ArticleSummary[];
  themes: { name: string; description: string }[];
  /** Theme chosen in the page (or --theme); null = each article's own (front matter, else config). */
  theme: string | null;
  defaultTheme: string;
  accountName: string;
  /** A problem with the whole project (config file), shown over every article. */
  error?: PreviewError;
}

const MARKDOWN = /\.(md|markdown)$/i;
const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: http: https:; connect-src 'self'; font-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  // WeChat's image CDN refuses hotlinked images that carry a Referer
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
};

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const log = options.log ?? (() => undefined);
  const { cwd } = options;
  const root = path.resolve(options.root);
  let config: ResolvedConfig = options.config.root === root ? options.config : { ...options.config, root };
  let globalError: PreviewError | undefined;
  let closed = false;
  let watcher: FileWatcher | undefined;

  const inputs = options.paths.length > 0 ? options.paths.map((p) => path.resolve(cwd, p)) : [path.resolve(root, config.contentDir)];
  const inputFolders = inputs.filter((p) => existsSync(p) && statSync(p).isDirectory());
  const inputFiles = new Set(inputs.filter((p) => !inputFolders.includes(p)));
  const configFiles = new Set(CONFIG_FILES.map((f) => path.join(root, f)));
  const themesDir = path.join(root, 'themes');
  const isArticle = (file: string) =>
    MARKDOWN.test(file) && (inputFiles.has(file) || inputFolders.some((dir) => isInside(file, dir))) && !path.relative(root, file).split(path.sep).some((p) => p.startsWith('.') && p !== '..');

  // compiles run off this event loop (two workers at most: a slow article holds up only its own)
  const pool = new CompilePool({ jobs: Math.min(2, availableParallelism()) });
  pool.warm();
  const articles = new PreviewArticles(config, cwd, options.theme, pool, options.cache === false ? undefined : CompileCache.forProject(config));
  const startup = { articles: 0, cached: 0 };
  try {
    for (const file of findArticles(options.paths, config, cwd)) articles.add(file);
    // every article at once (the pool bounds the work), logged in order; unchanged ones come from the cache
    const outcomes = await Promise.all(articles.ids().map((id) => articles.compile(id)));
    // a bug at startup is fatal (nothing was ever shown); later ones only skip one render
    for (const outcome of outcomes) {
      if (outcome.internalError) throw outcome.internalError;
      if (outcome.payload) logOutcome(outcome.payload);
    }
    startup.articles = outcomes.length;
    startup.cached = articles.compileCache?.stats.hits ?? 0;
    await articles.compileCache?.flush();
  } catch (error) {
    await pool.destroy();
    throw error;
  }

  const stream = new EventStream();
  const previewState = (): PreviewState => ({
    articles: articles.list(),
    themes: safeListThemes(),
    theme: articles.themeOverride ?? null,
    defaultTheme: config.theme,
    accountName: config.accountName,
    error: globalError,
  });
  let lastList = JSON.stringify(articles.list());
  const broadcastState = () => {
    lastList = JSON.stringify(articles.list());
    stream.broadcast('state', previewState());
  };

  function safeListThemes(): PreviewState['themes'] {
    try {
      return listThemes(root).map((t) => ({ name: t.name, description: t.description }));
    } catch (error) {
      log(`warn cannot list themes: ${(error as Error).message}`);
      return [];
    }
  }

  function logOutcome(payload: ArticlePayload): void {
    if (payload.error) {
      const e = payload.error;
      const where = e.file ? `${[e.file, e.line, e.line ? e.column : undefined].filter((x) => x !== undefined).join(':')}: ` : `${payload.file}: `;
      log(`✗ ${where}${e.message}${e.hint ? ` (${e.hint})` : ''}`);
      return;
    }
    const t = payload.timing;
    const warnings = payload.messages.filter((m) => m.severity !== 'info').length;
    log(`✓ ${payload.file} ${Math.round(t.readMs + t.compileMs + t.lintMs + t.darkMs)} ms${warnings ? `, ${warnings} warning${warnings > 1 ? 's' : ''}` : ''}`);
  }

  function logBug(error: unknown): void {
    log(`internal error (a bug in gzh, please report it); watching continues:\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }

  /** Recompile one article and push it to the tabs showing it. */
  async function compileAndPush(id: string, changedAt?: number): Promise<void> {
    const outcome = await articles.compile(id, changedAt);
    if (closed || outcome.superseded) return;
    if (outcome.removed) {
      const state = articles.get(id);
      if (state) articles.remove(state.absolutePath);
      broadcastState();
      return;
    }
    if (outcome.internalError) logBug(outcome.internalError);
    const payload = outcome.payload!;
    logOutcome(payload);
    watcher?.addFolders([...(articles.get(id)?.images ?? [])].map((f) => path.dirname(f)));
    payload.timing.sentAt = Date.now();
    stream.broadcast('article', payload, (c) => c.viewing === id);
    if (JSON.stringify(articles.list()) !== lastList) broadcastState();
  }

  /** Theme, config or theme choice changed: recompile what tabs show now, the rest when opened. */
  async function recompileViewed(): Promise<void> {
    articles.markAllOutdated();
    for (const id of stream.viewedArticles()) if (articles.get(id)) await compileAndPush(id);
  }

  async function reloadConfig(): Promise<void> {
    const explicit = config.configFile && existsSync(config.configFile) ? config.configFile : undefined;
    const result = await loadConfig(explicit ? cwd : root, explicit);
    for (const w of result.warnings) log(`warn ${w}`);
    const first = result.errors[0];
    if (first) {
      globalError = { message: first.message, code: first.code, file: first.file, line: first.line, column: first.column, hint: first.hint };
      log(`✗ ${first.where ? `${first.where}: ` : ''}${first.message}`);
      broadcastState();
      return;
    }
    globalError = undefined;
    config = { ...result.config, root };
    articles.setConfig(config);
    log('config reloaded');
    broadcastState();
    await recompileViewed();
  }

  async function onSettled(file: string, changedAt: number): Promise<void> {
    if (configFiles.has(file) || (config.configFile && path.resolve(config.configFile) === file)) return reloadConfig();
    if (file === themesDir || isInside(file, themesDir)) {
      broadcastState();
      return recompileViewed();
    }
    if (isArticle(file)) {
      if (!existsSync(file)) {
        if (articles.remove(file)) {
          log(`- ${path.relative(cwd, file)} removed`);
          broadcastState();
        }
        return;
      }
      const isNew = !articles.has(file);
      const state = articles.add(file);
      await compileAndPush(state.id, changedAt);
      if (isNew) broadcastState();
      return;
    }
    const users = articles.usersOfImage(file);
    if (users.length > 0) {
      articles.bumpImage(file);
      for (const id of users) await compileAndPush(id, changedAt);
    }
  }

  // -- HTTP --------------------------------------------------------------------------------------------
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      logBug(error);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Internal error');
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!isLoopbackHost(req.headers.host)) {
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Forbidden: gzh dev only answers requests for localhost / 127.0.0.1');
      return;
    }
    const raw = req.url ?? '/';
    const queryAt = raw.indexOf('?');
    const pathname = queryAt < 0 ? raw : raw.slice(0, queryAt);
    const query = new URLSearchParams(queryAt < 0 ? '' : raw.slice(queryAt + 1));
    const method = req.method ?? 'GET';

    if (pathname.startsWith(FILE_ROUTE) && (method === 'GET' || method === 'HEAD')) {
      return serveProjectFile(raw, root, (file) => articles.usersOfImage(file).length > 0, res, method === 'HEAD');
    }
    const route = `${method} ${pathname}`;
    switch (route) {
      case 'GET /':
      case 'GET /index.html':
        // the shell links the analytics report when one is there (checked per load: gzh stats may have just written it)
        res.writeHead(200, PAGE_HEADERS).end(renderShell({ statsReport: existsSync(statsReportFile(root, config.outDir)) }));
        return;
      case `GET ${STATS_ROUTE}`:
        return serveStatsReport(statsReportFile(root, config.outDir), res);
      case 'GET /__gzh/client.js':
        res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' }).end(CLIENT_SCRIPT);
        return;
      case 'GET /favicon.ico':
        res.writeHead(204).end();
        return;
      case 'GET /__gzh/events': {
        const client = stream.connect(query.get('client') || Math.random().toString(36).slice(2), req, res);
        stream.send(client, 'state', previewState());
        return;
      }
      case 'GET /__gzh/state':
        return sendJson(res, 200, previewState());
      case 'GET /__gzh/article': {
        const id = query.get('id') ?? '';
        const state = articles.get(id);
        if (!state) return sendJson(res, 404, { error: `No article ${id}` });
        const client = query.get('client');
        if (client) stream.setViewing(client, id);
        if (state.outdated || !state.payload) {
          const outcome = await articles.compile(id);
          if (outcome.internalError) logBug(outcome.internalError);
          if (outcome.removed) return sendJson(res, 404, { error: `${state.file} was removed` });
          if (outcome.payload) logOutcome(outcome.payload);
        }
        return sendJson(res, 200, articles.get(id)?.payload);
      }
      case 'POST /__gzh/theme': {
        // a JSON body needs a CORS preflight, which is never answered: other sites cannot post here
        if (!String(req.headers['content-type']).startsWith('application/json') || !isLoopbackOrigin(req.headers.origin)) return sendJson(res, 403, { error: 'Forbidden' });
        const body = (await readJson(req)) as { theme?: unknown } | undefined;
        const theme = body?.theme;
        if (theme !== null && (typeof theme !== 'string' || !safeListThemes().some((t) => t.name === theme))) return sendJson(res, 400, { error: `Unknown theme ${JSON.stringify(theme)}` });
        articles.themeOverride = theme ?? undefined;
        log(`theme: ${theme ?? `(each article's own, default ${config.theme})`}`);
        sendJson(res, 200, { theme });
        broadcastState();
        await recompileViewed();
        return;
      }
      default:
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
    }
  }

  const port = await listenOnFreePort(server, options.port ?? 5173);
  try {
    watcher = watchFiles(
      {
        recursive: [...inputFolders, themesDir],
        shallow: [...new Set([root, ...[...inputFiles].map((f) => path.dirname(f)), ...articles.allImages().map((f) => path.dirname(f))])],
      },
      {
        root,
        debounceMs: options.debounceMs,
        onSettled: (file, changedAt) => {
          onSettled(file, changedAt).catch((error: unknown) => (isGzhError(error) ? log(`✗ ${error.message}`) : logBug(error)));
        },
        onError: (error) => log(`watch error: ${(error as Error).message ?? String(error)}`),
      },
    );
    await watcher.ready;
  } catch (error) {
    server.close();
    await pool.destroy();
    throw error;
  }

  const url = `http://${PREVIEW_HOST}:${port}/`;
  return {
    url,
    port,
    articles: () => articles.list(),
    startup,
    async close() {
      if (closed) return;
      closed = true;
      await watcher?.close();
      stream.close();
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await Promise.all([done, pool.destroy()]);
    },
  };
}

function sendJson(res: ServerResponse, status: number, data: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }).end(JSON.stringify(data));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > 10_000) return undefined;
  }
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
