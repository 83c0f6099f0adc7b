/**
 * `gzh dev` links to the analytics report when `gzh stats --html <outDir>/stats.html` wrote one: served from disk
 * on each request (a rerun of gzh stats shows at once), with a CSP that allows no script and no fetch.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';

export const STATS_ROUTE = '/stats.html';

export function statsReportFile(root: string, outDir: string): string {
  return path.resolve(root, outDir, 'stats.html');
}

export function serveStatsReport(file: string, res: ServerResponse): void {
  if (!existsSync(file)) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('No analytics report yet: run gzh stats --html ' + path.basename(path.dirname(file)) + '/stats.html');
    return;
  }
  res
    .writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      'X-Content-Type-Options': 'nosniff',
    })
    .end(readFileSync(file));
}
