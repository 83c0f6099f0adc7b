/** The gzh package folder (holds package.json and themes/), found from this file whether bundled or not. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function packageRoot(): string {
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    // bin "gzh" identifies the package whatever it is published as (the name is scoped: @gzh-dev/gzh)
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { bin?: Record<string, string> }).bin?.gzh) return (cached = dir);
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`gzh: cannot find its package folder from ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

export function packageVersion(): string {
  return (JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** The published package name (package.json "name"). */
export function packageName(): string {
  return (JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { name: string }).name;
}
