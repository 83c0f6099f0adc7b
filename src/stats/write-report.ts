/** `--html FILE`: the report page, written at once. The chart library is loaded here, only when a report is asked for. */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { StatsReport } from './types.js';

export async function writeStatsReport(report: StatsReport, file: string): Promise<void> {
  const { renderStatsHtml } = await import('./report-html.js');
  const html = renderStatsHtml(report);
  mkdirSync(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, html);
}
