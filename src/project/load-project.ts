/**
 * A project: its root, its resolved config and the environment gzh runs in. What every command starts from
 * (`loadProject`), so a program can do all the CLI does through src/index.ts.
 */
import { loadConfig } from '../config/load-config.js';
import type { ResolvedConfig } from '../config/schema.js';
import { ConfigError } from '../errors.js';

export interface Project {
  /** Folder of the config file (or package.json / .git), else the working directory. */
  readonly root: string;
  readonly config: ResolvedConfig;
  /** Where paths given by the user are relative to, and what messages are shown relative to. */
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Config problems that do not stop the work (unknown keys with a "did you mean"). */
  readonly warnings: readonly string[];
  /**
   * The time gzh acts at (scheduled posts, push quotas, analytics up to yesterday): now, or GZH_NOW (an ISO
   * time) so a rehearsal or a test can run "as of" another moment.
   */
  now(): Date;
}

export interface LoadProjectOptions {
  /** `--config FILE`; default: gzh.config.* found from cwd up. */
  configFile?: string;
  env?: NodeJS.ProcessEnv;
}

/** Find and validate the config; a config error throws (exit 2) naming the file, the line and the key. */
export async function loadProject(cwd: string, options: LoadProjectOptions = {}): Promise<Project> {
  const { config, warnings, errors } = await loadConfig(cwd, options.configFile || undefined);
  if (errors.length > 0) {
    const [first, ...rest] = errors;
    // every problem at once: the first is thrown, the others ride along in its message
    if (rest.length === 0) throw first!;
    throw new ConfigError(`${first!.message}\n${rest.map((e) => `  ${e.where ? `${e.where}: ` : ''}${e.message}`).join('\n')}`, { file: first!.file, line: first!.line, column: first!.column, hint: first!.hint });
  }
  const env = options.env ?? process.env;
  return { root: config.root, config, cwd, env, warnings, now: clockOf(env) };
}

/** The value of an environment variable, or undefined when unset or empty (an unset CI secret arrives as ""). */
export function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function clockOf(env: NodeJS.ProcessEnv): () => Date {
  const fixed = envValue(env, 'GZH_NOW');
  if (!fixed) return () => new Date();
  const at = Date.parse(fixed);
  if (!Number.isFinite(at)) throw new ConfigError(`GZH_NOW is not a time: \`${fixed}\``, { hint: 'Use an ISO time such as 2026-12-24T08:00+08:00, or unset it' });
  // a fixed offset from the real clock: time still passes during the run
  const offset = at - Date.now();
  return () => new Date(Date.now() + offset);
}
