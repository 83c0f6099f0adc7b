/**
 * The scheduled half of the workflow `gzh init` writes: a cron trigger (every 15 minutes) whose run is
 * `gzh publish --due` (articles whose front matter publish_at has come), while pushes keep publishing what they
 * changed. A separate transform of the generated workflow, so the workflow template can change around it; an
 * anchor it can't find is a bug caught by its test, never a silently unscheduled workflow.
 */
export const DUE_CRON = '*/15 * * * *';

const PUSH_ONLY = "        if: github.event_name != 'schedule'\n";

const DUE_STEP = `      - name: Publish due articles (front matter publish_at)
        if: github.event_name == 'schedule'
        env:
          WECHAT_APP_ID: \${{ secrets.WECHAT_APP_ID }}
          WECHAT_APP_SECRET: \${{ secrets.WECHAT_APP_SECRET }}
          WECHAT_API_BASE: \${{ secrets.WECHAT_API_BASE }}
        # GitHub may start a scheduled run some minutes late: --due publishes whatever has come by then, once
        run: npx gzh publish --due
`;

export function addDueSchedule(workflow: string): string {
  const steps = [
    // the trigger: GitHub cron is UTC; publish_at carries its own offset, so the zone does not matter
    [/^on:\n/m, (m: string) => `${m}  schedule:\n    - cron: '${DUE_CRON}'   # gzh publish --due, see the step below\n`],
    // a scheduled run has no push to diff, and must not fail on an unfinished article's title
    [/^( {6}- name: Lint[^\n]*\n)/m, (m: string) => m + PUSH_ONLY],
    [/^( {6}- name: Publish changed[^\n]*\n)/m, (m: string) => m + PUSH_ONLY],
    [/^( {6}- name: Commit gzh\.lock)/m, (m: string) => DUE_STEP + m],
  ] as const;
  let out = workflow;
  for (const [anchor, insert] of steps) {
    if (!anchor.test(out)) throw new Error(`addDueSchedule: the workflow has no ${String(anchor)} to attach the schedule to`);
    out = out.replace(anchor, insert);
  }
  return out;
}
