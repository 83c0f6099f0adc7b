/**
 * The emulated 群发 endpoints: message/mass/sendall, mass/get, mass/delete, mass/preview and tags/get, with the
 * quotas of the account type (subscription: 1 push per Beijing calendar day; service: 4 per Beijing calendar
 * month), the clientmsgid rules (45065 already sent, with its msg_id; 45066 same id again within a minute;
 * 45067 id too long) and 48001 for an unverified account. Dated by the sandbox clock, so tests move days.
 */
import type { SandboxClock } from './clock.js';
import type { SandboxDraft } from './types.js';

export interface SandboxAccount {
  type: 'subscription' | 'service';
  verified: boolean;
}

export const DEFAULT_ACCOUNT: Readonly<SandboxAccount> = Object.freeze({ type: 'subscription', verified: true });

export interface SandboxTag {
  id: number;
  name: string;
  count: number;
}

export const DEFAULT_TAGS: readonly SandboxTag[] = Object.freeze([{ id: 2, name: '星标组', count: 0 }, { id: 100, name: '读者', count: 3 }]);

export type MassStatus = 'SENDING' | 'SEND_SUCCESS' | 'SEND_FAIL' | 'DELETE';

/** One push (群发) as the sandbox keeps it. */
export interface SandboxMass {
  msg_id: number;
  msg_data_id: number;
  clientmsgid?: string;
  media_id: string;
  titles: string[];
  audience: { is_to_all: true } | { is_to_all: false; tag_id: number; tag: string };
  send_ignore_reprint: 0 | 1;
  status: MassStatus;
  /** mass/get answers SENDING this many more times. */
  pollsLeft: number;
  /** Articles deleted one by one (1-based), mass/delete with an article_idx. */
  deleted_idx?: number[];
  create_time: number;
}

/** One phone preview (mass/preview): who got which draft. */
export interface SandboxPreview {
  to: string;
  kind: 'towxname' | 'touser';
  media_id: string;
  titles: string[];
  time: number;
}

export interface MassData {
  masses: SandboxMass[];
  previews: SandboxPreview[];
  nextMsgId: number;
}

export function emptyMassData(): MassData {
  return { masses: [], previews: [], nextMsgId: 3147483001 };
}

export interface MassConfig {
  clock: SandboxClock;
  account: SandboxAccount;
  tags: readonly SandboxTag[];
  /** mass/get answers SENDING this many times before SEND_SUCCESS. */
  massPolls: number;
}

/** What the handlers need from SandboxApi: state, the draft box, and WeChat's way of answering. */
export interface MassHost {
  data: MassData & { drafts: SandboxDraft[] };
  /** Throws 40007 when there is no such draft. */
  findDraft(media_id: unknown): SandboxDraft;
  /** Throws (answers) this errcode. */
  fail(errcode: number): never;
  /** An error answer carrying extra fields (45065 carries the msg_id of the push already made). */
  errorWith(errcode: number, extra: Record<string, unknown>): Answer;
  ok(json: Record<string, unknown>): Answer;
}

type Answer = { status: number; json: Record<string, unknown>; errcode: number };
type Body = Record<string, unknown>;

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const CLIENTMSGID_MAX = 64;

export const PUSH_LIMITS: Readonly<Record<SandboxAccount['type'], { count: number; per: 'day' | 'month' }>> = Object.freeze({
  subscription: { count: 1, per: 'day' },
  service: { count: 4, per: 'month' },
});

export class MassApi {
  constructor(
    private readonly host: MassHost,
    private readonly config: MassConfig,
  ) {}

  /** The quota period a moment falls in: its Beijing day or Beijing month. */
  private period(ms: number): string {
    const day = this.config.clock.beijingDay(ms);
    return PUSH_LIMITS[this.config.account.type].per === 'day' ? day : day.slice(0, 7);
  }

  private mpnewsDraft(body: Body): SandboxDraft {
    if (body.msgtype !== 'mpnews') this.host.fail(40008);
    const mpnews = body.mpnews as { media_id?: unknown } | undefined;
    if (!mpnews || typeof mpnews !== 'object' || !mpnews.media_id) this.host.fail(40007);
    return this.host.findDraft(mpnews.media_id);
  }

  sendAll(body: Body): Answer {
    const { data } = this.host;
    const now = this.config.clock.now();
    const clientmsgid = body.clientmsgid === undefined ? undefined : String(body.clientmsgid);
    if (clientmsgid !== undefined && Buffer.byteLength(clientmsgid) > CLIENTMSGID_MAX) this.host.fail(45067);
    if (!this.config.account.verified) this.host.fail(48001);
    const filter = body.filter as { is_to_all?: unknown; tag_id?: unknown } | undefined;
    if (!filter || typeof filter !== 'object') this.host.fail(44002);
    const draft = this.mpnewsDraft(body);
    // the idempotency key: the same id within 24 h is never a second push
    const same = clientmsgid ? data.masses.filter((m) => m.clientmsgid === clientmsgid && now - m.create_time * 1000 < DAY_MS).at(-1) : undefined;
    if (same) {
      if (now - same.create_time * 1000 < MINUTE_MS) this.host.fail(45066);
      return this.host.errorWith(45065, { msg_id: same.msg_id, msg_data_id: same.msg_data_id });
    }
    let audience: SandboxMass['audience'] = { is_to_all: true };
    if (filter.is_to_all !== true) {
      const tag = this.config.tags.find((t) => String(t.id) === String(filter.tag_id));
      if (!tag) this.host.fail(40050);
      audience = { is_to_all: false, tag_id: tag.id, tag: tag.name };
    }
    const period = this.period(now);
    const used = data.masses.filter((m) => m.status !== 'SEND_FAIL' && this.period(m.create_time * 1000) === period).length;
    if (used >= PUSH_LIMITS[this.config.account.type].count) this.host.fail(45028);
    const msg_id = data.nextMsgId++;
    data.masses.push({
      msg_id,
      msg_data_id: msg_id - 1_000_000,
      ...(clientmsgid ? { clientmsgid } : {}),
      media_id: draft.media_id,
      titles: draft.articles.map((a) => a.title),
      audience,
      send_ignore_reprint: body.send_ignore_reprint === 1 || body.send_ignore_reprint === '1' ? 1 : 0,
      status: 'SENDING',
      pollsLeft: this.config.massPolls,
      create_time: Math.floor(now / 1000),
    });
    return this.host.ok({ errcode: 0, errmsg: 'send job submission success', msg_id, msg_data_id: msg_id - 1_000_000 });
  }

  private findMass(msg_id: unknown): SandboxMass {
    const mass = this.host.data.masses.find((m) => String(m.msg_id) === String(msg_id));
    if (!mass) this.host.fail(40007);
    return mass;
  }

  getMass(body: Body): Answer {
    const mass = this.findMass(body.msg_id);
    if (mass.status === 'SENDING') {
      if (mass.pollsLeft > 0) mass.pollsLeft--;
      else mass.status = 'SEND_SUCCESS';
    }
    return this.host.ok({ msg_id: mass.msg_id, msg_status: mass.status });
  }

  deleteMass(body: Body): Answer {
    const mass = this.findMass(body.msg_id);
    const idx = Number(body.article_idx ?? 0);
    if (!Number.isInteger(idx) || idx < 0 || idx > mass.titles.length) this.host.fail(40114);
    if (idx === 0) mass.status = 'DELETE';
    else mass.deleted_idx = [...new Set([...(mass.deleted_idx ?? []), idx])];
    return this.host.ok({ errcode: 0, errmsg: 'ok' });
  }

  preview(body: Body): Answer {
    if (!this.config.account.verified) this.host.fail(48001);
    const to = body.towxname ?? body.touser;
    if (typeof to !== 'string' || !to) this.host.fail(40003);
    const draft = this.mpnewsDraft(body);
    this.host.data.previews.push({ to, kind: body.towxname !== undefined ? 'towxname' : 'touser', media_id: draft.media_id, titles: draft.articles.map((a) => a.title), time: this.config.clock.seconds() });
    return this.host.ok({ errcode: 0, errmsg: 'preview success', msg_id: this.host.data.nextMsgId++ });
  }

  getTags(): Answer {
    return this.host.ok({ tags: this.config.tags.map((t) => ({ ...t })) });
  }
}
