/**
 * `planPublish`: what a publish would do, as plain data: per draft, what happens to it and to each article, and
 * every request it would make, in order. No network, no browser: it reads gzh.lock and the local images. `gzh
 * publish --dry-run` prints it; `applyPlan` carries it out (and reports where WeChat made it deviate: a draft
 * deleted on the platform, a cover deleted from the 素材库).
 */
import { parsePublishAt } from '../compile/publish-at.js';
import type { Message } from '../errors.js';
import type { Project } from '../project/load-project.js';
import type { CheckedDraft } from './check-draft.js';
import { decideDraft, draftsSharingArticles, type ArticleAction, type DraftDecision } from './decide-draft.js';
import { accountKey, draftIntentId, submitIntentId, type Lockfile } from './lockfile.js';
import type { Audience } from './apply-broadcast.js';
import type { AccountState } from './lockfile.js';
import { planBroadcast, planDraftPush, type BroadcastPlan, type DraftPush } from './plan-broadcast.js';
import { planDraftPreview, planPreview, type DraftPreview, type PreviewPlan, type PreviewRequest } from './plan-preview.js';
import { planArticleImages, type PlannedImage } from './plan-images.js';
import { PublishCache } from './check-cache.js';

export type PlanStep =
  | { request: 'material/batchget_material' | 'draft/batchget' | 'freepublish/batchget'; why: string }
  | { request: 'fetch'; file: string; src: string; line: number }
  | { request: 'media/uploadimg' | 'material/add_material'; file: string; src: string; line: number; purpose: 'body' | 'cover' | 'picture' }
  | { request: 'draft/add'; articles: number }
  | { request: 'draft/update'; index: number; file: string }
  | { request: 'draft/delete'; media_id: string }
  | { request: 'draft/get'; media_id?: string }
  | { request: 'freepublish/submit'; media_id?: string }
  | { request: 'freepublish/get'; publish_id?: string }
  | { request: 'tags/get'; tag: string }
  | { request: 'message/mass/sendall'; audience: string; resend?: boolean }
  | { request: 'message/mass/get'; msg_id?: string }
  | { request: 'message/mass/preview'; to: string };

export interface ArticlePlan {
  index: number;
  file: string;
  projectPath: string;
  title: string;
  action: ArticleAction;
  images: PlannedImage[];
  /** The payload's hash, when every image is known already. */
  hash?: string;
}

export interface DraftPlan {
  draftKey: string;
  /** What happens to the draft as a whole. */
  action: DraftDecision['kind'];
  /** A draft of this key existed but a new one is made (published since, or its article list changed). */
  recreate: boolean;
  media_id?: string;
  articles: ArticlePlan[];
  /** Requests whose answers an earlier run lost, looked up first (journal intents in gzh.lock). */
  recover: ('material/add_material' | 'draft/add' | 'freepublish/submit')[];
  /** Drafts --replace deletes. */
  replace: string[];
  /** The publish step: `submit` (--submit), `await` (a cut-off submit), `done` (published and unchanged), `none`. */
  publish: 'submit' | 'await' | 'done' | 'none';
  /** Whether the draft is read back after saving (always, except an unchanged draft with verifyUnchanged false). */
  verify: boolean;
  published?: { publish_id: string; status: string; time: string; urls: string[] };
  /** --broadcast: this draft's push (send, resend an interrupted one, await one still sending, done: pushed and unchanged). */
  push?: DraftPush;
  /** gzh preview: the reviewers this draft is sent to, and those skipped (already previewed, unchanged). */
  preview?: DraftPreview;
  steps: PlanStep[];
  messages: Message[];
}

export interface PublishPlan {
  account: { key: string; appId: string; apiBase: string };
  submit: boolean;
  replace: boolean;
  drafts: DraftPlan[];
  /** --broadcast: audience, quota, cadence; a refusal stops the run before any request. */
  broadcast?: BroadcastPlan;
  /** gzh preview: reviewers and the day's count; a refusal stops the run before any request. */
  preview?: PreviewPlan;
}

export interface PlanOptions {
  lockfile: Lockfile;
  /** The account as recorded in gzh.lock (the API base without credentials). */
  account: { appId: string; apiBase: string };
  submit?: boolean;
  replace?: boolean;
  /**
   * Read back (draft/get) a draft that nothing changes. Default true; `--each` over a whole content folder
   * says false: an unchanged draft then costs no request at all (one deleted on the platform is noticed when
   * its article next changes).
   */
  verifyUnchanged?: boolean;
  /** 群发 each draft after saving it (to every follower, or one tag by name or id). */
  broadcast?: Audience;
  /**
   * With `broadcast`: push only the drafts whose headline article says `push: true` in its front matter, and only
   * their first push (a marked article edited after its push is saved, not pushed again): what CI runs.
   */
  onlyMarked?: boolean;
  /** Send each saved draft to these reviewers' phones (gzh preview). */
  preview?: PreviewRequest;
}

export async function planPublish(project: Project, drafts: readonly CheckedDraft[], options: PlanOptions): Promise<PublishPlan> {
  const key = accountKey(options.account.appId, options.account.apiBase);
  // marked (push: true) and, when it has a publish_at, due: a push never goes out before the article's time
  const now = project.now().getTime();
  const isMarked = (meta: { push?: boolean; publish_at?: string } | undefined) => {
    if (meta?.push !== true) return false;
    const at = meta.publish_at ? parsePublishAt(meta.publish_at) : undefined;
    return at === undefined || at <= now;
  };
  const marked = options.onlyMarked ? new Set(drafts.filter((d) => isMarked(d.articles[0]?.article.meta)).map((d) => d.inputs.draftKey)) : undefined;
  const plans: DraftPlan[] = [];
  // --due submits what is due and pushes what is due and marked: a push (群发) publishes too, so never both
  for (const draft of drafts) plans.push(await planDraft(project, draft, key, { ...options, submit: options.submit === true && !(options.broadcast && marked?.has(draft.inputs.draftKey)) }));
  // materials whose answer was lost are looked for once, before the first draft
  const lostMaterials = Object.values(options.lockfile.account(key).journal).filter((i) => i.op === 'material/add_material').length;
  if (lostMaterials > 0 && plans[0]) {
    plans[0].recover.unshift('material/add_material');
    plans[0].steps.unshift({ request: 'material/batchget_material', why: `find ${lostMaterials} image material${lostMaterials > 1 ? 's' : ''} an interrupted run uploaded` });
  }
  const broadcast = options.broadcast ? addBroadcast(project, options.lockfile.account(key), plans, options.broadcast, marked) : undefined;
  const preview = options.preview ? addPreview(project, options.lockfile.account(key), plans, options.preview) : undefined;
  return { account: { key, ...options.account }, submit: options.submit === true, replace: options.replace === true, drafts: plans, ...(broadcast ? { broadcast } : {}), ...(preview ? { preview } : {}) };
}

function addPreview(project: Project, account: AccountState, plans: DraftPlan[], request: PreviewRequest): PreviewPlan {
  for (const d of plans) {
    if (d.action === 'published') continue;
    d.preview = planDraftPreview(account, d, request);
    for (const to of d.preview.send) d.steps.push({ request: 'message/mass/preview', to });
  }
  return planPreview(project, account, plans, request);
}

function addBroadcast(project: Project, account: AccountState, plans: DraftPlan[], audience: Audience, marked?: ReadonlySet<string>): BroadcastPlan {
  for (const d of plans) {
    if (d.action === 'published' || (marked && !marked.has(d.draftKey))) continue;
    d.push = planDraftPush(account, d);
    if (marked && d.push.kind === 'send' && d.push.changedSince) {
      d.messages.push({ ruleId: 'broadcast/not-again', severity: 'info', message: `push: true, but pushed already on ${d.push.changedSince.time.slice(0, 10)} (${d.push.changedSince.msg_id}): the changes are saved to the draft, not pushed again (gzh publish --broadcast pushes it anew)`, source: 'gzh-publish' });
      delete d.push;
      continue;
    }
    if (d.push.kind === 'send' || d.push.kind === 'resend') d.steps.push({ request: 'message/mass/sendall', audience: 'tag' in audience ? `tag ${audience.tag}` : 'all followers', ...(d.push.kind === 'resend' ? { resend: true } : {}) }, { request: 'message/mass/get' });
    if (d.push.kind === 'await') d.steps.push({ request: 'message/mass/get', msg_id: d.push.msg_id! });
  }
  const first = plans.find((d) => d.steps.some((s) => s.request === 'message/mass/sendall'));
  if (first && 'tag' in audience && !/^\d+$/.test(audience.tag)) first.steps.unshift({ request: 'tags/get', tag: audience.tag });
  return planBroadcast(project, account, plans, audience);
}

async function planDraft(project: Project, draft: CheckedDraft, key: string, options: PlanOptions): Promise<DraftPlan> {
  const account = options.lockfile.account(key);
  const ledger = options.lockfile.ledger(key);
  const scope = { appId: options.account.appId, apiBase: options.account.apiBase };
  const draftKey = draft.inputs.draftKey;
  const cache = PublishCache.of(project);
  const articles: ArticlePlan[] = [];
  for (const [index, checked] of draft.articles.entries()) {
    const { images, hash } = await planArticleImages(checked, project.config, project.cwd, ledger, scope, cache);
    articles.push({ index, file: checked.article.file, projectPath: checked.projectPath, title: checked.fields.title, action: 'create', images, ...(hash ? { hash } : {}) });
  }
  const paths = articles.map((a) => a.projectPath);
  const decision = decideDraft(account, draftKey, paths, articles.map((a) => a.hash));
  for (const [i, a] of articles.entries()) a.action = decision.actions[i]!;

  const recover: DraftPlan['recover'] = [];
  const steps: PlanStep[] = [];
  if (account.journal[submitIntentId(draftKey)]) {
    recover.push('freepublish/submit');
    steps.push({ request: 'freepublish/batchget', why: 'find the publication of a submit whose answer was lost' });
  }
  if (account.journal[draftIntentId(draftKey)]) {
    recover.push('draft/add');
    steps.push({ request: 'draft/batchget', why: 'find the draft an interrupted draft/add saved' });
  }
  const publish = decision.kind === 'published' ? (decision.publish!.record.status === 'publishing' ? 'await' : 'done') : options.submit ? 'submit' : 'none';
  const verify = decision.kind !== 'keep' || options.verifyUnchanged !== false || publish === 'submit';
  const replace = options.replace ? [...draftsSharingArticles(account, draftKey, paths).map((k) => account.drafts[k]!.media_id), ...(decision.superseded ? [decision.superseded.media_id] : [])] : [];
  if (decision.kind !== 'published') {
    for (const a of articles) {
      for (const img of a.images) {
        if (img.action === 'fetch') steps.push({ request: 'fetch', file: a.file, src: img.src, line: img.line });
        if (img.endpoint) steps.push({ request: img.endpoint, file: a.file, src: img.src, line: img.line, purpose: img.purpose });
      }
    }
    if (decision.kind === 'create') steps.push({ request: 'draft/add', articles: articles.length });
    for (const a of articles) if (a.action === 'update') steps.push({ request: 'draft/update', index: a.index, file: a.file });
    for (const media_id of replace) steps.push({ request: 'draft/delete', media_id });
    if (verify) steps.push({ request: 'draft/get', ...(decision.current ? { media_id: decision.current.media_id } : {}) });
  }
  if (publish === 'submit') steps.push({ request: 'freepublish/submit' }, { request: 'freepublish/get' });
  if (publish === 'await') steps.push({ request: 'freepublish/get', publish_id: decision.publish!.publish_id });

  const record = decision.publish?.record;
  return {
    draftKey,
    action: decision.kind,
    recreate: decision.recreate,
    ...(decision.current ? { media_id: decision.current.media_id } : {}),
    articles,
    recover,
    replace,
    publish,
    verify,
    ...(record ? { published: { publish_id: decision.publish!.publish_id, status: record.status, time: record.time, urls: record.urls ?? [] } } : {}),
    steps,
    messages: planMessages(draft, decision),
  };
}

/** What a plan can't vouch for, and what it keeps that the writer should know about. */
function planMessages(draft: CheckedDraft, decision: DraftDecision): Message[] {
  const messages: Message[] = [];
  for (const a of draft.articles) {
    for (const img of a.remoteImages) {
      messages.push({ ruleId: 'plan/remote-unchecked', severity: 'info', message: `${img.src}: not checked (a dry run fetches nothing); the real run downloads it and stops before any upload if it can't`, file: a.article.file, line: img.line, column: img.column ?? 1, source: 'gzh-publish' });
    }
  }
  if (decision.superseded) {
    messages.push({ ruleId: 'publish/old-draft-kept', severity: 'info', message: `The article list changed, so this is a new draft; the previous one (${decision.superseded.media_id}) stays in WeChat: --replace deletes it`, source: 'gzh-publish' });
  }
  return messages;
}
