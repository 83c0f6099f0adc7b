/**
 * Errors a user can act on. Anything that is not a GzhError is a bug and is shown with its stack.
 * Content problems that do not stop the work are `Message`s (vfile-message shape), not errors.
 */

export interface ErrorPlace {
  /** Path of the file at fault, relative to the working directory when possible. */
  file?: string;
  /** 1-based line and column. */
  line?: number;
  column?: number;
  /** What the user should do about it. */
  hint?: string;
}

export class GzhError extends Error {
  readonly code: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly hint?: string;
  /** Process exit code the CLI uses: 1 content/publish failure, 2 usage or config error, 130 interrupted. */
  readonly exitCode: 1 | 2 | 130;

  constructor(code: string, message: string, place: ErrorPlace & { exitCode?: 1 | 2 | 130; cause?: unknown } = {}) {
    super(message, place.cause === undefined ? undefined : { cause: place.cause });
    this.name = 'GzhError';
    this.code = code;
    this.file = place.file;
    this.line = place.line;
    this.column = place.column;
    this.hint = place.hint;
    this.exitCode = place.exitCode ?? 1;
  }

  /** `file:line:column` or '' when unknown. */
  get where(): string {
    if (!this.file) return '';
    return [this.file, this.line, this.line ? this.column : undefined].filter((x) => x !== undefined).join(':');
  }
}

/** Bad command line or configuration: exit code 2. */
export class UsageError extends GzhError {
  constructor(message: string, place: ErrorPlace = {}) {
    super('usage', message, { ...place, exitCode: 2 });
    this.name = 'UsageError';
  }
}

export class ConfigError extends GzhError {
  constructor(message: string, place: ErrorPlace = {}) {
    super('config', message, { ...place, exitCode: 2 });
    this.name = 'ConfigError';
  }
}

/** Ctrl-C (SIGINT/SIGTERM): the work stopped at a safe point; exit 130. */
export class InterruptedError extends GzhError {
  constructor(message = 'Interrupted', place: ErrorPlace = {}) {
    super('interrupted', message, { ...place, exitCode: 130 });
    this.name = 'InterruptedError';
  }
}

/**
 * A build output gzh could not write (`what`: "write this page", "make the images folder dist/images"): the
 * user's to fix, so a `build/write` error saying how (exit 2), never an internal error. `shown` is the path as
 * the user sees it; `place` where to point.
 */
export function outputError(what: string, shown: string, error: unknown, place: ErrorPlace = {}): GzhError {
  const code = (error as NodeJS.ErrnoException).code ?? 'error';
  const hint = code === 'EISDIR' || code === 'ENOTEMPTY' ? 'A folder is in its place: remove it, or build into another folder with --out'
    : code === 'EEXIST' || code === 'ENOTDIR' ? `${shown} is a file: remove it, or build into another folder with --out`
    : code === 'ENOSPC' ? 'The disk is full: free some space and build again'
    : 'Check that the output folder can be written, or build into another one with --out';
  return new GzhError('build/write', `Cannot ${what} (${code})`, { ...place, hint, exitCode: 2, cause: error });
}

export function isGzhError(error: unknown): error is GzhError {
  return error instanceof GzhError;
}

export type Severity = 'info' | 'warn' | 'error';

/**
 * A problem found in content (compile, lint, validation). Never thrown; returned in results.
 * Shape follows vfile-message so reporters can be shared.
 */
export interface Message {
  /** Stable id, e.g. `compile/unsafe-html` or `title/sensational`. */
  ruleId: string;
  severity: Severity;
  message: string;
  file?: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  /** The offending text, when there is one. */
  actual?: string;
  /** What would be acceptable instead. */
  expected?: string;
  /** Who produced it: `gzh-compile`, `gzh-lint`, ... */
  source?: string;
  url?: string;
}

/** `file:line:col` of a message, for terminal output. */
export function formatPlace(m: Pick<Message, 'file' | 'line' | 'column'>): string {
  return [m.file ?? '<input>', m.line ?? 1, m.column ?? 1].join(':');
}
