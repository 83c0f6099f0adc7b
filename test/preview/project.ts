/** A throwaway project for the dev-server tests, and a small server-sent-events reader. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { defaultConfig, type ResolvedConfig } from '../../src/config/schema.js';

export const ARTICLE = `---
title: 预览测试文章
author: 测试作者
cover: ./images/cover.png
---

第一段正文，用来检查实时预览。

![示意图](./images/pic.png)

> 引用的文字

\`\`\`js
const answer = 42;
\`\`\`
`;

export const MONO_THEME = `/*
 * name: mono
 * description: Test theme: everything in one serif, red text.
 */
.article { font-family: Georgia, serif; font-size: 16px; line-height: 1.7; color: #b00020; }
p { margin: 0 0 1em; }
`;

export interface TestProject {
  /** Parent temp folder (holds outside.png next to the project). */
  base: string;
  root: string;
  config: ResolvedConfig;
  article: string;
  write(relative: string, text: string): void;
  cleanup(): void;
}

export async function makeProject(): Promise<TestProject> {
  const base = mkdtempSync(path.join(tmpdir(), 'gzh-dev-'));
  const root = path.join(base, 'blog');
  mkdirSync(path.join(root, 'content', 'images'), { recursive: true });
  mkdirSync(path.join(root, 'themes'), { recursive: true });
  const png = (color: string) => sharp({ create: { width: 64, height: 40, channels: 3, background: color } }).png().toBuffer();
  writeFileSync(path.join(root, 'content', 'images', 'pic.png'), await png('#3366cc'));
  writeFileSync(path.join(root, 'content', 'images', 'cover.png'), await png('#22aa66'));
  writeFileSync(path.join(base, 'outside.png'), await png('#ff0000'));
  writeFileSync(path.join(root, 'secret.txt'), 'not for the browser');
  writeFileSync(path.join(root, 'themes', 'mono.css'), MONO_THEME);
  const article = path.join(root, 'content', 'post.md');
  writeFileSync(article, ARTICLE);
  return {
    base,
    root,
    config: { ...defaultConfig(root), accountName: '测试公众号' },
    article,
    write: (relative, text) => writeFileSync(path.join(root, relative), text),
    cleanup: () => rmSync(base, { recursive: true, force: true }),
  };
}

/** A raw HTTP request: the path is sent exactly as given (no URL normalisation, unlike fetch). */
export function rawRequest(port: number, requestPath: string, headers: Record<string, string> = {}, method = 'GET', body?: string): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: requestPath, method, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (data += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

export interface SseEvent {
  event: string;
  data: any;
}

/** Reads /__gzh/events as a tab would; `next` waits for a matching event (in arrival order). */
export class EventReader {
  private readonly events: SseEvent[] = [];
  private waiters: (() => void)[] = [];
  private req?: http.ClientRequest;
  private cursor = 0;

  constructor(
    private readonly port: number,
    readonly clientId = `t${Math.random().toString(36).slice(2)}`,
  ) {}

  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.req = http.get({ host: '127.0.0.1', port: this.port, path: `/__gzh/events?client=${this.clientId}` }, (res) => {
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event = /^event: (.*)$/m.exec(frame)?.[1];
            const data = /^data: (.*)$/m.exec(frame)?.[1];
            if (event && data) this.events.push({ event, data: JSON.parse(data) });
          }
          for (const w of this.waiters.splice(0)) w();
        });
        resolve();
      });
      this.req.on('error', reject);
    });
  }

  /** Register this "tab" as showing an article (as the page does when it loads one). */
  async view(id: string): Promise<any> {
    const res = await fetch(`http://127.0.0.1:${this.port}/__gzh/article?id=${encodeURIComponent(id)}&client=${this.clientId}`);
    return res.json();
  }

  /** Skip everything received so far. */
  drain(): void {
    this.cursor = this.events.length;
  }

  async next(event: string, predicate: (data: any) => boolean = () => true, timeoutMs = 8000): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (this.cursor < this.events.length) {
        const e = this.events[this.cursor++]!;
        if (e.event === event && predicate(e.data)) return e.data;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no \`${event}\` event matching within ${timeoutMs} ms; got: ${this.events.map((e) => e.event).join(', ')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.req?.destroy();
  }
}
