// `npm run bench`: runs every bench/*.bench.mjs in turn (each prints its own numbers). Needs `npm run build`.
// `npm run bench -- scale` runs one (by name prefix); scale.bench.mjs (2,000 articles) is the long one: set
// GZH_BENCH_SCALE_ARTICLES=200 for a quick run.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
if (!existsSync(path.join(dir, '../dist/index.js'))) {
  console.error('dist/ is missing: run `npm run build` first');
  process.exit(2);
}
const only = process.argv.slice(2);
const files = readdirSync(dir).filter((f) => f.endsWith('.bench.mjs') && (only.length === 0 || only.some((o) => f.startsWith(o))));
let failed = 0;
for (const f of files.sort()) {
  console.log(`\n=== ${f}`);
  // the same young-generation size as the gzh bin (bin/gzh.js), so in-process numbers match the CLI's
  const r = spawnSync(process.execPath, ['--expose-gc', '--max-semi-space-size=64', path.join(dir, f)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
