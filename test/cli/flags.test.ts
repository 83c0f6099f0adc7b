/**
 * Every flag of every command, in every position: before a path, after it, as `--flag=value`, negated. The table is
 * generated from the command definitions, so a new flag is tested the day it is added.
 */
import { describe, expect, it } from 'vitest';
import { COMMANDS, GLOBAL_OPTIONS, createProgram, type CommandSpec, type OptionSpec } from '../../src/cli/program.js';

interface Parsed {
  name: string;
  paths: string[];
  options: Record<string, unknown>;
}

async function parse(argv: string[]): Promise<Parsed> {
  let parsed: Parsed | undefined;
  const program = createProgram('0.0.0-test', (name, paths, options) => void (parsed = { name, paths, options }), { writeOut: () => {}, writeErr: () => {} });
  await program.parseAsync(argv, { from: 'user' });
  if (!parsed) throw new Error(`no command ran for ${argv.join(' ')}`);
  return parsed;
}

const camel = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** A value of the option's type that a sloppy parser would get wrong (numbers kept as text, "" kept). */
function sample(option: OptionSpec): { given: string[]; expected: unknown } {
  switch (option.kind) {
    case 'boolean':
      return { given: [], expected: true };
    case 'string':
      return option.choices ? { given: [option.choices.at(-1)!], expected: option.choices.at(-1) } : { given: ['007'], expected: '007' };
    case 'integer':
    case 'number':
      return { given: ['8'], expected: 8 };
    case 'list':
      return { given: ['007', ''], expected: ['007', ''] };
  }
}

/** argv pieces for one option: `--x` or `--x v` (a list repeats the flag). */
function flagTokens(option: OptionSpec, values: string[], equals: boolean): string[] {
  if (option.kind === 'boolean') return [`--${option.name}`];
  return values.flatMap((v) => (equals ? [`--${option.name}=${v}`] : [`--${option.name}`, v]));
}

const PATH = 'content/震惊.md';

describe.each(COMMANDS.map((c) => [c.name, c] as [string, CommandSpec]))('gzh %s', (_name, command) => {
  const paths = command.args === 'paths' ? [PATH] : [];
  const options = [...command.options, ...GLOBAL_OPTIONS];

  it.each(options.map((o) => [o.name, o] as [string, OptionSpec]))('--%s before the path, after it, and as --flag=value', async (_flag, option) => {
    const { given, expected } = sample(option);
    const forms = [
      [command.name, ...flagTokens(option, given, false), ...paths],
      [command.name, ...paths, ...flagTokens(option, given, false)],
      ...(option.kind === 'boolean' ? [] : [[command.name, ...flagTokens(option, given, true), ...paths]]),
      // a global flag also works before the command
      ...(GLOBAL_OPTIONS.includes(option) ? [[...flagTokens(option, given, false), command.name, ...paths]] : []),
    ];
    for (const argv of forms) {
      const parsed = await parse(argv);
      expect(parsed.name, argv.join(' ')).toBe(command.name);
      expect(parsed.paths, argv.join(' ')).toEqual(paths);
      expect(parsed.options[camel(option.name)], argv.join(' ')).toEqual(expected);
    }
  });

  it('a boolean flag never takes the next word as its value, and --no-x turns it off', async () => {
    for (const option of options.filter((o) => o.kind === 'boolean')) {
      const parsed = await parse([command.name, `--${option.name}`, ...paths]);
      expect(parsed.paths).toEqual(paths);
      expect((await parse([command.name, `--${option.name}`, `--no-${option.name}`, ...paths])).options[camel(option.name)]).toBe(false);
    }
  });

  it('defaults apply when a flag is absent; unknown flags are refused with the closest one', async () => {
    const parsed = await parse([command.name, ...paths]);
    for (const option of command.options) {
      if (option.default !== undefined) expect(parsed.options[camel(option.name)]).toEqual(option.default);
      else if (option.kind !== 'boolean') expect(parsed.options[camel(option.name)]).toBeUndefined();
    }
    const first = command.options[0]!;
    const typo = `--${first.name.slice(0, -1)}x`;
    await expect(parse([command.name, typo, ...paths])).rejects.toThrow(new RegExp(`unknown option '${typo}'[\\s\\S]*Did you mean --${first.name}\\?`));
  });

  it('a value flag without its value is an error, not a swallowed path or flag', async () => {
    for (const option of command.options.filter((o) => o.kind !== 'boolean')) {
      await expect(parse([command.name, `--${option.name}`])).rejects.toThrow(/argument missing/);
    }
  });

  it('`--` ends the flags: a file named like a flag is a path', async () => {
    if (command.args !== 'paths') return;
    const parsed = await parse([command.name, '--', '--json']);
    expect(parsed.paths).toEqual(['--json']);
    expect(parsed.options.json).toBeUndefined();
  });
});

describe('typed values', () => {
  it('numbers are checked against their range and type', async () => {
    await expect(parse(['dev', '--port', 'abc'])).rejects.toThrow(/expected a whole number/);
    await expect(parse(['dev', '--port', '70000'])).rejects.toThrow(/expected 0–65535/);
    await expect(parse(['dev', '--port', '1.5'])).rejects.toThrow(/whole number/);
    await expect(parse(['publish', '--timeout', '0'])).rejects.toThrow(/at least 1/);
    expect((await parse(['publish', '--timeout', '2.5'])).options.timeout).toBe(2.5);
  });

  it('choices are enforced', async () => {
    await expect(parse(['lint', '--format', 'xml'])).rejects.toThrow(/Allowed choices are stylish, json, github, sarif/);
  });

  it('unknown commands get the closest command', async () => {
    await expect(parse(['publsh'])).rejects.toThrow(/Did you mean publish\?/);
  });
});

// `gzh <command> --help` prints these; a user copies them: each must parse as the command it shows
describe('every --help example parses', () => {
  const examples = COMMANDS.flatMap((c) => (c.examples ?? []).map((e) => [c.name, e] as const));
  it.each(examples)('gzh %s: %s', async (name, example) => {
    // the shell's word splitting (for the examples' simple quoting), after any leading VAR=value
    const words = [...example.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!).filter((w, i, all) => !all.slice(0, i + 1).every((x) => /^[A-Z_]+=/.test(x)));
    expect(words[0]).toBe('gzh');
    await expect(parse(words.slice(1))).resolves.toMatchObject({ name });
  });
});
