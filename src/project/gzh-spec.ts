/**
 * Which dependency `gzh init` writes for gzh itself: one that installs *this* gzh. A registry install gets
 * `^version` under the package's own (scoped) name; a tarball or folder install gets a `file:` spec to it, so
 * a project never depends on a name that could resolve to someone else's package.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { packageName, packageRoot, packageVersion } from '../package-root.js';

export interface GzhSpecFacts {
  /** --gzh-spec: used as given. */
  override?: string | undefined;
  /** This gzh's package folder. */
  root: string;
  version: string;
  /** The installing project's package-lock entry for gzh (`resolved`), when gzh runs from a node_modules. */
  lockResolved?: string | undefined;
  /** The folder holding that package-lock.json (a relative `file:` in it is relative to this folder). */
  lockDir?: string | undefined;
}

/** The decision, from facts only (unit-tested). */
export function decideGzhSpec(facts: GzhSpecFacts): string {
  if (facts.override && facts.override.trim() !== '') return facts.override.trim();
  const resolved = facts.lockResolved;
  if (resolved && /^https?:\/\//.test(resolved)) return `^${facts.version}`;
  if (resolved && resolved.startsWith('file:') && facts.lockDir) return `file:${path.resolve(facts.lockDir, resolved.slice(5))}`;
  // a checkout or a linked folder: the folder itself
  return `file:${facts.root}`;
}

/** The installing project's lock entry for gzh when gzh runs from <project>/node_modules/<name>. */
function lockEntry(root: string, name: string): { resolved?: string; dir?: string } {
  const marker = `${path.sep}node_modules${path.sep}${name.split('/').join(path.sep)}`;
  if (!root.endsWith(marker)) return {};
  const project = root.slice(0, -marker.length);
  for (const file of [path.join(project, 'node_modules', '.package-lock.json'), path.join(project, 'package-lock.json')]) {
    if (!existsSync(file)) continue;
    try {
      const lock = JSON.parse(readFileSync(file, 'utf8')) as { packages?: Record<string, { resolved?: string }> };
      const resolved = lock.packages?.[`node_modules/${name}`]?.resolved;
      if (resolved) return { resolved, dir: project };
    } catch {
      // an unreadable lock: fall back to the folder
    }
  }
  return {};
}

export function gzhDependencySpec(override?: string): string {
  const root = packageRoot();
  const entry = lockEntry(root, packageName());
  return decideGzhSpec({ override, root, version: packageVersion(), lockResolved: entry.resolved, lockDir: entry.dir });
}
