/**
 * A minimal GitHub Actions runner for the workflows `gzh init` writes: a push to a local bare `origin`, then a
 * job's `run:` steps under bash as GitHub runs them (`bash --noprofile --norc -eo pipefail`), with the env
 * GitHub would set and `${{ secrets.X }}` an empty string when the secret is unset. `uses: actions/checkout` is
 * simulated (a depth-1 clone, at the pushed commit unless `with.ref` names a branch: then its tip); other `uses:`
 * steps and the npm install step are skipped; `npx gzh` runs this checkout's built CLI through a PATH shim.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { BIN } from '../publish/helpers.js';

export interface Step {
  name?: string;
  if?: string;
  uses?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
  run?: string;
}

export interface StepResult {
  name: string;
  status: 'ran' | 'skipped';
  code?: number;
  stdout?: string;
  stderr?: string;
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } }).trim();
}

/** A temp folder with a bare `origin` (what GitHub holds) and a developer's clone of it on `main`. */
export function makeOriginAndClone(prefix: string): { root: string; origin: string; dev: string } {
  const root = mkdtempSync(path.join(os.tmpdir(), prefix));
  const origin = path.join(root, 'origin.git');
  const dev = path.join(root, 'dev');
  git(root, 'init', '--quiet', '--bare', '--initial-branch=main', origin);
  git(root, 'clone', '--quiet', origin, dev);
  git(dev, 'checkout', '--quiet', '-B', 'main');
  return { root, origin, dev };
}

/** The job's steps, parsed from the workflow's YAML. */
export function jobSteps(yamlText: string, job: string): Step[] {
  const workflow = parseYaml(yamlText) as { jobs: Record<string, { steps: Step[] }> };
  return workflow.jobs[job]!.steps;
}

/** `${{ expr }}` in a value: secrets.X (empty when unset), github.X, matrix.X (this job's matrix values). */
function expand(value: string, secrets: Record<string, string>, github: Record<string, string>, matrix: Record<string, string> = {}): string {
  return value.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_m, expr: string) => {
    const [scope, key] = expr.split('.') as [string, string];
    if (scope === 'secrets') return secrets[key] ?? '';
    if (scope === 'github') return github[key] ?? '';
    if (scope === 'matrix' && key in matrix) return matrix[key]!;
    throw new Error(`run-workflow: unsupported expression ${expr}`);
  });
}

/** The `if:` conditions the generated workflows use: always(), and github.event_name ==/!= '...'. */
function condition(expr: string | undefined, failed: boolean, github: Record<string, string>): boolean {
  if (expr === undefined) return !failed;
  if (expr === 'always()') return true;
  const m = /^github\.event_name (==|!=) '([^']+)'$/.exec(expr.trim());
  if (!m) throw new Error(`run-workflow: unsupported if: ${expr}`);
  return !failed && (m[1] === '==') === (github.event_name === m[2]);
}

export interface RunOptions {
  /** The bare repository GitHub holds. */
  origin: string;
  /** The pushed commit (github.sha). */
  sha: string;
  secrets: Record<string, string>;
  event?: string;
  /** One job of a matrix: its values (`${{ matrix.account }}`). */
  matrix?: Record<string, string>;
  /**
   * A folder standing for GitHub's cache store: `uses: actions/cache` restores its `path` from here (the newest
   * entry: what a restore-keys prefix gives) and the job saves it back when it succeeds. Without it, skipped.
   */
  cacheStore?: string;
  /** Called before each step that runs, with the step and the workspace (e.g. to push to origin meanwhile). */
  beforeStep?(step: Step, workspace: string): void;
}

/** Async, so that an in-process sandbox keeps answering while the step runs. */
function bash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Runs one job of the workflow on a fresh runner; returns each step's outcome. */
export async function runJob(yamlText: string, job: string, options: RunOptions): Promise<{ workspace: string; steps: StepResult[] }> {
  const runner = mkdtempSync(path.join(os.tmpdir(), 'gzh-runner-'));
  const workspace = path.join(runner, 'work');
  const shims = path.join(runner, 'bin');
  execFileSync('mkdir', ['-p', shims, path.join(runner, 'cache'), path.join(runner, 'tmp')]);
  // `npx gzh ...` → this checkout's CLI (what `npm ci` would install); any other npx is the real one
  writeFileSync(path.join(shims, 'npx'), `#!/bin/sh\nif [ "$1" = gzh ]; then shift; exec "${process.execPath}" "${BIN}" "$@"; fi\nexec "${execFileSync('sh', ['-c', 'command -v npx'], { encoding: 'utf8' }).trim()}" "$@"\n`);
  chmodSync(path.join(shims, 'npx'), 0o755);
  const event = options.event ?? 'push';
  const github = { event_name: event, sha: options.sha, ref: 'refs/heads/main', ref_name: 'main', workspace };
  const env: NodeJS.ProcessEnv = {
    PATH: `${shims}:${process.env.PATH}`,
    HOME: runner,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: event,
    GITHUB_SHA: options.sha,
    GITHUB_REF: github.ref,
    GITHUB_REF_NAME: github.ref_name,
    GITHUB_WORKSPACE: workspace,
    GITHUB_STEP_SUMMARY: path.join(runner, 'summary.md'),
    RUNNER_TEMP: path.join(runner, 'tmp'),
    XDG_CACHE_HOME: path.join(runner, 'cache'),
    NO_COLOR: '1',
  };
  const results: StepResult[] = [];
  /** The cached paths to save when the job succeeds (actions/cache's post step). */
  const saves: string[] = [];
  let failed = false;
  for (const step of jobSteps(yamlText, job)) {
    const name = step.name ?? step.uses ?? step.run ?? '?';
    if (!condition(step.if, failed, github)) {
      results.push({ name, status: 'skipped' });
      continue;
    }
    if (step.uses?.startsWith('actions/checkout@')) {
      const ref = step.with?.ref !== undefined ? expand(step.with.ref, options.secrets, github) : '';
      // as actions/checkout: fetch-depth 1; a named branch is fetched at its tip, else the pushed commit
      const branch = ref.replace(/^refs\/heads\//, '') || 'main';
      git(runner, 'clone', '--quiet', '--depth', '1', '--branch', branch, `file://${options.origin}`, workspace);
      if (!ref) git(workspace, 'fetch', '--quiet', '--depth', '1', 'origin', options.sha);
      if (!ref) git(workspace, 'checkout', '--quiet', '-B', 'main', options.sha);
      results.push({ name, status: 'ran', code: 0 });
      continue;
    }
    if (step.uses?.startsWith('actions/cache@') && options.cacheStore) {
      const cached = step.with!.path!;
      const stored = path.join(options.cacheStore, cached);
      // timestamps kept, as the tarball GitHub stores them in does
      if (existsSync(stored)) cpSync(stored, path.join(workspace, cached), { recursive: true, preserveTimestamps: true });
      saves.push(cached);
      results.push({ name, status: 'ran', code: 0 });
      continue;
    }
    if (step.uses !== undefined || /npm (ci|install)/.test(step.run ?? '')) {
      results.push({ name, status: 'skipped' });
      continue;
    }
    options.beforeStep?.(step, workspace);
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(String(v), options.secrets, github, options.matrix)]));
    const script = path.join(runner, 'tmp', `step-${results.length}.sh`);
    writeFileSync(script, expand(step.run!, options.secrets, github, options.matrix));
    const r = await bash(script, workspace, { ...env, ...stepEnv });
    results.push({ name, status: 'ran', code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr });
    if (r.status !== 0) failed = true;
  }
  for (const cached of failed ? [] : saves) {
    const from = path.join(workspace, cached);
    if (!existsSync(from)) continue;
    const stored = path.join(options.cacheStore!, cached);
    rmSync(stored, { recursive: true, force: true });
    cpSync(from, stored, { recursive: true, preserveTimestamps: true });
  }
  return { workspace, steps: results };
}
