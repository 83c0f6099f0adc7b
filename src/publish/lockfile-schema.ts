/**
 * The shape of gzh.lock, checked on every read: a hand-edited or half-merged file must fail with the path of the
 * bad field, not make gzh upload everything again (`accounts: []`) or crash (`accounts: null`). Objects are
 * loose: fields a newer gzh writes are kept as they are.
 */
import { z } from 'zod';

const text = z.string();
const time = z.string();

export const ledgerEntrySchema = z.looseObject({
  processedSha256: text,
  kind: z.enum(['uploadimg', 'image', 'thumb']),
  url: text.optional(),
  media_id: text.optional(),
  apiBase: text,
  appId: text,
  time,
  /** The file name it was uploaded under (materials are found again by it after a lost answer). */
  name: text.optional(),
  /** Cover crops computed from this image, so a plan knows the payload without decoding it again. */
  crops: z.looseObject({ pic_crop_235_1: text, pic_crop_1_1: text }).optional(),
});

const lockedDraft = z.looseObject({
  media_id: text,
  articles: z.array(z.looseObject({ path: text, hash: text })),
  created: time,
  updated: time,
  published: text.optional(),
});

const lockedPublish = z.looseObject({
  draft: text,
  media_id: text,
  status: text,
  time,
  urls: z.array(text).optional(),
  article_id: text.optional(),
  msg_data_id: text.optional(),
});

/** A push (群发), keyed by msg_id: the account's push history (the quota guard counts it). */
const lockedPush = z.looseObject({
  draft: text,
  media_id: text,
  /** The idempotency key it was sent with (account + draft + content). */
  clientmsgid: text,
  /** Hash of the pushed content: the same content is never pushed again. */
  content: text,
  /** SENDING, SEND_SUCCESS, SEND_FAIL, DELETE. */
  status: text,
  time,
  audience: text,
  articles: z.array(z.looseObject({ path: text, title: text })),
  msg_data_id: text.optional(),
});

/** A phone preview, keyed by draft key + reviewer: the same content to the same reviewer is not sent again. */
const lockedPreview = z.looseObject({ content: text, media_id: text, time });

/** Written before a request with an effect WeChat could not be asked twice for; removed with its result. */
export const intentSchema = z.discriminatedUnion('op', [
  z.looseObject({ op: z.literal('material/add_material'), key: text, name: text, processedSha256: text.optional(), started: time }),
  z.looseObject({ op: z.literal('draft/add'), draft: text, titles: z.array(text), thumbs: z.array(text), hashes: z.array(text), paths: z.array(text), started: time }),
  z.looseObject({ op: z.literal('freepublish/submit'), draft: text, media_id: text, titles: z.array(text), started: time }),
  z.looseObject({ op: z.literal('message/mass/sendall'), draft: text, media_id: text, clientmsgid: text, content: text, audience: text, articles: z.array(z.looseObject({ path: text, title: text })), started: time }),
]);

/** gzh ≤ 0.1 marked a draft/add with this instead of a journal intent. */
const legacyPending = z.looseObject({ started: time, titles: z.array(text), hashes: z.array(text).optional() });

export const accountStateSchema = z.looseObject({
  media: z.record(text, ledgerEntrySchema).default({}),
  drafts: z.record(text, lockedDraft).default({}),
  publishes: z.record(text, lockedPublish).default({}),
  journal: z.record(text, intentSchema).default({}),
  pushes: z.record(text, lockedPush).default({}),
  /** WeChat answered 45028 (no push left) in this quota period (a Beijing day or month): pushes made elsewhere count too. */
  pushQuotaSpent: z.looseObject({ period: text, at: time }).optional(),
  /** WeChat refused a push as not allowed for this account (48001): gzh doctor says the profile is wrong. */
  refusedPush: z.looseObject({ errcode: z.number(), at: time }).optional(),
  previews: z.record(text, lockedPreview).default({}),
  /** Previews sent on one Beijing day (100 a day per account). */
  previewDay: z.looseObject({ day: text, count: z.number().int().nonnegative() }).optional(),
  pending: z.record(text, legacyPending).optional(),
});

export const lockfileSchema = z.looseObject({
  version: z.literal(1),
  accounts: z.record(text, accountStateSchema),
});

export type LedgerEntryData = z.infer<typeof ledgerEntrySchema>;
export type LockedDraft = z.infer<typeof lockedDraft>;
export type LockedPublish = z.infer<typeof lockedPublish>;
export type LockedPush = z.infer<typeof lockedPush>;
export type Intent = z.infer<typeof intentSchema>;
export type AccountState = z.infer<typeof accountStateSchema>;
export type LockfileData = z.infer<typeof lockfileSchema>;
