import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { findProjectRoot, loadConfig } from '../../src/config/load-config.js';
import { makeProject } from '../helpers/cli.js';

const dirs: string[] = [];
const project = (files: Record<string, string>) => {
  const dir = makeProject(files);
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('loadConfig', () => {
  it('returns defaults without a config file', async () => {
    const dir = project({});
    const { config, errors } = await loadConfig(dir);
    expect(errors).toEqual([]);
    expect(config).toMatchObject({ theme: 'default', links: 'references', root: dir, images: { maxWidth: 1080 }, limits: { title: 32 } });
  });

  it('reads YAML and fills the rest with defaults', async () => {
    const dir = project({ 'gzh.config.yaml': 'theme: serif\nimages:\n  maxWidth: 800\n' });
    const { config, errors } = await loadConfig(dir);
    expect(errors).toEqual([]);
    expect(config.theme).toBe('serif');
    expect(config.images).toMatchObject({ maxWidth: 800, uploadConcurrency: 4 });
  });

  it('names the file, line and key of a wrong type', async () => {
    const dir = project({ 'gzh.config.yaml': 'theme: serif\nimages:\n  maxWidth: wide\n' });
    const { errors } = await loadConfig(dir);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 'gzh.config.yaml', line: 3, exitCode: 2 });
    expect(errors[0]!.message).toContain('`images.maxWidth`');
    expect(errors[0]!.message).toContain('expected number');
  });

  it('reports unknown keys with their line', async () => {
    const dir = project({ 'gzh.config.json': '{\n  "theme": "default",\n  "thme": "serif"\n}\n' });
    const { errors } = await loadConfig(dir);
    expect(errors[0]).toMatchObject({ file: 'gzh.config.json', line: 3 });
    expect(errors[0]!.message).toContain('thme');
  });

  it('reports invalid enum values with the allowed ones', async () => {
    const dir = project({ 'gzh.config.yaml': 'links: footnotes\n' });
    const { errors } = await loadConfig(dir);
    expect(errors[0]!.message).toContain('"references", "inline", "text"');
  });

  it('reports a YAML syntax error with its line', async () => {
    const dir = project({ 'gzh.config.yaml': 'theme: serif\nimages: [\n' });
    const { errors } = await loadConfig(dir);
    expect(errors[0]!.message).toContain('not valid YAML');
    expect(errors[0]!.line).toBeGreaterThanOrEqual(2);
  });

  it('loads .mjs and .ts configs (defineConfig)', async () => {
    const mjs = project({ 'gzh.config.mjs': 'export default { theme: "warm", lint: { promotional: true } };\n' });
    expect((await loadConfig(mjs)).config).toMatchObject({ theme: 'warm', lint: { promotional: true } });
    const ts = project({ 'gzh.config.ts': 'const theme: string = "tech";\nexport default { theme, outDir: "out" };\n' });
    const loaded = await loadConfig(ts);
    expect(loaded.errors).toEqual([]);
    expect(loaded.config).toMatchObject({ theme: 'tech', outDir: 'out' });
  });

  it('turns a throwing config module into an error, not a crash', async () => {
    const dir = project({ 'gzh.config.mjs': 'throw new Error("boom");\n' });
    const { errors } = await loadConfig(dir);
    expect(errors[0]!.message).toContain('boom');
  });

  it('finds the project root from a subfolder', () => {
    const dir = project({ 'gzh.config.yaml': 'theme: serif\n', 'content/deep/x.md': '# x' });
    expect(findProjectRoot(`${dir}/content/deep`)).toEqual({ root: dir, configFile: `${dir}/gzh.config.yaml` });
  });
});
