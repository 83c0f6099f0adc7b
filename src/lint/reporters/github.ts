/**
 * GitHub Actions workflow commands: `::error file=F,line=L,col=C,endColumn=E,title=RULE::MESSAGE`.
 * Escaping follows the runner: data escapes % \r \n; property values also escape : and ,.
 */
import type { Message } from '../../errors.js';
import { displayPath } from './paths.js';
import type { LintResult, ReporterOptions } from './types.js';

const COMMAND: Record<Message['severity'], string> = { error: 'error', warn: 'warning', info: 'notice' };

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(results: readonly LintResult[], options: ReporterOptions = {}): string {
  const lines: string[] = [];
  for (const result of results) {
    for (const m of result.messages) {
      const file = m.file ?? result.file;
      const props: [string, string | number | undefined][] = [
        ['file', file === undefined ? undefined : displayPath(file, options.cwd)],
        ['line', m.line],
        ['endLine', m.line === undefined ? undefined : m.endLine],
        ['col', m.line === undefined ? undefined : m.column],
        ['endColumn', m.line === undefined || m.column === undefined ? undefined : m.endColumn],
        ['title', m.ruleId],
      ];
      const list = props
        .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
        .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
        .join(',');
      lines.push(`::${COMMAND[m.severity]} ${list}::${escapeData(m.message)}`);
    }
  }
  return lines.join('\n');
}
