/**
 * `gzh schedule`: the posts planned for the next days (front matter publish_at), day by day, beside what the day
 * is in China (public holidays and make-up workdays, traditional festivals, solar terms), with the days that hold
 * more than one post marked: several posts close together cost reach (WECHAT.md), and the pushes (`push: true`)
 * the account's quota or cadence would refuse or warn about. Reads front matter and gzh.lock only: no compile,
 * no network, no credentials.
 */
import { existsSync } from 'node:fs';
import type { Project } from '../project/load-project.js';
import { lockfilePath } from '../project/paths.js';
import { resolveEachDraft } from '../publish/inputs.js';
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



export function planScheduleCalendar(project: Project, paths: readonly string[], options: { days?: number } = {}): ScheduleCalendar {
  const now = project.now();
  const count = options.days ?? 30;
  const drafts = resolveEachDraft(paths, project.config, project.cwd);
  const articles = new Map<string, ScheduledArticle>();
  for (const file of drafts.flatMap((d) => d.files)) if (!articles.has(file)) articles.set(file, readScheduledArticle(file, project.config, project.cwd));
  const file = lockfilePath(project.root);
  const lock = existsSync(file) ? Lockfile.read(file, 'gzh.lock') : undefined;
  // published on any account gzh.lock knows: a schedule needs no credentials
  const accounts = lock ? lock.accountKeys().map((k) => lock.account(k)) : [];
  const decisions = [decideDue(drafts, articles, now, undefined), ...accounts.map((a) => decideDue(drafts, articles, now, a))];

  const from = beijingDay(now.getTime());
  const days: ScheduleDay[] = Array.from({ length: count }, (_, i) => ({ ...describeDay(new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10)), posts: [], conflicts: [] }));
  const to = days[days.length - 1]?.date ?? from;
  const calendar: ScheduleCalendar = { from, to, days, overdue: [], later: 0, unscheduled: 0, messages: [...articles.values()].flatMap((a) => a.messages) };
  for (const [i, draft] of drafts.entries()) {
    const states = decisions.map((d) => d[i]!);
    const base = states[0]!;
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
      state: states.some((s) => s.state === 'published') ? 'published' : states.some((s) => s.state === 'failed') ? 'failed' : base.state === 'due' ? 'due' : 'planned',
    };
    const day = days.find((d) => d.date === post.date);
    if (day) day.posts.push(post);
    else if (post.date < from && post.state === 'due') calendar.overdue.push(post);
    else if (post.date > to) calendar.later++;
  }
  for (const day of days) {
    day.posts.sort((a, b) => a.at.localeCompare(b.at));
    if (day.posts.length > 1) day.conflicts.push(`${day.posts.length} posts on one day: followers see them together, and several posts close together cost reach`);
  }
  markPushConflicts(calendar, project.config, accounts.flatMap((a) => Object.values(a.pushes)));
  return calendar;
}

/**
 * The planned pushes, in time order after the pushes gzh.lock holds, checked as `gzh publish` would check them
 * when each one's time comes: the account type's quota per Beijing day or month, and cadence.minHours.
 */
function markPushConflicts(calendar: ScheduleCalendar, config: Pick<ResolvedConfig, 'account' | 'cadence'>, sent: readonly LockedPush[]): void {
  const { type } = config.account;
  const quota = PUSH_QUOTA[type];
  const minHours = config.cadence.minHours ?? DEFAULT_CADENCE_HOURS[type];
  const pushes = sent.filter((p) => p.status !== 'SEND_FAIL').map((p) => ({ at: Date.parse(p.time), title: p.articles[0]?.title ?? '' }));
  const planned = calendar.days.flatMap((day) => day.posts.filter((p) => p.push && p.state !== 'published').map((post) => ({ day, post })));
  for (const { day, post } of planned) {
    const at = Date.parse(post.at);
    const period = pushPeriod(type, at);
    const used = pushes.filter((p) => pushPeriod(type, p.at) === period).length;
    const title = `《${post.titles[0] ?? ''}》`;
    if (used >= quota.count) {
      day.conflicts.push(`the push of ${title} at ${post.time} is over the quota: a ${type} account pushes ${quota.count} time${quota.count > 1 ? 's' : ''} a ${quota.per} (Beijing time), ${used} already in ${period}; gzh publish will refuse it`);
      continue;
    }
    const last = pushes.filter((p) => p.at <= at).sort((a, b) => b.at - a.at)[0];
    const hours = last ? (at - last.at) / 3600_000 : Infinity;
    if (hours < minHours) day.conflicts.push(`the push of ${title} at ${post.time} comes ${Math.round(hours * 10) / 10} h after 《${last!.title}》; cadence.minHours is ${minHours}${config.cadence.strict ? ' (cadence.strict: gzh publish will refuse it)' : ''}`);
    pushes.push({ at, title: post.titles[0] ?? '' });
  }
}
