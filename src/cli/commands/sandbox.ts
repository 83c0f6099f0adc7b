/** `gzh sandbox [--port 8787] [--data DIR]`: run the local WeChat API emulator until Ctrl-C. */
import path from 'node:path';
import { GzhError, accountProject, accountSandboxCredentials, accountSandboxDir, namedAccount, sandboxDataDir, startSandbox, type Sandbox } from '../../index.js';
import type { CommandContext } from '../context.js';
import { projectOf } from '../project.js';

export async function run(_args: string[], options: Record<string, unknown>, ctx: CommandContext): Promise<number> {
  const { output } = ctx;
  const c = output.colors;
  const port = options.port === undefined ? 8787 : Number(options.port);
  // the limits the project believes WeChat has (some are UNCONFIRMED): the sandbox enforces the same ones
  const { config, root } = await projectOf(ctx, options);
  // default: the project's .gzh/sandbox, the same state `gzh publish --sandbox` writes, so its drafts show here
  // --account NAME: that account's own sandbox state and fake credentials, as `gzh publish --sandbox --account NAME` uses them
  const account = typeof options.account === 'string' ? namedAccount(config, options.account.trim()).name : undefined;
  const dataDir = options.memory ? undefined : typeof options.data === 'string' && options.data ? path.resolve(ctx.cwd, options.data) : account ? accountSandboxDir(root, account) : sandboxDataDir(root);

  let sandbox: Sandbox;
  try {
    sandbox = await startSandbox({
      ...(account ? accountSandboxCredentials(account) : {}),
      port,
      dataDir,
      limits: config.limits,
      // the account type and verification the project declares: the same push quota and 48001 as WeChat
      account: account ? accountProject({ config, env: ctx.env }, account).config.account : config.account,
      onRequest: (e) => output.err(c.dim(`${e.time.slice(11, 19)} ${e.method.padEnd(4)} ${e.endpoint} → ${e.status === 0 ? 'dropped' : e.errcode === null ? `HTTP ${e.status}` : `errcode ${e.errcode}`}`)),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new GzhError('sandbox/port-in-use', `Port ${port} is already in use`, { exitCode: 2, hint: `pick another one with --port (e.g. --port ${port + 1}, or 0 for any free port), or stop the process using it` });
    }
    if (code === 'EACCES') throw new GzhError('sandbox/port-denied', `Not allowed to listen on port ${port}`, { exitCode: 2, hint: 'use a port above 1024' });
    throw error;
  }

  output.out(`${c.green('✓')} WeChat API sandbox running at ${c.bold(sandbox.url)}`);
  output.out(`  web view:  ${sandbox.url}/   (drafts, materials, publishes)`);
  output.out(`  api base:  ${sandbox.apiBase}`);
  output.out(`  state:     ${dataDir ? path.relative(ctx.cwd, dataDir) || dataDir : 'in memory (nothing is kept)'}`);
  output.out(`  use it:    WECHAT_APP_ID=${sandbox.appId} WECHAT_APP_SECRET=${sandbox.appSecret} WECHAT_API_BASE=${sandbox.apiBase}`);
  output.out(c.dim('  (these are the sandbox\'s own fake credentials; Ctrl-C stops it)'));

  await new Promise<void>((resolve) => {
    if (ctx.signal.aborted) resolve();
    else ctx.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await sandbox.close();
  output.err('sandbox stopped');
  return 0;
}
