/** Run commands in-process with captured output, in throwaway projects. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { CommandContext } from '../../src/cli/context.js';
import { createOutput } from '../../src/cli/output.js';

/**
 * A CommandContext whose stdout/stderr are captured, never coloured. By default it runs as in CI (`CI=true`:
 * plain progress lines, no prompts); `{ ci: false }` passes `env` through as given.
 */
export function captureContext(cwd: string, env: NodeJS.ProcessEnv = {}, signal = new AbortController().signal, { ci = true } = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const ctx: CommandContext = ci
    ? { cwd, env: { CI: 'true', ...env }, output: createOutput(stdout, stderr, { CI: 'true', NO_COLOR: '1' }), signal }
    : { cwd, env, output: createOutput(stdout, stderr, { NO_COLOR: '1' }), signal };
  return { ctx, out: () => out, err: () => err };
}

/** A temp project folder (with a package.json so it is its own root) holding the given files. */
export function makeProject(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gzh-test-'));
  writeFileSync(path.join(dir, 'package.json'), '{"name":"test-project","private":true}');
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(dir, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return dir;
}
