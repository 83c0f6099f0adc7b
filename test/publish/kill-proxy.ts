/**
 * A proxy between gzh and the sandbox that decides where the gzh process dies: at request k it either never
 * forwards the request (killed before it left) or forwards it, waits until the sandbox has done it, and kills
 * gzh before the answer arrives (the lost answer: the hard case).
 */
import http from 'node:http';
import { request } from 'undici';
import type { Child } from './helpers.js';

export type KillMode = 'before-sending' | 'answer-lost';

export interface Proxy {
  url: string;
  /** Endpoints seen, in order. */
  seen: string[];
  /** Kill `child` at request number `k` (0-based) in this mode; afterwards forward everything. */
  arm(k: number, mode: KillMode, child: () => Child | undefined): void;
  close(): Promise<void>;
}

export async function startProxy(target: string): Promise<Proxy> {
  const seen: string[] = [];
  let armed: { k: number; mode: KillMode; child: () => Child | undefined } | undefined;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const index = seen.push(new URL(req.url!, 'http://x').pathname.replace('/cgi-bin/', '')) - 1;
      const kill = armed && armed.k === index ? armed : undefined;
      if (kill) armed = undefined;
      if (kill?.mode === 'before-sending') {
        kill.child()?.proc.kill('SIGKILL');
        res.destroy();
        return;
      }
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'connection'));
      const answer = await request(`${target}${req.url}`, { method: req.method as 'GET' | 'POST', headers: headers as Record<string, string>, body: chunks.length ? Buffer.concat(chunks) : undefined });
      const body = Buffer.from(await answer.body.arrayBuffer());
      if (kill) {
        // WeChat did it; gzh never hears back
        kill.child()?.proc.kill('SIGKILL');
        res.destroy();
        return;
      }
      res.writeHead(answer.statusCode, { 'content-type': String(answer.headers['content-type'] ?? 'application/json') }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    seen,
    arm: (k, mode, child) => void (armed = { k, mode, child }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

