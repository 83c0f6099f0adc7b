/** Shared by the remote-image tests: a real HTTP server on a loopback address, and catching a GzhError. */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { expect } from 'vitest';
import { GzhError } from '../../src/errors.js';

export interface LocalServer {
  server: http.Server;
  port: number;
  /** `http://host:port` */
  base: string;
  /** TCP connections accepted (a refused fetch must leave this unchanged). */
  connections: number;
  /** Request paths, in order. */
  requests: string[];
  /** Closes the server, cutting off connections that are still open (a hung response). */
  close(): Promise<void>;
}

export async function startLocalServer(handler: http.RequestListener, host = '127.0.0.1'): Promise<LocalServer> {
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    state.requests.push(req.url ?? '/');
    handler(req, res);
  });
  const state: LocalServer = {
    server,
    port: 0,
    base: '',
    connections: 0,
    requests: [],
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  server.on('connection', (s) => {
    state.connections++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  state.port = (server.address() as AddressInfo).port;
  state.base = `http://${host}:${state.port}`;
  return state;
}

/** The GzhError `promise` rejects with (fails the test if it resolves or rejects with anything else). */
export async function caughtGzhError(promise: Promise<unknown>): Promise<GzhError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GzhError);
  return error as GzhError;
}
