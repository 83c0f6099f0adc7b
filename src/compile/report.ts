/**
 * The one place compile builds its messages (`Message`: ruleId, severity, text, place, source
 * `gzh-compile`). Plugins report on the vfile (`report`, collected by compileArticle, never thrown); code
 * that runs without one (front matter, input limits, theme CSS) builds them with `compileMessage`.
 */
import type { Node } from 'unist';
import type { VFile } from 'vfile';
import type { Message, Severity } from '../errors.js';

interface Collected {
  gzhMessages?: Message[];
}

export interface Place {
  file?: string;
  line?: number;
  column?: number;
}

/** A content problem at `place`; `extra` adds actual/expected (or another source). */
export function compileMessage(severity: Severity, ruleId: string, message: string, place: Place, extra: Partial<Message> = {}): Message {
  return { ruleId, severity, message, file: place.file, line: place.line, column: place.column, source: 'gzh-compile', ...extra };
}

/** A problem found at `node` of the tree compiled from `file`. */
export function report(file: VFile, node: Node | undefined, severity: Severity, ruleId: string, message: string, extra: Partial<Message> = {}): void {
  const data = file.data as Collected;
  const start = node?.position?.start;
  (data.gzhMessages ??= []).push(compileMessage(severity, ruleId, message, { file: file.path || undefined, line: start?.line, column: start?.column }, extra));
}

export function collectedMessages(file: VFile): Message[] {
  return (file.data as Collected).gzhMessages ?? [];
}
