/** `gzh doctor [--api-base URL] [--json]`: check the set-up, one line per check; exit 1 if any check fails. */
import { checkSetup } from '../../index.js';
import type { CommandContext } from '../context.js';

export async function run(_args: string[], options: Record<string, unknown>, ctx: CommandContext): Promise<number> {
  const checks = await checkSetup(ctx.cwd, { configFile: options.config as string | undefined, apiBase: options.apiBase as string | undefined, env: ctx.env });
  const failed = checks.some((c) => c.status === 'fail');
  const { output } = ctx;
  if (options.json) {
    output.out(JSON.stringify({ ok: !failed, checks }, null, 2));
  } else {
    const c = output.colors;
    for (const check of checks) {
      const mark = check.status === 'ok' ? c.green('✓') : check.status === 'fail' ? c.red('✗') : c.dim('-');
      const fix = check.status === 'fail' && check.fix ? ` ${c.dim('→')} ${check.fix}` : '';
      output.out(`${mark} ${check.detail}${fix}`);
    }
  }
  return failed ? 1 : 0;
}
