/**
 * `gzh init --accounts main,tech`: the publish workflow as a GitHub Actions matrix, one job per account running in
 * parallel. Each job publishes with `--account <its name>` and commits only its own state file,
 * gzh.lock.d/<name>.json, so the jobs never race on one file: a push that loses the race rebases onto the other
 * job's commit without a conflict. A transform of the generated workflow (like schedule-trigger.ts): an anchor it
 * can't find is a bug its test catches, never a workflow publishing to the wrong account.
 */
export interface WorkflowAccount {
  name: string;
  appIdEnv: string;
  appSecretEnv: string;
  apiBaseEnv: string;
}

const CREDENTIALS = /^( +)WECHAT_APP_ID: \$\{\{ secrets\.WECHAT_APP_ID \}\}\n\1WECHAT_APP_SECRET: \$\{\{ secrets\.WECHAT_APP_SECRET \}\}\n\1WECHAT_API_BASE: \$\{\{ secrets\.WECHAT_API_BASE \}\}\n/gm;

export function addAccountsMatrix(workflow: string, accounts: readonly WorkflowAccount[]): string {
  const secrets = accounts.flatMap((a) => [a.appIdEnv, a.appSecretEnv, a.apiBaseEnv]);
  const steps = [
    [/^# Secrets: WECHAT_APP_ID, WECHAT_APP_SECRET[^\n]*\n/m, () => `# One job per account (config accounts:), in parallel. Secrets, per account: ${accounts.map((a) => `${a.appIdEnv}, ${a.appSecretEnv}`).join('; ')}\n# (Settings → Secrets and variables → Actions); optional ${accounts.map((a) => a.apiBaseEnv).join(', ')} for a relay.\n`],
    [/^jobs:\n {2}publish:\n/m, (m: string) => `${m}    # each account its own job: one failing does not stop the others\n    strategy:\n      fail-fast: false\n      matrix:\n        account: [${accounts.map((a) => a.name).join(', ')}]\n`],
    // every account's secrets by the names its config entry reads; the job's --account picks its own
    [CREDENTIALS, (_m: string, indent: string) => secrets.map((s) => `${indent}${s}: \${{ secrets.${s} }}\n`).join('')],
    // each account compiles with its own overrides (header, footer, theme): its own cache, saved by its own job
    [/^( +)key: gzh-publish-/m, (_m: string, indent: string) => `${indent}key: gzh-publish-\${{ matrix.account }}-`],
    [/^( +)restore-keys: gzh-publish-$/m, (_m: string, indent: string) => `${indent}restore-keys: gzh-publish-\${{ matrix.account }}-`],
    [/npx gzh publish --each content --push-marked$/m, (m: string) => `${m} --account \${{ matrix.account }}`],
    [/npx gzh publish --due$/m, (m: string) => `${m} --account \${{ matrix.account }}`],
    [/^( +)\[ -f gzh\.lock \] \|\| exit 0\n/m, (_m: string, indent: string) => `${indent}f="gzh.lock.d/\${{ matrix.account }}.json"   # this job's own state file: no other job writes it\n${indent}[ -f "$f" ] || exit 0\n`],
    [/^( +)git add gzh\.lock\n/m, (_m: string, indent: string) => `${indent}git add "$f"\n`],
    [/git commit -m "gzh\.lock: record published drafts \[skip ci\]"/, () => 'git commit -m "gzh.lock.d/${{ matrix.account }}.json: record published drafts [skip ci]"'],
    [/file=gzh\.lock::could not push gzh\.lock/, () => 'file=$f::could not push $f'],
  ] as const;
  let out = workflow;
  for (const [anchor, insert] of steps) {
    if (!new RegExp(anchor.source, anchor.flags.replace('g', '')).test(out)) throw new Error(`addAccountsMatrix: the workflow has no ${String(anchor)}`);
    out = out.replace(anchor, insert as (substring: string, ...args: string[]) => string);
  }
  return out;
}
