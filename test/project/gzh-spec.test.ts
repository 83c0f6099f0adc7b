import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decideGzhSpec } from '../../src/project/gzh-spec.js';

describe('decideGzhSpec: init writes a dependency that installs this gzh', () => {
  const root = '/p/node_modules/@gzh-dev/gzh';
  it('a registry install gets its own version range', () => {
    expect(decideGzhSpec({ root, version: '0.3.1', lockResolved: 'https://registry.npmjs.org/@gzh-dev/gzh/-/gzh-0.3.1.tgz', lockDir: '/p' })).toBe('^0.3.1');
  });
  it('a tarball install gets file: to the same tarball, absolute', () => {
    expect(decideGzhSpec({ root, version: '0.3.1', lockResolved: 'file:../dl/gzh-dev-gzh-0.3.1.tgz', lockDir: '/p' })).toBe(`file:${path.resolve('/dl/gzh-dev-gzh-0.3.1.tgz')}`);
  });
  it('a checkout (no lock entry) gets file: to its folder, never the bare name', () => {
    const spec = decideGzhSpec({ root: '/src/gzh', version: '0.1.0' });
    expect(spec).toBe('file:/src/gzh');
  });
  it('--gzh-spec wins; an empty one counts as unset', () => {
    expect(decideGzhSpec({ override: '^1.0.0', root, version: '0.3.1' })).toBe('^1.0.0');
    expect(decideGzhSpec({ override: ' ', root: '/src/gzh', version: '0.3.1' })).toBe('file:/src/gzh');
  });
});
