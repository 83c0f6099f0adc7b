/**
 * `gzh themes --preview`: a gallery of every theme on the example articles, written to <out>/themes.html,
 * rendered in headless Chromium and screenshotted to test-artifacts/themes-gallery.png (look at it).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/commands/themes.js';
import { createOutput } from '../../src/cli/output.js';
import { listThemes } from '../../src/config/themes.js';
import { closeMermaidRenderer, findChromium } from '../../src/diagrams/render-mermaid.js';
import { checkOutputContract } from '../helpers/contract.js';

const repo = path.resolve(import.meta.dirname, '../..');
const out = mkdtempSync(path.join(tmpdir(), 'gzh-gallery-'));
const artifacts = path.join(repo, 'test-artifacts');
const chromium = findChromium();

afterAll(async () => {
  await closeMermaidRenderer();
  rmSync(out, { recursive: true, force: true });
});

function context() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let text = '';
  stdout.on('data', (d) => (text += d));
  stderr.on('data', (d) => (text += d));
  return { ctx: { cwd: repo, env: { ...process.env, NO_COLOR: '1' }, output: createOutput(stdout, stderr, { NO_COLOR: '1' }), signal: new AbortController().signal }, text: () => text };
}

describe('gzh themes --preview', () => {
  it('writes a gallery with every theme on the example articles', async () => {
    const { ctx, text } = context();
    const code = await run(['content/rich.md', 'content/features.md'], { preview: true, out }, ctx);
    expect(code).toBe(0);
    expect(text()).toMatch(/✓ \d+ themes × 2 articles → /);
    const page = readFileSync(path.join(out, 'themes.html'), 'utf8');
    const themes = listThemes(repo);
    expect(themes.length).toBeGreaterThan(1);
    for (const t of themes) expect(page).toContain(`<strong>${t.name}</strong>`);
    expect(page.match(/<div class="phone">/g)).toHaveLength(themes.length * 2);
    expect(page).toContain('公式、图表与提示框');
    // the article HTML inside each phone is exactly what would be published
    const phones = page.split('<div class="phone">').slice(1).map((p) => p.slice(0, p.lastIndexOf('</div>')));
    for (const phone of phones) expect(checkOutputContract(phone.replace(/^<h1 class="title">[^<]*<\/h1>/, ''))).toEqual([]);
  }, 120_000);

  it('renders in Chromium: every theme column visible, screenshot saved', async () => {
    expect(chromium, 'no Chromium found: apt-get install chromium (or set GZH_CHROMIUM)').toBeDefined();
    const { chromium: launcher } = await import('playwright-core');
    const browser = await launcher.launch({ executablePath: chromium!, args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
      await page.route(/^(?!file:)/, (route) => route.abort());
      await page.goto(`file://${path.join(out, 'themes.html')}`);
      const cards = await page.locator('.card').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height));
      expect(cards.length).toBeGreaterThan(2);
      for (const height of cards) expect(height).toBeGreaterThan(400);
      // math drew (SVG with a size), callouts have their own background
      const mathWidth = await page.locator('.phone svg').first().evaluate((e) => e.getBoundingClientRect().width);
      expect(mathWidth).toBeGreaterThan(10);
      mkdirSync(artifacts, { recursive: true });
      await page.screenshot({ path: path.join(artifacts, 'themes-gallery.png'), fullPage: false });
      await page.locator('.article-row').first().screenshot({ path: path.join(artifacts, 'themes-gallery-rich.png') });
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('fails clearly with no articles to show', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'gzh-empty-'));
    try {
      const { ctx } = context();
      await expect(run([], { preview: true, out }, { ...ctx, cwd: empty })).rejects.toMatchObject({ exitCode: 2, message: 'No articles to show the themes on', hint: expect.stringContaining('gzh init') });
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
