import type { Message } from '../../errors.js';

export interface LintResult {
  file?: string;
  /** A title linted on its own (`gzh lint --title`): shown instead of a file. */
  title?: string;
  messages: readonly Message[];
}

export interface ReporterOptions {
  /** ANSI colours (stylish only). */
  color?: boolean;
  /** Make file paths relative to this folder. */
  cwd?: string;
}

export type LintFormat = 'stylish' | 'json' | 'github' | 'sarif';
