// The install size: what `npm install gzh` brings into a project's node_modules (production deps of the
// packed tarball, no optional peers such as the mermaid add-on). Budget ≤ 80 MB. Needs the npm registry.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(path.join(os.tmpdir(), 'gzh-install-'));
try {
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: repo, encoding: 'utf8' }))[0];
  const project = path.join(work, 'project');
  execFileSync('mkdir', ['-p', project]);
  writeFileSync(path.join(project, 'package.json'), '{"name":"x","version":"1.0.0","private":true}\n');
  const started = performance.now();
  const r = spawnSync('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--ignore-scripts', path.join(work, packed.filename)], { cwd: project, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) process.exit(1);
  const seconds = (performance.now() - started) / 1000;
  const modules = path.join(project, 'node_modules');
  const mb = (dir) => Number(execFileSync('du', ['-sk', dir], { encoding: 'utf8' }).split('\t')[0]) / 1024;
  const total = mb(modules);
  const names = readdirSync(modules).filter((n) => !n.startsWith('.'));
  const packages = names.flatMap((n) => (n.startsWith('@') ? readdirSync(path.join(modules, n)).map((s) => `${n}/${s}`) : [n]));
  console.log(`install size: ${total.toFixed(1)} MB node_modules (budget 80 MB), ${packages.length} packages, tarball ${(packed.size / 1024 / 1024).toFixed(1)} MB, npm install ${seconds.toFixed(1)} s`);
  const largest = packages.map((p) => ({ p, mb: mb(path.join(modules, p)) })).sort((a, b) => b.mb - a.mb).slice(0, 8);
  for (const { p, mb: size } of largest) console.log(`  ${size.toFixed(1).padStart(6)} MB  ${p}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
