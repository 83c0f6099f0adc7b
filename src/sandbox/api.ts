/**
 * The emulated /cgi-bin/ endpoints: tokens, media, materials, drafts, freepublish. Answers have WeChat's shapes:
 * errors are HTTP 200 + {errcode, errmsg: "... rid: ..."}; successes carry data (and sometimes errcode 0).
 */
import { randomBytes } from 'node:crypto';
import { describeWechatError } from '../wechat/errors-catalog.js';
import { fileExtension, sniffImageFormat } from './image-format.js';
import type { SandboxClock } from './clock.js';
import type { FaultState } from './faults.js';
import { MassApi, type MassConfig } from './mass.js';
import type { SandboxStore } from './store.js';
import { checkArticle, type ArticleCheckContext } from './validate-article.js';
import { SANDBOX_DATACUBE_SPANS, SandboxDatacube } from './datacube.js';
import type { SandboxArticle, SandboxDraft, SandboxLimits, SandboxMaterial, SandboxPublish } from './types.js';

export interface ApiRequest {
  method: string;
  /** Path after /cgi-bin/, e.g. `draft/add`. */
  name: string;
  query: URLSearchParams;
  body: Buffer;
  contentType: string;
}

export interface ApiAnswer {
  status: number;
  json: Record<string, unknown>;
  errcode: number;
}

export interface ApiConfig {
  appId: string;
  appSecret: string;
  tokenTtlSeconds: number;
  publishPolls: number;
  publishMs: number;
  draftLeaves: 'submit' | 'success';
  limits: SandboxLimits;
  quotas: Record<string, number>;
  /** The sandbox's time (tests move it). */
  clock: SandboxClock;
  /** 群发: the account type and verification, follower tags, status polls. */
  mass: Omit<MassConfig, 'clock'>;
  /** Base URL of the sandbox right now (the port can change between runs). */
  baseUrl(): string;
}

type Handler = (req: ApiRequest) => Promise<ApiAnswer> | ApiAnswer;
interface Route {
  method: 'GET' | 'POST' | 'ANY';
  auth: boolean;
  handler: Handler;
}

/** Thrown inside handlers to answer an errcode. */
class ApiFailure extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg?: string,
  ) {
    super(errmsg ?? String(errcode));
  }
}

const CLASSIC_GRACE_MS = 300_000;
const randomId = (bytes: number) => randomBytes(bytes).toString('base64url');
const rid = () => [4, 4, 4].map((n) => randomBytes(n).toString('hex')).join('-');

export function errorAnswer(errcode: number, errmsg?: string, status = 200): ApiAnswer {
  return { status, errcode, json: { errcode, errmsg: `${errmsg ?? describeWechatError(errcode).errmsg} rid: ${rid()}` } };
}

function ok(json: Record<string, unknown>): ApiAnswer {
  return { status: 200, errcode: typeof json.errcode === 'number' ? json.errcode : 0, json };
}


/**
 * WeChat stores `\uXXXX` escapes of non-ASCII text literally (WECHAT.md): emulate by keeping them as text.
 * Escapes of control characters and ASCII are real JSON escapes and stay decoded.
 */
export function parseWechatJson(text: string): unknown {
  const literal = text.replace(/(\\+)u([0-9a-fA-F]{4})/g, (all, slashes: string, hex: string) =>
    slashes.length % 2 === 1 && parseInt(hex, 16) >= 0x80 ? `\\${all}` : all,
  );
  return JSON.parse(literal);
}

export class SandboxApi {
  private readonly routes: Record<string, Route>;

  constructor(
    private readonly store: SandboxStore,
    private readonly faults: FaultState,
    private readonly config: ApiConfig,
  ) {
    const r = (method: Route['method'], auth: boolean, handler: Handler): Route => ({ method, auth, handler: handler.bind(this) });
    this.routes = {
      token: r('GET', false, this.token),
      stable_token: r('POST', false, this.stableToken),
      'media/uploadimg': r('POST', true, this.uploadImg),
      'material/add_material': r('POST', true, this.addMaterial),
      'material/get_materialcount': r('ANY', true, this.materialCount),
      'material/batchget_material': r('POST', true, this.batchGetMaterial),
      'material/del_material': r('POST', true, this.deleteMaterial),
      'draft/add': r('POST', true, this.addDraft),
      'draft/update': r('POST', true, this.updateDraft),
      'draft/get': r('POST', true, this.getDraft),
      'draft/delete': r('POST', true, this.deleteDraft),
      'draft/batchget': r('POST', true, this.batchGetDrafts),
      'draft/count': r('ANY', true, this.countDrafts),
      'freepublish/submit': r('POST', true, this.submitPublish),
      'freepublish/get': r('POST', true, this.getPublish),
      'freepublish/getarticle': r('POST', true, this.getPublishedArticle),
      'freepublish/batchget': r('POST', true, this.batchGetPublished),
    };
    const mass = new MassApi(
      {
        get data() {
          return store.data;
        },
        findDraft: (id) => this.findDraft(id),
        fail: (code) => {
          throw new ApiFailure(code);
        },
        errorWith: (code, extra) => {
          const answer = errorAnswer(code);
          return { ...answer, json: { ...answer.json, ...extra } };
        },
        ok,
      },
      { ...config.mass, clock: config.clock },
    );
    this.routes['message/mass/sendall'] = r('POST', true, (req) => mass.sendAll(this.jsonBody(req)));
    this.routes['message/mass/get'] = r('POST', true, (req) => mass.getMass(this.jsonBody(req)));
    this.routes['message/mass/delete'] = r('POST', true, (req) => mass.deleteMass(this.jsonBody(req)));
    this.routes['message/mass/preview'] = r('POST', true, (req) => mass.preview(this.jsonBody(req)));
    this.routes['tags/get'] = r('ANY', true, () => mass.getTags());
    // analytics of what was published (发布) or pushed (群发) here (datacube.ts)
    const cube = new SandboxDatacube(
      () => [
        ...this.published().flatMap((p) => p.articles.map((a, i) => ({ msgid: `${p.msg_data_id}_${i + 1}`, title: a.title, sentAt: p.create_time * 1000 }))),
        ...store.data.masses.filter((m) => m.status !== 'SEND_FAIL').flatMap((m) => m.titles.map((title, i) => ({ msgid: `${m.msg_data_id}_${i + 1}`, title, sentAt: m.create_time * 1000 }))),
      ],
      config.clock,
    );
    for (const name of Object.keys(SANDBOX_DATACUBE_SPANS)) {
      this.routes[`datacube/${name}`] = r('POST', true, (req) => {
        const answer = cube.answer(name, this.jsonBody(req));
        if ('errcode' in answer) throw new ApiFailure(answer.errcode);
        return ok(answer);
      });
    }
  }

  get data() {
    return this.store.data;
  }

  async handle(req: ApiRequest): Promise<ApiAnswer> {
    const route = this.routes[req.name];
    if (!route) return errorAnswer(40066, undefined, 404);
    if (route.method === 'POST' && req.method !== 'POST') return errorAnswer(43002);
    try {
      if (route.auth) {
        const code = this.checkToken(req.query.get('access_token'));
        if (code) return errorAnswer(code);
      }
      this.countQuota(req.name);
      const answer = await route.handler(req);
      if (route.auth && this.faults.countAuthenticatedCall()) this.invalidateTokens();
      return answer;
    } catch (error) {
      if (error instanceof ApiFailure) return errorAnswer(error.errcode, error.errmsg);
      throw error;
    } finally {
      await this.store.save();
    }
  }

  // ---- tokens ----

  invalidateTokens(): void {
    this.data.tokens = [];
    this.data.stableToken = null;
  }

  private checkToken(token: string | null): number {
    if (!token) return 41001;
    const record = this.data.tokens.find((t) => t.token === token);
    if (!record) return 40001;
    if (record.expiresAt <= this.config.clock.now()) return 42001;
    return 0;
  }

  private issueToken(kind: 'classic' | 'stable') {
    const t = this.config.clock.now();
    // Forget tokens expired a while ago so the list stays small.
    this.data.tokens = this.data.tokens.filter((r) => r.expiresAt > t - 86_400_000);
    const record = { token: randomId(96), kind, expiresAt: t + this.config.tokenTtlSeconds * 1000 };
    this.data.tokens.push(record);
    return record;
  }

  private checkCredentials(appid: unknown, secret: unknown): void {
    if (!appid) throw new ApiFailure(41002);
    if (appid !== this.config.appId) throw new ApiFailure(40013);
    if (!secret) throw new ApiFailure(41004);
    if (secret !== this.config.appSecret) throw new ApiFailure(40125);
  }

  private token(req: ApiRequest): ApiAnswer {
    const q = req.query;
    if (q.get('grant_type') !== 'client_credential') throw new ApiFailure(40002);
    this.checkCredentials(q.get('appid'), q.get('secret'));
    // A new /token invalidates the previous ones after a grace period; stable tokens are independent.
    const graceEnd = this.config.clock.now() + CLASSIC_GRACE_MS;
    for (const r of this.data.tokens) if (r.kind === 'classic' && r.expiresAt > graceEnd) r.expiresAt = graceEnd;
    const record = this.issueToken('classic');
    return ok({ access_token: record.token, expires_in: this.config.tokenTtlSeconds });
  }

  private stableToken(req: ApiRequest): ApiAnswer {
    const body = this.jsonBody(req);
    if (body.grant_type !== 'client_credential') throw new ApiFailure(40002);
    this.checkCredentials(body.appid, body.secret);
    const t = this.config.clock.now();
    const force = body.force_refresh === true || body.force_refresh === 'true';
    if (force) {
      const today = this.data.forceRefreshes.filter((x) => x > t - 86_400_000);
      if (today.length >= 20) throw new ApiFailure(45009);
      const last = today[today.length - 1];
      if (last !== undefined && t - last < 30_000) throw new ApiFailure(45011);
      this.data.forceRefreshes = [...today, t];
      this.data.tokens = this.data.tokens.filter((r) => r.token !== this.data.stableToken);
      this.data.stableToken = null;
    }
    // Same token while valid; a fresh one in its last minutes (5 min, or half the lifetime when shorter).
    const windowMs = Math.min(300, Math.floor(this.config.tokenTtlSeconds / 2)) * 1000;
    const current = this.data.tokens.find((r) => r.token === this.data.stableToken);
    if (current && current.expiresAt - t > windowMs) {
      return ok({ access_token: current.token, expires_in: Math.floor((current.expiresAt - t) / 1000) });
    }
    const record = this.issueToken('stable');
    this.data.stableToken = record.token;
    return ok({ access_token: record.token, expires_in: this.config.tokenTtlSeconds });
  }

  private countQuota(name: string): void {
    const limit = this.config.quotas[name];
    if (limit === undefined) return;
    const q = this.data.quota;
    const day = this.config.clock.beijingDay();
    if (q.day !== day) {
      q.day = day;
      q.counts = {};
    }
    const used = q.counts[name] ?? 0;
    if (used >= limit) throw new ApiFailure(45009);
    q.counts[name] = used + 1;
  }

  // ---- bodies ----

  private jsonBody(req: ApiRequest): Record<string, unknown> {
    if (req.body.length === 0) throw new ApiFailure(44002);
    let value: unknown;
    try {
      value = parseWechatJson(req.body.toString('utf8'));
    } catch {
      throw new ApiFailure(47001);
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new ApiFailure(47001);
    return value as Record<string, unknown>;
  }

  private async mediaPart(req: ApiRequest): Promise<{ bytes: Uint8Array; filename: string }> {
    if (!/^multipart\/form-data/i.test(req.contentType)) throw new ApiFailure(41005);
    let form: FormData;
    try {
      form = await new Response(new Uint8Array(req.body), { headers: { 'content-type': req.contentType } }).formData();
    } catch {
      throw new ApiFailure(41005);
    }
    const media = form.get('media');
    if (!media || typeof media === 'string') throw new ApiFailure(41005);
    const bytes = new Uint8Array(await media.arrayBuffer());
    if (bytes.length === 0) throw new ApiFailure(41005);
    return { bytes, filename: media.name };
  }

  private async saveImage(bytes: Uint8Array, format: string): Promise<{ file: string; url: string }> {
    const ext = format === 'jpeg' ? 'jpg' : format;
    const file = `${randomId(18)}.${ext}`;
    await this.store.putMedia(file, bytes);
    return { file, url: `${this.config.baseUrl()}/mmbiz/${file}` };
  }

  // ---- media & materials ----

  private async uploadImg(req: ApiRequest): Promise<ApiAnswer> {
    const { bytes, filename } = await this.mediaPart(req);
    const format = sniffImageFormat(bytes);
    const ext = fileExtension(filename);
    if (!['jpg', 'jpeg', 'png'].includes(ext) || (format !== 'jpeg' && format !== 'png')) throw new ApiFailure(40005);
    if (bytes.length >= this.config.limits.uploadImgBytes) throw new ApiFailure(40009);
    const { file, url } = await this.saveImage(bytes, format);
    this.data.images.push({ file, name: filename, size: bytes.length, create_time: this.config.clock.seconds() });
    return ok({ url });
  }

  private async addMaterial(req: ApiRequest): Promise<ApiAnswer> {
    const type = req.query.get('type');
    if (type !== 'image' && type !== 'thumb') throw new ApiFailure(40004);
    const { bytes, filename } = await this.mediaPart(req);
    const format = sniffImageFormat(bytes);
    const ext = fileExtension(filename);
    const { limits } = this.config;
    if (type === 'image') {
      if (!['bmp', 'png', 'jpeg', 'jpg', 'gif'].includes(ext) || !format || !['bmp', 'png', 'jpeg', 'gif'].includes(format)) throw new ApiFailure(40005);
      if (bytes.length > limits.imageMaterialBytes) throw new ApiFailure(40009);
    } else {
      if (!['jpg', 'jpeg'].includes(ext) || format !== 'jpeg') throw new ApiFailure(40005);
      if (bytes.length > limits.thumbBytes) throw new ApiFailure(40009);
    }
    const { file, url } = await this.saveImage(bytes, format);
    const material: SandboxMaterial = { media_id: randomId(32), type, name: filename, file, size: bytes.length, update_time: this.config.clock.seconds(), seq: this.store.nextSeq() };
    this.data.materials.push(material);
    return ok(type === 'image' ? { media_id: material.media_id, url, item: [] } : { type: 'thumb', thumb_media_id: material.media_id, media_id: material.media_id, created_at: material.update_time, item: [] });
  }

  materialUrl(m: SandboxMaterial): string {
    return `${this.config.baseUrl()}/mmbiz/${m.file}`;
  }

  private materialCount(): ApiAnswer {
    return ok({ voice_count: 0, video_count: 0, image_count: this.data.materials.length, news_count: 0 });
  }

  private page(body: Record<string, unknown>): { offset: number; count: number; noContent: boolean } {
    const offset = Number(body.offset ?? 0);
    const count = Number(body.count ?? 0);
    if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(count) || count < 1 || count > 20) throw new ApiFailure(40097);
    return { offset, count, noContent: Number(body.no_content ?? 0) === 1 };
  }

  private batchGetMaterial(req: ApiRequest): ApiAnswer {
    const body = this.jsonBody(req);
    if (!['image', 'video', 'voice', 'news'].includes(String(body.type))) throw new ApiFailure(40004);
    const { offset, count } = this.page(body);
    const all = body.type === 'image' ? [...this.data.materials].sort((a, b) => b.seq - a.seq) : [];
    const item = all.slice(offset, offset + count).map((m) => ({ media_id: m.media_id, name: m.name, update_time: m.update_time, url: this.materialUrl(m), tags: [] }));
    return ok({ total_count: all.length, item_count: item.length, item });
  }

  private deleteMaterial(req: ApiRequest): ApiAnswer {
    const body = this.jsonBody(req);
    const i = this.data.materials.findIndex((m) => m.media_id === body.media_id);
    if (i < 0) throw new ApiFailure(40007);
    this.data.materials.splice(i, 1);
    return ok({ errcode: 0, errmsg: 'ok' });
  }

  // ---- drafts ----

  findMaterial(mediaId: string): SandboxMaterial | undefined {
    return this.data.materials.find((m) => m.media_id === mediaId);
  }

  /** WeChat-hosted image: mmbiz hosts, or an image this sandbox issued (any loopback port: ports change). */
  isAllowedImage(src: string): boolean {
    let url: URL;
    try {
      url = new URL(src);
    } catch {
      return false;
    }
    if (/^mmbiz\.(qpic|qlogo)\.cn$/.test(url.hostname)) return true;
    const file = /^\/mmbiz\/([^/]+)$/.exec(url.pathname)?.[1];
    if (!file || !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) return false;
    return this.data.images.some((i) => i.file === file) || this.data.materials.some((m) => m.file === file);
  }

  private checkContext(single: boolean): ArticleCheckContext {
    return {
      limits: this.config.limits,
      single,
      findMaterial: (id) => this.findMaterial(id),
      isAllowedImage: (src) => this.isAllowedImage(src),
    };
  }

  private checkArticles(raw: unknown[]): SandboxArticle[] {
    const articles: SandboxArticle[] = [];
    for (const item of raw) {
      const result = checkArticle(item, this.checkContext(raw.length === 1));
      if (!result.ok) throw new ApiFailure(result.errcode);
      articles.push(result.article);
    }
    return articles;
  }

  private findDraft(mediaId: unknown): SandboxDraft {
    const draft = this.data.drafts.find((d) => d.media_id === mediaId);
    if (!draft) throw new ApiFailure(40007);
    return draft;
  }

  newsItems(articles: SandboxArticle[], urlOf: (idx: number) => string, noContent = false): Record<string, unknown>[] {
    return articles.map((a, i) => {
      const thumb = a.thumb_media_id ? this.findMaterial(a.thumb_media_id) : undefined;
      const item: Record<string, unknown> = { ...a, show_cover_pic: 0, url: urlOf(i + 1), thumb_url: thumb ? this.materialUrl(thumb) : '' };
      if (noContent) delete item.content;
      return item;
    });
  }

  draftUrl(mediaId: string, idx: number): string {
    return `${this.config.baseUrl()}/draft/${encodeURIComponent(mediaId)}/${idx}`;
  }

  articleUrl(articleId: string, idx: number): string {
    return `${this.config.baseUrl()}/s/${encodeURIComponent(articleId)}/${idx}`;
  }

  private addDraft(req: ApiRequest): ApiAnswer {
    const body = this.jsonBody(req);
    if (body.articles === undefined || body.articles === null) throw new ApiFailure(44003);
    if (!Array.isArray(body.articles)) throw new ApiFailure(47001);
    if (body.articles.length === 0) throw new ApiFailure(44003);
    if (body.articles.length > this.config.limits.articlesPerDraft) throw new ApiFailure(45008);
    const articles = this.checkArticles(body.articles);
    const t = this.config.clock.seconds();
    const draft: SandboxDraft = { media_id: randomId(32), articles, create_time: t, update_time: t, seq: this.store.nextSeq() };
    this.data.drafts.push(draft);
    return ok({ media_id: draft.media_id, item: [] });
  }

  private updateDraft(req: ApiRequest): ApiAnswer {
    const body = this.jsonBody(req);
    if (Array.isArray(body.articles)) throw new ApiFailure(47001);
    const draft = this.findDraft(body.media_id);
    const index = Number(body.index);
    if (body.index === undefined || !Number.isInteger(index) || index < 0 || index >= draft.articles.length) throw new ApiFailure(40114);
    if (!body.articles || typeof body.articles !== 'object') throw new ApiFailure(47001);
    const result = checkArticle(body.articles, this.checkContext(draft.articles.length === 1));
    if (!result.ok) throw new ApiFailure(result.errcode);
    draft.articles[index] = result.article;
    draft.update_time = this.config.clock.seconds();
    draft.seq = this.store.nextSeq();
    return ok({ errcode: 0, errmsg: 'ok' });
  }

  private getDraft(req: ApiRequest): ApiAnswer {
    const draft = this.findDraft(this.jsonBody(req).media_id);
    return ok({ news_item: this.newsItems(draft.articles, (idx) => this.draftUrl(draft.media_id, idx)) });
  }

  private deleteDraft(req: ApiRequest): ApiAnswer {
    const draft = this.findDraft(this.jsonBody(req).media_id);
    this.data.drafts = this.data.drafts.filter((d) => d !== draft);
    return ok({ errcode: 0, errmsg: 'ok' });
  }

  private batchGetDrafts(req: ApiRequest): ApiAnswer {
    const { offset, count, noContent } = this.page(this.jsonBody(req));
    const all = [...this.data.drafts].sort((a, b) => b.seq - a.seq);
    const item = all.slice(offset, offset + count).map((d) => ({
      media_id: d.media_id,
      content: { news_item: this.newsItems(d.articles, (idx) => this.draftUrl(d.media_id, idx), noContent), create_time: d.create_time, update_time: d.update_time },
      update_time: d.update_time,
    }));
    return ok({ total_count: all.length, item_count: item.length, item });
  }

  private countDrafts(): ApiAnswer {
    return ok({ total_count: this.data.drafts.length });
  }

  // ---- freepublish ----

  private submitPublish(req: ApiRequest): ApiAnswer {
    const draft = this.findDraft(this.jsonBody(req).media_id);
    const t = this.config.clock.seconds();
    const id = this.data.nextPublishId++;
    const publish: SandboxPublish = {
      publish_id: id,
      msg_data_id: id - 1000,
      media_id: draft.media_id,
      articles: structuredClone(draft.articles),
      pollsLeft: this.config.publishPolls,
      finalStatus: this.faults.faults.publishFinalStatus,
      status: 1,
      create_time: t,
      update_time: t,
    };
    this.data.publishes.push(publish);
    if (this.config.draftLeaves === 'submit') {
      publish.draft = draft;
      this.data.drafts = this.data.drafts.filter((d) => d !== draft);
    }
    return ok({ errcode: 0, errmsg: 'ok', publish_id: publish.publish_id, msg_data_id: publish.msg_data_id });
  }

  /** One status poll (`polled`), or a look from a listing: either way, time alone also finishes it. */
  private advancePublish(p: SandboxPublish, polled = true): void {
    if (p.status !== 1) return;
    const due = (this.config.clock.now() - p.create_time * 1000) >= this.config.publishMs;
    if (!due && (!polled || p.pollsLeft > 0)) {
      if (polled) p.pollsLeft--;
      return;
    }
    p.status = p.finalStatus;
    p.update_time = this.config.clock.seconds();
    if (p.status === 0) {
      p.article_id = randomId(24);
      // A published draft leaves the draft box.
      this.data.drafts = this.data.drafts.filter((d) => d.media_id !== p.media_id);
    } else if (p.status === 2 || p.status === 4) {
      p.fail_idx = [1];
    }
    // a failed publication: the draft is back in the box (it left at submit)
    if (p.status !== 0 && p.draft && !this.data.drafts.some((d) => d.media_id === p.draft!.media_id)) this.data.drafts.push(p.draft);
    delete p.draft;
  }

  private getPublish(req: ApiRequest): ApiAnswer {
    const body = this.jsonBody(req);
    const p = this.data.publishes.find((x) => String(x.publish_id) === String(body.publish_id));
    if (!p) throw new ApiFailure(40007);
    this.advancePublish(p);
    const answer: Record<string, unknown> = { publish_id: String(p.publish_id), publish_status: p.status };
    if (p.status === 0 && p.article_id) {
      const articleId = p.article_id;
      answer.article_id = articleId;
      answer.article_detail = { count: p.articles.length, item: p.articles.map((_, i) => ({ idx: i + 1, article_url: this.articleUrl(articleId, i + 1) })) };
    }
    answer.fail_idx = p.fail_idx ?? [];
    return ok(answer);
  }

  private published(): SandboxPublish[] {
    for (const p of this.data.publishes) this.advancePublish(p, false);
    return this.data.publishes.filter((p) => p.status === 0 && p.article_id).sort((a, b) => b.update_time - a.update_time || b.publish_id - a.publish_id);
  }

  private getPublishedArticle(req: ApiRequest): ApiAnswer {
    const body = this.jsonBody(req);
    const p = this.published().find((x) => x.article_id === body.article_id);
    if (!p?.article_id) throw new ApiFailure(53600);
    const articleId = p.article_id;
    const items = this.newsItems(p.articles, (idx) => this.articleUrl(articleId, idx)).map((i) => ({ ...i, is_deleted: false }));
    return ok({ news_item: items });
  }

  private batchGetPublished(req: ApiRequest): ApiAnswer {
    const { offset, count, noContent } = this.page(this.jsonBody(req));
    const all = this.published();
    const item = all.slice(offset, offset + count).map((p) => ({
      article_id: p.article_id,
      content: { news_item: this.newsItems(p.articles, (idx) => this.articleUrl(p.article_id ?? '', idx), noContent).map((i) => ({ ...i, is_deleted: false })), create_time: p.create_time, update_time: p.update_time },
      update_time: p.update_time,
    }));
    return ok({ total_count: all.length, item_count: item.length, item });
  }
}


