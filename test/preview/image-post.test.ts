/**
 * `gzh dev` shows an image post (newspic) as a phone does: the pictures one screen wide, swiped one at a time
 * (scroll-snap), then the plain text. In real headless Chromium over the dev server on 127.0.0.1.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../src/preview/index.js';
import { EventReader, makeProject, type TestProject } from './project.js';

const CHROMIUM = '/usr/bin/chromium';
const POST = `---
title: 三张图的小绿书
type: newspic
images:
  - ./images/pic.png
  - ./images/cover.png
  - ./images/pic.png
---

第一行说明。

第二行，**加粗**也只是文字。
`;

let project: TestProject;
let server: DevServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: the preview browser tests need Debian's chromium (apt-get install chromium fonts-noto-cjk)`);
  project = await makeProject();
  project.write('content/pics.md', POST);
  server = await startDevServer({ root: project.root, config: project.config, paths: [], port: 0, cwd: project.root });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking'] });
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await page.goto(`${server.url}#${encodeURIComponent('content/pics.md')}`);
  await page.waitForFunction(() => document.querySelectorAll('#content .newspic-slide img').length === 3);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  project?.cleanup();
});

describe('gzh dev: image posts', () => {
  it('shows the pictures first, each as wide as the screen, with counters, then the text without markup', async () => {
    const layout = await page.evaluate(() => {
      const strip = document.querySelector<HTMLElement>('#content .newspic-pictures')!;
      const slides = Array.from(strip.querySelectorAll<HTMLElement>('.newspic-slide'));
      const text = document.querySelector<HTMLElement>('#content .newspic-text')!;
      return {
        stripWidth: strip.clientWidth,
        scrollWidth: strip.scrollWidth,
        widths: slides.map((s) => Math.round(s.getBoundingClientRect().width)),
        counters: slides.map((s) => s.querySelector('span')!.textContent),
        snap: getComputedStyle(strip).scrollSnapType,
        textBelow: text.getBoundingClientRect().top >= strip.getBoundingClientRect().bottom,
        text: Array.from(text.querySelectorAll('p')).map((p) => p.textContent),
        bold: text.querySelector('strong, b') !== null,
      };
    });
    expect(layout.widths).toEqual([layout.stripWidth, layout.stripWidth, layout.stripWidth]);
    expect(layout.scrollWidth).toBe(layout.stripWidth * 3);
    expect(layout.counters).toEqual(['1/3', '2/3', '3/3']);
    expect(layout.snap).toBe('x mandatory');
    expect(layout.textBelow).toBe(true);
    expect(layout.text).toEqual(['第一行说明。', '第二行，加粗也只是文字。']);
    expect(layout.bold).toBe(false);
    await page.waitForFunction(() => Array.from(document.querySelectorAll<HTMLImageElement>('#content .newspic-slide img')).every((i) => i.complete && i.naturalWidth === 64));
  });

  it('sends the image post with its type and its first picture as the cover', async () => {
    const r = new EventReader(server.port);
    await r.open();
    await r.next('state');
    try {
      const p = await r.view('content/pics.md');
      expect(p.type).toBe('newspic');
      expect(p.cover).toBe('/@fs/content/images/pic.png?v=0');
    } finally {
      r.close();
    }
  });

  it('swipes one picture at a time: a partial scroll snaps to the next picture', async () => {
    const landed = await page.evaluate(async () => {
      const strip = document.querySelector<HTMLElement>('#content .newspic-pictures')!;
      strip.scrollTo({ left: strip.clientWidth * 0.7, behavior: 'instant' });
      await new Promise((r) => setTimeout(r, 300));
      return strip.scrollLeft / strip.clientWidth;
    });
    expect(landed).toBe(1);
  });
});
