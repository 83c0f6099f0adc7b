/**
 * The XSS corpus (test/fixtures/xss/payloads.txt): every payload compiled as raw HTML in an article, once
 * as an HTML block and once inline in a paragraph, then loaded in real Chromium as a bare page (no CSP, so
 * this tests the sanitiser alone). Nothing may run, nothing dangerous may survive in the HTML, and what was
 * removed must have been reported as a warning at the payload's line.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { raw } from 'hast-util-raw';
import { toHtml } from 'hast-util-to-html';
import { toHast } from 'mdast-util-to-hast';
import type { Browser, BrowserContext } from 'playwright-core';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../../src/errors.js';
import { compile } from '../helpers/compile.js';
import { findDangerousMarkup } from './dangerous-markup.js';
import { launchChromium, newGuardedContext, probeDistinct, probePage } from './xss-browser.js';

const PAYLOADS = readFileSync(new URL('../fixtures/xss/payloads.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '' && !line.startsWith('#'));

interface Variant {
  name: 'block' | 'inline';
  markdown: (payload: string) => string;
  /** The line the payload is on. */
  line: number;
}
const VARIANTS: Variant[] = [
  { name: 'block', markdown: (p) => `# 标题\n\n开头的段落。\n\n${p}\n\n结尾的段落。\n`, line: 5 },
  { name: 'inline', markdown: (p) => `# 标题\n\n一段文字 ${p} 后面的文字。\n`, line: 3 },
];

interface Case {
  id: string;
  payload: string;
  variant: Variant;
  html: string;
  messages: Message[];
  signs?: string[];
}

const cases: Case[] = PAYLOADS.flatMap((payload, i) =>
  VARIANTS.map((variant) => {
    const result = compile(variant.markdown(payload), { file: 'xss.md' });
    return { id: `${i + 1}-${variant.name}`, payload, variant, html: result.html, messages: result.messages };
  }),
);

/** The article's HTML as Markdown and the HTML parser make it, before gzh sanitises anything. */
function unsanitised(markdown: string): string {
  const mdast = unified().use(remarkParse).use(remarkGfm).parse(markdown);
  return toHtml(raw(toHast(mdast, { allowDangerousHtml: true })));
}

let browser: Browser;
let context: BrowserContext;
let server: http.Server;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const c = cases.find((x) => req.url === `/${x.id}.html`);
    if (!c) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html><head><meta charset="utf-8"><title>xss</title></head><body>${c.html}</body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
  context = await newGuardedContext(browser);
  // many payloads sanitise to the same page: each distinct page is probed once
  const signs = await probeDistinct(context, cases, (c) => c.html, (c) => `${base}/${c.id}.html`);
  for (const c of cases) c.signs = signs.get(c);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

describe('XSS corpus', () => {
  it('has the classic families, at least 80 payloads', () => {
    expect(PAYLOADS.length).toBeGreaterThanOrEqual(80);
    for (const family of [/<script/i, /onerror=/, /javascript:/i, /vbscript:/i, /data:text\/html/, /<svg/, /<math/, /expression\(/, /<base/, /http-equiv="refresh"/, /srcdoc/, /formaction/, /<animate/, /<set/, /foreignObject/, /<style/, /-moz-binding/]) {
      expect(PAYLOADS.some((p) => family.test(p)), String(family)).toBe(true);
    }
  });

  it('the probe sees script run (a payload in a page that gzh did not sanitise)', async () => {
    const raw = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<link rel="stylesheet" href="https://xss.test/x.css"><a href="javascript:alert(1)">x</a><div onmouseover="alert(2)">y</div><svg><a><set attributeName="href" to="javascript:alert(3)"></set><text y="20">z</text></a></svg>'));
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    try {
      const { signs } = await probePage(context, `http://127.0.0.1:${(raw.address() as AddressInfo).port}/`);
      expect(signs.filter((s) => s.startsWith('__XSS__')).length).toBeGreaterThan(0);
      expect(signs).toContain('request stylesheet https://xss.test/x.css');
    } finally {
      raw.close();
    }
  });

  it('runs no payload in Chromium', () => {
    const ran = cases.filter((c) => c.signs!.length > 0).map((c) => ({ id: c.id, payload: c.payload, signs: c.signs }));
    expect(ran).toEqual([]);
  });

  it('leaves no dangerous element or attribute in the output', () => {
    const left = cases.map((c) => ({ id: c.id, payload: c.payload, found: findDangerousMarkup(c.html) })).filter((c) => c.found.length > 0);
    expect(left).toEqual([]);
  });

  it('reports what it removed as a warning at the payload line', () => {
    // payloads that Markdown keeps as text, or that the HTML parser drops itself (`<body onload>`), need no
    // removal; comments are removed without a word (writers use them for notes)
    const reached = cases.filter((c) => findDangerousMarkup(unsanitised(c.variant.markdown(c.payload))).some((d) => d !== 'comment'));
    expect(reached.length).toBeGreaterThan(PAYLOADS.length);
    const silent = reached
      .filter((c) => !c.messages.some((m) => m.ruleId === 'compile/unsafe-html' && m.severity === 'warn' && m.line === c.variant.line && m.file === 'xss.md'))
      .map((c) => ({ id: c.id, payload: c.payload, messages: c.messages.map((m) => `${m.ruleId}@${m.line}: ${m.message}`) }));
    expect(silent).toEqual([]);
  });
});
