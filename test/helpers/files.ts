/** Comparing output folders byte for byte (builds with and without a cache, serial and parallel), and copies of content/. */
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultConfig } from '../../src/config/schema.js';
import { renderArticleDiagrams } from '../../src/project/load-article.js';

const root = path.resolve(import.meta.dirname, '../..');

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

let diagrams: Promise<string> | undefined;

/**
 * content/ copied into `dir`, with its mermaid diagrams already in the copy's diagram cache, as a second
 * build would find them: a build test's first build does not start Chromium (~2.5 s each). The diagrams are
 * drawn once per test process; drawing them is diagrams.test.ts's to test.
 */
export async function copyContent(dir: string): Promise<void> {
  diagrams ??= drawContentDiagrams();
  const drawn = await diagrams;
  cpSync(path.join(root, 'content'), path.join(dir, 'content'), { recursive: true });
  const config = defaultConfig(dir);
  cpSync(path.join(drawn, config.diagrams.cacheDir), path.join(dir, config.diagrams.cacheDir), { recursive: true });
}

async function drawContentDiagrams(): Promise<string> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'gzh-content-diagrams-'));
  process.once('exit', () => rmSync(scratch, { recursive: true, force: true }));
  const config = defaultConfig(scratch);
  for (const name of readdirSync(path.join(root, 'content')).filter((f) => f.endsWith('.md'))) {
    const rendered = await renderArticleDiagrams(readFileSync(path.join(root, 'content', name), 'utf8'), `content/${name}`, config, process.env);
    const failed = rendered?.messages.filter((m) => m.severity !== 'info') ?? [];
    if (failed.length) throw new Error(`drawing the diagrams of content/${name}: ${failed.map((m) => m.message).join('; ')}`);
  }
  return scratch;
}
