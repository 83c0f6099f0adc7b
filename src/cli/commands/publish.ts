/** `gzh publish`: compile, lint, validate, then upload images and save one draft (and publish it with --submit). */
import path from 'node:path';
import { formatLintResults } from '../../lint/index.js';
import { GzhError, UsageError, isGzhError, type Message } from '../../errors.js';
import { ImageBatchError } from '../../images/image-errors.js';
import { isWechatApiError } from '../../wechat/errors.js';
import type { ClientLogEvent } from '../../wechat/types.js';
import { lockfilePath, sandboxDataDir, sandboxLockfilePath } from '../../project/paths.js';
import { Lockfile } from '../../publish/lockfile.js';
import { prepareDraft } from '../../publish/prepare-draft.js';
import { acquirePublishLock } from '../../publish/process-lock.js';
import { publishDraft, type PublishResult } from '../../publish/publish-draft.js';
import type { CommandContext } from '../context.js';
import { loadProjectConfig } from '../load-project.js';
import { formatMessage, type Output } from '../output.js';

const DEFAULT_API_BASE = 'https://api.weixin.qq.com';

export async function run(paths: string[], options: Record<string, unknown>, ctx: CommandContext): Promise<number> {
  if (options.json !== true) return publish(paths, options, ctx);
  try {
    return await publish(paths, options, ctx);
  } catch (error) {
    // --json: a machine still gets a JSON answer on stdout; the error itself is printed on stderr as usual
    if (isGzhError(error)) ctx.output.out(JSON.stringify({ ok: false, error: describeError(error) }, null, 2));
    throw error;
  }
}

function describeError(error: GzhError): Record<string, unknown> {
  const errors = error instanceof ImageBatchError ? error.errors.map(describeError) : undefined;
  const errcode = isWechatApiError(error) ? error.errcode : undefined;
  return { code: error.code, message: error.message, ...(errcode !== undefined ? { errcode } : {}), file: error.file, line: error.line, column: error.column, hint: error.hint, ...(errors ? { errors } : {}) };
}

async function publish(paths: string[], options: Record<string, unknown>, ctx: CommandContext): Promise<number> {
  const { output, env } = ctx;
  const c = output.colors;
  const config = await loadProjectConfig(ctx, options);
  const dryRun = options.dryRun === true;
  const json = options.json === true;
  const timeout = Number(options.timeout ?? 600);
  if (!Number.isFinite(timeout) || timeout <= 0) throw new UsageError(`--timeout must be a number of seconds, got \`${String(options.timeout)}\``);

  // credentials come from the environment only; --sandbox brings its own fake ones
  const sandbox = options.sandbox === true;
  if (sandbox && options.apiBase) throw new UsageError('--sandbox and --api-base do not go together');
  const appId = env.WECHAT_APP_ID?.trim();
  const appSecret = env.WECHAT_APP_SECRET?.trim();
  if (!sandbox && !dryRun && (!appId || !appSecret)) {
    throw new UsageError(`Missing WeChat credentials: ${[!appId && 'WECHAT_APP_ID', !appSecret && 'WECHAT_APP_SECRET'].filter(Boolean).join(' and ')} not set`, {
      hint: 'Find them in the WeChat platform under 设置与开发 → 基本配置 and export them (in CI: repository secrets). To try gzh without an account: gzh publish <article> --sandbox',
    });
  }

  const prepared = await prepareDraft(paths, config, { cwd: ctx.cwd, theme: typeof options.theme === 'string' ? options.theme : undefined, force: options.force === true });
  reportMessages(prepared.articles.flatMap((a) => a.messages), output, env, ctx.cwd, json, options.verbose === true);
  if (prepared.blocked) {
    const parts = [prepared.otherErrors && `${prepared.otherErrors} error${prepared.otherErrors > 1 ? 's' : ''}`, prepared.lintErrors && `${prepared.lintErrors} lint error${prepared.lintErrors > 1 ? 's' : ''}`].filter(Boolean);
    output.err(`${c.red('✗')} ${parts.join(' and ')}: nothing was uploaded.${prepared.lintErrors && !prepared.otherErrors ? ' Fix the titles, or publish anyway with --force.' : ''}`);
    if (json) output.out(JSON.stringify({ ok: false, blocked: true, messages: prepared.articles.flatMap((a) => a.messages) }, null, 2));
    return 1;
  }
  if (prepared.lintErrors > 0) output.err(`${c.yellow('!')} publishing despite ${prepared.lintErrors} lint error${prepared.lintErrors > 1 ? 's' : ''} (--force)`);

  let stopSandbox: (() => Promise<void>) | undefined;
  let sandboxUrl: string | undefined;
  let account: { appId: string; appSecret: string; apiBase: string };
  const lockPath = sandbox ? sandboxLockfilePath(config.root) : lockfilePath(config.root);
  const shownLock = path.relative(ctx.cwd, lockPath) || lockPath;
  // before the sandbox starts: a second publish must not load the sandbox state while the first changes it
  const release = dryRun ? undefined : await acquirePublishLock(lockPath, shownLock);
  let result: PublishResult;
  try {
    const lockfile = Lockfile.read(lockPath, shownLock);
    if (sandbox && dryRun) {
      // a dry run sends nothing, not even to the local sandbox: plan against its state in gzh.lock
      const { DEFAULT_APP_ID } = await import('../../sandbox/index.js');
      account = { appId: DEFAULT_APP_ID, appSecret: '', apiBase: 'sandbox' };
    } else if (sandbox) {
      const { findRunningSandbox, startSandbox } = await import('../../sandbox/index.js');
      const dataDir = sandboxDataDir(config.root);
      // a `gzh sandbox` already serving this project's sandbox state: publish through it (a second one on
      // the same folder would overwrite its state)
      const running = await findRunningSandbox(dataDir);
      if (running) {
        sandboxUrl = running.url;
        account = { appId: running.appId, appSecret: running.appSecret, apiBase: running.url };
        output.err(c.dim(`Publishing through the running gzh sandbox at ${running.url} (pid ${running.pid})`));
      } else {
        // 8787 when free, so the printed page matches `gzh sandbox`; else any port (state is on disk anyway)
        const sb = await startSandbox({ port: 8787, dataDir, limits: config.limits }).catch((error: unknown) => {
          if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') return startSandbox({ port: 0, dataDir, limits: config.limits });
          throw error;
        });
        stopSandbox = () => sb.close();
        sandboxUrl = sb.url;
        // the ledger scope is the sandbox, not its port: ports change between runs, the state does not
        account = { appId: sb.appId, appSecret: sb.appSecret, apiBase: sb.apiBase };
      }
    } else {
      const apiBase = ((typeof options.apiBase === 'string' ? options.apiBase : undefined) ?? env.WECHAT_API_BASE ?? config.wechat.apiBase ?? DEFAULT_API_BASE).replace(/\/+$/, '');
      // a dry run without credentials plans against the one account gzh.lock knows for this API base
      account = { appId: appId ?? knownAppId(lockfile, apiBase) ?? 'no-credentials', appSecret: appSecret ?? '', apiBase };
    }
    const scopeBase = sandbox ? 'sandbox' : account.apiBase;
    let client;
    if (!dryRun) {
      const { createWechatClient } = await import('../../wechat/index.js');
      client = createWechatClient({
        appId: account.appId,
        appSecret: account.appSecret,
        apiBase: account.apiBase,
        tokenMode: config.wechat.token,
        timeoutMs: config.wechat.timeoutMs,
        tokenCacheDir: sandbox ? false : undefined,
        env,
        log: clientLogger(output, options.verbose === true),
      });
    }
    try {
      result = await publishDraft(prepared, {
        config,
        lockfile,
        appId: account.appId,
        apiBase: scopeBase,
        client,
        dryRun,
        replace: options.replace === true,
        submit: options.submit === true,
        submitTimeoutMs: timeout * 1000,
        pollIntervalMs: sandbox ? 200 : 2000,
        onEvent: (e) => {
          if (json) return;
          if (e.type === 'step') output.err(c.dim(e.message));
          else output.progress(e.label, e.done, e.total);
        },
      });
    } finally {
      await client?.close();
    }
  } finally {
    await stopSandbox?.();
    await release?.();
  }

  reportMessages(result.messages, output, env, ctx.cwd, json, options.verbose === true);
  const failed = result.articles.some((a) => a.status.startsWith('failed')) || (result.publish !== undefined && result.publish.status !== 0);
  if (json) {
    output.out(JSON.stringify({ ok: !failed, ...result, sandbox: sandboxUrl ? { url: sandboxUrl, page: result.media_id ? sandboxPage(sandboxUrl, result.media_id) : undefined } : undefined }, null, 2));
    return failed ? 1 : 0;
  }
  printSummary(result, output, lockfileNote(result, shownLock));
  if (sandboxUrl && result.media_id) {
    output.out(`\nSandbox draft page: ${c.bold(sandboxPage(sandboxUrl, result.media_id))}`);
    if (stopSandbox) output.out(c.dim(`(the sandbox stops with this command; its state is kept in ${path.relative(ctx.cwd, sandboxDataDir(config.root)) || '.gzh/sandbox'}: run \`npx gzh sandbox\` to browse it)`));
  }
  if (result.publish) {
    const p = result.publish;
    if (p.status === 0) {
      output.out(`${c.green('✓')} published (${p.publish_id})`);
      for (const url of p.urls) output.out(`  ${url}`);
    } else {
      output.err(`${c.red('✗')} publishing ${p.publish_id} ended with status ${p.status}: ${p.meaning}${p.fail_idx?.length ? ` (article ${p.fail_idx.join(', ')})` : ''}`);
      output.err('  The draft is still there: fix the problem on the WeChat platform or in the article and publish again.');
    }
  }
  return failed ? 1 : 0;
}

/** What the client does on its own that a user waiting in front of the terminal should see. */
function clientLogger(output: Output, verbose: boolean): (event: ClientLogEvent) => void {
  return (event) => {
    if (event.type === 'retry') output.err(output.colors.dim(`  ${event.endpoint}: ${event.reason}, retrying in ${(event.delayMs / 1000).toFixed(1)} s (attempt ${event.attempt + 1})`));
    else if (event.type === 'duplicate-check') output.err(output.colors.dim(`  draft/add: looked for a draft an earlier attempt may have saved: ${event.found ? 'found, using it' : 'none'}`));
    else if (verbose && event.type === 'token-refresh') output.err(output.colors.dim(`  ${event.endpoint}: the access token was refused (${event.errcode}), fetched a new one`));
    else if (verbose && event.type === 'request') output.err(output.colors.dim(`  ${event.method} ${event.endpoint} → ${event.status || event.error}${event.errcode ? ` errcode ${event.errcode}` : ''} (${event.ms} ms)`));
  };
}

/** The sandbox web view numbers a draft's articles from 1, like WeChat's idx. */
function sandboxPage(sandboxUrl: string, mediaId: string): string {
  return `${sandboxUrl}/draft/${encodeURIComponent(mediaId)}/1`;
}

function knownAppId(lockfile: Lockfile, apiBase: string): string | undefined {
  const ids = lockfile.accountKeys().filter((k) => k.endsWith(`@${apiBase}`)).map((k) => k.slice(0, k.length - apiBase.length - 1));
  return ids.length === 1 ? ids[0] : undefined;
}

function lockfileNote(result: PublishResult, shownLock: string): string {
  return result.dryRun ? 'dry run: nothing was sent' : `state saved in ${shownLock}${shownLock.endsWith('gzh.lock') && !shownLock.includes('.gzh') ? ' (commit it)' : ''}`;
}

function printSummary(result: PublishResult, output: Output, note: string): void {
  const c = output.colors;
  const head = result.dryRun
    ? `Plan: ${result.draft === 'would-create' ? 'create a new draft' : result.draft === 'would-update' ? `update draft ${result.media_id}` : `nothing to change in draft ${result.media_id}`}`
    : `Draft ${result.media_id}: ${result.draft}`;
  output.out(c.bold(head));
  const rows = result.articles.map((a) => {
    const status = result.dryRun ? (a.planned ?? '') : a.status;
    const images = result.dryRun ? `${a.images.toUpload} to upload (${a.images.total} in body + cover)` : `${a.images.uploaded} uploaded (${a.images.total} in body + cover)`;
    return [String(a.index + 1), status, a.file, a.title, images];
  });
  const header = ['#', result.dryRun ? 'plan' : 'result', 'article', 'title', 'images'];
  if (output.interactive) {
    const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i]!))));
    const line = (cells: string[]) => cells.map((cell, i) => cell + ' '.repeat(widths[i]! - displayWidth(cell))).join('  ');
    output.out(c.dim(line(header)));
    for (const r of rows) output.out(line(r));
  } else {
    for (const r of rows) output.out(`${r[1]} ${r[2]} (article ${r[0]}, images ${r[4]})`);
  }
  if (result.replaced?.length) output.out(`${result.dryRun ? 'would delete' : 'deleted'} old draft${result.replaced.length > 1 ? 's' : ''}: ${result.replaced.join(', ')}`);
  output.out(c.dim(`${result.uploads} upload${result.uploads === 1 ? '' : 's'}; ${note}`));
}

/** CJK characters take two terminal columns. */
function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

/** Problems to stderr (info ones with --verbose); in GitHub Actions also as annotations (on stderr with --json: stdout is the JSON). */
function reportMessages(messages: readonly Message[], output: Output, env: NodeJS.ProcessEnv, cwd: string, json: boolean, verbose: boolean): void {
  for (const m of messages) if (verbose || m.severity !== 'info') output.err(formatMessage(m, output.colors));
  const shown = messages.filter((m) => m.severity !== 'info');
  if (env.GITHUB_ACTIONS === 'true' && shown.length > 0) {
    const annotations = formatLintResults([{ messages: shown }], 'github', { cwd }).replace(/\n$/, '');
    if (json) output.err(annotations);
    else output.out(annotations);
  }
}

