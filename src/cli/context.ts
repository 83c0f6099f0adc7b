/** What every command receives. Commands return an exit code; only cli/index.ts exits. */
import type { Output } from './output.js';

export interface CommandContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  output: Output;
  /** Aborted on Ctrl-C (SIGINT/SIGTERM): long-running commands shut down cleanly. */
  signal: AbortSignal;
}

/** Exit codes: 0 ok, 1 content/lint/publish failure, 2 usage or config error. */
export type ExitCode = 0 | 1 | 2;
