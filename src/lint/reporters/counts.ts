import type { Message } from '../../errors.js';

export interface SeverityCounts {
  errorCount: number;
  warningCount: number;
  infoCount: number;
}

export function countSeverities(messages: readonly Message[]): SeverityCounts {
  const counts = { errorCount: 0, warningCount: 0, infoCount: 0 };
  for (const m of messages) {
    if (m.severity === 'error') counts.errorCount++;
    else if (m.severity === 'warn') counts.warningCount++;
    else counts.infoCount++;
  }
  return counts;
}
