#!/usr/bin/env node
// Thin launcher: the bundled CLI lives in dist/ (built by `npm install` via the prepare script).
import { existsSync } from 'node:fs';
const entry = new URL('../dist/bundle/gzh.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('gzh: dist/ is missing. Run `npm install` (or `npm run build`) in the gzh folder first.\n');
  process.exit(2);
}
await import(entry.href);
