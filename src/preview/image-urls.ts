/**
 * Local images in the preview: an article's `./images/a.png` is resolved against the article's folder and
 * served from the project under `/@fs/<path from the project root>`; a version query makes the browser
 * refetch it after the file changes. Remote and data: URLs are left alone. The `<img>` tags are rewritten by
 * the image pipeline's own scanner (images/rewrite-sources.ts), as publish and build rewrite them.
 */
import path from 'node:path';

export const FILE_ROUTE = '/@fs/';

/** Absolute path of a local image reference, or undefined for remote / data / protocol-relative URLs. */
export function resolveLocalImage(src: string, articlePath: string, root: string): string | undefined {
  if (!src || /^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('//')) return undefined;
  let clean = src.replace(/[?#].*$/, '');
  try {
    clean = decodeURI(clean);
  } catch {
    // a literal % in a file name: use it as written
  }
  return clean.startsWith('/') ? path.join(root, clean) : path.resolve(path.dirname(articlePath), clean);
}

/** `/@fs/content/images/a%20b.png?v=3`, or undefined when the file is outside the project (never served). */
export function projectFileUrl(absolutePath: string, root: string, version?: number): string | undefined {
  const relative = path.relative(root, absolutePath);
  if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  const url = FILE_ROUTE + relative.split(path.sep).map(encodeURIComponent).join('/');
  return version === undefined ? url : `${url}?v=${version}`;
}
