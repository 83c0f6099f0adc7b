/**
 * Issue 13 §1: compact inline styles render exactly like the full ones. Every example article in content/
 * and one long corpus article are compiled twice per built-in theme, with `compactStyles: false` (every
 * matched declaration on every element, the output before compaction) and with the default compact styles,
 * rendered in real Chromium (Debian's /usr/bin/chromium with fonts-noto-cjk) at a phone's width inside a
 * stand-in for WeChat's article container, and the screenshots compared pixel by pixel.
 *
 * Tolerance: none. Both pages have the same fonts, images and width; a single differing pixel fails.
 * The container carries what WeChat's article CSS is reported to do (rich_media_content: 17px, 0.9-black text,
 * justified, letter spacing 0.034em; `* { box-sizing: border-box; max-width: 100% }`; `p { clear: both;
 * min-height: 1em }`) plus a weui-style reset of margins and paddings, so a declaration the compactor drops
 * because "the browser does that anyway" shows up here if WeChat would not.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileArticle } from '../../src/compile/index.js';
import { githubCodeCss } from '../helpers/compile.js';

const CHROMIUM = '/usr/bin/chromium';
const root = path.resolve(import.meta.dirname, '../..');
const contentDir = path.join(root, 'content');
const themes = readdirSync(path.join(root, 'themes')).filter((f) => f.endsWith('.css')).sort();
const articles = [
  ...readdirSync(contentDir).filter((f) => f.endsWith('.md')).sort().map((f) => path.join(contentDir, f)),
  path.join(root, 'test/corpus/zh/tidb-release-7.5.6.md'),
  path.join(root, 'test/corpus/zh/wangdoc-js-cookie.md'),
];
const artifacts = path.join(root, 'test-artifacts/compact-render');
const WECHAT_CSS = `
  body { margin: 0; background: #fff; }
  html, body, p, h1, h2, h3, h4, h5, h6, ul, ol, li, blockquote, pre, figure, table, th, td { margin: 0; padding: 0; }
  .rich_media_content { padding: 0 16px; overflow: hidden; color: rgba(0, 0, 0, 0.9); font-size: 17px; line-height: 1.6;
    letter-spacing: 0.034em; text-align: justify; word-wrap: break-word; position: relative; z-index: 0; }
  .rich_media_content * { max-width: 100% !important; box-sizing: border-box !important; word-wrap: break-word !important; }
  .rich_media_content p { clear: both; min-height: 1em; }
`;

let browser: Browser;
/** Two tabs: the full and the compact render of an article are drawn at the same time. */
let tabs: { page: Page; cdp: CDPSession }[];
const out = mkdtempSync(path.join(tmpdir(), 'gzh-compact-'));

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  const context = await browser.newContext({ viewport: { width: 390, height: 800 }, deviceScaleFactor: 1 });
  // remote images fail the same way in both renders; nothing leaves the machine
  await context.route(/^(?!file:)/, (route) => route.abort());
  tabs = await Promise.all([0, 1].map(async () => {
    const page = await context.newPage();
    return { page, cdp: await context.newCDPSession(page) };
  }));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  rmSync(out, { recursive: true, force: true });
});

/**
 * A full-page screenshot of the article HTML in the WeChat stand-in, as PNG. Chromium's own capture with
 * optimizeForSpeed (a faster zlib level, still lossless: the same pixels) takes half the time of
 * playwright's fullPage screenshot on these 10,000-px pages.
 */
async function render(html: string, name: string, { page, cdp } = tabs[0]!): Promise<Buffer> {
  const file = path.join(out, `${name}.html`);
  const base = `file://${contentDir}/`;
  writeFileSync(file, `<!DOCTYPE html><html><head><meta charset="utf-8"><base href="${base}"><style>${WECHAT_CSS}</style></head><body><div class="rich_media_content" id="js_content">${html}</div></body></html>`);
  await page.goto(`file://${file}`);
  await page.evaluate(() => Promise.all(Array.from(document.images).map((img) => (img.complete ? null : new Promise((r) => img.addEventListener('loadend', r, { once: true }))))));
  const { cssContentSize } = await cdp.send('Page.getLayoutMetrics');
  const clip = { x: 0, y: 0, width: Math.ceil(cssContentSize.width), height: Math.ceil(cssContentSize.height), scale: 1 };
  const { data } = await cdp.send('Page.captureScreenshot', { format: 'png', optimizeForSpeed: true, captureBeyondViewport: true, clip });
  return Buffer.from(data, 'base64');
}

/** Raw RGBA pixels of a PNG. */
async function pixelsOf(png: Buffer): Promise<{ width: number; height: number; pixels: Buffer }> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, pixels: data };
}

/** The width and height in a PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

function differingPixels(a: Buffer, b: Buffer): number {
  let n = 0;
  for (let i = 0; i < a.length; i += 4) if (a[i] !== b[i] || a[i + 1] !== b[i + 1] || a[i + 2] !== b[i + 2] || a[i + 3] !== b[i + 3]) n++;
  return n;
}

describe.each(themes)('theme %s', (themeFile) => {
  const themeCss = readFileSync(path.join(root, 'themes', themeFile), 'utf8');
  it.each(articles.map((a) => [path.basename(a), a]))('%s renders the same with compact styles, in fewer characters', async (name, file) => {
    const markdown = readFileSync(file, 'utf8');
    const full = compileArticle(markdown, { file: name, themeCss, codeThemeCss: githubCodeCss, compactStyles: false });
    const compact = compileArticle(markdown, { file: name, themeCss, codeThemeCss: githubCodeCss });
    expect(compact.text).toBe(full.text);
    expect(compact.html.length).toBeLessThan(full.html.length);
    const tag = `${themeFile.slice(0, -4)}-${name.slice(0, -3)}`;
    const [fullPng, compactPng] = await Promise.all([render(full.html, `${tag}-full`, tabs[0]), render(compact.html, `${tag}-compact`, tabs[1])]);
    expect(pngSize(compactPng)).toEqual(pngSize(fullPng));
    // the same encoder on the same pixels writes the same bytes: decode only when they differ
    if (fullPng.equals(compactPng)) return;
    const [a, b] = await Promise.all([pixelsOf(fullPng), pixelsOf(compactPng)]);
    const differing = differingPixels(a.pixels, b.pixels);
    if (differing > 0) {
      mkdirSync(artifacts, { recursive: true });
      for (const [suffix, shot] of [['full', a], ['compact', b]] as const) {
        await sharp(shot.pixels, { raw: { width: shot.width, height: shot.height, channels: 4 } }).png().toFile(path.join(artifacts, `${tag}-${suffix}.png`));
      }
    }
    expect(differing, `${differing} of ${a.width * a.height} pixels differ (screenshots in test-artifacts/compact-render)`).toBe(0);
  }, 120_000);
});
