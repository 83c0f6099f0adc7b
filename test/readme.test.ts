/** The README stays true: its quick-start commands exist and every config key is documented. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../src/config/schema.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };

function keysOf(shape: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(shape).flatMap(([key, schema]) => {
    let inner = schema as { def?: { type?: string; innerType?: unknown; valueType?: unknown; shape?: Record<string, unknown> }; shape?: Record<string, unknown> };
    while (inner.def?.innerType) inner = inner.def.innerType as typeof inner;
    // a record of objects (accounts): the key itself and its entries' keys as `accounts.<name>.key`
    const value = inner.def?.type === 'record' ? (inner.def.valueType as typeof inner) : undefined;
    if (value?.shape) return [`${prefix}${key}`, ...keysOf(value.shape, `${prefix}${key}.<name>.`)];
    return inner.def?.type === 'object' && inner.shape ? keysOf(inner.shape, `${prefix}${key}.`) : [`${prefix}${key}`];
  });
}

describe('README', () => {
  it('has the two quick-start commands', () => {
    expect(readme).toContain('npm install && npx gzh publish content/hello.md --sandbox');
    expect(readme).toMatch(/^npm test$/m);
    // `npm test` is what CI's .ci/run calls: it must run the suite
    expect(pkg.scripts.test).toMatch(/^vitest run\b/);
  });
  it('documents every config key', () => {
    const keys = keysOf(configSchema.shape as Record<string, unknown>);
    expect(keys.length).toBeGreaterThan(25);
    expect(keys.filter((k) => !readme.includes(`\`${k}\``))).toEqual([]);
  });
});
