/**
 * `gzh publish` with config `accounts:`: which drafts go to which account (front matter `accounts:` within
 * --account), then one publish per account, a few at a time. Each account has its own project (overrides), state
 * file and publish lock, so a failure on one (refused credentials, a WeChat error, a crash of its sandbox) is
 * reported on its rows and never stops or touches another. The summary has one row per account × article.
 */
import {
  accountProject,
  isGzhError,
  namedAccount,
  readScheduledArticle,
  type ScheduledArticle,
  routeDraft,
  type Message,
  type NamedAccount,
  type Project,
  type PublishInputs,
} from '../index.js';
import type { CommandContext } from './context.js';
import { displayWidth } from './display-width.js';
import { formatMessage, type Output } from './output.js';

/** Accounts published to at the same time: enough to overlap waiting on WeChat, few enough for a 2-core runner. */
export const ACCOUNT_PARALLEL = 3;

export interface AccountRow {
  file: string;
  status: string;
  mediaId?: string;
}

export interface AccountRun {
  account: NamedAccount;
  /** Filled by the account's publish: one row per article. */
  rows: AccountRow[];
  /** The front matter the routing read, by file: --due's schedule reuses it instead of reading every article again. */
  scheduled?: ReadonlyMap<string, ScheduledArticle>;
}

type PublishTo = (project: Project, all: readonly PublishInputs[], options: Record<string, unknown>, ctx: CommandContext, account?: AccountRun) => Promise<number>;

export async function publishToAccounts(
  project: Project,
  all: readonly PublishInputs[],
  selected: readonly string[] | undefined,
  options: Record<string, unknown>,
  ctx: CommandContext,
  requireCredentials: (names: readonly string[]) => void,
  publishTo: PublishTo,
): Promise<number> {
  const json = options.json === true;
  const { output } = ctx;
  // where each draft goes: read from front matter alone (no compile), like --due's schedule
  const byAccount = new Map<string, PublishInputs[]>();
  const skipped: { files: string[]; reason: string }[] = [];
  let invalid = 0;
  const problems: Message[] = [];
  const scheduled = new Map<string, ScheduledArticle>();
  const readOnce = (file: string) => {
    let article = scheduled.get(file);
    if (!article) scheduled.set(file, (article = readScheduledArticle(file, project.config, ctx.cwd)));
    return article;
  };
  for (const draft of all) {
    const articles = draft.files.map(readOnce);
    const route = routeDraft(project.config, articles, selected);
    for (const m of route.messages) output.err(formatMessage(m, output.colors));
    problems.push(...route.messages);
    if (route.messages.some((m) => m.severity === 'error')) invalid++;
    if (route.skipped) skipped.push({ files: articles.map((a) => a.file), reason: route.skipped });
    for (const name of route.accounts) {
      const mine = byAccount.get(name);
      if (mine) mine.push(draft);
      else byAccount.set(name, [draft]);
    }
  }
  for (const s of skipped) if (!json) output.err(output.colors.dim(`· ${s.files.join(' + ')}: ${s.reason}: not in this run (--account)`));
  const names = [...byAccount.keys()];
  // every account's credentials before anything is compiled or sent (those chosen by front matter too)
  requireCredentials(names.filter((n) => !selected?.includes(n)));
  if (names.length === 0) {
    // as a single account's publish answers a draft its errors block
    if (json) output.out(JSON.stringify({ ok: invalid === 0, ...(invalid > 0 ? { blocked: true, messages: problems } : {}), accounts: [] }, null, 2));
    else output.out(invalid > 0 ? 'Nothing was sent: no draft has a valid account (errors above)' : 'Nothing to publish for the accounts of this run');
    return invalid > 0 ? 1 : 0;
  }

  const runs = names.map((name) => ({ name, run: { account: namedAccount(project.config, name), rows: [] as AccountRow[], scheduled }, code: 0, error: undefined as string | undefined, json: [] as string[] }));
  let next = 0;
  let internal: unknown;
  const worker = async () => {
    while (next < runs.length) {
      const r = runs[next++]!;
      if (ctx.signal.aborted) {
        r.code = 130;
        r.error = 'not started: interrupted';
        continue;
      }
      const prefixed = accountOutput(output, r.name, names.length > 1, json ? r.json : undefined);
      try {
        r.code = await publishTo(accountProject(project, r.name), byAccount.get(r.name)!, options, { ...ctx, output: prefixed }, r.run);
      } catch (error) {
        // one account's failure is that account's: reported here, the others go on (a bug too: rethrown once all are done)
        if (!isGzhError(error)) {
          r.code = 1;
          r.error = 'internal error';
          internal ??= error;
          continue;
        }
        r.code = error.exitCode;
        r.error = error.message;
        prefixed.err(`${output.colors.red('error')} ${error.where ? `${error.where}: ` : ''}${error.message}`);
        if (error.hint) prefixed.err(`  ${output.colors.dim('hint:')} ${error.hint}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(ACCOUNT_PARALLEL, runs.length) }, worker));
  if (internal !== undefined) throw internal;

  const code = runs.some((r) => r.code === 130) ? 130 : runs.some((r) => r.code !== 0) || invalid > 0 ? 1 : 0;
  if (json) {
    const accounts = runs.map((r) => ({ account: r.name, code: r.code, ...(r.error ? { error: r.error } : {}), rows: r.run.rows, ...parseJson(r.json) }));
    output.out(JSON.stringify({ ok: code === 0, ...(problems.length ? { messages: problems } : {}), accounts }, null, 2));
    return code;
  }
  printSummary(runs, output);
  return code;
}

/** Lines of one account: prefixed with its name when several run at once; with --json its stdout is kept for the combined answer. */
function accountOutput(output: Output, name: string, prefix: boolean, captured: string[] | undefined): Output {
  const tag = prefix ? `${output.colors.cyan(`[${name}]`)} ` : '';
  // an empty line stays empty: a tag alone would be noise
  const tagged = (text: string) => text.split('\n').map((l) => (l ? tag + l : l)).join('\n');
  return {
    color: output.color,
    interactive: output.interactive,
    colors: output.colors,
    out: (line) => (captured ? captured.push(line) : output.out(tagged(line))),
    err: (line) => output.err(tagged(line)),
    progress: (label, done, total) => output.progress(`${tag}${label}`, done, total),
  };
}

function parseJson(lines: string[]): Record<string, unknown> {
  if (lines.length === 0) return {};
  try {
    return { result: JSON.parse(lines.join('\n')) as unknown };
  } catch {
    return { output: lines.join('\n') };
  }
}

function printSummary(runs: { name: string; run: AccountRun; code: number; error?: string }[], output: Output): void {
  const c = output.colors;
  const rows = runs.flatMap((r) => (r.run.rows.length > 0 ? r.run.rows.map((row) => [r.name, row.file, row.status]) : [[r.name, '—', r.error ? `failed: ${r.error}` : r.code === 0 ? 'nothing sent' : 'failed (above)']]));
  const failed = runs.filter((r) => r.code !== 0).map((r) => r.name);
  output.out(c.bold(`Accounts: ${runs.length - failed.length} of ${runs.length} done${failed.length ? `; failed: ${failed.join(', ')}` : ''}`));
  const head = ['account', 'article', 'result'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => displayWidth(r[i]!))));
  const line = (cells: string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell + ' '.repeat(widths[i]! - displayWidth(cell)))).join('  ');
  output.out(c.dim(line(head)));
  for (const r of rows) output.out(line(r));
}
