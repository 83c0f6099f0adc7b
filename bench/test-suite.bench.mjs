// The test suite's wall time (`npm test`), and its slowest files: the suite has a budget (≤ 150 s on this
// 2-core machine), and a test that grows slow shows here, not as a flaky timeout.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = mkdtempSync(path.join(os.tmpdir(), 'gzh-suite-'));
const report = path.join(out, 'vitest.json');
const started = performance.now();
const r = spawnSync('npx', ['vitest', 'run', '--reporter=json', `--outputFile=${report}`], { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] });
const seconds = (performance.now() - started) / 1000;
const json = JSON.parse(readFileSync(report, 'utf8'));
const files = json.testResults.map((t) => ({ file: path.relative(repo, t.name), s: (t.endTime - t.startTime) / 1000 })).sort((a, b) => b.s - a.s);
console.log(`test suite: ${seconds.toFixed(1)} s wall (budget 150 s), ${json.numPassedTests} passed, ${json.numFailedTests} failed, load ${os.loadavg()[0].toFixed(1)}`);
for (const f of files.slice(0, 8)) console.log(`  ${f.s.toFixed(1).padStart(6)} s  ${f.file}`);
rmSync(out, { recursive: true, force: true });
process.exit(r.status === 0 ? 0 : 1);
