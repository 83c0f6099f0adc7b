/** `gzh themes`: the themes available to this project, with their descriptions; `--preview` builds a gallery page. */
import { listThemes, writeThemeGallery } from '../../index.js';
import type { CommandContext } from '../context.js';
import { projectOf } from '../project.js';

export async function run(args: string[], options: Record<string, unknown>, ctx: CommandContext): Promise<number> {
  const project = await projectOf(ctx, options);
  const { output } = ctx;
  const c = output.colors;
  if (options.preview) {
    const gallery = await writeThemeGallery(project, args, { outDir: options.out as string | undefined });
    output.out(`${c.green('✓')} ${gallery.themes} themes × ${gallery.articles} articles → ${gallery.file}`);
    return 0;
  }
  const themes = listThemes(project.root);
  const current = project.config.theme;
  if (options.json) {
    output.out(JSON.stringify(themes.map(({ name, description, author, builtin }) => ({ name, description, author, builtin, current: name === current })), null, 2));
    return 0;
  }
  const width = Math.max(...themes.map((t) => t.name.length));
  for (const t of themes) output.out(`${t.name === current ? c.green('*') : ' '} ${c.bold(t.name.padEnd(width))}  ${t.description}${t.builtin ? '' : c.dim(' (project)')}`);
  output.out(c.dim(`\n* current (config \`theme\`); use one with --theme NAME or \`theme:\` in front matter; \`gzh themes --preview\` shows them all`));
  return 0;
}
