/** What every command receives. Commands return an exit code; only cli/index.ts exits. */
import type { Output } from './output.js';

export interface CommandContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  output: Output;
  /** Aborted on Ctrl-C (SIGINT/SIGTERM): long-running commands shut down cleanly. */
  signal: AbortSignal;
}

