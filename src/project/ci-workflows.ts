/**
 * The GitHub Actions workflows `gzh init` writes. Publishing is state-based, not diff-based: every run
 * publishes each article whose content differs from gzh.lock and skips the rest, so a first push, a
 * cancelled run, a rerun and a push of 50 commits all converge to the same drafts.
 */

/**
 * Both jobs: check out (`checkout`: the step's lines), Node, install gzh from the project's package.json, and
 * gzh's cache from the last run. Without it every run on a fresh runner compiles every article again (the lint,
 * and the publish deciding what changed since gzh.lock: minutes for 2,000 articles). Keyed by what the entries
 * are compiled from, so an unchanged repo restores without saving again; an entry that no longer matches its
 * article is not used (the cache checks each one), so restoring an older cache is always safe.
 */
const setup = (job: string, checkout = '      - uses: actions/checkout@v4\n') => `    runs-on: ubuntu-latest
    steps:
${checkout}      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - run: if [ -f package-lock.json ]; then npm ci; else npm install; fi
      - name: Restore gzh's cache (unchanged articles are not compiled or checked again)
        uses: actions/cache@v4
        with:
          path: .gzh/cache
          key: gzh-${job}-\${{ hashFiles('content/**', 'themes/**', 'gzh.config.*', 'package-lock.json') }}
          restore-keys: gzh-${job}-
`;

/**
 * The branch's tip, not the pushed commit: a rerun (or a run that waited for another) starts at a commit older
 * than the gzh.lock commits pushed since, and publishing from that lock would duplicate drafts.
 */
const PUBLISH_CHECKOUT = `      - uses: actions/checkout@v4
        with:
          ref: \${{ github.ref }}   # the tip of the branch: its latest gzh.lock (a rerun must not republish)
`;

export const PUBLISH_WORKFLOW = `# Publishes every article whose content differs from gzh.lock as a WeChat draft (one draft per article).
# State-based: a cancelled or failed run is caught up by the next one; a rerun uploads nothing.
# Secrets: WECHAT_APP_ID, WECHAT_APP_SECRET (Settings → Secrets and variables → Actions).
# WeChat only accepts API calls from whitelisted IPs and GitHub's runner IPs change: set the secret
# WECHAT_API_BASE to a fixed-IP relay, or run this job on a self-hosted runner whose IP is whitelisted
# (an unset secret is an empty string, which gzh treats as unset: the real API).
name: publish
on:
  push:
    branches: [main]
  workflow_dispatch:
permissions:
  contents: write
# one run at a time (gzh.lock must not race); a cancelled pending run loses nothing: the next run
# publishes from the state, not from its own push's diff
concurrency:
  group: gzh-publish
  cancel-in-progress: false
jobs:
  publish:
${setup('publish', PUBLISH_CHECKOUT)}      - name: Lint (annotations on the commit)
        run: npx gzh lint content --format github
      - name: Publish changed articles (every article that differs from gzh.lock)
        env:
          WECHAT_APP_ID: \${{ secrets.WECHAT_APP_ID }}
          WECHAT_APP_SECRET: \${{ secrets.WECHAT_APP_SECRET }}
          WECHAT_API_BASE: \${{ secrets.WECHAT_API_BASE }}
        # an article with push: true is also pushed (群发), once, within the quota, not before its publish_at
        run: npx gzh publish --each content --push-marked
      - name: Commit gzh.lock (so the next run skips what is already uploaded), also after a failed publish
        if: always()
        run: |
          [ -f gzh.lock ] || exit 0
          git config user.name "gzh bot"
          git config user.email "gzh-bot@users.noreply.github.com"
          git add gzh.lock
          git diff --cached --quiet && exit 0
          git commit -m "gzh.lock: record published drafts [skip ci]"
          # main may have moved during the job: rebase onto it and retry, never drop the lock
          for attempt in 1 2 3 4 5; do
            git push origin HEAD:main && exit 0
            git pull --rebase origin main || { git rebase --abort; exit 1; }
            sleep $attempt
          done
          echo "::error file=gzh.lock::could not push gzh.lock after 5 attempts; rerun this job"
          exit 1
`;

export const PREVIEW_WORKFLOW = `# On a pull request: lint with annotations, build the articles, upload the HTML preview, and summarise.
name: preview
on:
  pull_request:
permissions:
  contents: read
jobs:
  preview:
${setup('preview')}      - name: Lint (annotations on the pull request)
        run: npx gzh lint content --format github
      - name: Build, with a job summary (articles, characters vs the 20,000 limit, images, lint)
        if: always()
        run: npx gzh build content --summary "$GITHUB_STEP_SUMMARY"
      - name: Upload the HTML preview
        if: always()
        uses: actions/upload-artifact@v4
        with:
          name: gzh-preview
          path: dist/
`;
