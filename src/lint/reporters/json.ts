/** Machine report: one object per file with its messages and counts (ESLint-like). */
import { countSeverities } from './counts.js';
import { displayPath } from './paths.js';
import type { LintResult, ReporterOptions } from './types.js';

export function formatJson(results: readonly LintResult[], options: ReporterOptions = {}): string {
  const report = results.map((result) => ({
    ...(result.file !== undefined ? { file: displayPath(result.file, options.cwd) } : {}),
    ...(result.title !== undefined ? { title: result.title } : {}),
    messages: result.messages.map((m) => (m.file !== undefined ? { ...m, file: displayPath(m.file, options.cwd) } : m)),
    ...countSeverities(result.messages),
  }));
  return JSON.stringify(report, null, 2);
}
