/**
 * The compiled HTML of every built-in theme laid out by real Chromium as a phone shows it: 390 px wide at
 * DPR 2, the article in a 358 px box (WeChat's 16 px page margins). Repros of issue 13 §4: a table with
 * code in cells put a column at x≈330 in a 482 px table; linked badges stacked vertically; `[n]` broke
 * inside itself in narrow cells (now: a superscript marker ¹ must stay on its word's line). Screenshots go to test-artifacts/phone-layout-<theme>.png.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../helpers/compile.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts');
const themesDir = path.resolve(import.meta.dirname, '../../themes');
const themes = readdirSync(themesDir).filter((f) => f.endsWith('.css')).sort();
const BOX = { left: 16, right: 374 };

const ARTICLE = `开头一段。

| 命令 | 说明 | 示例 |
|---|---|---|
| \`npm install --save-dev some-long-package-name\` | 安装依赖到 devDependencies 里面 | \`npx some-long-package-name --config ./config/file.json\` |
| \`npm run build\` | 构建 | \`node ./scripts/build.mjs --watch --mode=production\` |

| Option | Type | Default | Description |
|---|---|---|---|
| \`maxContentLength\` | \`number\` | \`-1\` | defines the max size of the http response content in bytes allowed |
| \`validateStatus\` | \`function\` | \`status >= 200 && status < 300\` | defines whether to resolve or reject the promise |

[![npm](https://img.shields.io/npm/v/x.svg)](https://npmjs.com/x) [![build](https://img.shields.io/b/y.svg)](https://ci.example.com/y) [![cov](https://img.shields.io/c/z.svg)](https://cov.example.com/z)

| 作者 | 仓库 | 星标 | 语言 | 说明 |
|---|---|---|---|---|
| [yanglbme](https://github.com/yanglbme) | [leetcode](https://github.com/doocs/leetcode) | 30k | Java | 多种编程语言实现 LeetCode 题解 |
`;

let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install chromium fonts-noto-cjk`);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  // every image is an 80×20 badge; nothing leaves the machine
  const badge = '<svg xmlns="http://www.w3.org/2000/svg" width="80" height="20"><rect width="80" height="20" rx="3" fill="#4c1"/></svg>';
  await page.route(/^https?:/, (route) => route.fulfill({ contentType: 'image/svg+xml', body: badge }));
});

afterAll(async () => {
  await browser?.close();
});

interface Layout {
  tables: { width: number; cellX: number[]; cellRight: number[] }[];
  badges: { x: number; y: number; right: number }[];
  badgeMarker: { x: number; y: number; lines: number; text: string } | undefined;
  markers: { text: string; lines: number }[];
}

async function layout(themeFile: string): Promise<Layout> {
  const html = compile(ARTICLE, { themeCss: readFileSync(path.join(themesDir, themeFile), 'utf8') }).html;
  await page.setContent(`<!doctype html><meta name="viewport" content="width=device-width"><body style="margin:0"><div style="padding:0 16px">${html}</div></body>`);
  await page.waitForFunction(() => Array.from(document.images).every((i) => i.complete && i.naturalWidth > 0));
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `phone-layout-${themeFile.replace(/\.css$/, '')}.png`), fullPage: true });
  return page.evaluate(() => {
    const round = (n: number) => Math.round(n);
    const tables = Array.from(document.querySelectorAll('table')).map((t) => {
      const cells = Array.from(t.rows[0]!.cells).map((c) => c.getBoundingClientRect());
      return { width: round(t.getBoundingClientRect().width), cellX: cells.map((c) => round(c.x)), cellRight: cells.map((c) => round(c.right)) };
    });
    const badges = Array.from(document.querySelectorAll('img')).map((i) => i.getBoundingClientRect()).map((r) => ({ x: round(r.x), y: round(r.y), right: round(r.right) }));
    // link markers are superscript digits after a word joiner: measure each with the character before it
    const markers: { text: string; lines: number; x: number; y: number }[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of (node.nodeValue ?? '').matchAll(/\u2060[⁰¹²³⁴-⁹⁻˒]+/g)) {
        const range = document.createRange();
        range.setStart(node, Math.max(0, m.index - 1));
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set(Array.from(range.getClientRects()).map((r) => round(r.top)));
        const own = document.createRange();
        own.setStart(node, m.index);
        own.setEnd(node, m.index + m[0].length);
        const r = own.getBoundingClientRect();
        markers.push({ text: m[0].slice(1), lines: tops.size, x: round(r.x), y: round(r.y) });
      }
    }
    const row = markers.find((m) => m.text === '¹⁻³');
    return {
      tables,
      badges,
      badgeMarker: row ? { x: row.x, y: row.y, lines: row.lines, text: row.text } : undefined,
      markers: markers.map(({ text, lines }) => ({ text, lines })),
    };
  });
}

describe.each(themes)('at 390 px, DPR 2: %s', (themeFile) => {
  let result: Layout;
  beforeAll(async () => {
    result = await layout(themeFile);
  });

  it('fits a table of code and prose in the box, and starts every column of a wider one on screen', () => {
    const [commands, options] = result.tables;
    expect(commands!.width).toBeLessThanOrEqual(BOX.right - BOX.left + 1);
    for (const table of result.tables) {
      // each column starts inside the box (before the fix: columns of the code table at x = 408 and 460)
      for (const x of table.cellX) expect(x, JSON.stringify(table)).toBeLessThan(BOX.right);
    }
    // the API table may scroll, but only a little: the last column is mostly on screen
    expect(options!.width).toBeLessThanOrEqual(1.25 * (BOX.right - BOX.left));
  });

  it('keeps a row of linked badges on one line with one marker after it', () => {
    expect(result.badges).toHaveLength(3);
    const [a, b, c] = result.badges;
    expect(new Set([a!.y, b!.y, c!.y]).size).toBe(1);
    expect(b!.x).toBeGreaterThan(a!.right);
    expect(c!.x).toBeGreaterThan(b!.right);
    expect(result.badgeMarker).toMatchObject({ text: '¹⁻³', lines: 1 });
    expect(result.badgeMarker!.x).toBeGreaterThanOrEqual(c!.right);
  });

  it('never breaks a marker across lines or away from its word, even in a narrow cell', () => {
    expect(result.markers.length).toBeGreaterThanOrEqual(3);
    expect(result.markers.filter((m) => m.lines !== 1)).toEqual([]);
  });
});
