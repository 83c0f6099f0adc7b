/**
 * The gzh command line. The only module that exits the process: commands return exit codes
 * (0 ok, 1 content/lint/publish failure, 2 usage or config error).
 */
import { cac } from 'cac';
import { distance } from 'fastest-levenshtein';
import { isGzhError } from '../errors.js';
import { packageVersion } from '../package-root.js';
import type { CommandContext } from './context.js';
import { createOutput } from './output.js';

type CommandModule = { run(args: string[], options: Record<string, unknown>, ctx: CommandContext): Promise<number> };

const version = packageVersion();
const output = createOutput();
const controller = new AbortController();
let interrupted = 0;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    // first Ctrl-C: shut down cleanly; second: leave now
    if (++interrupted > 1) process.exit(130);
    controller.abort();
  });
}
const ctx: CommandContext = { cwd: process.cwd(), env: process.env, output, signal: controller.signal };

/** Commands load lazily so `gzh --help` and `gzh lint` don't pay for sharp or the preview server. */
const loaders: Record<string, () => Promise<CommandModule>> = {
  init: () => import('./commands/init.js'),
  build: () => import('./commands/build.js'),
  dev: () => import('./commands/dev.js'),
  lint: () => import('./commands/lint.js'),
  publish: () => import('./commands/publish.js'),
  sandbox: () => import('./commands/sandbox.js'),
  doctor: () => import('./commands/doctor.js'),
  themes: () => import('./commands/themes.js'),
};

/**
 * cac (mri) turns option values that look like numbers into numbers before `type: [String]` applies, so
 * `--title 007` arrived as "7" and `--title ""` as "0". Text options are read from argv as typed.
 */
const TEXT_OPTIONS = ['title'];
function rawValues(argv: readonly string[], name: string): string[] | undefined {
  const values: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (arg === `--${name}` && i + 1 < argv.length) values.push(argv[++i]!);
    else if (arg.startsWith(`--${name}=`)) values.push(arg.slice(name.length + 3));
  }
  return values.length > 0 ? values : undefined;
}

let exitCode = 0;
const action =
  (name: string) =>
  async (...params: unknown[]) => {
    const options = params.pop() as Record<string, unknown>;
    for (const option of TEXT_OPTIONS) {
      const raw = rawValues(process.argv, option);
      if (raw && option in options) options[option] = raw;
    }
    const args = params.flatMap((p) => (Array.isArray(p) ? p : p === undefined ? [] : [p])).map(String);
    const mod = await loaders[name]!();
    exitCode = await mod.run(args, options, ctx);
  };

const cli = cac('gzh');
cli.option('--config <file>', 'Config file (default: gzh.config.* in the project root)');
cli.option('--verbose', 'Also print info messages: what was done to each image, and the like');

cli.command('init', 'Scaffold gzh.config, an example article, a CI workflow and .gitignore lines')
  .option('--force', 'Overwrite existing files')
  .example('gzh init')
  .action(action('init'));

cli.command('build [...paths]', 'Compile articles to <out>/<slug>.html (the exact WeChat content) and a phone preview page')
  .option('--out <dir>', 'Output folder (default: config outDir, "dist")')
  .option('--theme <name>', 'Theme to use (see `gzh themes`)')
  .option('--json', 'Print a machine-readable result')
  .example('gzh build content/hello.md --theme serif')
  .action(action('build'));

cli.command('dev [...paths]', 'Watch articles and preview them live in the browser, as on a phone')
  .option('--port <port>', 'Port (next free one if taken)', { default: 5173 })
  .option('--open', 'Open the browser')
  .option('--theme <name>', 'Theme to start with')
  .action(action('dev'));

cli.command('lint [...paths]', 'Check titles and fields for risky headlines (标题党, Advertising Law terms, length)')
  .option('--title <title>', 'Lint this title text instead of files (repeatable)', { type: [String] })
  .option('--format <format>', 'stylish | json | github | sarif', { default: 'stylish' })
  .example('gzh lint --title "震惊！这个功能太强了"')
  .example('gzh lint content --format github')
  .action(action('lint'));

cli.command('publish [...paths]', 'Upload images and save the articles as one WeChat draft (optionally publish it)')
  .option('--dry-run', 'Compile, lint, validate and print the plan; no network')
  .option('--submit', 'Publish the draft after saving it, and wait for the result')
  .option('--timeout <seconds>', 'How long --submit waits for the publish result', { default: 600 })
  .option('--sandbox', 'Publish to the built-in local sandbox instead of WeChat')
  .option('--api-base <url>', 'WeChat API base URL (a fixed-IP relay); env WECHAT_API_BASE')
  .option('--replace', 'When the article list changed, delete the old draft')
  .option('--force', 'Publish despite lint errors')
  .option('--theme <name>', 'Theme to use')
  .option('--json', 'Print a machine-readable result')
  .example('gzh publish content/hello.md --sandbox')
  .example('gzh publish content/2026-11-22/ --submit')
  .action(action('publish'));

cli.command('sandbox', 'Run the local WeChat API emulator and its web view')
  .option('--port <port>', 'Port', { default: 8787 })
  .option('--data <dir>', 'Keep its state in this folder (default: .gzh/sandbox in the project, shared with `publish --sandbox`)')
  .option('--memory', 'Keep nothing on disk')
  .action(action('sandbox'));

cli.command('doctor', 'Check Node, config, credentials, token, IP whitelist, material and draft counts')
  .option('--api-base <url>', 'WeChat API base URL; env WECHAT_API_BASE')
  .option('--json', 'Print a machine-readable result')
  .action(action('doctor'));

cli.command('themes [...paths]', 'List themes with a one-line description; --preview shows them all on your articles')
  .option('--json', 'Print a machine-readable result')
  .option('--preview', 'Write <out>/themes.html: every theme on the given articles (else the first 4 in the content folder)')
  .option('--out <dir>', 'Folder for --preview (default: config outDir)')
  .action(action('themes'));

cli.help();
cli.version(version);

function reportError(error: unknown): number {
  if (isGzhError(error)) {
    const where = error.where ? `${error.where}: ` : '';
    output.err(`${output.colors.red('error')} ${where}${error.message}`);
    if (error.hint) output.err(`  ${output.colors.dim('hint:')} ${error.hint}`);
    return error.exitCode;
  }
  if (error instanceof Error && error.name === 'CACError') {
    const command = cli.matchedCommandName ? ` ${cli.matchedCommandName}` : '';
    output.err(`${output.colors.red('error')} ${error.message}`);
    output.err(`  ${output.colors.dim('hint:')} run \`gzh${command} --help\` for the options`);
    return 2;
  }
  output.err(`${output.colors.red('internal error')} (a bug in gzh, please report it):`);
  output.err(error instanceof Error ? (error.stack ?? error.message) : String(error));
  return 1;
}

async function main(): Promise<number> {
  cli.parse(process.argv, { run: false });
  if (cli.options.help || cli.options.version) return 0;
  if (!cli.matchedCommand) {
    const name = cli.args[0];
    if (name === undefined) {
      cli.outputHelp();
      return 0;
    }
    const names = Object.keys(loaders);
    const near = names.sort((a, b) => distance(a, name) - distance(b, name))[0]!;
    output.err(`${output.colors.red('error')} Unknown command \`${name}\``);
    output.err(`  ${output.colors.dim('hint:')} ${distance(near, name) <= 2 ? `did you mean \`gzh ${near}\`? ` : ''}Run \`gzh --help\` for the commands`);
    return 2;
  }
  await cli.runMatchedCommand();
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => process.exit(reportError(error)),
);
