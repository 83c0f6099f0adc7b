/** Content problems found by the compile plugins, collected on the vfile as `Message`s (never thrown). */
import type { Node } from 'unist';
import type { VFile } from 'vfile';
import type { Message, Severity } from '../errors.js';

interface Collected {
  gzhMessages?: Message[];
}

export function report(file: VFile, node: Node | undefined, severity: Severity, ruleId: string, message: string, extra: Partial<Message> = {}): void {
  const data = file.data as Collected;
  const start = node?.position?.start;
  (data.gzhMessages ??= []).push({
    ruleId,
    severity,
    message,
    file: file.path || undefined,
    line: start?.line,
    column: start?.column,
    source: 'gzh-compile',
    ...extra,
  });
}

export function collectedMessages(file: VFile): Message[] {
  return (file.data as Collected).gzhMessages ?? [];
}
