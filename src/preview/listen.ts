/** Listen on 127.0.0.1 at `port`, or the next free one (like Vite): the writer may run two previews. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GzhError } from '../errors.js';

export const PREVIEW_HOST = '127.0.0.1';

export async function listenOnFreePort(server: Server, port: number, attempts = 20): Promise<number> {
  for (let i = 0; i < attempts; i++) {
    const candidate = port === 0 ? 0 : port + i;
    try {
      await new Promise<void>((resolve, reject) => {
        const onError = (error: Error) => {
          server.off('listening', onListening);
          reject(error);
        };
        const onListening = () => {
          server.off('error', onError);
          resolve();
        };
        server.once('error', onError);
        server.once('listening', onListening);
        server.listen(candidate, PREVIEW_HOST);
      });
      return (server.address() as AddressInfo).port;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EADDRINUSE' || candidate === 0) {
        throw new GzhError('dev/listen', `Cannot listen on ${PREVIEW_HOST}:${candidate}: ${code ?? (error as Error).message}`, { exitCode: 2, hint: 'Pick another port with --port' });
      }
    }
  }
  throw new GzhError('dev/listen', `Ports ${port}–${port + attempts - 1} are all in use`, { exitCode: 2, hint: 'Pick another port with --port' });
}
