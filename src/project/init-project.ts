/**
 * `gzh init`: scaffold a project: package.json (when there is none), gzh.config.yaml, content/hello.md,
 * the GitHub Actions workflows (publish on push, preview on pull requests), and .gitignore lines. Never overwrites a file
 * unless `force`; never touches an existing package.json.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { packageName } from '../package-root.js';
import { loadConfig } from '../config/load-config.js';
import { ACCOUNT_NAME, envSuffix } from '../config/schema.js';
import { UsageError } from '../errors.js';
import { addAccountsMatrix, type WorkflowAccount } from './accounts-workflow.js';
import { addDueSchedule } from './schedule-trigger.js';
import { PREVIEW_WORKFLOW, PUBLISH_WORKFLOW } from './ci-workflows.js';
import { gzhDependencySpec } from './gzh-spec.js';

const CONFIG = `# gzh configuration: every key is optional (see the README, "Configuration")
theme: default          # gzh themes lists them
codeTheme: github       # any highlight.js style name
accountName: ""         # shown in previews
links: references       # external links → numbered references at the end
images:
  maxWidth: 1080
lint:
  promotional: false    # true: Advertising Law terms (最好, 第一, ...) become errors
`;

const HELLO = `---
title: 你好，公众号
author: 我
digest: 用 Markdown 写的第一篇公众号文章。
cover: ./images/cover.png
---

这是用 **gzh** 写的第一篇文章。在本地预览：\`npx gzh dev\`，发布为草稿：\`npx gzh publish content/hello.md\`。

![封面](./images/cover.png)

> 外部链接会变成文末的编号引用，比如 [gzh](https://github.com/gzh-dev/gzh)。
`;

/** A 900×383 (2.35:1, the share-card shape) plain green PNG, so the example has a cover; replace it with yours. */
const COVER_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAA4QAAAF/CAMAAAAmWvf6AAAAA1BMVEUHwWA9ZqwIAAAACXBIWXMAAAPoAAAD6AG1e1JrAAABZUlEQVR42u3BMQEAAADCoPVPbQ0PoAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA4MURGAAFVW6AAAAAAAElFTkSuQmCC', 'base64');


const IGNORE_LINES = ['dist/', '.gzh/', 'gzh.lock.lock/', 'node_modules/'];
/** Several accounts: the publish locks beside their state files. */
const ACCOUNT_IGNORE_LINES = ['gzh.lock.d/*.lock/'];

/** The config's `accounts:` block for `gzh init --accounts`: credentials by env var name, never the values. */
function accountsConfig(accounts: readonly WorkflowAccount[]): string {
  return `accounts:               # gzh publish --account NAME (see the README, "Several accounts")\n${accounts.map((a) => `  ${a.name}:                 # ${a.appIdEnv} / ${a.appSecretEnv}\n    type: subscription   # or service\n`).join('')}`;
}

function packageJson(dir: string, spec: string): string {
  const name = path.basename(path.resolve(dir)).toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'wechat-articles';
  const pkg = {
    name,
    private: true,
    scripts: { dev: 'gzh dev', lint: 'gzh lint', build: 'gzh build', 'publish:drafts': 'gzh publish' },
    devDependencies: { [packageName()]: spec },
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

export interface InitOptions {
  force?: boolean;
  /** The dependency spec for gzh in package.json (default: one that installs this gzh, see gzhDependencySpec). */
  gzhSpec?: string;
  /** `--accounts main,tech`: the config's accounts and the publish workflow as a matrix over them. */
  accounts?: readonly string[];
}

export interface InitResult {
  /** Each file: created, kept (exists; force overwrites), or updated (.gitignore lines added). */
  files: { path: string; action: 'create' | 'skip' | 'update'; detail?: string }[];
  /** Things the user should do (e.g. add gzh to an existing package.json). */
  notes: string[];
}

export async function initProject(cwd: string, options: InitOptions = {}): Promise<InitResult> {
  const result: InitResult = { files: [], notes: [] };
  const spec = gzhDependencySpec(options.gzhSpec);
  const name = packageName();
  const accounts = options.accounts ? await workflowAccounts(cwd, options.accounts, result.notes) : undefined;
  const publish = addDueSchedule(PUBLISH_WORKFLOW);
  const files: [string, string | Buffer][] = [
    // CI installs gzh from it (npm ci / npm install): a project without one gets a minimal package.json
    ['package.json', packageJson(cwd, spec)],
    ['gzh.config.yaml', accounts ? CONFIG + accountsConfig(accounts) : CONFIG],
    ['content/hello.md', HELLO],
    ['content/images/cover.png', COVER_PNG],
    ['.github/workflows/publish.yml', accounts ? addAccountsMatrix(publish, accounts) : publish],
    ['.github/workflows/preview.yml', PREVIEW_WORKFLOW],
  ];
  for (const [rel, content] of files) {
    const file = path.join(cwd, rel);
    if (rel === 'package.json' && existsSync(file)) {
      // never replaced, not even with force: it is the project's own
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { dependencies?: object; devDependencies?: object };
      if (!(name in (pkg.devDependencies ?? {})) && !(name in (pkg.dependencies ?? {}))) result.notes.push(`package.json has no gzh dependency: run \`npm install -D ${name}@${spec}\` so CI installs it`);
      continue;
    }
    if (existsSync(file) && !options.force) {
      result.files.push({ path: rel, action: 'skip', detail: 'exists; --force overwrites' });
      continue;
    }
    await mkdir(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, content);
    result.files.push({ path: rel, action: 'create' });
  }
  const gitignore = path.join(cwd, '.gitignore');
  const current = existsSync(gitignore) ? readFileSync(gitignore, 'utf8') : '';
  const missing = [...IGNORE_LINES, ...(accounts ? ACCOUNT_IGNORE_LINES : [])].filter((l) => !current.split(/\r?\n/).includes(l));
  if (missing.length) {
    await writeFileAtomic(gitignore, current + (current && !current.endsWith('\n') ? '\n' : '') + `# gzh\n${missing.join('\n')}\n`);
    result.files.push({ path: '.gitignore', action: 'update', detail: missing.join(' ') });
  }
  return result;
}

/**
 * The accounts' env var names: from an existing config's `accounts:` when it names them (its appIdEnv/appSecretEnv),
 * else the defaults (WECHAT_APP_ID_<NAME>). A name the existing config lacks is a note: the workflow would
 * publish to an account gzh does not know.
 */
async function workflowAccounts(cwd: string, names: readonly string[], notes: string[]): Promise<WorkflowAccount[]> {
  const wanted = [...new Set(names.map((n) => n.trim()).filter(Boolean))];
  if (wanted.length === 0) throw new UsageError('--accounts needs account names, comma-separated', { hint: 'gzh init --accounts main,tech' });
  const bad = wanted.find((n) => !ACCOUNT_NAME.test(n));
  if (bad) throw new UsageError(`--accounts: \`${bad}\` is not an account name`, { hint: 'lower-case letters, digits, - and _ (it names gzh.lock.d/<name>.json and the env vars WECHAT_APP_ID_<NAME>)' });
  const { config } = await loadConfig(cwd).catch(() => ({ config: undefined }));
  const configured = config && config.configFile ? config.accounts : undefined;
  return wanted.map((name) => {
    const entry = configured?.[name];
    if (configured && !entry) notes.push(`${config!.configFile ? path.relative(cwd, config!.configFile) : 'gzh.config'} has no account \`${name}\`: add it under \`accounts:\` (the workflow publishes with --account ${name})`);
    const suffix = envSuffix(name);
    return { name, appIdEnv: entry?.appIdEnv ?? `WECHAT_APP_ID_${suffix}`, appSecretEnv: entry?.appSecretEnv ?? `WECHAT_APP_SECRET_${suffix}`, apiBaseEnv: `WECHAT_API_BASE_${suffix}` };
  });
}
