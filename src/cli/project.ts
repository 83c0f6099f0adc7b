/** The project a command works on (config errors throw: exit 2); config warnings are printed once. */
import { UsageError, accountProject, loadProject, parseAccountFlag, type Project } from '../index.js';
import type { CommandContext } from './context.js';

export async function projectOf(ctx: CommandContext, options: Record<string, unknown>): Promise<Project> {
  const project = await loadProject(ctx.cwd, { configFile: typeof options.config === 'string' ? options.config : undefined, env: ctx.env });
  for (const w of project.warnings) ctx.output.err(`${ctx.output.colors.yellow('warn')} ${w}`);
  return project;
}

/** `--account NAME` of build and dev: the articles as that account of config `accounts:` publishes them (its theme, snippets, author). */
export function asAccount(project: Project, options: Record<string, unknown>): Project {
  if (typeof options.account !== 'string') return project;
  const names = parseAccountFlag(project.config, options.account)!;
  if (names.length !== 1) throw new UsageError(`--account takes one account here, not ${names.join(', ')}`, { hint: `run once per account, e.g. --account ${names[0]}` });
  return accountProject(project, names[0]!);
}
