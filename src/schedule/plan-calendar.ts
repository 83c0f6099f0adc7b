/**
 * `gzh schedule`: the posts planned for the next days (front matter publish_at), day by day, beside what the day
 * is in China (public holidays and make-up workdays, traditional festivals, solar terms), with the days that hold
 * more than one post marked: several posts close together cost reach (WECHAT.md), and the pushes (`push: true`)
 * the account's quota or cadence would refuse or warn about. Reads front matter and gzh.lock only: no compile,
 * no network, no credentials.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Project } from '../project/load-project.js';
import { lockfilePath } from '../project/paths.js';
import { accountLockfilePath, accountNames, accountProject, parseAccountFlag, routeDraft } from '../publish/accounts.js';
import { resolveEachDraft, type PublishInputs } from '../publish/inputs.js';
import { Lockfile } from '../publish/lockfile.js';
import { decideDue, readScheduledArticle, type ScheduledArticle } from '../publish/schedule.js';
import type { Message } from '../errors.js';
import type { ResolvedConfig } from '../config/schema.js';
import type { LockedPush } from '../publish/lockfile-schema.js';
import { DEFAULT_CADENCE_HOURS, PUSH_QUOTA, pushPeriod } from '../publish/push-quota.js';
import { describeDay, type CalendarDay } from './calendar-days.js';
import { BEIJING_OFFSET_MS, beijingDay } from '../beijing-time.js';

export interface PlannedPost {
  files: string[];
  titles: string[];
  type: 'news' | 'newspic';
  /** ISO time. */
  at: string;
  /** `YYYY-MM-DD` and `HH:MM`, Beijing time. */
  date: string;
  time: string;
  /** An article says `push: true`: the post is pushed (群发) to followers. */
  push: boolean;
  /** planned: in the future · due: its time has come, the next `gzh publish --due` sends it · published · failed: WeChat refused it. */
  state: 'planned' | 'due' | 'published' | 'failed';
  /** With config `accounts:`: the account it goes to (a post for two accounts is two posts). */
  account?: string;
}

export interface ScheduleDay extends CalendarDay {
  posts: PlannedPost[];
  /** Why the day needs a second look (two posts on one day, a push over the quota or sooner than the cadence). */
  conflicts: string[];
}

export interface ScheduleCalendar {
  /** First and last day shown (Beijing), inclusive. */
  from: string;
  to: string;
  days: ScheduleDay[];
  /** Due and not yet published, from before `from`: the next --due run sends them. */
  overdue: PlannedPost[];
  /** Scheduled after `to`. */
  later: number;
  /** Articles without publish_at. */
  unscheduled: number;
  /** Bad publish_at values, with file:line. */
  messages: Message[];
}



export interface ScheduleOptions {
  days?: number;
  /** With config `accounts:`: only these (`--account main,tech`); default every account. */
  account?: string;
}

export function planScheduleCalendar(project: Project, paths: readonly string[], options: ScheduleOptions = {}): ScheduleCalendar {
  const now = project.now();
  const count = options.days ?? 30;
  const drafts = resolveEachDraft(paths, project.config, project.cwd);
  const articles = new Map<string, ScheduledArticle>();
  for (const file of drafts.flatMap((d) => d.files)) if (!articles.has(file)) articles.set(file, readScheduledArticle(file, project.config, project.cwd));

  const from = beijingDay(now.getTime());
  const days: ScheduleDay[] = Array.from({ length: count }, (_, i) => ({ ...describeDay(new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10)), posts: [], conflicts: [] }));
  const to = days[days.length - 1]?.date ?? from;
  const calendar: ScheduleCalendar = { from, to, days, overdue: [], later: 0, unscheduled: 0, messages: [...articles.values()].flatMap((a) => a.messages) };
  const names = accountNames(project.config);
  if (names.length === 0) {
    addPosts(calendar, project, drafts, articles, lockfilePath(project.root), undefined);
    return calendar;
  }
  // several accounts: each one's posts (front matter `accounts:`, else every account shown) against its own state and quota
  const shown = parseAccountFlag(project.config, options.account) ?? names;
  const routes = drafts.map((d) => routeDraft(project.config, d.files.map((f) => articles.get(f)!), shown));
  calendar.messages.push(...routes.flatMap((r) => r.messages));
  for (const name of shown) {
    const mine = drafts.filter((_, i) => routes[i]!.accounts.includes(name));
    addPosts(calendar, accountProject(project, name), mine, articles, accountLockfilePath(project.root, name), name);
  }
  calendar.unscheduled = drafts.filter((d) => d.files.every((f) => !articles.get(f)!.publishAt)).length;
  return calendar;
}

/** One account's posts into the calendar: their state from its gzh.lock (any account it holds), its push conflicts. */
function addPosts(calendar: ScheduleCalendar, project: Project, drafts: readonly PublishInputs[], articles: ReadonlyMap<string, ScheduledArticle>, file: string, account: string | undefined): void {
  const now = project.now();
  const lock = existsSync(file) ? Lockfile.read(file, path.relative(project.root, file)) : undefined;
  // published on any account the state file knows: a schedule needs no credentials
  const states = lock ? lock.accountKeys().map((k) => lock.account(k)) : [];
  const decisions = [decideDue(drafts, articles, now, undefined), ...states.map((a) => decideDue(drafts, articles, now, a))];
  const { days, from, to } = calendar;
  for (const [i, draft] of drafts.entries()) {
    const all = decisions.map((d) => d[i]!);
    const base = all[0]!;
    if (base.state === 'unscheduled') calendar.unscheduled++;
    if (!base.at) continue;
    const scheduled = draft.files.map((f) => articles.get(f)!);
    const post: PlannedPost = {
      files: base.files,
      titles: scheduled.map((a) => a.title),
      type: scheduled[0]!.type,
      push: scheduled.some((a) => a.push),
      at: base.at.toISOString(),
      date: beijingDay(base.at.getTime()),
      time: new Date(base.at.getTime() + BEIJING_OFFSET_MS).toISOString().slice(11, 16),
      state: all.some((s) => s.state === 'published') ? 'published' : all.some((s) => s.state === 'failed') ? 'failed' : base.state === 'due' ? 'due' : 'planned',
      ...(account ? { account } : {}),
    };
    const day = days.find((d) => d.date === post.date);
    if (day) day.posts.push(post);
    else if (post.date < from && post.state === 'due') calendar.overdue.push(post);
    else if (post.date > to) calendar.later++;
  }
  for (const day of days) {
    day.posts.sort((a, b) => a.at.localeCompare(b.at) || (a.account ?? '').localeCompare(b.account ?? ''));
    const mine = day.posts.filter((p) => p.account === account);
    if (mine.length > 1) day.conflicts.push(`${mine.length} posts on one day${account ? ` for ${account}` : ''}: followers see them together, and several posts close together cost reach`);
  }
  markPushConflicts(calendar, project.config, states.flatMap((a) => Object.values(a.pushes)), account);
}

/**
 * The planned pushes, in time order after the pushes gzh.lock holds, checked as `gzh publish` would check them
 * when each one's time comes: the account type's quota per Beijing day or month, and cadence.minHours.
 */
function markPushConflicts(calendar: ScheduleCalendar, config: Pick<ResolvedConfig, 'account' | 'cadence'>, sent: readonly LockedPush[], account: string | undefined): void {
  const { type } = config.account;
  const quota = PUSH_QUOTA[type];
  const minHours = config.cadence.minHours ?? DEFAULT_CADENCE_HOURS[type];
  const pushes = sent.filter((p) => p.status !== 'SEND_FAIL').map((p) => ({ at: Date.parse(p.time), title: p.articles[0]?.title ?? '' }));
  const planned = calendar.days.flatMap((day) => day.posts.filter((p) => p.account === account && p.push && p.state !== 'published').map((post) => ({ day, post })));
  for (const { day, post } of planned) {
    const at = Date.parse(post.at);
    const period = pushPeriod(type, at);
    const used = pushes.filter((p) => pushPeriod(type, p.at) === period).length;
    const title = `《${post.titles[0] ?? ''}》`;
    if (used >= quota.count) {
      day.conflicts.push(`${account ? `${account}: ` : ''}the push of ${title} at ${post.time} is over the quota: a ${type} account pushes ${quota.count} time${quota.count > 1 ? 's' : ''} a ${quota.per} (Beijing time), ${used} already in ${period}; gzh publish will refuse it`);
      continue;
    }
    const last = pushes.filter((p) => p.at <= at).sort((a, b) => b.at - a.at)[0];
    const hours = last ? (at - last.at) / 3600_000 : Infinity;
    if (hours < minHours) day.conflicts.push(`${account ? `${account}: ` : ''}the push of ${title} at ${post.time} comes ${Math.round(hours * 10) / 10} h after 《${last!.title}》; cadence.minHours is ${minHours}${config.cadence.strict ? ' (cadence.strict: gzh publish will refuse it)' : ''}`);
    pushes.push({ at, title: post.titles[0] ?? '' });
  }
}
