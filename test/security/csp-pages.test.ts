/**
 * The second wall: the pages gzh writes or serves forbid script by Content-Security-Policy, so HTML that got
 * past a sanitiser still does not run. Each page is loaded in Chromium with markup that runs when the
 * policy is taken away (the control case), and must still show its styles and images.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPreviewPage, STATIC_PAGE_CSP } from '../../src/project/preview-page.js';
import { renderThemeGallery } from '../../src/project/theme-gallery.js';
import { WEB_VIEW_CSP } from '../../src/sandbox/webview.js';
import { launchChromium, newGuardedContext, probePage } from './xss-browser.js';

/** Runs in a page without a policy (each line on its own would). */
const UNSANITISED = [
  '<img src="missing.png" onerror="alert(1)">',
  '<script>alert(2)</script>',
  '<svg onload="alert(3)"></svg>',
  '<a href="javascript:alert(4)">link</a>',
  '<iframe src="javascript:alert(5)"></iframe>',
  '<iframe srcdoc="<script>alert(6)</script>"></iframe>',
  '<script src="https://xss.test/x.js"></script>',
].join('\n');
const IMAGES = '<img id="local" src="pic.png" alt=""><img id="inline" src="data:image/gif;base64,R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==" alt="">';

let dir: string;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'gzh-csp-'));
  writeFileSync(path.join(dir, 'pic.png'), await sharp({ create: { width: 8, height: 6, channels: 3, background: '#38c' } }).png().toBuffer());
  browser = await launchChromium();
  context = await newGuardedContext(browser);
});
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Write the page, and the same page with its policy taken out; probe both. */
async function probeWritten(name: string, html: string) {
  expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${STATIC_PAGE_CSP}">`);
  const withPolicy = path.join(dir, `${name}.html`);
  const without = path.join(dir, `${name}-no-csp.html`);
  writeFileSync(withPolicy, html);
  writeFileSync(without, html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, ''));
  return { guarded: await probePage(context, pathToFileURL(withPolicy).href), control: await probePage(context, pathToFileURL(without).href), url: pathToFileURL(withPolicy).href };
}

async function imagesAndStyles(url: string, selector: string) {
  const page = await context.newPage();
  await page.goto(url);
  const result = await page.evaluate((sel) => ({
    local: (document.getElementById('local') as HTMLImageElement).naturalWidth,
    inline: (document.getElementById('inline') as HTMLImageElement).naturalWidth,
    width: getComputedStyle(document.querySelector(sel)!).width,
  }), selector);
  await page.close();
  return result;
}

describe('the *.preview.html page of gzh build', () => {
  it('runs no script, while the same markup runs without the policy', async () => {
    const { guarded, control, url } = await probeWritten('article.preview', renderPreviewPage({ title: '标题', author: '作者', accountName: '公众号', html: UNSANITISED + IMAGES }));
    expect(control.signs.length).toBeGreaterThan(0);
    expect(guarded.signs).toEqual([]);
    // still a page: its stylesheet applies, local and data: images load from file:
    expect(await imagesAndStyles(url, '.phone')).toEqual({ local: 8, inline: 1, width: '390px' });
  });
});

describe('the theme gallery', () => {
  it('runs no script, while the same markup runs without the policy', async () => {
    const html = renderThemeGallery([{ name: 'default', description: 'd', current: true }], [{ title: '标题', file: 'a.md', html: new Map([['default', UNSANITISED + IMAGES]]) }]);
    const { guarded, control, url } = await probeWritten('themes', html);
    expect(control.signs.length).toBeGreaterThan(0);
    expect(guarded.signs).toEqual([]);
    expect(await imagesAndStyles(url, '.phone')).toEqual({ local: 8, inline: 1, width: '390px' });
  });
});

describe("the sandbox web view's policy", () => {
  it('runs no script when served with it, while the same page runs without', async () => {
    const server = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', ...(req.url === '/guarded' ? { 'content-security-policy': WEB_VIEW_CSP } : {}) }).end(`<!doctype html><body>${UNSANITISED}</body>`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      expect((await probePage(context, `${base}/control`)).signs.length).toBeGreaterThan(0);
      expect((await probePage(context, `${base}/guarded`)).signs).toEqual([]);
    } finally {
      server.close();
    }
  });
});
