/**
 * The gzh command line. The only module that exits the process: commands return exit codes
 * (0 ok, 1 content/lint/publish failure, 2 usage or config error, 130 interrupted).
 */
import { CommanderError } from 'commander';
import { isGzhError, packageVersion } from '../index.js';
import type { CommandContext } from './context.js';
import { createOutput } from './output.js';
import { COMMANDS, createProgram } from './program.js';

type CommandModule = { run(args: string[], options: Record<string, unknown>, ctx: CommandContext): Promise<number> };

const output = createOutput();
const controller = new AbortController();
let interrupted = 0;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    // first Ctrl-C: stop at the next safe point (commands watch ctx.signal); second: leave now
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
  preview: () => import('./commands/preview.js'),
  sandbox: () => import('./commands/sandbox.js'),
  doctor: () => import('./commands/doctor.js'),
  themes: () => import('./commands/themes.js'),
  relay: () => import('./commands/relay.js'),
  schedule: () => import('./commands/schedule.js'),
  stats: () => import('./commands/stats.js'),
};

function reportError(error: unknown): number {
  if (error instanceof CommanderError) return reportUsage(error);
  if (isGzhError(error)) {
    const where = error.where ? `${error.where}: ` : '';
    output.err(`${output.colors.red('error')} ${where}${error.message}`);
    if (error.hint) output.err(`  ${output.colors.dim('hint:')} ${error.hint}`);
    return error.exitCode;
  }
  output.err(`${output.colors.red('internal error')} (a bug in gzh, please report it):`);
  output.err(error instanceof Error ? (error.stack ?? error.message) : String(error));
  return 1;
}

/** commander's "error: unknown option '--ouput'\n(Did you mean --out?)" in gzh's error format, exit 2. */
function reportUsage(error: CommanderError): number {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) return 0;
  const [first = '', ...rest] = error.message.split('\n');
  const suggestion = /\(Did you mean (.+)\?\)/.exec(rest.join(' '))?.[1];
  const command = commandName(process.argv.slice(2));
  output.err(`${output.colors.red('error')} ${gzhWording(first)}`);
  const near = suggestion ? `did you mean ${error.code === 'commander.unknownCommand' ? `\`gzh ${suggestion}\`` : `\`${suggestion}\``}? ` : '';
  output.err(`  ${output.colors.dim('hint:')} ${near}run \`gzh${command ? ` ${command}` : ''} --help\` for the ${command ? 'options' : 'commands'}`);
  return 2;
}

/** "error: unknown option '--x'" → "Unknown option `--x`", like gzh's other messages. */
function gzhWording(text: string): string {
  const plain = text.replace(/^error: /, '').replace(/'([^']*)'/g, '`$1`');
  return plain.charAt(0).toUpperCase() + plain.slice(1);
}

function commandName(argv: readonly string[]): string | undefined {
  return argv.find((a) => COMMANDS.some((c) => c.name === a));
}

async function main(): Promise<number> {
  let exitCode = 0;
  const program = createProgram(`gzh/${packageVersion()}`, async (name, paths, options) => {
    const mod = await loaders[name]!();
    exitCode = await mod.run(paths, options, ctx);
  }, { writeOut: (text) => process.stdout.write(text), writeErr: (text) => process.stderr.write(text) });
  if (process.argv.length <= 2) {
    program.outputHelp();
    return 0;
  }
  await program.parseAsync(process.argv);
  return exitCode;
}

/**
 * Exit once stdout and stderr have handed everything to the OS: to a pipe they are asynchronous, and an
 * immediate process.exit cuts a large `--json` answer short. A reader that never drains gets 5 s.
 */
function exitAfterFlush(code: number): void {
  process.exitCode = code;
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
  setTimeout(() => process.exit(code), 5000).unref();
}

main().then(exitAfterFlush, (error: unknown) => exitAfterFlush(reportError(error)));
