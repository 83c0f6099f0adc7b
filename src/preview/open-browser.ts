/** `gzh dev --open`: hand the URL to the system's opener; failing to open is not worth stopping for. */
import { spawn } from 'node:child_process';

export function openBrowser(url: string, onError: (message: string) => void = () => undefined): void {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(command, args as string[], { stdio: 'ignore', detached: true });
    child.on('error', (error) => onError(`Could not open a browser (${error.message}): open ${url} yourself`));
    child.unref();
  } catch (error) {
    onError(`Could not open a browser (${(error as Error).message}): open ${url} yourself`);
  }
}
