/**
 * The releasable package, as a new user gets it: `npm pack` the checkout, install the tarball into an empty
 * folder outside the repo (production deps only), then `npx gzh init` and `npx gzh publish --sandbox` there.
 * Slow (28 s with a warm npm cache, 48 s cold: installing the runtime deps, 310 MB); kept to this one file.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, unlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'gzh-pack-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// no repo node_modules/.bin on PATH, no NODE_PATH: only what the install put in the project
const env: NodeJS.ProcessEnv = { ...process.env, PATH: (process.env.PATH ?? '').split(path.delimiter).filter((p) => !p.startsWith(repo)).join(path.delimiter), NODE_PATH: '', npm_config_yes: 'true' };
delete env.GZH_SANDBOX;
const npmFlags = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];

it('npm pack → npm install into an empty folder → npx gzh init → npx gzh publish --sandbox', { timeout: 240_000 }, () => {
  // dist/ is what ships: the caller builds it (npm run build); --ignore-scripts skips the prepare rebuild
  const packed = JSON.parse(execFileSync('npm', ['pack', repo, '--ignore-scripts', '--json', '--pack-destination', tmp], { cwd: tmp, env, encoding: 'utf8' })) as { filename: string; size: number; unpackedSize: number; files: { path: string }[] }[];
  const tarball = path.join(tmp, packed[0]!.filename);
  const files = packed[0]!.files.map((f) => f.path);
  expect(files).toContain('bin/gzh.js');
  expect(files.some((f) => f.startsWith('test/') || f.startsWith('src/'))).toBe(false);

  const project = path.join(tmp, 'blog');
  execFileSync('mkdir', ['-p', project]);
  execFileSync('npm', ['install', '--omit=dev', ...npmFlags, tarball], { cwd: project, env, stdio: 'pipe' });
  expect(existsSync(path.join(project, 'node_modules/@gzh-dev/gzh/bin/gzh.js'))).toBe(true);
  expect(existsSync(path.join(project, 'node_modules/vitest'))).toBe(false);
  // an empty folder again, gzh installed: init writes its own package.json
  unlinkSync(path.join(project, 'package.json'));
  unlinkSync(path.join(project, 'package-lock.json'));

  const init = execFileSync('npx', ['gzh', 'init'], { cwd: project, env, encoding: 'utf8' });
  expect(init).toContain('create  package.json');
  const pkg = JSON.parse(readFileSync(path.join(project, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  // the same tarball, by absolute path (relative to where the install's lock recorded it)
  expect(pkg.devDependencies).toEqual({ '@gzh-dev/gzh': `file:${tarball}` });

  const out = execFileSync('npx', ['gzh', 'publish', 'content/hello.md', '--sandbox', '--json'], { cwd: project, env, encoding: 'utf8' });
  expect(out).toMatch(/media_id|mediaId/);
  expect(existsSync(path.join(project, '.gzh/sandbox/gzh.lock'))).toBe(true);

  // and the package.json init wrote installs that tarball (npm records it as resolved from it)
  execFileSync('npm', ['install', ...npmFlags], { cwd: project, env, stdio: 'pipe' });
  const lock = JSON.parse(readFileSync(path.join(project, 'package-lock.json'), 'utf8')) as { packages: Record<string, { resolved?: string }> };
  expect(path.resolve(project, lock.packages['node_modules/@gzh-dev/gzh']!.resolved!.replace(/^file:/, ''))).toBe(tarball);
  expect(statSync(tarball).size).toBe(packed[0]!.size);
  expect(readdirSync(path.join(project, 'node_modules/@gzh-dev/gzh'))).toContain('themes');
});
