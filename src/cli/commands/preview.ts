/**
 * `gzh preview [paths] --to NAME...`: save/update the draft as `gzh publish` does, then send it to reviewers'
 * phones (message/mass/preview). Reviewers from --to (repeatable or comma-separated) or config `reviewers`.
 */
import { UsageError } from '../../index.js';
import type { CommandContext } from '../context.js';
import { projectOf } from '../project.js';
import { run as publish } from './publish.js';

export async function run(paths: string[], options: Record<string, unknown>, ctx: CommandContext): Promise<number> {
  const given = (Array.isArray(options.to) ? (options.to as string[]) : []).flatMap((t) => t.split(',')).map((t) => t.trim()).filter(Boolean);
  const { config } = await projectOf(ctx, options);
  // without --to, each account's own reviewers (config accounts.<name>.reviewers, else reviewers), chosen per account
  const configured = [...config.reviewers, ...Object.values(config.accounts).flatMap((a) => a.reviewers ?? [])];
  if (given.length === 0 && configured.length === 0) {
    throw new UsageError('No reviewers to send the preview to', { hint: 'gzh preview <article> --to <微信号> (repeatable, or a,b), or list them in gzh.config: reviewers: [微信号, ...]' });
  }
  return publish(paths, { ...options, previewRequest: { to: [...new Set(given)], again: options.again === true } }, ctx);
}
