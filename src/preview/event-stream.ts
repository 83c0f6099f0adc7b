/**
 * Server-sent events to the open preview tabs. Each tab has an id (chosen by the page) and tells the server
 * which article it shows, so a change is pushed only to the tabs that show it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface PreviewClient {
  id: string;
  res: ServerResponse;
  /** Article id the tab shows (set when it fetches an article). */
  viewing?: string;
}

export class EventStream {
  private readonly clients = new Map<string, PreviewClient>();
  /** Views reported before the tab's event stream connected. */
  private readonly pendingViews = new Map<string, string>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor() {
    // proxies and sleeping laptops drop silent connections; a comment line keeps them open
    this.heartbeat = setInterval(() => {
      for (const c of this.clients.values()) c.res.write(': ping\n\n');
    }, 15_000);
    this.heartbeat.unref();
  }

  connect(id: string, req: IncomingMessage, res: ServerResponse): PreviewClient {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 500\n\n');
    this.clients.get(id)?.res.end();
    const client: PreviewClient = { id, res, viewing: this.pendingViews.get(id) };
    this.pendingViews.delete(id);
    this.clients.set(id, client);
    req.socket.setNoDelay(true);
    req.on('close', () => {
      if (this.clients.get(id) === client) this.clients.delete(id);
    });
    return client;
  }

  setViewing(id: string, articleId: string): void {
    const client = this.clients.get(id);
    if (client) client.viewing = articleId;
    else this.pendingViews.set(id, articleId);
  }

  /** Article ids some tab is looking at. */
  viewedArticles(): Set<string> {
    return new Set([...this.clients.values()].map((c) => c.viewing).filter((v): v is string => v !== undefined));
  }

  send(client: PreviewClient, event: string, data: unknown): void {
    client.res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  broadcast(event: string, data: unknown, filter: (client: PreviewClient) => boolean = () => true): number {
    let frame: string | undefined;
    let sent = 0;
    for (const client of this.clients.values()) {
      if (!filter(client)) continue;
      frame ??= `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
      client.res.write(frame);
      sent++;
    }
    return sent;
  }

  get size(): number {
    return this.clients.size;
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const c of this.clients.values()) c.res.end();
    this.clients.clear();
  }
}
