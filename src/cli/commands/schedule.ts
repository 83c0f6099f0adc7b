/** `gzh schedule`: the planned posts of the next days as a terminal calendar (or `--json`), from src/index.ts. */
import { planScheduleCalendar, type ScheduleDay } from '../../index.js';
import type { CommandContext } from '../context.js';
import { formatMessage, type Output } from '../output.js';
import { projectOf } from '../project.js';

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

export async function run(paths: string[], options: Record<string, unknown>, ctx: CommandContext): Promise<number> {
  const project = await projectOf(ctx, options);
  const calendar = planScheduleCalendar(project, paths, { days: typeof options.days === 'number' ? options.days : 30, ...(typeof options.account === 'string' ? { account: options.account } : {}) });
  const { output } = ctx;
  for (const m of calendar.messages) output.err(formatMessage(m, output.colors));
  const code = calendar.messages.some((m) => m.severity === 'error') ? 1 : 0;
  if (options.json === true) {
    output.out(JSON.stringify({ ok: code === 0, ...calendar }, null, 2));
    return code;
  }
  const c = output.colors;
  output.out(c.bold(`${calendar.from} → ${calendar.to} (Beijing time)`));
  for (const post of calendar.overdue) output.out(`${c.yellow('!')} overdue since ${post.date} ${post.time}:${post.account ? ` [${post.account}]` : ''} ${post.titles.join(' + ')} (${post.files.join(', ')}): the next \`gzh publish --due\` publishes it`);
  for (const day of calendar.days) {
    if (day.weekday === 1 && day !== calendar.days[0]) output.out(c.dim('─'.repeat(40)));
    printDay(day, output);
  }
  const posts = calendar.days.reduce((n, d) => n + d.posts.length, 0);
  const tail = [`${posts} post${posts === 1 ? '' : 's'} in these ${calendar.days.length} days`, calendar.later && `${calendar.later} later`, calendar.unscheduled && `${calendar.unscheduled} article${calendar.unscheduled === 1 ? '' : 's'} without publish_at`].filter(Boolean);
  output.out(c.dim(`\n${tail.join(' · ')}. Holidays: tyme4ts (its table ends with the last year announced when it was released).`));
  return code;
}

function printDay(day: ScheduleDay, output: Output): void {
  const c = output.colors;
  const weekend = day.weekday === 0 || day.weekday === 6;
  const head = `${day.date.slice(5)} 周${WEEKDAYS[day.weekday]} ${day.lunar.padEnd(6, '　')}`;
  const events = day.events.map((e) => (e.kind === 'holiday' ? c.red(e.name) : e.kind === 'workday' ? c.yellow(e.name) : e.kind === 'festival' ? c.magenta(e.name) : c.cyan(e.name))).join(' ');
  const empty = day.posts.length === 0;
  output.out(`${empty && !day.events.length ? c.dim(head) : weekend ? c.bold(head) : head}  ${events}`.trimEnd());
  for (const post of day.posts) {
    const mark = post.state === 'published' ? c.green('✓') : post.state === 'due' ? c.yellow('→') : post.state === 'failed' ? c.red('✗') : '•';
    const kind = (post.type === 'newspic' ? ' [图片]' : '') + (post.push ? ' [群发]' : '');
    output.out(`    ${mark} ${post.time}${post.account ? ` ${c.cyan(`[${post.account}]`)}` : ''} ${post.titles.join(' + ')}${kind} ${c.dim(post.files.join(', '))}${post.state === 'published' ? c.dim(' (published)') : post.state === 'due' ? c.dim(' (due: the next --due run sends it)') : post.state === 'failed' ? c.red(' (publishing failed)') : ''}`);
  }
  for (const conflict of day.conflicts) output.out(`    ${c.yellow('!')} ${conflict}`);
}
