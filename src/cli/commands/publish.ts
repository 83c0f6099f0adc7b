/**
 * `gzh publish`: check every article, plan (a value: --dry-run prints it), apply the plan, print what happened.
 * All the work is the library's (src/index.ts); this file reads flags and prints.
 */
import {
  ImageBatchError,
  accountKey,
  applyPlan,
  checkDrafts,
  decideDue,
  formatLintResults,
  isGzhError,
  isWechatApiError,
  openPublishSession,
  planPublish,
  readScheduledArticle,
  requireCredentials,
  accountNames,
  accountProject,
  namedAccount,
  parseAccountFlag,
  type TargetOptions,
  resolveEachDraft,
  resolvePublishInputs,
  type CheckedDraft,
  type ClientLogEvent,
  type DueDraft,
  type GzhError,
  type Message,
  type Project,
  type PublishPlan,
  type PublishResult,
  type Audience,
  type PreviewRequest,
  UsageError,
  type PublishInputs,
  type ScheduledArticle,
} from '../../index.js';
import type { CommandContext } from '../context.js';
import { formatMessage, type Output } from '../output.js';
import { projectOf } from '../project.js';
import { publishToAccounts, type AccountRow, type AccountRun } from '../publish-accounts.js';
import { printPlan, printResult } from '../publish-report.js';

export async function run(paths: string[], options: Record<string, unknown>, ctx: CommandContext): Promise<number> {
  try {
    return await publish(paths, options, ctx);
  } catch (error) {
    // --json: a machine still gets a JSON answer on stdout; the error itself is printed on stderr as usual
    if (isGzhError(error) && options.json === true) ctx.output.out(JSON.stringify({ ok: false, error: describeError(error) }, null, 2));
    // in GitHub Actions an error pinned to a file also becomes an annotation on that line
    if (isGzhError(error) && ctx.env.GITHUB_ACTIONS === 'true') annotateError(error, ctx, options.json === true);
    throw error;
  }
}

function annotateError(error: GzhError, ctx: CommandContext, json: boolean): void {
  const errors = error instanceof ImageBatchError ? error.errors : [error];
  const messages: Message[] = errors.filter((e) => e.file !== undefined).map((e) => ({ severity: 'error', ruleId: e.code, message: e.hint ? `${e.message} (${e.hint})` : e.message, file: e.file, line: e.line, column: e.column }));
  if (messages.length === 0) return;
  const annotations = formatLintResults([{ messages }], 'github', { cwd: ctx.cwd }).replace(/\n$/, '');
  if (json) ctx.output.err(annotations);
  else ctx.output.out(annotations);
}

function describeError(error: GzhError): Record<string, unknown> {
  const errors = error instanceof ImageBatchError ? error.errors.map(describeError) : undefined;
  const errcode = isWechatApiError(error) ? error.errcode : undefined;
  return { code: error.code, message: error.message, ...(errcode !== undefined ? { errcode } : {}), file: error.file, line: error.line, column: error.column, hint: error.hint, ...(errors ? { errors } : {}) };
}

async function publish(paths: string[], options: Record<string, unknown>, ctx: CommandContext): Promise<number> {
  const project = await projectOf(ctx, options);
  broadcastOption(options);
  const selected = parseAccountFlag(project.config, typeof options.account === 'string' ? options.account : undefined);
  // --each: every manifest and every other article its own draft; one that can't be sent doesn't stop the rest
  const each = options.each === true || options.due === true;
  const target = targetOf(options);
  const drafts = () => (each ? resolveEachDraft(paths, project.config, ctx.cwd) : [resolvePublishInputs(paths, project.config, ctx.cwd)]);
  // credentials before anything is compiled: a missing secret is the one error to fix first
  if (accountNames(project.config).length === 0) {
    requireCredentials(project, target);
    return publishTo(project, drafts(), options, ctx);
  }
  // several accounts (config `accounts:`): the same drafts to each, in parallel, each with its own state
  // every account's missing secrets in one error: an agency fixing its CI secrets sees them all at once
  const credentials = (names: readonly string[]) => {
    const missing: UsageError[] = [];
    for (const name of names) {
      try {
        requireCredentials(accountProject(project, name), { ...target, account: namedAccount(project.config, name) });
      } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        missing.push(error);
      }
    }
    if (missing.length === 1) throw missing[0]!;
    if (missing.length > 1) throw new UsageError(`${missing.length} accounts can't publish:\n${missing.map((e) => `  ${e.message}`).join('\n')}`, { hint: missing[0]!.hint });
  };
  if (selected) credentials(selected);
  return publishToAccounts(project, drafts(), selected, options, ctx, credentials, publishTo);
}

function targetOf(options: Record<string, unknown>): TargetOptions {
  return { sandbox: options.sandbox === true, apiBase: typeof options.apiBase === 'string' ? options.apiBase : undefined, dryRun: options.dryRun === true };
}

/** One account's publish (the unnamed one, or one of config `accounts:` with its own project and state file). */
export async function publishTo(project: Project, all: readonly PublishInputs[], options: Record<string, unknown>, ctx: CommandContext, account?: AccountRun): Promise<number> {
  const dryRun = options.dryRun === true;
  const json = options.json === true;
  const target: TargetOptions = { ...targetOf(options), ...(account ? { account: account.account } : {}) };
  const broadcast = broadcastOption(options);
  // gzh preview runs this command with the reviewers (commands/preview.ts); none given: this account's from the config
  const request = options.previewRequest as PreviewRequest | undefined;
  const preview = request && request.to.length === 0 ? { ...request, to: [...new Set(project.config.reviewers)] } : request;
  if (preview && preview.to.length === 0) {
    throw new UsageError(`No reviewers to send ${account ? `account ${account.account.name}'s` : 'the'} preview to`, { hint: `gzh preview <article> --to <微信号>, or list them in gzh.config: ${account ? `accounts.${account.account.name}.reviewers or ` : ''}reviewers: [微信号, ...]` });
  }
  const rows = account?.rows;
  const due = options.due === true;
  const each = options.each === true || due;
  // --due: only the drafts whose publish_at has come are compiled and checked (read from front matter alone)
  const scheduled = due ? readSchedule(all, project, ctx, account?.scheduled) : undefined;
  let schedule = scheduled ? decideDue(all, scheduled, project.now(), undefined) : undefined;
  const inputs = schedule ? all.filter((_, i) => schedule![i]!.state === 'due') : all;
  const invalid = schedule?.filter((d) => d.state === 'invalid').length ?? 0;
  const checked = await checkDrafts(project, inputs, { theme: typeof options.theme === 'string' ? options.theme : undefined, force: options.force === true, signal: ctx.signal });
  const messages = checked.flatMap((d) => d.articles.flatMap((a) => a.messages));
  reportMessages(messages, ctx, json, options.verbose === true);
  const refused = checked.filter((d) => d.blocked);
  for (const d of refused) for (const a of d.articles) rows?.push({ file: a.article.file, status: 'blocked (errors above)' });
  if (refused.length > 0 && (!each || refused.length === checked.length)) return blocked(refused, messages, ctx.output, json);
  if (due && checked.length === 0) return nothingDue(schedule!, ctx, json, invalid, true, rows);
  if (refused.length > 0) ctx.output.err(`${ctx.output.colors.red('✗')} ${refused.length} of ${checked.length} drafts can't be sent (errors above): ${refused.map((d) => d.inputs.draftKey.replace(/\n/g, ' + ')).join(', ')}; publishing the others`);
  const drafts = checked.filter((d) => !d.blocked);
  const forced = drafts.reduce((n, d) => n + d.forceableErrors, 0);
  if (forced > 0) ctx.output.err(`${ctx.output.colors.yellow('!')} publishing despite ${forced} lint error${forced > 1 ? 's' : ''} (--force)`);

  const session = await openPublishSession(project, { ...target, signal: ctx.signal, log: clientLogger(ctx.output, options.verbose === true), onLockLost: () => ctx.output.err(`${ctx.output.colors.red('!')} another gzh publish took over this project's lock: stopping at the next safe point`) });
  try {
    if (session.target.note) ctx.output.err(ctx.output.colors.dim(session.target.note));
    if (session.moved) ctx.output.err(ctx.output.colors.dim(`Moved this account's state from ${session.moved} to ${session.lockfile.shown}`));
    let sending = drafts;
    if (schedule) {
      // published before (gzh.lock): never sent again, even when changed since
      const state = session.lockfile.account(accountKey(session.account.appId, session.account.apiBase));
      const after = decideDue(inputs, scheduled!, project.now(), state);
      schedule = schedule.map((d) => after.find((a) => a.draftKey === d.draftKey) ?? d);
      sending = drafts.filter((d) => after.find((a) => a.draftKey === d.inputs.draftKey)?.state === 'due');
      printSchedule(schedule, ctx, json);
      if (sending.length === 0) return nothingDue(schedule, ctx, json, invalid, false, rows);
    }
    const plan = await planPublish(project, sending, { lockfile: session.lockfile, account: session.account, submit: options.submit === true || due, replace: options.replace === true, verifyUnchanged: !each, ...(broadcast ? { broadcast, onlyMarked: options.pushMarked === true || due } : {}), ...(preview ? { preview } : {}) });
    if (plan.broadcast) reportMessages(plan.broadcast.messages, ctx, json, options.verbose === true);
    if (dryRun) {
      for (const d of plan.drafts) for (const a of d.articles) rows?.push({ file: a.file, status: `plan: ${d.action === 'published' ? 'published before' : a.action}` });
      return finishDryRun(plan, ctx, json, options.verbose === true);
    }
    const result = await applyPlan(plan, sending, {
      project,
      client: session.client!,
      lockfile: session.lockfile,
      signal: session.signal,
      submitTimeoutMs: Number(options.timeout ?? 600) * 1000,
      pollIntervalMs: session.target.sandboxUrl ? 200 : project.config.wechat.pollMs,
      onEvent: (e) => {
        if (json) return;
        if (e.type === 'step') ctx.output.err(ctx.output.colors.dim(e.message));
        else ctx.output.progress(e.label, e.done, e.total);
      },
    });
    for (const d of result.drafts) for (const a of d.articles) rows?.push({ file: a.file, status: describeOutcome(d, a.status), ...(d.media_id ? { mediaId: d.media_id } : {}) });
    const code = finish(project, result, session.target, session.lockfile, ctx, json, options.verbose === true, schedule ? { schedule } : undefined, account?.account.name);
    return code === 0 && (refused.length > 0 || invalid > 0) ? 1 : code;
  } finally {
    await session.close();
  }
}

/** The summary's word for one article of a draft: what happened to it, and to the draft after it was saved. */
function describeOutcome(draft: PublishResult['drafts'][number], status: string): string {
  if (draft.broadcast) return `${status}, ${draft.broadcast.earlier ? 'pushed before' : draft.broadcast.status === 'SEND_SUCCESS' ? 'pushed' : `push ${draft.broadcast.status}`}`;
  if (draft.publish) return `${status}, ${draft.publish.status === 0 ? 'published' : 'publish failed'}`;
  return draft.draft === 'published' ? 'published before' : status;
}

/** --broadcast [--tag NAME|ID]: who the push goes to; --submit and --broadcast are two different ways out. */
function broadcastOption(options: Record<string, unknown>): Audience | undefined {
  const tag = typeof options.tag === 'string' ? options.tag.trim() : undefined;
  // --due publishes (发布) what has come due, and pushes (群发) instead what says `push: true`: the front matter decides
  if (options.due === true) {
    if (options.broadcast === true) throw new UsageError('--due and --broadcast do not go together', { hint: 'gzh publish --due pushes (群发) the due articles whose front matter says `push: true` and publishes (发布) the others; mark the ones to push' });
    if (tag === '') throw new UsageError('--tag needs a tag name or id');
    return tag ? { tag } : { all: true };
  }
  if (options.broadcast !== true && options.pushMarked !== true) {
    if (tag !== undefined) throw new UsageError('--tag only goes with --broadcast', { hint: 'gzh publish <article> --broadcast --tag <name or id>' });
    return undefined;
  }
  if (options.submit === true) throw new UsageError(`--submit and ${options.broadcast === true ? '--broadcast' : '--push-marked'} do not go together`, { hint: '发布 (--submit) makes the article public without notifying anyone; 群发 (--broadcast) pushes it to followers: pick one' });
  if (tag === '') throw new UsageError('--tag needs a tag name or id');
  return tag ? { tag } : { all: true };
}

function blocked(drafts: readonly CheckedDraft[], messages: readonly Message[], output: Output, json: boolean): number {
  const forceable = drafts.reduce((n, d) => n + d.forceableErrors, 0);
  const other = drafts.reduce((n, d) => n + d.otherErrors, 0);
  const parts = [other && `${other} error${other > 1 ? 's' : ''}`, forceable && `${forceable} lint error${forceable > 1 ? 's' : ''}`].filter(Boolean);
  output.err(`${output.colors.red('✗')} ${parts.join(' and ')}: nothing was uploaded.${forceable && !other ? ' Fix the titles, or publish anyway with --force.' : ''}`);
  if (json) output.out(JSON.stringify({ ok: false, blocked: true, messages }, null, 2));
  return 1;
}

function finishDryRun(plan: PublishPlan, ctx: CommandContext, json: boolean, verbose: boolean): number {
  const notes = plan.drafts.flatMap((d) => d.messages);
  if (json) ctx.output.out(JSON.stringify({ ok: true, dryRun: true, plan }, null, 2));
  else {
    reportMessages(notes, ctx, json, verbose);
    printPlan(plan, ctx.output);
  }
  // a push the real run would refuse: the dry run says so with its exit code too
  return plan.broadcast?.refusal || plan.preview?.refusal ? 1 : 0;
}

function finish(project: Project, result: PublishResult, target: { sandboxUrl?: string; startedSandbox: boolean }, lockfile: { shown: string; saves: number }, ctx: CommandContext, json: boolean, verbose: boolean, extra?: Record<string, unknown>, accountName?: string): number {
  const messages = result.drafts.flatMap((d) => d.messages);
  reportMessages(messages, ctx, json, verbose);
  const failed = result.drafts.some((d) => d.articles.some((a) => a.status.startsWith('failed')) || (d.publish !== undefined && d.publish.status !== 0) || (d.broadcast !== undefined && d.broadcast.status !== 'SEND_SUCCESS' && !d.broadcast.earlier));
  const code = result.interrupted ? 130 : failed ? 1 : 0;
  if (json) {
    const first = result.drafts[0];
    ctx.output.out(JSON.stringify({ ok: code === 0, ...(first ?? {}), ...result, ...extra, lockfile: lockfile.shown, ...(target.sandboxUrl ? { sandbox: { url: target.sandboxUrl } } : {}) }, null, 2));
    return code;
  }
  printResult(project, result, { sandboxUrl: target.sandboxUrl, startedSandbox: target.startedSandbox, lockfile, ...(accountName ? { account: accountName } : {}) }, ctx.output);
  return code;
}

/** What the client does on its own that a user waiting in front of the terminal should see. */
function clientLogger(output: Output, verbose: boolean): (event: ClientLogEvent) => void {
  return (event) => {
    if (event.type === 'retry') output.err(output.colors.dim(`  ${event.endpoint}: ${event.reason}, retrying in ${(event.delayMs / 1000).toFixed(1)} s (attempt ${event.attempt + 1})`));
    else if (event.type === 'duplicate-check') output.err(output.colors.dim(`  ${event.endpoint}: the answer was lost; looked for what it saved: ${event.found ? 'found, using it' : 'nothing, sending it again'}`));
    else if (verbose && event.type === 'token-refresh') output.err(output.colors.dim(`  ${event.endpoint}: the access token was refused (${event.errcode}), fetched a new one`));
    else if (verbose && event.type === 'request') output.err(output.colors.dim(`  ${event.method} ${event.endpoint} → ${event.status || event.error}${event.errcode ? ` errcode ${event.errcode}` : ''} (${event.ms} ms)`));
  };
}

/** Problems to stderr (info ones with --verbose); in GitHub Actions also as annotations (on stderr with --json: stdout is the JSON). */
function reportMessages(messages: readonly Message[], ctx: CommandContext, json: boolean, verbose: boolean): void {
  const { output } = ctx;
  for (const m of messages) if (verbose || m.severity !== 'info') output.err(formatMessage(m, output.colors));
  const shown = messages.filter((m) => m.severity !== 'info');
  if (ctx.env.GITHUB_ACTIONS === 'true' && shown.length > 0) {
    const annotations = formatLintResults([{ messages: shown }], 'github', { cwd: ctx.cwd }).replace(/\n$/, '');
    if (json) output.err(annotations);
    else output.out(annotations);
  }
}

/** --due: every article's front matter, read once (a bad publish_at is reported with its line). */
function readSchedule(drafts: readonly PublishInputs[], project: Project, ctx: CommandContext, known?: ReadonlyMap<string, ScheduledArticle>): Map<string, ScheduledArticle> {
  const articles = new Map<string, ScheduledArticle>();
  for (const file of drafts.flatMap((d) => d.files)) if (!articles.has(file)) articles.set(file, known?.get(file) ?? readScheduledArticle(file, project.config, ctx.cwd));
  for (const a of articles.values()) for (const m of a.messages) ctx.output.err(formatMessage(m, ctx.output.colors));
  return articles;
}

/** --due: one line per scheduled draft: sent now, due later, published before. Unscheduled ones only with nothing else. */
function printSchedule(schedule: readonly DueDraft[], ctx: CommandContext, json: boolean): void {
  if (json) return;
  const { colors } = ctx.output;
  const mark: Record<DueDraft['state'], string> = { due: colors.green('→'), later: colors.dim('·'), published: colors.dim('='), failed: colors.yellow('!'), unscheduled: colors.dim('·'), invalid: colors.red('✗') };
  for (const d of schedule) {
    if (d.state === 'unscheduled') continue;
    ctx.output.err(`${mark[d.state]} ${d.files.join(' + ')}: ${d.note}${d.state === 'later' ? ': skipped' : d.state === 'due' ? ': publishing' : ''}`);
  }
}

function nothingDue(schedule: readonly DueDraft[], ctx: CommandContext, json: boolean, invalid: number, print = true, rows?: AccountRow[]): number {
  if (print) printSchedule(schedule, ctx, json);
  for (const d of schedule) if (d.state !== 'unscheduled') for (const file of d.files) rows?.push({ file, status: d.note });
  const scheduled = schedule.filter((d) => d.state !== 'unscheduled').length;
  if (json) ctx.output.out(JSON.stringify({ ok: invalid === 0, due: 0, schedule }, null, 2));
  else ctx.output.out(scheduled === 0 ? 'Nothing is scheduled: no article has publish_at' : 'Nothing is due: nothing was sent');
  return invalid > 0 ? 1 : 0;
}
