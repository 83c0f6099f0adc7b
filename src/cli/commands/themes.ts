/** `gzh themes`: the themes available to this project, with their descriptions. */
import { listThemes } from '../../config/themes.js';
import type { CommandContext } from '../context.js';
import { loadProjectConfig } from '../load-project.js';

export async function run(_args: string[], options: Record<string, unknown>, ctx: CommandContext): Promise<number> {
  const config = await loadProjectConfig(ctx, options);
  const themes = listThemes(config.root);
  if (options.json) {
    ctx.output.out(JSON.stringify(themes.map(({ name, description, author, builtin }) => ({ name, description, author, builtin, current: name === config.theme })), null, 2));
    return 0;
  }
  const width = Math.max(...themes.map((t) => t.name.length));
  for (const t of themes) {
    const mark = t.name === config.theme ? ctx.output.colors.green('*') : ' ';
    ctx.output.out(`${mark} ${ctx.output.colors.bold(t.name.padEnd(width))}  ${t.description}${t.builtin ? '' : ctx.output.colors.dim(' (project)')}`);
  }
  ctx.output.out(ctx.output.colors.dim(`\n* current (config \`theme\`); use one with --theme NAME or \`theme:\` in front matter`));
  return 0;
}
