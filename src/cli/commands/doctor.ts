/** `gzh doctor [--api-base URL] [--json]`: check the set-up, one line per check; exit 1 if any check fails. */
import { checkSetup } from '../../index.js';
import type { CommandContext } from '../context.js';

export async function run(_args: string[], options: Record<string, unknown>, ctx: CommandContext): Promise<number> {
  const checks = await checkSetup(ctx.cwd, { configFile: options.config as string | undefined, apiBase: options.apiBase as string | undefined, account: typeof options.account === 'string' ? options.account : undefined, env: ctx.env });
  const failed = checks.some((c) => c.status === 'fail');
  const { output } = ctx;
  if (options.json) {
    output.out(JSON.stringify({ ok: !failed, checks }, null, 2));
  } else {
    const c = output.colors;
    let account: string | undefined;
    for (const check of checks) {
      // several accounts: each one's lines under its name
      if (check.account && check.account !== account) output.out(c.bold(`account ${(account = check.account)}:`));
      const mark = check.status === 'ok' ? c.green('✓') : check.status === 'fail' ? c.red('✗') : c.dim('-');
      const fix = check.status === 'fail' && check.fix ? ` ${c.dim('→')} ${check.fix}` : '';
      output.out(`${check.account ? '  ' : ''}${mark} ${check.detail}${fix}`);
    }
  }
  return failed ? 1 : 0;
}
