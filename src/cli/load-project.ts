/** Load the project config for a command; config problems become one UsageError-style failure (exit 2). */
import { loadConfig } from '../config/load-config.js';
import type { ResolvedConfig } from '../config/schema.js';
import { ConfigError } from '../errors.js';
import type { CommandContext } from './context.js';

export async function loadProjectConfig(ctx: CommandContext, options: Record<string, unknown>): Promise<ResolvedConfig> {
  const { config, warnings, errors } = await loadConfig(ctx.cwd, typeof options.config === 'string' ? options.config : undefined);
  for (const w of warnings) ctx.output.err(`${ctx.output.colors.yellow('warn')} ${w}`);
  if (errors.length > 0) {
    for (const e of errors.slice(1)) ctx.output.err(`${ctx.output.colors.red('error')} ${e.where ? `${e.where}: ` : ''}${e.message}`);
    throw errors[0] ?? new ConfigError('Invalid config');
  }
  return config;
}
