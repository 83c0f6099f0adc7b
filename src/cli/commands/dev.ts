/** `gzh dev [paths] [--port 5173] [--open] [--theme T]`: watch and preview live until Ctrl-C. */
import { openBrowser, startDevServer } from '../../index.js';
import type { CommandContext } from '../context.js';
import { asAccount, projectOf } from '../project.js';

export async function run(paths: string[], options: Record<string, unknown>, ctx: CommandContext): Promise<number> {
  const { config } = asAccount(await projectOf(ctx, options), options);
  const port = Number(options.port ?? 5173);
  const { output } = ctx;
  const c = output.colors;
  const log = (line: string) => {
    const colored = line.startsWith('✓') ? c.green('✓') + line.slice(1) : line.startsWith('✗') ? c.red('✗') + line.slice(1) : line;
    output.err(`${c.dim(new Date().toTimeString().slice(0, 8))} ${colored}`);
  };

  const server = await startDevServer({
    root: config.root,
    config,
    paths,
    port,
    theme: typeof options.theme === 'string' ? options.theme : undefined,
    cwd: ctx.cwd,
    cache: options.cache !== false,
    log,
  });
  if (ctx.signal.aborted) {
    await server.close();
    return 0;
  }
  output.out('');
  const { cached } = server.startup;
  output.out(`  ${c.bold(c.green('gzh dev'))}  ${server.articles().length} article${server.articles().length === 1 ? '' : 's'}${cached ? ` (${cached} unchanged, from the cache)` : ''}, watching for changes`);
  output.out(`  ${c.dim('➜')}  ${c.cyan(server.url)}`);
  if (server.port !== port && port !== 0) output.out(`  ${c.dim(`(port ${port} was taken)`)}`);
  output.out(`  ${c.dim('Ctrl-C to stop')}`);
  output.out('');
  if (options.open) openBrowser(server.url, (message) => output.err(`${c.yellow('warn')} ${message}`));

  await new Promise<void>((resolve) => {
    if (ctx.signal.aborted) resolve();
    else ctx.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await server.close();
  output.err(c.dim('gzh dev stopped'));
  return 0;
}
