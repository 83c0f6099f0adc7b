/**
 * The releasable package, as a new user gets it: `npm pack` the checkout, install the tarball into an empty
 * folder outside the repo (production deps only), then `npx gzh init` and `npx gzh publish --sandbox` there.
 * Slow (~20 s with a warm npm cache: installing the runtime deps, ~50 MB); kept to this one file.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync, mkdirSync } from 'node:fs';
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

  // the library API, from the bundle (its pure-JS dependencies are inside it, not installed)
  expect(existsSync(path.join(project, 'node_modules/hast-util-to-html'))).toBe(false);
  writeFileSync(path.join(project, 'use-api.mjs'), [
    "import { loadProject, buildArticles, lintTitle } from '@gzh-dev/gzh';",
    "const project = await loadProject(process.cwd());",
    "const result = await buildArticles(project, ['content'], { jobs: 2 });",
    "console.log(JSON.stringify({ errors: result.errors, files: result.articles.length, html: result.articles[0].html, title: lintTitle('震惊！全网都在看').map((m) => m.ruleId) }));",
  ].join('\n'));
  const api = JSON.parse(execFileSync('node', ['use-api.mjs'], { cwd: project, env, encoding: 'utf8' })) as { errors: number; files: number; html: string; title: string[] };
  expect(api).toMatchObject({ errors: 0, files: 1 });
  expect(api.title.length).toBeGreaterThan(0);
  expect(readFileSync(path.join(project, api.html), 'utf8')).toContain('<section');

  // and its types resolve from what the install brought (strict, no skipLibCheck), as a TypeScript user's would
  writeFileSync(path.join(project, 'use-types.ts'), [
    "import { defineConfig, type CompiledArticle, type UserConfig, type PublishPlan } from '@gzh-dev/gzh';",
    "const config: UserConfig = defineConfig({ theme: 'default' });",
    "export function size(a: CompiledArticle, p: PublishPlan): number { return a.html.length + p.drafts.length; }",
    'export { config };',
  ].join('\n'));
  // Node's own types from the repo, and nothing else of it: the repo's @types would hide a missing @types/hast
  const nodeTypes = path.join(tmp, 'types');
  mkdirSync(nodeTypes);
  symlinkSync(path.join(repo, 'node_modules/@types/node'), path.join(nodeTypes, 'node'));
  writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', skipLibCheck: false, types: ['node'], typeRoots: [nodeTypes] },
    files: ['use-types.ts'],
  }));
  execFileSync('node', [path.join(repo, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: project, env, encoding: 'utf8' });
});
