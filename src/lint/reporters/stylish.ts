/** Terminal report: `file:line:col  severity  message  ruleId` per message, then a summary line. */
import type { Message } from '../../errors.js';
import { countSeverities } from './counts.js';
import { displayPath } from './paths.js';
import type { LintResult, ReporterOptions } from './types.js';

const ANSI = { red: [31, 39], yellow: [33, 39], blue: [34, 39], dim: [2, 22], bold: [1, 22], green: [32, 39] } as const;
type Style = keyof typeof ANSI;

function painter(color: boolean): (style: Style, text: string) => string {
  return (style, text) => (color ? `\x1b[${ANSI[style][0]}m${text}\x1b[${ANSI[style][1]}m` : text);
}

const LABEL: Record<Message['severity'], { text: string; style: Style }> = {
  error: { text: 'error', style: 'red' },
  warn: { text: 'warning', style: 'yellow' },
  info: { text: 'info', style: 'blue' },
};

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export function formatStylish(results: readonly LintResult[], options: ReporterOptions = {}): string {
  const paint = painter(options.color ?? false);
  const rows: { place: string; message: Message }[] = [];
  const titles = results.filter((r) => r.title !== undefined).length;
  for (const [index, result] of results.entries()) {
    for (const message of result.messages) {
      const file = message.file ?? result.file;
      // several --title strings: say which one
      const input = titles > 1 ? `<title ${index + 1}>` : '<input>';
      const path = file === undefined ? input : displayPath(file, options.cwd);
      // A message about the whole file (missing cover) has no line: do not invent 1:1.
      const where = message.line === undefined ? path : [path, message.line, message.column ?? 1].join(':');
      rows.push({ place: where, message });
    }
  }
  const placeWidth = Math.max(0, ...rows.map((row) => row.place.length));
  const lines = rows.map(({ place, message }) => {
    const label = LABEL[message.severity];
    const severity = paint(label.style, label.text.padEnd(7));
    return `${place.padEnd(placeWidth)}  ${severity}  ${message.message}  ${paint('dim', message.ruleId)}`;
  });
  const counts = countSeverities(rows.map((row) => row.message));
  const total = rows.length;
  if (total === 0) {
    lines.push(paint('green', '✔ No problems'));
  } else {
    const summary = `✖ ${plural(total, 'problem')} (${plural(counts.errorCount, 'error')}, ${plural(counts.warningCount, 'warning')}, ${counts.infoCount} info)`;
    lines.push('', paint(counts.errorCount > 0 ? 'red' : counts.warningCount > 0 ? 'yellow' : 'blue', paint('bold', summary)));
  }
  return lines.join('\n');
}
