/**
 * The preview page in real headless Chromium (Debian's /usr/bin/chromium with fonts-noto-cjk). CI installs
 * it; when it is missing these tests fail and say so, they never skip.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../src/preview/index.js';
import { ARTICLE, makeProject, type TestProject } from './project.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts');
/** Long enough to scroll. */
const LONG_ARTICLE = ARTICLE + Array.from({ length: 40 }, (_, i) => `\n段落 ${i}：这是用来滚动的填充文字，公众号文章通常很长。\n`).join('');

let project: TestProject;
let server: DevServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: the preview browser tests need Debian's chromium and fonts-noto-cjk (apt-get install chromium fonts-noto-cjk)`);
  }
  project = await makeProject();
  project.write('content/post.md', LONG_ARTICLE);
  server = await startDevServer({ root: project.root, config: project.config, paths: [], port: 0, cwd: project.root });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking'] });
  context = await browser.newContext({ viewport: { width: 1440, height: 960 }, deviceScaleFactor: 1 });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url.replace(/\/$/, '') });
  page = await context.newPage();
  await page.goto(`${server.url}#${encodeURIComponent('content/post.md')}`);
  await page.waitForFunction(() => (window as any).__gzh?.updates > 0);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  project?.cleanup();
});

const contentText = () => page.locator('#content').innerText();
const sectionStyle = (property: 'color' | 'fontFamily' | 'backgroundColor') =>
  page.evaluate((p) => getComputedStyle(document.querySelector('#content > section')!)[p], property);

describe('gzh dev page', () => {
  it('renders the article as in WeChat: title, author, account, content, images, lint panel', async () => {
    expect(await page.locator('#title').innerText()).toBe('预览测试文章');
    expect(await page.locator('#author').innerText()).toBe('测试作者');
    expect(await page.locator('#account').innerText()).toBe('测试公众号');
    expect(await contentText()).toContain('第一段正文');
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('#content img');
      return img !== null && img.complete && img.naturalWidth === 64;
    });
    expect(await page.locator('#list .item').count()).toBe(1);
    expect(await page.locator('#messages li').count()).toBeGreaterThan(0);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'dev-preview.png') });
  });

  it('updates the page on save without a reload, keeping the scroll position', async () => {
    await page.evaluate(() => {
      (window as any).__marker = 'still here';
      document.querySelector('#screen')!.scrollTop = 400;
    });
    const scrolled = await page.evaluate(() => document.querySelector('#screen')!.scrollTop);
    expect(scrolled).toBeGreaterThan(300);
    project.write('content/post.md', LONG_ARTICLE.replace('第一段正文', '实时更新的第一段'));
    await page.waitForFunction(() => document.querySelector('#content')!.textContent!.includes('实时更新的第一段'));
    expect(await page.evaluate(() => (window as any).__marker)).toBe('still here');
    expect(await page.evaluate(() => document.querySelector('#screen')!.scrollTop)).toBe(scrolled);
    await page.evaluate(() => (document.querySelector('#screen')!.scrollTop = 0));
  });

  it('shows an overlay for a broken file, keeps the last render, and clears it on recovery', async () => {
    project.write('content/post.md', '---\ntitle: [oops\n---\n\n坏的');
    await page.locator('#overlay').waitFor({ state: 'visible' });
    expect(await page.locator('#overlay-where').innerText()).toContain('post.md');
    expect(await contentText()).toContain('实时更新的第一段');
    await page.screenshot({ path: path.join(ARTIFACTS, 'dev-preview-error.png') });
    project.write('content/post.md', LONG_ARTICLE.replace('第一段正文', '恢复以后的第一段'));
    await page.locator('#overlay').waitFor({ state: 'hidden' });
    expect(await contentText()).toContain('恢复以后的第一段');
  });

  it('dark mode toggle applies the WeChat dark-mode conversion', async () => {
    const light = { text: await sectionStyle('color'), screen: await page.evaluate(() => getComputedStyle(document.querySelector('.device')!).backgroundColor) };
    await page.click('#dark');
    await page.waitForFunction(() => document.querySelector('#phone')!.classList.contains('dark'));
    const dark = { text: await sectionStyle('color'), screen: await page.evaluate(() => getComputedStyle(document.querySelector('.device')!).backgroundColor) };
    expect(light.screen).toBe('rgb(255, 255, 255)');
    expect(dark.screen).toBe('rgb(25, 25, 25)');
    expect(light.text).toBe('rgb(51, 51, 51)');
    expect(dark.text).toBe('rgb(163, 163, 163)');
    await page.screenshot({ path: path.join(ARTIFACTS, 'dev-preview-dark.png') });
    await page.click('#dark');
    await page.waitForFunction(() => getComputedStyle(document.querySelector('#content > section')!).color === 'rgb(51, 51, 51)');
  });

  it('theme switcher re-compiles with another theme', async () => {
    expect(await page.locator('#theme option').allInnerTexts()).toEqual(expect.arrayContaining(['default', 'mono']));
    await page.selectOption('#theme', 'mono');
    await page.waitForFunction(() => getComputedStyle(document.querySelector('#content > section')!).color === 'rgb(176, 0, 32)');
    expect(await sectionStyle('fontFamily')).toContain('Georgia');
    await page.selectOption('#theme', '');
    await page.waitForFunction(() => getComputedStyle(document.querySelector('#content > section')!).color === 'rgb(51, 51, 51)');
  });

  it('width presets resize the phone', async () => {
    const width = () => page.evaluate(() => document.querySelector('.device')!.getBoundingClientRect().width);
    await page.click('#widths button[data-w="430"]');
    await page.waitForFunction(() => document.querySelector('.device')!.getBoundingClientRect().width === 430);
    await page.click('#widths button[data-w="375"]');
    await page.waitForFunction(() => document.querySelector('.device')!.getBoundingClientRect().width === 375);
    expect(await width()).toBe(375);
    await page.click('#widths button[data-w="390"]');
  });

  it('"Copy for WeChat editor" puts the inline-styled HTML on the clipboard as text/html', async () => {
    await page.click('#copy');
    await page.locator('#toast').waitFor({ state: 'visible' });
    const html = await page.evaluate(async () => {
      const items = await navigator.clipboard.read();
      const item = items.find((i) => i.types.includes('text/html'));
      return item ? (await item.getType('text/html')).text() : '';
    });
    expect(html).toContain('恢复以后的第一段');
    expect(html).toMatch(/<section style="[^"]*color:#333\b/);
    expect(html).toContain(`src="${server.url}@fs/content/images/pic.png`);
  });
});
