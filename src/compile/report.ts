/**
 * The one place compile builds its messages (`Message`: ruleId, severity, text, place, source
 * `gzh-compile`). Plugins report vfile messages on the file (`report`, read back by compileArticle, never
 * thrown); code that runs without a file (front matter, input limits, theme CSS) builds them with `compileMessage`.
 */
import type { Node } from 'unist';
import type { VFile } from 'vfile';
import type { Message, Severity } from '../errors.js';

export interface Place {
  file?: string;
  line?: number;
  column?: number;
}

/** A content problem at `place`; `extra` adds actual/expected (or another source). */
export function compileMessage(severity: Severity, ruleId: string, message: string, place: Place, extra: Partial<Message> = {}): Message {
  return { ruleId, severity, message, file: place.file, line: place.line, column: place.column, source: SOURCE, ...extra };
}

/**
 * A problem found at `node` of the tree compiled from `file`: a vfile message (`file.message(reason, {place,
 * ruleId, source})`, its severity as vfile's `fatal`: true error, false warning, undefined info), as
 * unified plugins report, read back as gzh's `Message` by `collectedMessages`.
 */
export function report(file: VFile, node: Node | undefined, severity: Severity, ruleId: string, message: string, extra: Pick<Message, 'actual'> = {}): void {
  const m = file.message(message, { place: node?.position, ruleId, source: SOURCE });
  m.fatal = severity === 'error' ? true : severity === 'warn' ? false : undefined;
  if (extra.actual !== undefined) m.actual = extra.actual;
}

/** gzh's messages among the file's vfile messages, in the order they were reported. */
export function collectedMessages(file: VFile): Message[] {
  return file.messages
    .filter((m) => m.source === SOURCE)
    .map((m) => compileMessage(m.fatal === true ? 'error' : m.fatal === false ? 'warn' : 'info', m.ruleId!, m.reason, { file: file.path || undefined, line: m.line ?? undefined, column: m.column ?? undefined }, m.actual !== undefined ? { actual: m.actual } : {}));
}

const SOURCE = 'gzh-compile';
