/**
 * Analytics of a push (群发): the sandbox serves datacube rows for what was pushed in it, and gzh stats maps
 * them back to the file through gzh.lock's push history (msg_data_id), as it does for 发布.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { run as publish } from '../../src/cli/commands/publish.js';
import { run as stats } from '../../src/cli/commands/stats.js';
import { startSandbox } from '../../src/index.js';
import { articleDayNumbers } from '../../src/sandbox/datacube.js';
import { addDays, beijingDay, daysBetween } from '../../src/stats/dates.js';
import { APP_ID, SECRET, capture, makeProject, sandboxEnv } from '../publish/helpers.js';

const sb = await startSandbox({ appId: APP_ID, appSecret: SECRET, publishPolls: 0, publishMs: 0 });
const tmp = await mkdtemp(path.join(os.tmpdir(), 'gzh-stats-push-'));

afterAll(async () => {
  await sb.close();
  await rm(tmp, { recursive: true, force: true });
});

it('a pushed article gets its reads, matched to its file by the push msg_data_id', async () => {
  const project = await makeProject([{ name: '推送.md', title: '冬至吃饺子', images: 1 }], tmp);
  const env = (now?: string) => ({ ...sandboxEnv(sb, path.join(project.dir, '.cache')), ...(now ? { GZH_NOW: now } : {}) });
  const p = capture(project.dir, env());
  expect(await publish(['content'], { broadcast: true, timeout: 30 }, p.ctx), p.err()).toBe(0);
  const push = sb.state.masses[0]!;
  expect(push.msg_data_id).toBeGreaterThan(0);

  const sendDay = beijingDay(push.create_time * 1000);
  const now = `${addDays(sendDay, 10)}T02:00:00.000Z`;
  sb.clock.set(now);
  const s = capture(project.dir, env(now));
  expect(await stats([], { since: sendDay, json: true }, s.ctx), s.err()).toBe(0);
  const json = JSON.parse(s.out());
  const msgid = `${push.msg_data_id}_1`;
  const reads = daysBetween(sendDay, addDays(sendDay, 9)).reduce((sum, d) => sum + articleDayNumbers(msgid, push.create_time * 1000, d).int_page_read_count, 0);
  expect(reads).toBeGreaterThan(0);
  expect(json.articles).toEqual([expect.objectContaining({ file: 'content/推送.md', msgid, reads })]);
  expect(json.notFromRepo).toEqual([]);
});
