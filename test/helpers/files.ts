/** Comparing output folders byte for byte (builds with and without a cache, serial and parallel). */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** Every file under `folder`, relative path → bytes. */
export function tree(folder: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const e of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const full = path.join(e.parentPath, e.name);
    files.set(path.relative(folder, full), readFileSync(full));
  }
  return files;
}
