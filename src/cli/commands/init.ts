/** `gzh init`: scaffold a project (see initProject); prints what it made and what to do next. */
import { initProject } from '../../index.js';
import type { CommandContext } from '../context.js';

export async function run(_args: string[], options: Record<string, unknown>, ctx: CommandContext): Promise<number> {
  const { output } = ctx;
  const c = output.colors;
  const result = await initProject(ctx.cwd, {
    force: options.force === true,
    ...(typeof options.gzhSpec === 'string' ? { gzhSpec: options.gzhSpec } : {}),
    ...(typeof options.accounts === 'string' ? { accounts: options.accounts.split(',') } : {}),
  });
  for (const f of result.files) {
    const label = f.action === 'create' ? c.green('create') : f.action === 'update' ? c.green('update') : c.yellow('skip  ');
    output.out(`${label}  ${f.path}${f.detail ? ` (${f.detail})` : ''}`);
  }
  for (const note of result.notes) output.out(`${c.yellow('note')}    ${note}`);
  output.out(`\nNext: ${c.bold('npm install')} (then commit package-lock.json, for CI), ${c.bold('npx gzh dev')} to preview, ${c.bold('npx gzh publish content/hello.md --sandbox')} to try publishing locally.`);
  const kept = result.files.filter((f) => f.action === 'skip').length;
  if (kept) output.out(c.dim(`${kept} file(s) kept as they were.`));
  return 0;
}
