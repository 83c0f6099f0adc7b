/**
 * `/@fs/<path>`: the images the previewed articles use, and nothing else (not `.env`, `.git/`, node_modules
 * or any other picture in the project: 404, as if absent). The path is checked segment by segment after
 * percent-decoding (so `%2e%2e` and `..%2f` are caught), then again after resolving symlinks.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { FILE_ROUTE } from './image-urls.js';

const IMAGE_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.bmp': 'image/bmp',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

export type ProjectFileResult = { status: 200; file: string; type: string; size: number } | { status: 400 | 403 | 404; reason: string };

/** Whether an article being previewed uses this file (an absolute path, as the articles resolved it). */
export type IsReferenced = (absolutePath: string) => boolean;

/** Decide what `/@fs/...` (the raw request path, before any normalisation) refers to. */
export async function resolveProjectFile(rawPath: string, root: string, isReferenced: IsReferenced): Promise<ProjectFileResult> {
  const encoded = rawPath.slice(FILE_ROUTE.length).split('?')[0]!;
  const segments: string[] = [];
  for (const part of encoded.split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(part);
    } catch {
      return { status: 400, reason: 'Malformed URL' };
    }
    if (segment === '..' || segment === '.' || /[/\\\0]/.test(segment)) return { status: 403, reason: 'Path outside the project' };
    if (segment) segments.push(segment);
  }
  if (segments.length === 0) return { status: 404, reason: 'Not found' };
  const file = path.resolve(root, ...segments);
  if (!isInside(file, root)) return { status: 403, reason: 'Path outside the project' };
  if (!isReferenced(file)) return { status: 404, reason: 'Not found' };
  const type = IMAGE_TYPES[path.extname(file).toLowerCase()];
  if (!type) return { status: 403, reason: 'Only images are served' };
  let real: string;
  try {
    real = await realpath(file);
    if (!isInside(real, await realpath(root))) return { status: 403, reason: 'Path outside the project' };
    const info = await stat(real);
    if (!info.isFile()) return { status: 404, reason: 'Not found' };
    return { status: 200, file: real, type, size: info.size };
  } catch {
    return { status: 404, reason: 'Not found' };
  }
}

export function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

export async function serveProjectFile(rawPath: string, root: string, isReferenced: IsReferenced, res: ServerResponse, head = false): Promise<void> {
  const result = await resolveProjectFile(rawPath, root, isReferenced);
  if (result.status !== 200) {
    res.writeHead(result.status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(result.reason);
    return;
  }
  res.writeHead(200, {
    'Content-Type': result.type,
    'Content-Length': result.size,
    // the URL carries a version, and the file can change at any moment while writing
    'Cache-Control': 'no-cache',
    // an SVG opened directly must not run scripts
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    'X-Content-Type-Options': 'nosniff',
  });
  if (head) {
    res.end();
    return;
  }
  createReadStream(result.file)
    .on('error', () => res.destroy())
    .pipe(res);
}
