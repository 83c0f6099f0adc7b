import type { SandboxAccount, SandboxMass, SandboxPreview, SandboxTag } from './mass.js';

/** Shapes of the sandbox: its options, faults, stored state and request log. */

/** Faults to inject, for tests of retry and error handling. Counts are consumed one per matching request. */
export interface Faults {
  /** Invalidate every token after this many more authenticated API calls (one-shot; null = off). */
  invalidateTokenAfter: number | null;
  /** Every K-th API call answers errcode -1 "system error" (0 = off). */
  systemErrorEvery: number;
  /** The next N API calls answer HTTP 500. */
  http500: number;
  /** The next N API calls: the socket is destroyed before the request is handled (nothing happens). */
  dropConnections: number;
  /** The next N API calls are handled (state changes!) and then the socket is destroyed instead of answering. */
  dropResponses: number;
  /** Delay API answers by this many ms (the request is handled first, then the answer waits) ... */
  delayMs: number;
  /** ... for the next N API calls (null = every call while delayMs > 0). */
  delayCount: number | null;
  /** The next N API calls answer 45011 (minute quota). */
  minuteQuota: number;
  /** Every API call answers 45009 (daily quota reached) while true. */
  dailyQuota: boolean;
  /** Final publish_status of publishes submitted from now on: 0 success, 2/4 with fail_idx, 3 failure, ... */
  publishFinalStatus: number;
  /** When set, every API call answers 40164 naming this IP as not whitelisted. */
  ipNotWhitelisted: string | null;
  /** Any other WeChat error (48001 unverified account, 53503, 89503, ...): the next `count` calls answer it. */
  errcode: { errcode: number; errmsg?: string; count: number } | null;
  /** Restrict the faults above to these endpoints (`draft/add` or `/cgi-bin/draft/add`); null = all API endpoints. */
  endpoints: string[] | null;
}

export const NO_FAULTS: Readonly<Faults> = Object.freeze({
  invalidateTokenAfter: null,
  systemErrorEvery: 0,
  http500: 0,
  dropConnections: 0,
  dropResponses: 0,
  delayMs: 0,
  delayCount: null,
  minuteQuota: 0,
  dailyQuota: false,
  errcode: null,
  publishFinalStatus: 0,
  ipNotWhitelisted: null,
  endpoints: null,
});

/** Field limits the sandbox enforces (WECHAT.md; some are UNCONFIRMED, hence configurable). Lengths in code points. */
export interface SandboxLimits {
  title: number;
  author: number;
  digest: number;
  contentChars: number;
  /** What contentChars counts: the HTML as sent (default) or its visible text (the project's limits.contentCount). */
  contentCount?: 'html' | 'text';
  contentBytes: number;
  sourceUrlBytes: number;
  articlesPerDraft: number;
  newspicImages: number;
  uploadImgBytes: number;
  imageMaterialBytes: number;
  thumbBytes: number;
}

export const DEFAULT_LIMITS: Readonly<SandboxLimits> = Object.freeze({
  title: 32,
  author: 16,
  digest: 128,
  contentChars: 20_000,
  contentBytes: 1_000_000,
  sourceUrlBytes: 1024,
  articlesPerDraft: 8,
  newspicImages: 20,
  uploadImgBytes: 1024 * 1024,
  imageMaterialBytes: 10 * 1024 * 1024,
  thumbBytes: 64 * 1024,
});

/** Daily quotas per endpoint (path after /cgi-bin/). */
export const DEFAULT_QUOTAS: Readonly<Record<string, number>> = Object.freeze({
  token: 2000,
  'draft/add': 1000,
  'draft/update': 1000,
  'draft/get': 500,
  'freepublish/submit': 100,
  'freepublish/get': 100,
  'message/mass/preview': 100,
});

export interface SandboxOptions {
  /** 0 = a free port. Default 0. */
  port?: number;
  host?: '127.0.0.1';
  /** Keep state in this folder (created when missing); in memory when absent. */
  dataDir?: string;
  appId?: string;
  appSecret?: string;
  faults?: Partial<Faults>;
  /** freepublish/get answers publish_status 1 this many times before the final status. Default 2. */
  publishPolls?: number;
  /**
   * A publication also finishes by itself after this long (ms; default 2000), polled or not: WeChat publishes
   * whether anyone asks, and a client whose submit answer was lost can only find it in freepublish/batchget.
   */
  publishMs?: number;
  /**
   * When a submitted draft leaves the draft box: at `submit` (default; what was observed) or on `success`.
   * A publication that fails puts it back either way. UNCONFIRMED on WeChat.
   */
  draftLeaves?: 'submit' | 'success';
  /** Lifetime of issued access tokens. Default 7200. */
  tokenTtlSeconds?: number;
  limits?: Partial<SandboxLimits>;
  quotas?: Partial<Record<string, number>>;
  /** The account the sandbox plays: its type decides the push quota; unverified answers 48001 to 群发 and preview. */
  account?: Partial<SandboxAccount>;
  /** Follower tags (tags/get; a push to one names its id). */
  tags?: SandboxTag[];
  /** message/mass/get answers SENDING this many times before SEND_SUCCESS. Default 1. */
  massPolls?: number;
  /** Called after each API request is answered (for `gzh sandbox` to print a live log). */
  onRequest?: (entry: SandboxLogEntry) => void;
}

export interface SandboxLogEntry {
  /** ISO time of the request. */
  time: string;
  method: string;
  /** Path without the query (never the token), e.g. `/cgi-bin/draft/add`. */
  endpoint: string;
  /** errcode answered (0 on success), null when there was no JSON answer (HTTP 500, dropped connection). */
  errcode: number | null;
  /** HTTP status, 0 when the connection was dropped. */
  status: number;
}

export interface SandboxArticle {
  article_type: 'news' | 'newspic';
  title: string;
  author: string;
  digest: string;
  content: string;
  content_source_url: string;
  thumb_media_id: string;
  need_open_comment: 0 | 1;
  only_fans_can_comment: 0 | 1;
  pic_crop_235_1: string;
  pic_crop_1_1: string;
  image_info?: { image_list: { image_media_id: string }[] };
}

export interface SandboxDraft {
  media_id: string;
  articles: SandboxArticle[];
  create_time: number;
  update_time: number;
  /** Creation order, to sort drafts created in the same second. */
  seq: number;
}

export interface SandboxMaterial {
  media_id: string;
  type: 'image' | 'thumb';
  name: string;
  /** File name under /mmbiz/. */
  file: string;
  size: number;
  update_time: number;
  seq: number;
}

/** An image uploaded with media/uploadimg (content image, not a material). */
export interface SandboxContentImage {
  file: string;
  name: string;
  size: number;
  create_time: number;
}

export interface SandboxPublish {
  publish_id: number;
  msg_data_id: number;
  media_id: string;
  /** Articles as they were when submitted. */
  articles: SandboxArticle[];
  /** The draft itself, kept to return it to the box if publishing fails. */
  draft?: SandboxDraft;
  /** Status polls still answered with 1. */
  pollsLeft: number;
  finalStatus: number;
  status: number;
  article_id?: string;
  fail_idx?: number[];
  create_time: number;
  update_time: number;
}

/** Read access to what the sandbox holds, for tests. */
export interface SandboxStateView {
  readonly drafts: readonly SandboxDraft[];
  readonly materials: readonly SandboxMaterial[];
  readonly images: readonly SandboxContentImage[];
  readonly publishes: readonly SandboxPublish[];
  readonly masses: readonly SandboxMass[];
  readonly previews: readonly SandboxPreview[];
}

export interface Sandbox {
  /** http://127.0.0.1:PORT */
  url: string;
  /** What to give a client as api base (same as url: paths are under /cgi-bin/). */
  apiBase: string;
  appId: string;
  appSecret: string;
  /** Every API request so far (live array). */
  readonly log: SandboxLogEntry[];
  clearLog(): void;
  /** Merge faults into the current ones; counts restart from the given values. */
  setFaults(faults: Partial<Faults>): void;
  readonly faults: Readonly<Faults>;
  readonly state: SandboxStateView;
  /** Invalidate every issued token now (as if fetched elsewhere with /token). */
  invalidateTokens(): void;
  /** The sandbox's time: moved by tests (quotas per day and month, analytics up to yesterday). */
  readonly clock: { now(): Date; set(at: Date | string | number | undefined): void; advance(ms: number): void };
  close(): Promise<void>;
}
