/**
 * The WeChat API client: the only network code of gzh. Every call goes through `callApi`, which adds the token,
 * times out, retries transient failures with backoff, refetches the token once on 40001/42001, and turns errcodes
 * into `WechatApiError`s whose text never contains the token or the secret.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { FormData } from 'undici';
import { undici } from '../native-deps.js';
import { InterruptedError } from '../errors.js';
import { resolveApiBase } from './api-base.js';
import { Redactor, WechatApiError, WechatNetworkError, hintFor, splitRid, type NetworkFailureReason } from './errors.js';
import { findDraftLike, findMaterialNamed } from './find-lost.js';
import { TransportFailure, createDispatcher, isRetryableFailure, sendHttp, type HttpAnswer } from './http-transport.js';
import { DEFAULT_TIMEOUT_MS, RETRYABLE_ERRCODES, TOKEN_ERRCODES, backoffDelay, isRetryableStatus, minuteQuotaDelay, resolveRetry } from './retry-policy.js';
import { TokenFileCache, defaultTokenCacheDir } from './token-cache.js';
import { TokenProvider, type TokenAnswer } from './token-provider.js';
import { RELAY_ACCOUNT_ENDPOINT, checkRelayTarget, withRelayHeaders } from './relay-mode.js';
import type {
  ClientLogEvent,
  DraftArticle,
  DraftListItem,
  MaterialCount,
  MaterialItem,
  NewsItem,
  Page,
  PageRequest,
  PublishStatus,
  PublishedListItem,
  WechatClient,
  WechatClientOptions,
} from './types.js';

export { DEFAULT_API_BASE } from './api-base.js';

interface CallSpec<T> {
  /** Path after /cgi-bin/, e.g. `draft/add`. */
  endpoint: string;
  method: 'GET' | 'POST';
  auth: boolean;
  query?: Record<string, string>;
  json?: unknown;
  /** Multipart body, rebuilt for every attempt (a FormData stream can only be sent once). */
  form?: () => FormData;
  /**
   * Before retrying after a failure that may have reached WeChat (timeout, reset, 5xx): look for the effect of the
   * lost attempt; a value returned is the call's result (no retry).
   */
  recoverLostAttempt?: () => Promise<T | undefined>;
  /**
   * What a lost answer means for a call with an effect that nothing can find again:
   * `retry-slower` (media/uploadimg: a second copy is invisible and harmless; wait twice as long for it),
   * `fail` (freepublish/submit: never a second publication; the caller's journal recovers it). Default: retry.
   */
  whenLost?: 'retry-slower' | 'fail';
  /** Ctrl-C: `finish` lets a request in flight complete (its effect could not be found again); default `cancel`. */
  onInterrupt?: 'cancel' | 'finish';
  /** Errcodes that are answers, not failures (45065: the push was made already, its msg_id in the body). */
  answerErrcodes?: readonly number[];
}

type Json = Record<string, unknown>;

const IMAGE_TYPES: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', bmp: 'image/bmp' };

/** Ids that WeChat sends as (possibly > 2^53) numbers: keep their digits by reading them as strings. */
function parseJson(text: string): unknown {
  return JSON.parse(text.replace(/"(publish_id|msg_data_id|article_id|msg_id)"\s*:\s*(-?\d+)/g, '"$1":"$2"'));
}

export function createWechatClient(options: WechatClientOptions): WechatClient {
  const env = options.env ?? process.env;
  // relay mode: the relay holds the secret and the token; this client only sends its relay token
  const relay = options.relay && checkRelayTarget(options.relay);
  const apiBase = resolveApiBase(relay?.url, options.apiBase, env.WECHAT_API_BASE);
  const interrupt = options.signal;
  const mode = options.tokenMode ?? 'stable';
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const policy = resolveRetry(options.retry);
  const dispatcher = relay ? withRelayHeaders(createDispatcher(env), relay) : createDispatcher(env);
  let closing: Promise<void> | undefined;
  const redactor = new Redactor();
  redactor.add(options.appSecret);
  redactor.add(relay?.token);
  const log = (event: ClientLogEvent) => {
    try {
      options.log?.(event);
    } catch {
      // a broken logger must not break publishing
    }
  };

  const cacheDir = options.tokenCacheDir === false || relay ? undefined : (options.tokenCacheDir ?? defaultTokenCacheDir(env));
  const tokens = new TokenProvider({
    mode,
    fileCache: cacheDir ? new TokenFileCache(cacheDir, { apiBase, appId: options.appId, mode }, options.appSecret) : undefined,
    log,
    onToken: (t) => redactor.add(t),
    fetchToken: (force) =>
      mode === 'stable'
        ? callApi<TokenAnswer>({ endpoint: 'stable_token', method: 'POST', auth: false, json: { grant_type: 'client_credential', appid: options.appId, secret: options.appSecret, force_refresh: force } })
        : callApi<TokenAnswer>({ endpoint: 'token', method: 'GET', auth: false, query: { grant_type: 'client_credential', appid: options.appId, secret: options.appSecret } }),
  });

  function networkError(endpoint: string, reason: NetworkFailureReason, detail: string, attempts: number, status?: number): WechatNetworkError {
    return new WechatNetworkError({ endpoint, reason, detail: redactor.redact(detail), attempts, status });
  }

  async function callApi<T>(spec: CallSpec<T>): Promise<T> {
    let retriesUsed = 0;
    // one refetch per refused token, at most two per call: a stale cached token and a token revoked mid-call
    // are two different refusals, each worth one refetch; the same token refused twice is not
    const refusedTokens = new Set<string>();
    let rejectedToken: string | undefined;
    let attemptTimeoutMs = timeoutMs;
    for (let attempt = 1; ; attempt++) {
      if (interrupt?.aborted) throw new InterruptedError(`Interrupted before ${spec.endpoint}`);
      const token = spec.auth && !relay ? (rejectedToken !== undefined ? await tokens.refresh(rejectedToken) : await tokens.get()) : undefined;
      rejectedToken = undefined;
      const query = new URLSearchParams({ ...(token ? { access_token: token } : {}), ...spec.query });
      const qs = query.toString();
      const url = `${apiBase}/cgi-bin/${spec.endpoint}${qs ? `?${qs}` : ''}`;
      const started = performance.now();

      // What to do when this attempt failed transiently: wait and retry, or give up with `fail`.
      const retryOrThrow = async (reason: string, fail: () => Error, mayHaveReachedServer: boolean, waitMs?: number): Promise<T | undefined> => {
        if (retriesUsed >= policy.retries) {
          // the last attempt may have gone through too: look once more before reporting a failure
          if (mayHaveReachedServer && spec.recoverLostAttempt) {
            const recovered = await spec.recoverLostAttempt().catch(() => undefined);
            if (recovered !== undefined) return recovered;
          }
          throw fail();
        }
        if (mayHaveReachedServer && spec.whenLost === 'fail' && !spec.recoverLostAttempt) throw fail();
        if (mayHaveReachedServer && spec.whenLost === 'retry-slower') attemptTimeoutMs *= 2;
        retriesUsed++;
        const delayMs = Math.max(waitMs ?? 0, backoffDelay(retriesUsed, policy));
        log({ type: 'retry', endpoint: spec.endpoint, attempt, delayMs, reason });
        await sleep(delayMs, undefined, interrupt ? { signal: interrupt } : undefined).catch(() => {
          throw new InterruptedError(`Interrupted while waiting to retry ${spec.endpoint}`);
        });
        if (mayHaveReachedServer && spec.recoverLostAttempt) return spec.recoverLostAttempt();
        return undefined;
      };

      let answer: HttpAnswer;
      try {
        answer = await sendHttp(dispatcher, url, {
          method: spec.method,
          timeoutMs: attemptTimeoutMs,
          signal: spec.onInterrupt === 'finish' ? undefined : interrupt,
          ...(spec.form ? { body: spec.form() } : spec.json !== undefined ? { body: JSON.stringify(spec.json), headers: { 'content-type': 'application/json; charset=utf-8' } } : {}),
        });
      } catch (error) {
        if (!(error instanceof TransportFailure)) throw error;
        if (error.reason === 'interrupted') throw new InterruptedError(`Interrupted during ${spec.endpoint}`);
        const ms = Math.round(performance.now() - started);
        log({ type: 'request', endpoint: spec.endpoint, method: spec.method, attempt, status: 0, ms, error: error.reason });
        if (!isRetryableFailure(error)) throw networkError(spec.endpoint, error.reason, error.message, attempt);
        const recovered = await retryOrThrow(error.reason, () => networkError(spec.endpoint, error.reason, error.message, attempt), error.reason !== 'connect');
        if (recovered !== undefined) return recovered;
        continue;
      }

      const ms = Math.round(performance.now() - started);
      let body: Json | undefined;
      try {
        const parsed = parseJson(answer.text);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Json;
      } catch {
        body = undefined;
      }
      const errcode = typeof body?.errcode === 'number' ? body.errcode : body?.errcode !== undefined ? Number(body.errcode) : 0;
      log({ type: 'request', endpoint: spec.endpoint, method: spec.method, attempt, status: answer.status, ms, ...(body ? { errcode } : {}) });

      if (isRetryableStatus(answer.status) && !(body && errcode)) {
        const fail = () => networkError(spec.endpoint, 'http', `HTTP ${answer.status}`, attempt, answer.status);
        const recovered = await retryOrThrow(`HTTP ${answer.status}`, fail, true);
        if (recovered !== undefined) return recovered;
        continue;
      }
      if (!body) throw networkError(spec.endpoint, answer.status === 200 ? 'invalid-response' : 'http', answer.status === 200 ? 'the answer is not JSON' : `HTTP ${answer.status}`, attempt, answer.status);
      if (!errcode) {
        if (answer.status !== 200) throw networkError(spec.endpoint, 'http', `HTTP ${answer.status}`, attempt, answer.status);
        return body as T;
      }

      if (spec.answerErrcodes?.includes(errcode)) return body as T;
      const { errmsg, rid } = splitRid(redactor.redact(String(body.errmsg ?? '')));
      // through a relay: it has refetched its token already, retrying once is all that is left to do
      const refused = token ?? (relay ? 'relay' : undefined);
      if (spec.auth && refused && TOKEN_ERRCODES.has(errcode) && !refusedTokens.has(refused) && refusedTokens.size < 2) {
        refusedTokens.add(refused);
        rejectedToken = token;
        log({ type: 'token-refresh', endpoint: spec.endpoint, errcode });
        continue;
      }
      const apiError = () => new WechatApiError({ endpoint: spec.endpoint, errcode, errmsg, rid, hint: hintFor(errcode, errmsg) });
      if (RETRYABLE_ERRCODES.has(errcode)) {
        const recovered = await retryOrThrow(`errcode ${errcode}`, apiError, false, errcode === 45011 ? minuteQuotaDelay(policy) : undefined);
        if (recovered !== undefined) return recovered;
        continue;
      }
      throw apiError();
    }
  }

  const post = <T>(endpoint: string, json: unknown, extra: Partial<CallSpec<T>> = {}) => callApi<T>({ endpoint, method: 'POST', auth: true, json, ...extra });
  const get = <T>(endpoint: string) => callApi<T>({ endpoint, method: 'GET', auth: true });

  function mediaForm(bytes: Uint8Array, filename: string): () => FormData {
    const ext = /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase() ?? '';
    const type = IMAGE_TYPES[ext] ?? 'application/octet-stream';
    const blob = new Blob([new Uint8Array(bytes)], { type });
    return () => {
      const form = new (undici().FormData)();
      form.append('media', blob, filename);
      return form;
    };
  }

  const noContent = (v: PageRequest['no_content']) => (v === true || v === 1 ? 1 : 0);
  const str = (v: unknown) => (v === undefined || v === null ? undefined : String(v));

  const client: WechatClient = {
    apiBase,
    async uploadImage(bytes, filename) {
      // WeChat keeps no list of these: a lost answer can't be looked up, but a second copy is invisible (no material)
      const r = await callApi<{ url: string }>({ endpoint: 'media/uploadimg', method: 'POST', auth: true, form: mediaForm(bytes, filename), whenLost: 'retry-slower', onInterrupt: 'finish' });
      return { url: r.url };
    },
    async addMaterial(bytes, filename, type) {
      const since = Math.floor(Date.now() / 1000);
      const r = await callApi<{ media_id?: string; thumb_media_id?: string; url?: string }>({
        endpoint: 'material/add_material',
        method: 'POST',
        auth: true,
        query: { type },
        form: mediaForm(bytes, filename),
        // a permanent material counts against the account's 100,000: find the one a lost answer made
        recoverLostAttempt: async () => {
          if (type !== 'image') return undefined;
          const found = await findMaterialNamed(client, filename, since);
          log({ type: 'duplicate-check', endpoint: 'material/add_material', found: Boolean(found) });
          return found ? { media_id: found.media_id, url: found.url } : undefined;
        },
      });
      const mediaId = r.media_id ?? r.thumb_media_id ?? '';
      return r.url ? { media_id: mediaId, url: r.url } : { media_id: mediaId };
    },
    getMaterialCount: () => get<MaterialCount>('material/get_materialcount'),
    batchGetMaterial: ({ type, offset, count }) => post<Page<MaterialItem>>('material/batchget_material', { type, offset, count }),
    async deleteMaterial(media_id) {
      await post('material/del_material', { media_id });
    },
    async addDraft(articles) {
      // The add may have succeeded even if its answer was lost: look before adding a second copy.
      const since = Math.floor(Date.now() / 1000);
      const like = { titles: articles.map((a) => a.title), thumbs: articles.map((a) => a.thumb_media_id ?? ''), since };
      const r = await post<{ media_id: string }>('draft/add', { articles }, {
        recoverLostAttempt: async () => {
          const found = await findDraftLike(client, like);
          log({ type: 'duplicate-check', endpoint: 'draft/add', found: Boolean(found) });
          return found ? { media_id: found.media_id } : undefined;
        },
      });
      return { media_id: r.media_id };
    },
    async updateDraft(media_id, index, article) {
      await post('draft/update', { media_id, index, articles: article });
    },
    getDraft: (media_id) => post<{ news_item: NewsItem[] }>('draft/get', { media_id }),
    async deleteDraft(media_id) {
      await post('draft/delete', { media_id });
    },
    batchGetDrafts: ({ offset, count, no_content }) => post<Page<DraftListItem>>('draft/batchget', { offset, count, no_content: noContent(no_content) }),
    countDrafts: () => get<{ total_count: number }>('draft/count'),
    async submitPublish(media_id) {
      // never sent twice: a lost answer is an error, and the caller's journal (gzh.lock) finds the publication
      const r = await post<{ publish_id: unknown; msg_data_id?: unknown }>('freepublish/submit', { media_id }, { whenLost: 'fail', onInterrupt: 'finish' });
      const msg = str(r.msg_data_id);
      return { publish_id: String(r.publish_id), ...(msg ? { msg_data_id: msg } : {}) };
    },
    async getPublishStatus(publish_id) {
      const r = await post<PublishStatus & { publish_id: unknown; publish_status: unknown }>('freepublish/get', { publish_id });
      const status: PublishStatus = { publish_id: String(r.publish_id ?? publish_id), publish_status: Number(r.publish_status) };
      if (r.article_id) status.article_id = String(r.article_id);
      if (r.article_detail?.item) status.article_detail = r.article_detail;
      if (Array.isArray(r.fail_idx)) status.fail_idx = r.fail_idx.map(Number);
      return status;
    },
    async sendMass({ media_id, filter, clientmsgid, send_ignore_reprint }) {
      // clientmsgid is the idempotency key: a resend is answered 45065 with the push already made, adopted here;
      // a lost answer is not resent here (the same id within a minute is 45066): the caller waits and resends
      const r = await post<{ errcode?: number; msg_id: unknown; msg_data_id?: unknown }>(
        'message/mass/sendall',
        { filter: 'tag_id' in filter ? { is_to_all: false, tag_id: filter.tag_id } : { is_to_all: true }, mpnews: { media_id }, msgtype: 'mpnews', send_ignore_reprint: send_ignore_reprint ? 1 : 0, clientmsgid },
        { whenLost: 'fail', onInterrupt: 'finish', answerErrcodes: [45065] },
      );
      const msg = str(r.msg_data_id);
      return { msg_id: String(r.msg_id), ...(msg ? { msg_data_id: msg } : {}), ...(r.errcode === 45065 ? { existing: true } : {}) };
    },
    async getMassStatus(msg_id) {
      const r = await post<{ msg_id: unknown; msg_status: unknown }>('message/mass/get', { msg_id });
      return { msg_id: String(r.msg_id ?? msg_id), msg_status: String(r.msg_status) };
    },
    async deleteMass(msg_id, article_idx = 0) {
      await post('message/mass/delete', { msg_id, article_idx });
    },
    async previewMass(to, media_id) {
      await post('message/mass/preview', { ...('openid' in to ? { touser: to.openid } : { towxname: to.wxname }), mpnews: { media_id }, msgtype: 'mpnews' }, { whenLost: 'fail' });
    },
    getTags: () => get<{ tags: { id: number; name: string; count: number }[] }>('tags/get'),
    getPublishedArticle: (article_id) => post<{ news_item: NewsItem[] }>('freepublish/getarticle', { article_id }),
    batchGetPublished: ({ offset, count, no_content }) => post<Page<PublishedListItem>>('freepublish/batchget', { offset, count, no_content: noContent(no_content) }),
    async datacube(endpoint, begin_date, end_date) {
      const r = await post<{ list?: unknown }>(`datacube/${endpoint}`, { begin_date, end_date });
      return Array.isArray(r.list) ? (r.list as Record<string, unknown>[]) : [];
    },
    getAccessToken: () => (relay ? callApi({ endpoint: RELAY_ACCOUNT_ENDPOINT, method: 'GET', auth: true }).then(() => '') : tokens.get()),
    refreshAccessToken: (rejected) => tokens.refresh(rejected),
    close: () => (closing ??= dispatcher.close()),
  };
  return client;
}
