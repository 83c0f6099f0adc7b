import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatSarif } from './sarif.js';
import { formatStylish } from './stylish.js';
import type { LintFormat, LintResult, ReporterOptions } from './types.js';

export type { LintFormat, LintResult, ReporterOptions };

export const LINT_FORMATS: readonly LintFormat[] = ['stylish', 'json', 'github', 'sarif'];

export function formatLintResults(results: readonly LintResult[], format: LintFormat, options: ReporterOptions = {}): string {
  switch (format) {
    case 'stylish':
      return formatStylish(results, options);
    case 'json':
      return formatJson(results, options);
    case 'github':
      return formatGithub(results, options);
    case 'sarif':
      return formatSarif(results, options);
  }
}
