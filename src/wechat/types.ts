/** Typed requests and responses of the WeChat endpoints gzh uses. */
import type { RelayTarget } from './relay-mode.js';

export interface DraftArticle {
  article_type?: 'news' | 'newspic';
  title: string;
  author?: string;
  digest?: string;
  content: string;
  content_source_url?: string;
  /** Permanent image material media_id of the cover (required for news). */
  thumb_media_id?: string;
  need_open_comment?: 0 | 1;
  only_fans_can_comment?: 0 | 1;
  /** Cover crops `X1_Y1_X2_Y2`, fractions 0..1 with ≤ 6 decimals. */
  pic_crop_235_1?: string;
  pic_crop_1_1?: string;
  /** newspic only: up to 20 image materials. */
  image_info?: { image_list: { image_media_id: string }[] };
}

/** An article as WeChat stored it (draft/get, batchget, getarticle). */
export interface NewsItem extends DraftArticle {
  url: string;
  thumb_url?: string;
  show_cover_pic?: number;
  is_deleted?: boolean;
}

export type MaterialType = 'image' | 'video' | 'voice' | 'news';

export interface MaterialCount {
  voice_count: number;
  video_count: number;
  image_count: number;
  news_count: number;
}

export interface MaterialItem {
  media_id: string;
  name?: string;
  update_time: number;
  url?: string;
}

export interface Page<T> {
  total_count: number;
  item_count: number;
  item: T[];
}

export interface DraftListItem {
  media_id: string;
  content: { news_item: NewsItem[]; create_time?: number; update_time?: number };
  update_time: number;
}

export interface PublishedListItem {
  article_id: string;
  content: { news_item: NewsItem[]; create_time?: number; update_time?: number };
  update_time: number;
}

export interface PublishStatus {
  publish_id: string;
  /** 0 success, 1 publishing, 2 original-declaration failure, 3 failure, 4 review failure, 5 deleted, 6 banned. */
  publish_status: number;
  article_id?: string;
  article_detail?: { count?: number; item: { idx: number; article_url: string }[] };
  /** 1-based indexes of failed articles (status 2 and 4). */
  fail_idx?: number[];
}

export interface PageRequest {
  offset: number;
  count: number;
  no_content?: 0 | 1 | boolean;
}

export type ClientLogEvent =
  /** One HTTP exchange. status 0 when no answer came back (timeout, reset). */
  | { type: 'request'; endpoint: string; method: 'GET' | 'POST'; attempt: number; status: number; ms: number; errcode?: number; error?: string }
  | { type: 'retry'; endpoint: string; attempt: number; delayMs: number; reason: string }
  | { type: 'token'; source: 'file' | 'fetch'; mode: 'stable' | 'classic' }
  | { type: 'token-refresh'; endpoint: string; errcode: number }
  | { type: 'duplicate-check'; endpoint: 'draft/add' | 'material/add_material'; found: boolean };

export interface RetryOptions {
  /** Retries after the first attempt for retryable failures. Default 4. */
  retries?: number;
  /** First backoff delay; doubles each retry. Default 500 ms. */
  baseDelayMs?: number;
  /** Cap of one delay. Default 10,000 ms. */
  maxDelayMs?: number;
  /** Longest wait after errcode 45011 (minute quota), which lasts until the minute ends. Default 61 s. */
  minuteQuotaWaitMs?: number;
}

export interface WechatClientOptions {
  appId: string;
  appSecret: string;
  /** Default: env WECHAT_API_BASE, else https://api.weixin.qq.com. */
  apiBase?: string;
  /** stable_token (default: parallel jobs don't invalidate each other) or the classic /token. */
  tokenMode?: 'stable' | 'classic';
  /** Timeout of one HTTP request. Default 30,000 ms. */
  timeoutMs?: number;
  /** Token cache folder; false = memory only. Default $XDG_CACHE_HOME/gzh or ~/.cache/gzh. */
  tokenCacheDir?: string | false;
  retry?: RetryOptions;
  log?: (event: ClientLogEvent) => void;
  /** Send every call through a `gzh relay` (apiBase, appId and appSecret are then unused: pass ''). */
  relay?: RelayTarget;
  /** Environment for WECHAT_API_BASE, proxies and the cache dir. Default process.env. */
  env?: NodeJS.ProcessEnv;
  /**
   * Ctrl-C: no request starts after it aborts, waits end, and requests in flight are cut off unless their effect
   * could not be found again (uploadimg, submit: those finish). Calls then throw InterruptedError.
   */
  signal?: AbortSignal;
}

export interface WechatClient {
  readonly apiBase: string;
  uploadImage(bytes: Uint8Array, filename: string): Promise<{ url: string }>;
  addMaterial(bytes: Uint8Array, filename: string, type: 'image' | 'thumb'): Promise<{ media_id: string; url?: string }>;
  getMaterialCount(): Promise<MaterialCount>;
  batchGetMaterial(request: { type: MaterialType; offset: number; count: number }): Promise<Page<MaterialItem>>;
  deleteMaterial(media_id: string): Promise<void>;
  addDraft(articles: DraftArticle[]): Promise<{ media_id: string }>;
  updateDraft(media_id: string, index: number, article: DraftArticle): Promise<void>;
  getDraft(media_id: string): Promise<{ news_item: NewsItem[] }>;
  deleteDraft(media_id: string): Promise<void>;
  batchGetDrafts(request: PageRequest): Promise<Page<DraftListItem>>;
  countDrafts(): Promise<{ total_count: number }>;
  submitPublish(media_id: string): Promise<{ publish_id: string; msg_data_id?: string }>;
  getPublishStatus(publish_id: string): Promise<PublishStatus>;
  /** 群发 a draft to all followers or one tag; `existing`: WeChat answered 45065 (this clientmsgid was pushed already). */
  sendMass(request: { media_id: string; filter: { is_to_all: true } | { tag_id: number }; clientmsgid: string; send_ignore_reprint?: boolean }): Promise<{ msg_id: string; msg_data_id?: string; existing?: boolean }>;
  /** msg_status: SEND_SUCCESS, SENDING, SEND_FAIL, DELETE. */
  getMassStatus(msg_id: string): Promise<{ msg_id: string; msg_status: string }>;
  deleteMass(msg_id: string, article_idx?: number): Promise<void>;
  /** Send a draft to one person's phone: a 微信号 (towxname) or an openid (touser). */
  previewMass(to: { wxname: string } | { openid: string }, media_id: string): Promise<void>;
  getTags(): Promise<{ tags: { id: number; name: string; count: number }[] }>;
  getPublishedArticle(article_id: string): Promise<{ news_item: NewsItem[] }>;
  batchGetPublished(request: PageRequest): Promise<Page<PublishedListItem>>;
  /** POST datacube/<endpoint> {begin_date, end_date} (Beijing days): the answer's `list` rows. */
  datacube(endpoint: string, beginDate: string, endDate: string): Promise<Record<string, unknown>[]>;
  /** A valid access token (cached). Never print it. Relay mode: checks the relay has one for the account, resolves to ''. */
  getAccessToken(): Promise<string>;
  /** A fresh token after WeChat refused `rejected` (40001/42001); shared with concurrent callers. For `gzh relay`. */
  refreshAccessToken(rejected: string): Promise<string>;
  /** Release pooled connections. */
  close(): Promise<void>;
}
