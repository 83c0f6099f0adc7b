/** Paths as reporters print them: forward slashes, relative to cwd when under it. Pure string work. */
export function displayPath(file: string, cwd?: string): string {
  const path = file.replace(/\\/g, '/');
  if (!cwd) return path.replace(/^\.\//, '');
  const base = cwd.replace(/\\/g, '/').replace(/\/+$/, '');
  if (path.startsWith(base + '/')) return path.slice(base.length + 1);
  return path.replace(/^\.\//, '');
}

export function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:\//.test(path);
}
