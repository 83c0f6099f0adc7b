/** `gzh build`: compile articles to `<out>/<slug>.html` and `<slug>.preview.html` (see buildArticles), print the result. */
import { appendFile } from 'node:fs/promises';
import { buildArticles, buildSummary } from '../../index.js';
import type { CommandContext } from '../context.js';
import { formatMessage } from '../output.js';
import { asAccount, projectOf } from '../project.js';

export async function run(paths: string[], options: Record<string, unknown>, ctx: CommandContext): Promise<number> {
  const project = asAccount(await projectOf(ctx, options), options);
  const { output } = ctx;
  const c = output.colors;
  const result = await buildArticles(project, paths, {
    outDir: typeof options.out === 'string' ? options.out : undefined,
    theme: typeof options.theme === 'string' ? options.theme : undefined,
    jobs: options.jobs === undefined ? undefined : Number(options.jobs),
    cache: options.cache !== false,
    signal: ctx.signal,
    onProgress: (label, done, total) => output.progress(label, done, total),
  });
  // an empty --summary (GITHUB_STEP_SUMMARY unset outside Actions) counts as not given
  if (typeof options.summary === 'string' && options.summary !== '') await appendFile(options.summary, `${buildSummary(result, project.config.limits)}\n`);
  if (options.json) {
    output.out(JSON.stringify({ ok: result.errors === 0, outDir: result.outDir, compiled: result.compiled, cached: result.cached, unchanged: result.unchanged, articles: result.articles }, null, 2));
    return result.errors > 0 ? 1 : 0;
  }
  for (const b of result.articles) {
    for (const m of b.messages) if (m.severity !== 'info' || options.verbose) output.err(formatMessage(m, c));
    const errors = b.messages.filter((m) => m.severity === 'error').length;
    if (!b.html) output.out(`${c.red('✗')} ${b.file}: not written (fix the errors above)`);
    else {
      const size = `${(b.bytes / 1024).toFixed(1)} KB, ${b.size.html.toLocaleString('en-US')} characters, ${b.images} image${b.images === 1 ? '' : 's'}`;
      output.out(`${errors ? c.red('✗') : c.green('✓')} ${b.file} → ${b.html} (${size}), preview ${b.preview}${errors ? c.red(` — ${errors} error${errors > 1 ? 's' : ''}: publish would refuse it`) : ''}`);
    }
  }
  return result.errors > 0 ? 1 : 0;
}
