/**
 * The sandbox HTTP server (node:http, 127.0.0.1 only): /cgi-bin/ API, /mmbiz/ images, /__sandbox/ controls
 * (request log, faults, state) and the web view at /.
 */
import { mkdirSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isOwnHost, isOwnOrigin, ownHosts } from '../preview/check-host.js';
import { SandboxApi, errorAnswer, type ApiAnswer } from './api.js';
import { claimDataDir } from './data-owner.js';
import { SandboxClock } from './clock.js';
import { FaultState } from './faults.js';
import { DEFAULT_ACCOUNT, DEFAULT_TAGS } from './mass.js';
import { renderMassSections } from './mass-view.js';
import { CONTENT_TYPES, fileExtension } from './image-format.js';
import { SandboxStore } from './store.js';
import { DEFAULT_LIMITS, DEFAULT_QUOTAS, type Faults, type Sandbox, type SandboxArticle, type SandboxLogEntry, type SandboxMaterial, type SandboxOptions, type SandboxStateView } from './types.js';
import { renderArticle, renderIndex, renderNotFound, WEB_VIEW_CSP } from './webview.js';

export const DEFAULT_APP_ID = 'wxsandbox0000000000';
export const DEFAULT_APP_SECRET = 'sandbox-secret';
const MAX_BODY_BYTES = 32 * 1024 * 1024;

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const appId = options.appId ?? DEFAULT_APP_ID;
  const appSecret = options.appSecret ?? DEFAULT_APP_SECRET;
  const host = options.host ?? '127.0.0.1';
  const store = new SandboxStore(options.dataDir);
  await store.load();
  const faults = new FaultState();
  const clock = new SandboxClock();
  const ownedDataDir = options.dataDir ? path.resolve(options.dataDir) : undefined;
  const log: SandboxLogEntry[] = [];
  let baseUrl = '';
  /** Host headers this server answers to (set once listening). */
  let hosts: ReadonlySet<string> = new Set();

  const api = new SandboxApi(store, faults, {
    appId,
    appSecret,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 7200,
    publishPolls: options.publishPolls ?? 2,
    publishMs: options.publishMs ?? 2000,
    draftLeaves: options.draftLeaves ?? 'submit',
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    quotas: { ...DEFAULT_QUOTAS, ...(options.quotas as Record<string, number> | undefined) },
    baseUrl: () => baseUrl,
    clock,
    mass: { account: { ...DEFAULT_ACCOUNT, ...options.account }, tags: options.tags ?? DEFAULT_TAGS, massPolls: options.massPolls ?? 1 },
  });

  const setFaults = (f: Partial<Faults>) => {
    faults.set(f);
    if (faults.faults.invalidateTokenAfter !== null && faults.faults.invalidateTokenAfter <= 0) {
      faults.faults.invalidateTokenAfter = null;
      api.invalidateTokens();
    }
  };
  setFaults(options.faults ?? {});

  const state: SandboxStateView = {
    get drafts() {
      return store.data.drafts;
    },
    get materials() {
      return store.data.materials;
    },
    get images() {
      return store.data.images;
    },
    get publishes() {
      return store.data.publishes;
    },
    get masses() {
      return store.data.masses;
    },
    get previews() {
      return store.data.previews;
    },
  };

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const endpoint = url.pathname;
    const entry: SandboxLogEntry = { time: new Date().toISOString(), method: req.method ?? 'GET', endpoint, errcode: null, status: 0 };
    log.push(entry);
    try {
      await answerApi(req, res, url, entry);
    } finally {
      options.onRequest?.(entry);
    }
  }

  async function answerApi(req: http.IncomingMessage, res: http.ServerResponse, url: URL, entry: SandboxLogEntry): Promise<void> {
    const endpoint = url.pathname;
    const body = await readBody(req);
    if (!body) {
      entry.status = 413;
      res.writeHead(413).end();
      return;
    }
    const fault = faults.take(endpoint);
    if (fault?.kind === 'drop-connection') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'http500') {
      entry.status = 500;
      res.writeHead(500, { 'content-type': 'text/html' }).end('<html><body><h1>500 Internal Server Error</h1></body></html>');
      return;
    }
    let answer: ApiAnswer;
    if (fault?.kind === 'errcode') {
      answer = errorAnswer(fault.errcode, fault.errmsg);
    } else {
      answer = await api.handle({ method: req.method ?? 'GET', name: endpoint.slice('/cgi-bin/'.length), query: url.searchParams, body, contentType: req.headers['content-type'] ?? '' });
    }
    entry.errcode = answer.errcode;
    // Slow answers: the work is done, the answer is late (what makes a client-side timeout ambiguous).
    const delay = faults.takeDelay(endpoint);
    if (delay > 0) await sleep(delay);
    if (faults.takeDropResponse(endpoint)) {
      req.socket.destroy();
      return;
    }
    entry.status = answer.status;
    sendJson(res, answer.status, answer.json);
  }

  async function handleControl(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const p = url.pathname;
    const method = req.method ?? 'GET';
    // a cross-origin page can POST text/plain without asking first; a JSON POST needs a preflight, never answered
    if (method === 'POST' && !/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) {
      return sendJson(res, 415, { error: 'sandbox controls take JSON: send Content-Type: application/json' });
    }
    if (p === '/__sandbox/log' && method === 'GET') return sendJson(res, 200, log);
    if ((p === '/__sandbox/log' && method === 'DELETE') || (p === '/__sandbox/log/clear' && method === 'POST')) {
      log.length = 0;
      return sendJson(res, 200, { ok: true });
    }
    if (p === '/__sandbox/faults' && method === 'GET') return sendJson(res, 200, faults.faults);
    if (p === '/__sandbox/faults' && method === 'POST') {
      const body = await readBody(req);
      try {
        setFaults(JSON.parse(body?.toString('utf8') || '{}') as Partial<Faults>);
      } catch {
        return sendJson(res, 400, { error: 'faults must be a JSON object' });
      }
      return sendJson(res, 200, faults.faults);
    }
    if (p === '/__sandbox/invalidate-tokens' && method === 'POST') {
      api.invalidateTokens();
      await store.save();
      return sendJson(res, 200, { ok: true });
    }
    if (p === '/__sandbox/clock' && method === 'GET') return sendJson(res, 200, { now: new Date(clock.now()).toISOString() });
    if (p === '/__sandbox/clock' && method === 'POST') {
      const body = await readBody(req);
      try {
        const change = JSON.parse(body?.toString('utf8') || '{}') as { now?: string | null; advanceMs?: number };
        if (change.now !== undefined) clock.set(change.now ?? undefined);
        if (typeof change.advanceMs === 'number') clock.advance(change.advanceMs);
      } catch {
        return sendJson(res, 400, { error: 'clock takes {"now": "<ISO time>" | null} or {"advanceMs": n}' });
      }
      return sendJson(res, 200, { now: new Date(clock.now()).toISOString() });
    }
    // `gzh publish --sandbox` asks before trusting a server.json: is this the sandbox of that folder, alive?
    if (p === '/__sandbox/whoami' && method === 'GET') return sendJson(res, 200, { service: 'gzh-sandbox', pid: process.pid, dataDir: ownedDataDir ?? null });
    if (p === '/__sandbox/state' && method === 'GET') {
      const { drafts, materials, images, publishes, masses, previews } = store.data;
      return sendJson(res, 200, { drafts, materials, images, publishes, masses, previews });
    }
    sendJson(res, 404, { error: 'unknown sandbox control' });
  }

  const picturesOf = (article: SandboxArticle): SandboxMaterial[] =>
    (article.image_info?.image_list ?? []).flatMap((i) => store.data.materials.filter((m) => m.media_id === i.image_media_id));

  async function handleWeb(res: http.ServerResponse, url: URL): Promise<void> {
    const p = url.pathname;
    if (p === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (p === '/') {
      const { drafts, publishes, materials, images } = store.data;
      const extra = renderMassSections({ account: { ...DEFAULT_ACCOUNT, ...options.account }, masses: store.data.masses, previews: store.data.previews });
      return sendHtml(res, 200, renderIndex({ appId, apiBase: baseUrl, drafts, publishes, materials, images, extra }));
    }
    const image = /^\/mmbiz\/([^/]+)$/.exec(p);
    if (image) {
      const bytes = await store.getMedia(image[1]!);
      if (!bytes) return sendHtml(res, 404, renderNotFound('No such image.'));
      res.writeHead(200, {
        'content-type': CONTENT_TYPES[fileExtension(image[1]!)] ?? 'application/octet-stream',
        'cache-control': 'public, max-age=31536000, immutable',
        // an uploaded file opened on its own must not run anything, whatever it really is
        'content-security-policy': "default-src 'none'",
        'x-content-type-options': 'nosniff',
      });
      res.end(bytes);
      return;
    }
    const draftPage = /^\/draft\/([^/]+)(?:\/(\d+))?$/.exec(p);
    if (draftPage) {
      const mediaId = decodeURIComponent(draftPage[1]!);
      const draft = store.data.drafts.find((d) => d.media_id === mediaId);
      const idx = Number(draftPage[2] ?? 1);
      const article = draft?.articles[idx - 1];
      if (!draft || !article) return sendHtml(res, 404, renderNotFound('No such draft article (published drafts leave the draft box).'));
      const thumb = store.data.materials.find((m) => m.media_id === article.thumb_media_id);
      return sendHtml(res, 200, renderArticle({ article, idx, count: draft.articles.length, base: `/draft/${encodeURIComponent(mediaId)}`, kind: 'draft', time: draft.update_time, thumb, pictures: picturesOf(article), accountName: 'gzh sandbox' }));
    }
    const publishedPage = /^\/s\/([^/]+)(?:\/(\d+))?$/.exec(p);
    if (publishedPage) {
      const articleId = decodeURIComponent(publishedPage[1]!);
      const publish = store.data.publishes.find((x) => x.article_id === articleId);
      const idx = Number(publishedPage[2] ?? 1);
      const article = publish?.articles[idx - 1];
      if (!publish || !article) return sendHtml(res, 404, renderNotFound('No such published article.'));
      const thumb = store.data.materials.find((m) => m.media_id === article.thumb_media_id);
      return sendHtml(res, 200, renderArticle({ article, idx, count: publish.articles.length, base: `/s/${encodeURIComponent(articleId)}`, kind: 'published', time: publish.update_time, thumb, pictures: picturesOf(article), accountName: 'gzh sandbox' }));
    }
    sendHtml(res, 404, renderNotFound(`Nothing at ${p}`));
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const refusal = refuseForeign(req, url, hosts);
    if (refusal) {
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end(refusal);
      return;
    }
    const work = url.pathname.startsWith('/cgi-bin/')
      ? handleApi(req, res, url)
      : url.pathname.startsWith('/__sandbox/')
        ? handleControl(req, res, url)
        : handleWeb(res, url);
    work.catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: 'sandbox internal error', detail: String(error) });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      const address = server.address();
      hosts = ownHosts(host, typeof address === 'object' && address ? address.port : 0);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  baseUrl = `http://${host}:${port}`;
  let releaseDataDir = () => {};
  if (options.dataDir) {
    const dataDir = path.resolve(options.dataDir);
    try {
      mkdirSync(dataDir, { recursive: true });
      releaseDataDir = await claimDataDir({ pid: process.pid, url: baseUrl, appId, appSecret, dataDir });
    } catch (error) {
      server.close();
      throw error;
    }
  }

  return {
    url: baseUrl,
    apiBase: baseUrl,
    appId,
    appSecret,
    log,
    clearLog: () => void (log.length = 0),
    setFaults,
    get faults() {
      return faults.faults;
    },
    state,
    clock: {
      now: () => new Date(clock.now()),
      set: (at) => clock.set(at instanceof Date ? at.getTime() : at),
      advance: (ms) => clock.advance(ms),
    },
    invalidateTokens: () => {
      api.invalidateTokens();
      void store.save();
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await store.flush();
      releaseDataDir();
    },
  };
}

/**
 * Why a request is not answered, if it is not: another site's name for this address (DNS rebinding), or a
 * page of another origin driving the API or the controls. Reading the web view from anywhere is fine.
 */
function refuseForeign(req: http.IncomingMessage, url: URL, hosts: ReadonlySet<string>): string | undefined {
  if (!isOwnHost(req.headers.host, hosts)) return `Forbidden: this sandbox answers only requests for ${[...hosts].join(', ')}`;
  const method = req.method ?? 'GET';
  const webView = (method === 'GET' || method === 'HEAD') && !url.pathname.startsWith('/cgi-bin/') && !url.pathname.startsWith('/__sandbox/');
  if (!webView && !isOwnOrigin(req.headers.origin, hosts)) return 'Forbidden: cross-origin requests only read the web view';
  return undefined;
}

function readBody(req: http.IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json; encoding=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendHtml(res: http.ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    // the second wall behind sanitizeContent: article HTML from draft/add never runs script here
    'content-security-policy': WEB_VIEW_CSP,
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
  });
  res.end(html);
}
