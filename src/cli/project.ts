/** The project a command works on (config errors throw: exit 2); config warnings are printed once. */
import { loadProject, type Project } from '../index.js';
import type { CommandContext } from './context.js';

export async function projectOf(ctx: CommandContext, options: Record<string, unknown>): Promise<Project> {
  const project = await loadProject(ctx.cwd, { configFile: typeof options.config === 'string' ? options.config : undefined, env: ctx.env });
  for (const w of project.warnings) ctx.output.err(`${ctx.output.colors.yellow('warn')} ${w}`);
  return project;
}
