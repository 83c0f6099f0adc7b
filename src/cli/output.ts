/**
 * Terminal output: colour only on a TTY (and never with NO_COLOR or CI), plain progress lines otherwise.
 * Commands write through an Output so tests can capture it.
 */
import pc from 'picocolors';
import type { Colors } from 'picocolors/types.js';
import { formatPlace, type Message } from '../index.js';

export interface Output {
  readonly color: boolean;
  readonly interactive: boolean;
  /** Normal results: stdout. */
  out(line: string): void;
  /** Diagnostics and progress: stderr. */
  err(line: string): void;
  /** Progress of long work; a single updating line on a TTY, plain lines otherwise. */
  progress(label: string, done: number, total: number): void;
  colors: Colors;
}

export function createOutput(
  stdout: NodeJS.WritableStream & { isTTY?: boolean } = process.stdout,
  stderr: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr,
  env: NodeJS.ProcessEnv = process.env,
): Output {
  const ci = Boolean(env.CI) && env.CI !== 'false' && env.CI !== '0';
  const interactive = Boolean(stderr.isTTY) && !ci;
  const color = Boolean(stdout.isTTY) && !ci && !('NO_COLOR' in env) && env.TERM !== 'dumb';
  const colors = pc.createColors(color);
  let lastProgress = '';
  /** Non-interactive: the last tenth printed per progress label. */
  const tenths = new Map<string, number>();
  /** Non-interactive: labels started and not finished, with their totals. */
  const open = new Map<string, number>();
  return {
    color,
    interactive,
    colors,
    out: (line) => void stdout.write(line + '\n'),
    err: (line) => {
      if (lastProgress && interactive) {
        stderr.write('\r\x1b[K');
        lastProgress = '';
      }
      stderr.write(line + '\n');
    },
    progress(label, done, total) {
      const text = `${label} ${done}/${total}`;
      if (interactive) {
        const width = 20;
        const filled = total ? Math.round((done / total) * width) : width;
        stderr.write(`\r\x1b[K${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}`);
        lastProgress = text;
        if (done >= total) {
          stderr.write('\n');
          lastProgress = '';
        }
      } else if (total > 0) {
        // a log (CI, a pipe): for each label its start, every tenth and its end (only the end of a short
        // one), not a line per step of 2,000 articles; and nothing of a step inside a long task (the images of
        // each article while 2,000 build: the task's own tenths say where it is)
        const inside = [...open].some(([other, steps]) => other !== label && steps >= 10);
        if (done < total) open.set(label, total);
        else open.delete(label);
        if (inside) return;
        const tenth = Math.floor((done * 10) / total);
        const last = tenths.get(label) ?? -1;
        if (tenth > last && (total >= 10 || done === total)) {
          stderr.write(text + '\n');
          tenths.set(label, tenth);
        }
      }
    },
  };
}

/** One line per message: `file:line:col  severity  message  ruleId`. */
export function formatMessage(m: Message, c: Colors): string {
  const sev = m.severity === 'error' ? c.red('error') : m.severity === 'warn' ? c.yellow('warn ') : c.blue('info ');
  // a message about the draft as a whole (verification, a deleted draft) has no place to point at
  const place = m.file === undefined && m.line === undefined ? '' : `${c.dim(formatPlace(m))}  `;
  return `${place}${sev}  ${m.message}  ${c.dim(m.ruleId)}`;
}
