/** Config keys named like Object.prototype members are plain keys: an unknown-key error, or kept as data. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';

const dir = mkdtempSync(path.join(tmpdir(), 'gzh-proto-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function load(name: string, text: string) {
  const folder = mkdtempSync(path.join(dir, 'p-'));
  writeFileSync(path.join(folder, name), text);
  return loadConfig(folder);
}

describe('prototype names in gzh.config', () => {
  it.each(['toString', 'constructor', '__proto__'])('a top-level `%s` is an unknown key with its line', async (key) => {
    const r = await load('gzh.config.yaml', `theme: default\n${key}: 1\n`);
    expect(r.errors.map((e) => [e.message, e.line])).toEqual([[`Unknown config key ${key}`, 2]]);
  });

  it('rule ids and theme variables named toString or constructor are plain entries', async () => {
    const r = await load('gzh.config.json', JSON.stringify({ lint: { rules: { toString: 'warn', constructor: 'off' } }, themeVars: { toString: '#fff' } }));
    expect(r.errors).toEqual([]);
    expect(Object.entries(r.config.lint.rules)).toEqual([['toString', 'warn'], ['constructor', 'off']]);
    expect(r.config.themeVars).toEqual({ toString: '#fff' });
  });

  it('a `__proto__` entry never becomes the prototype of the parsed config', async () => {
    const r = await load('gzh.config.json', '{"lint": {"rules": {"__proto__": {"severity": "error"}}}, "themeVars": {"__proto__": "red"}}');
    expect(r.errors).toEqual([]);
    expect(Object.getPrototypeOf(r.config.lint.rules)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(r.config.themeVars)).toBe(Object.prototype);
    expect(({} as { severity?: unknown }).severity).toBeUndefined();
  });
});
