/**
 * The command line as data: every command, its arguments and every flag with its type. `createProgram` turns
 * the table into a commander program (typed flags: a boolean never takes the next word, strings stay as typed,
 * lists repeat, `--no-x` negates, unknown flags get a "did you mean"); the flag-position test walks the same table.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_LISTEN, DEFAULT_PER_MINUTE } from '../index.js';

export type OptionKind = 'boolean' | 'string' | 'integer' | 'number' | 'list';

export interface OptionSpec {
  /** Long name without dashes, e.g. `dry-run` (read back as `dryRun`). */
  name: string;
  kind: OptionKind;
  description: string;
  /** Placeholder shown in help for value options, e.g. `dir`. */
  value?: string;
  choices?: readonly string[];
  default?: string | number | boolean;
  /** Integer/number bounds (inclusive). */
  min?: number;
  max?: number;
}

export interface CommandSpec {
  name: string;
  description: string;
  /** `paths`: any number of files or folders. */
  args?: 'paths';
  options: readonly OptionSpec[];
  examples?: readonly string[];
}

const json: OptionSpec = { name: 'json', kind: 'boolean', description: 'Print a machine-readable result on stdout' };
const theme: OptionSpec = { name: 'theme', kind: 'string', value: 'name', description: 'Theme to use (see `gzh themes`)' };
const viewAccount: OptionSpec = { name: 'account', kind: 'string', value: 'name', description: 'As this account of config `accounts:` publishes it: its theme, header, footer, author, source URL' };
const apiBase: OptionSpec = { name: 'api-base', kind: 'string', value: 'url', description: 'WeChat API base URL (a fixed-IP relay); env WECHAT_API_BASE' };
const port = (fallback: number): OptionSpec => ({ name: 'port', kind: 'integer', value: 'port', min: 0, max: 65535, default: fallback, description: `Port (default ${fallback})` });

export const GLOBAL_OPTIONS: readonly OptionSpec[] = [
  { name: 'config', kind: 'string', value: 'file', description: 'Config file (default: gzh.config.* in the project root)' },
  { name: 'verbose', kind: 'boolean', description: 'Also print info messages: what was done to each image, and the like' },
];

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'init',
    description: 'Scaffold gzh.config, an example article, CI workflows and .gitignore lines',
    options: [
      { name: 'force', kind: 'boolean', description: 'Overwrite existing files (never package.json)' },
      { name: 'gzh-spec', kind: 'string', value: 'spec', description: 'Dependency spec for gzh in package.json (default: this gzh: its registry version, else file: to where it runs from)' },
      { name: 'accounts', kind: 'string', value: 'names', description: 'Several accounts, comma-separated: config `accounts:` for them and the publish workflow as a matrix, one job per account, each committing its own gzh.lock.d/<name>.json' },
    ],
    examples: ['gzh init', 'gzh init --gzh-spec ^0.1.0', 'gzh init --accounts main,tech'],
  },
  {
    name: 'build',
    description: 'Compile articles to <out>/<slug>.html (the exact WeChat content) and a phone preview page',
    args: 'paths',
    options: [
      { name: 'out', kind: 'string', value: 'dir', description: 'Output folder (default: config outDir, "dist")' },
      theme,
      { name: 'jobs', kind: 'integer', value: 'n', min: 1, max: 256, description: 'Compile on N worker threads (default: the number of cores; 1: in-process)' },
      { name: 'cache', kind: 'boolean', description: 'Reuse unchanged articles\' compiles from .gzh/cache (the default; --no-cache compiles every article)' },
      viewAccount,
      json,
      { name: 'summary', kind: 'string', value: 'file', description: 'Append a Markdown summary (articles, characters vs the limit, images, lint) to this file, e.g. $GITHUB_STEP_SUMMARY' },
    ],
    examples: ['gzh build content/hello.md --theme serif', 'gzh build content --jobs 2', 'gzh build content --account tech'],
  },
  {
    name: 'dev',
    description: 'Watch articles and preview them live in the browser, as on a phone',
    args: 'paths',
    options: [port(5173), { name: 'open', kind: 'boolean', description: 'Open the browser' }, { ...theme, description: 'Theme to start with' }, viewAccount, { name: 'cache', kind: 'boolean', description: 'Start from the compile cache gzh build and lint fill (the default; --no-cache compiles every article)' }],
    examples: ['gzh dev', 'gzh dev content/draft.md --open', 'gzh dev --account tech'],
  },
  {
    name: 'lint',
    description: 'Run the pre-publish checks: risky headlines (标题党, Advertising Law terms), lengths, cover, images',
    args: 'paths',
    options: [
      { name: 'title', kind: 'list', value: 'title', description: 'Lint this title text instead of files (repeatable)' },
      { name: 'format', kind: 'string', value: 'format', choices: ['stylish', 'json', 'github', 'sarif'], default: 'stylish', description: 'Output format' },
      { name: 'cache', kind: 'boolean', description: 'Reuse unchanged articles\' compiles from .gzh/cache (the default; --no-cache compiles every article)' },
    ],
    examples: ['gzh lint --title "震惊！这个功能太强了"', 'gzh lint content --format github'],
  },
  {
    name: 'publish',
    description: 'Upload images and save the articles as one WeChat draft (optionally publish it)',
    args: 'paths',
    options: [
      { name: 'dry-run', kind: 'boolean', description: 'Check everything and print the plan: every request it would make; no network' },
      { name: 'submit', kind: 'boolean', description: 'Publish (发布) the draft after saving it, and wait for the result' },
      { name: 'due', kind: 'boolean', description: 'Publish (with --submit, one draft each; push, when the front matter says push: true) exactly the articles whose front matter publish_at has come and that are not published yet; what the scheduled workflow runs' },
      { name: 'timeout', kind: 'number', value: 'seconds', min: 1, default: 600, description: 'How long --submit / --broadcast wait for the result' },
      { name: 'broadcast', kind: 'boolean', description: 'Push (群发) the saved draft to followers: within the account\'s quota, never the same content twice' },
      { name: 'tag', kind: 'string', value: 'name|id', description: 'With --broadcast: push to one follower tag instead of everyone' },
      { name: 'push-marked', kind: 'boolean', description: 'Push (群发) only the drafts whose headline article has `push: true`, and only once (what CI runs)' },
      { name: 'sandbox', kind: 'boolean', description: 'Publish to the built-in local sandbox instead of WeChat' },
      apiBase,
      { name: 'account', kind: 'string', value: 'names', description: 'Accounts of config `accounts:` to publish to, comma-separated, or all; each article\'s front matter `accounts:` narrows it (default: those front matter names, or the only account)' },
      { name: 'each', kind: 'boolean', description: 'One draft per article (or per *.draft.yaml manifest) instead of one draft for all: what CI runs over the content folder' },
      { name: 'replace', kind: 'boolean', description: 'When the article list changed, delete the old draft' },
      { name: 'force', kind: 'boolean', description: 'Publish despite title-wording lint errors (never despite WeChat limits)' },
      theme,
      json,
    ],
    examples: ['gzh publish content/hello.md --sandbox', 'gzh publish content/2026-11-22/ --submit', 'gzh publish --dry-run content/post.md', 'gzh publish content/post.md --broadcast --dry-run', 'gzh publish --each content --account main,tech --submit'],
  },
  {
    name: 'preview',
    description: 'Save the draft as publish does, then send it to reviewers\' phones (预览, message/mass/preview)',
    args: 'paths',
    options: [
      { name: 'to', kind: 'list', value: 'name', description: 'Reviewer\'s 微信号 (or openid:<openid>); repeatable or comma-separated; default: config reviewers' },
      { name: 'again', kind: 'boolean', description: 'Send also to reviewers who already got this content' },
      { name: 'dry-run', kind: 'boolean', description: 'Print the plan (who gets it, the day\'s count); no network' },
      { name: 'sandbox', kind: 'boolean', description: 'Preview through the built-in local sandbox' },
      apiBase,
      { name: 'force', kind: 'boolean', description: 'Preview despite title-wording lint errors' },
      { name: 'account', kind: 'string', value: 'names', description: 'With config `accounts:`: send from these accounts (comma-separated; default as for publish: the article\'s front matter accounts:, or the only one)' },
      theme,
      json,
    ],
    examples: ['gzh preview content/post.md --to editor_wang --to chief_li', 'gzh preview content/post.md --sandbox', 'gzh preview content/post.md --account tech'],
  },
  {
    name: 'schedule',
    description: 'Show the posts planned (front matter publish_at) for the next days as a calendar, beside Chinese public holidays, festivals and solar terms',
    args: 'paths',
    options: [
      { name: 'days', kind: 'integer', value: 'n', min: 1, max: 366, default: 30, description: 'How many days to show, from today (Beijing time)' },
      { name: 'account', kind: 'string', value: 'names', description: 'With config `accounts:`: only these accounts\' posts (comma-separated; default: every account)' },
      json,
    ],
    examples: ['gzh schedule', 'gzh schedule content/2026-12/ --days 60', 'gzh schedule --json'],
  },
  {
    name: 'sandbox',
    description: 'Run the local WeChat API emulator and its web view',
    options: [
      port(8787),
      { name: 'data', kind: 'string', value: 'dir', description: 'Keep its state in this folder (default: .gzh/sandbox, shared with `publish --sandbox`)' },
      { name: 'account', kind: 'string', value: 'name', description: 'Serve this account of config `accounts:` (its state in .gzh/sandbox/<name>, shared with `publish --sandbox --account <name>`)' },
      { name: 'memory', kind: 'boolean', description: 'Keep nothing on disk' },
    ],
  },
  {
    name: 'doctor',
    description: 'Check Node, config, credentials, token, IP whitelist, material and draft counts',
    options: [apiBase, { name: 'account', kind: 'string', value: 'names', description: 'With config `accounts:`: check only these (comma-separated; default: every account)' }, json],
    examples: ['gzh doctor', 'gzh doctor --account tech --json'],
  },
  {
    name: 'relay',
    description: 'Run the fixed-IP relay: holds the AppSecret, checks client tokens, forwards the calls gzh makes',
    options: [
      { name: 'listen', kind: 'string', value: 'addr', default: DEFAULT_LISTEN, description: 'Address to listen on, HOST:PORT (0.0.0.0:8443: every interface)' },
      { ...apiBase, description: 'Upstream WeChat API; env WECHAT_API_BASE, else https://api.weixin.qq.com' },
      { name: 'accounts', kind: 'string', value: 'names', description: 'Accounts to serve, comma-separated, each from WECHAT_APP_ID_<NAME>/WECHAT_APP_SECRET_<NAME>; env GZH_RELAY_ACCOUNTS; default: one account "default" from WECHAT_APP_ID/WECHAT_APP_SECRET' },
      { name: 'tokens-file', kind: 'string', value: 'file', description: 'Client tokens file (YAML/JSON), added to GZH_RELAY_TOKENS; env GZH_RELAY_TOKENS_FILE' },
      { name: 'tls-cert', kind: 'string', value: 'file', description: 'Serve HTTPS with this PEM certificate chain (with --tls-key)' },
      { name: 'tls-key', kind: 'string', value: 'file', description: 'PEM private key for --tls-cert' },
      { name: 'rate-limit', kind: 'integer', value: 'n', min: 0, default: DEFAULT_PER_MINUTE, description: 'Requests per minute per client token (0: no limit)' },
      { name: 'max-upload', kind: 'number', value: 'mb', min: 0.1, max: 100, default: 10, description: 'Largest upload accepted, in MB' },
      { name: 'timeout', kind: 'number', value: 'seconds', min: 1, max: 600, default: 30, description: 'Timeout of one forwarded request' },
      { name: 'new-token', kind: 'boolean', description: 'Print a new random client token (and its sha256, for a tokens file), then exit' },
    ],
    examples: ['WECHAT_APP_ID=wx… WECHAT_APP_SECRET=… GZH_RELAY_TOKENS=ci:<token> gzh relay --listen 0.0.0.0:8443', 'gzh relay --new-token'],
  },
  {
    name: 'themes',
    description: 'List themes with a one-line description; --preview shows them all on your articles',
    args: 'paths',
    options: [
      json,
      { name: 'preview', kind: 'boolean', description: 'Write <out>/themes.html: every theme on the given articles (else the first 4 in the content folder)' },
      { name: 'out', kind: 'string', value: 'dir', description: 'Folder for --preview (default: config outDir)' },
    ],
  },
  {
    name: 'stats',
    description: 'Reads, shares and followers per article (WeChat analytics mapped to your files via gzh.lock): table, JSON, CSV, HTML charts',
    args: 'paths',
    options: [
      { name: 'since', kind: 'string', value: 'day', description: 'First day, YYYY-MM-DD (Beijing time) or days back such as 30d (default: 7 days up to --until)' },
      { name: 'until', kind: 'string', value: 'day', description: 'Last day (default: yesterday; WeChat has nothing for today)' },
      { name: 'account', kind: 'string', value: 'name', description: 'Account: one of config `accounts:` (its credentials and gzh.lock.d/<name>.json), else credentials from WECHAT_APP_ID_<NAME>/WECHAT_APP_SECRET_<NAME>; history in stats/<name>.csv' },
      { name: 'csv', kind: 'string', value: 'file', description: 'Write one row per article per day (and per day for followers) to this CSV file' },
      { name: 'html', kind: 'string', value: 'file', description: 'Write a self-contained report page with charts to this file (<outDir>/stats.html is the one gzh dev links to)' },
      { name: 'sandbox', kind: 'boolean', description: 'Read the analytics of the built-in local sandbox' },
      apiBase,
      json,
    ],
    examples: ['gzh stats --since 30d', 'gzh stats content/2026/ --csv stats.csv --html dist/stats.html'],
  },
];

/** What the parser hands to the command: the paths and the typed options (camelCase keys). */
export type CommandAction = (name: string, paths: string[], options: Record<string, unknown>) => Promise<void> | void;

export interface ProgramIo {
  writeOut(text: string): void;
  writeErr(text: string): void;
}

/** A fresh commander program for one parse (commander keeps option values between parses of one program). */
export function createProgram(version: string, onAction: CommandAction, io: ProgramIo): Command {
  const program = new Command('gzh')
    .description('Markdown → WeChat Official Account (公众号) articles: compile, lint, optimise images, publish')
    .version(version, '-V, --version', 'Print the gzh version')
    .helpOption('-h, --help', 'Show help')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeOut: io.writeOut, writeErr: () => {} /* errors are reported by cli/index.ts, in gzh's format */ });
  for (const spec of GLOBAL_OPTIONS) addOption(program, spec);
  program.addHelpCommand(false);

  for (const spec of COMMANDS) {
    const command = program.command(spec.name).description(spec.description).exitOverride().configureOutput({ writeOut: io.writeOut, writeErr: () => {} });
    command.helpOption('-h, --help', 'Show help');
    if (spec.args === 'paths') command.argument('[paths...]', 'Markdown files or folders (default: the content folder)');
    for (const option of spec.options) addOption(command, option);
    if (spec.examples?.length) command.addHelpText('after', `\nExamples:\n${spec.examples.map((e) => `  $ ${e}`).join('\n')}\n`);
    command.action(async (...params: unknown[]) => {
      const cmd = params.at(-1) as Command;
      const paths = spec.args === 'paths' ? ((params[0] as string[] | undefined) ?? []) : [];
      await onAction(spec.name, paths, cmd.optsWithGlobals());
    });
  }
  return program;
}

/** The option, and for a boolean its hidden `--no-x` (so a script can switch off what a wrapper turned on). */
function addOption(command: Command, spec: OptionSpec): void {
  command.addOption(toOption(spec));
  if (spec.kind === 'boolean') command.addOption(new Option(`--no-${spec.name}`).hideHelp());
}

function toOption(spec: OptionSpec): Option {
  const flags = spec.kind === 'boolean' ? `--${spec.name}` : `--${spec.name} <${spec.value ?? 'value'}>`;
  const option = new Option(flags, spec.description);
  if (spec.choices) option.choices(spec.choices);
  if (spec.default !== undefined && spec.kind !== 'boolean') option.default(spec.default);
  if (spec.kind === 'list') option.argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
  if (spec.kind === 'integer' || spec.kind === 'number') option.argParser((value: string) => parseNumber(spec, value));
  return option;
}

function parseNumber(spec: OptionSpec, text: string): number {
  const value = Number(text);
  const whole = spec.kind === 'integer';
  if (text.trim() === '' || !Number.isFinite(value) || (whole && !Number.isInteger(value))) {
    throw new InvalidArgumentError(`expected ${whole ? 'a whole number' : 'a number'}`);
  }
  if ((spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max)) {
    throw new InvalidArgumentError(spec.max !== undefined ? `expected ${spec.min ?? '-∞'}–${spec.max}` : `expected at least ${spec.min}`);
  }
  return value;
}
