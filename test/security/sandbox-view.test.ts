/**
 * The XSS corpus sent straight to the sandbox's draft/add (no gzh compiler in between, as any API client
 * could): WeChat's filter as the sandbox emulates it must drop what runs, and its web view must run none of
 * it, in Chromium, with its Content-Security-Policy as the second wall.
 */
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { WEB_VIEW_CSP } from '../../src/sandbox/webview.js';
import { findDangerousMarkup } from './dangerous-markup.js';
import { launchChromium, newGuardedContext, probeDistinct } from './xss-browser.js';

const PAYLOADS = readFileSync(new URL('../fixtures/xss/payloads.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '' && !line.startsWith('#'));

interface Sent {
  payload: string;
  mediaId: string;
  stored: string;
  signs?: string[];
}

let sb: Sandbox;
let browser: Browser;
let context: BrowserContext;
const sent: Sent[] = [];

async function call(endpoint: string, token: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${sb.url}/cgi-bin/${endpoint}?access_token=${token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await res.json()) as Record<string, unknown>;
}

beforeAll(async () => {
  sb = await startSandbox({ quotas: { 'draft/add': 10_000, 'draft/get': 10_000 } });
  const token = String((await call('stable_token', '', { grant_type: 'client_credential', appid: sb.appId, secret: sb.appSecret })).access_token);
  const form = new FormData();
  form.append('media', new Blob([new Uint8Array(await sharp({ create: { width: 40, height: 30, channels: 3, background: '#4a8' } }).jpeg().toBuffer())]), 'c.jpg');
  const thumb = String(((await (await fetch(`${sb.url}/cgi-bin/material/add_material?type=image&access_token=${token}`, { method: 'POST', body: form })).json()) as { media_id: string }).media_id);
  for (const payload of PAYLOADS) {
    const { media_id } = await call('draft/add', token, { articles: [{ title: '载荷', content: `<p>开头</p>${payload}<p>结尾</p>`, thumb_media_id: thumb }] });
    const mediaId = String(media_id);
    const stored = sb.state.drafts.find((d) => d.media_id === mediaId)!.articles[0]!.content;
    sent.push({ payload, mediaId, stored });
  }
  browser = await launchChromium();
  context = await newGuardedContext(browser);
  // the page differs only by what was stored: each distinct content is probed once
  const signs = await probeDistinct(context, sent, (s) => s.stored, (s) => `${sb.url}/draft/${encodeURIComponent(s.mediaId)}/1`);
  for (const s of sent) s.signs = signs.get(s);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await sb?.close();
});

describe('the XSS corpus through draft/add', () => {
  it('was stored, one draft per payload', () => {
    expect(sent).toHaveLength(PAYLOADS.length);
    expect(sent.every((s) => s.stored.includes('开头'))).toBe(true);
  });

  it("WeChat's filter (emulated) keeps nothing that runs; interactive SVG that writes no link stays", () => {
    const left = sent.map((s) => ({ payload: s.payload, found: findDangerousMarkup(s.stored, { svgAnimation: true }) })).filter((s) => s.found.length > 0);
    expect(left).toEqual([]);
    // an animation of a shape is WeChat's own interactive SVG: kept
    expect(sent.find((s) => s.payload.startsWith('<svg><animate onbegin'))!.stored).toMatch(/<animate attributeName="x"/);
  });

  it('the web view runs none of them', () => {
    const ran = sent.filter((s) => s.signs!.length > 0).map((s) => ({ payload: s.payload, signs: s.signs }));
    expect(ran).toEqual([]);
  });

  it('serves article pages with a policy that forbids script', async () => {
    const res = await fetch(`${sb.url}/draft/${encodeURIComponent(sent[0]!.mediaId)}/1`);
    expect(res.headers.get('content-security-policy')).toBe(WEB_VIEW_CSP);
    expect(WEB_VIEW_CSP).toContain("script-src 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
