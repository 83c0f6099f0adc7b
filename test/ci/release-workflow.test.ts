/** The release workflow: a version tag publishes the tested package to npm with provenance. */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { parse } from 'yaml';

interface Step { uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string> }
const wf = parse(readFileSync(new URL('../../.github/workflows/release.yml', import.meta.url), 'utf8')) as {
  on: { push: { tags: string[]; branches?: string[] } };
  permissions: Record<string, string>;
  jobs: { release: { steps: Step[] } };
};

it('runs on a v* tag only, tests before publishing, and publishes with provenance and the NPM_TOKEN secret', () => {
  expect(wf.on.push).toEqual({ tags: ['v*'] });
  expect(wf.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
  const steps = wf.jobs.release.steps;
  const node = steps.find((s) => s.uses?.startsWith('actions/setup-node@'))!;
  expect(node.with).toMatchObject({ 'node-version': 20, 'registry-url': 'https://registry.npmjs.org' });
  const test = steps.findIndex((s) => s.run === 'npm test');
  const publish = steps.findIndex((s) => s.run?.startsWith('npm publish'));
  expect(test).toBeGreaterThan(-1);
  expect(publish).toBeGreaterThan(test);
  expect(steps[publish]!.run).toBe('npm publish --provenance --access public');
  expect(steps[publish]!.env).toEqual({ NODE_AUTH_TOKEN: '${{ secrets.NPM_TOKEN }}' });
});
