/** Shapes shared by the image pipeline: sources, the upload ledger and the uploader it talks to. */

/** Where an `<img src>` points once resolved against its article. */
export type ResolvedSource =
  /** A file inside the project; `path` is the real (symlink-free) absolute path. */
  | { kind: 'local'; src: string; path: string }
  /** An http(s) image to fetch. */
  | { kind: 'remote'; src: string; url: string }
  /** A `data:` URI, already decoded. */
  | { kind: 'data'; src: string; bytes: Buffer; mediaType: string }
  /** Already hosted by WeChat (mmbiz.qpic.cn / mmbiz.qlogo.cn): used as is. */
  | { kind: 'wechat'; src: string; url: string };

export interface RemoteOptions {
  /** Whole fetch (all redirects and the body), in ms. */
  timeoutMs: number;
  /** Abort once the body grows past this many bytes. */
  maxBytes: number;
  /** Redirects followed before giving up (default 5). */
  maxRedirects?: number;
  /** `images.allowPrivateHosts`: also fetch from private, loopback and link-local addresses (default false). */
  allowPrivateHosts?: boolean;
}

export type { ImageFormat } from './detect-format.js';

/** body: in-article image (a URL) · cover: the news cover material · picture: an image post's picture (a material). */
export type ImagePurpose = 'body' | 'cover' | 'picture';

/** Which WeChat endpoint an image goes to. */
export type UploadKind = 'uploadimg' | 'image' | 'thumb';

export interface LedgerEntry {
  /** sha256 (hex) of the bytes that were uploaded. */
  processedSha256: string;
  kind: UploadKind;
  /** For uploadimg and image materials. */
  url?: string;
  /** For image/thumb materials. */
  media_id?: string;
  apiBase: string;
  appId: string;
  /** ISO time of the upload. */
  time: string;
  /** File name it was uploaded under: a material whose answer was lost is found again by it. */
  name?: string;
  /** Covers: the crops computed from this image (a plan then knows the payload without decoding it). */
  crops?: CoverCrops;
}

/**
 * Remembers what was uploaded. One ledger instance serves ONE account on ONE API base
 * (gzh.lock keys its store by api base + app id); the pipeline also checks `apiBase`/`appId`
 * of every entry it reads, so a sandbox upload is never taken for a real one.
 */
export interface MediaLedger {
  get(key: string): LedgerEntry | undefined;
  /** Called right after each successful upload. */
  set(key: string, entry: LedgerEntry): void | Promise<void>;
}

/** What the pipeline needs from the WeChat client (satisfied structurally). */
export interface ImageUploader {
  /** `media/uploadimg`: jpg/png < 1 MB, for images inside the content. */
  uploadImage(bytes: Uint8Array, filename: string, context?: UploadContext): Promise<{ url: string }>;
  /** `material/add_material`: covers, GIFs, big images. */
  addMaterial(bytes: Uint8Array, filename: string, type: 'image' | 'thumb', context?: UploadContext): Promise<{ media_id: string; url?: string }>;
}

/** Which ledger entry an upload is for (so a journal can record the intent under it). */
export interface UploadContext {
  ledgerKey: string;
}

export interface LedgerScope {
  apiBase: string;
  appId: string;
}

export interface CoverCrops {
  pic_crop_235_1: string;
  pic_crop_1_1: string;
}

export type ProgressCallback = (done: number, total: number, label: string) => void;
