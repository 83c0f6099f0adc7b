/** The workflow `gzh init` writes runs `gzh publish --due` every 15 minutes, and pushes still publish what they changed. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { initProject } from '../../src/project/init-project.js';
import { addDueSchedule } from '../../src/project/schedule-trigger.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'gzh-init-schedule-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Step {
  name?: string;
  if?: string;
  run?: string;
  env?: Record<string, string>;
}

describe('gzh init: the scheduled trigger', () => {
  it('adds a 15-minute cron whose run is gzh publish --due; the push steps skip scheduled runs', async () => {
    await initProject(dir);
    const workflow = parseYaml(readFileSync(path.join(dir, '.github/workflows/publish.yml'), 'utf8')) as { on: { push: unknown; schedule: { cron: string }[] }; jobs: { publish: { steps: Step[] } } };
    expect(workflow.on.schedule).toEqual([{ cron: '*/15 * * * *' }]);
    expect(workflow.on.push).toBeDefined();
    const steps = workflow.jobs.publish.steps;
    const due = steps.find((s) => s.run?.includes('--due'))!;
    expect(due).toMatchObject({ if: "github.event_name == 'schedule'", run: 'npx gzh publish --due' });
    expect(Object.keys(due.env!)).toEqual(['WECHAT_APP_ID', 'WECHAT_APP_SECRET', 'WECHAT_API_BASE']);
    expect(steps.find((s) => s.name?.startsWith('Lint'))!.if).toBe("github.event_name != 'schedule'");
    expect(steps.find((s) => s.name?.startsWith('Publish changed'))!.if).toBe("github.event_name != 'schedule'");
    // gzh.lock is committed after the scheduled run too (its record is what makes the next run skip)
    const names = steps.map((s) => s.name ?? '');
    expect(names.findIndex((n) => n.startsWith('Commit gzh.lock'))).toBeGreaterThan(names.indexOf(due.name!));
  });

  it('refuses a workflow it has no place in, rather than write one that never runs on schedule', () => {
    expect(() => addDueSchedule('name: x\non:\n  push:\njobs: {}\n')).toThrow(/no .*Lint/);
  });
});
