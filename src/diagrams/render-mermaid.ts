/**
 * ```mermaid blocks → WeChat-safe SVG, rendered before compiling (the compile kernel is pure and sync).
 * Mermaid needs a browser: headless Chromium (GZH_CHROMIUM, else Debian's /usr/bin/chromium, ...) through
 * playwright-core, with mermaid's own bundle loaded into a blank page (no network). In the page the SVG is
 * made self-contained: computed styles written onto the elements (WeChat drops <style>), arrow markers drawn
 * as real shapes (WeChat drops ids, so url(#marker) can't resolve), <defs>/ids/classes removed, width ≤ 677 px.
 * A diagram that still needs HTML or url(#…) references becomes a PNG screenshot instead.
 *
 * Results are cached by content hash in memory and in `<root>/.gzh-cache/mermaid/<sha>.svg`, so a rebuild
 * does not start the browser. The browser is shared and closed after a short idle time.
 *
 * mermaid (148 MB installed, with its 108 packages) and playwright-core are an optional add-on (optional peer
 * dependencies): most writers draw no diagrams. Without it a diagram stays code and the warning says the one
 * command that installs it. It is looked for beside gzh, then in the project.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Code, Root } from 'mdast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import type { Message } from '../errors.js';

/** WeChat's content column. */
export const MAX_DIAGRAM_WIDTH = 677;
/** Bump when the post-processing changes, so cached SVGs are redone. */
const RENDER_VERSION = 1;
const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'];
const IDLE_CLOSE_MS = 10_000;
const FONT_FAMILY = '-apple-system, BlinkMacSystemFont, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif';

export interface MermaidBlock {
  source: string;
  line: number;
}

export interface RenderMermaidOptions {
  /** Folder for cached SVGs (e.g. `<root>/.gzh-cache/mermaid`); none = memory only. */
  cacheDir?: string;
  /** Chromium executable; default env GZH_CHROMIUM, then the usual install paths. */
  chromium?: string;
  env?: NodeJS.ProcessEnv;
  /** Path shown in messages. */
  file?: string;
  /** Folders to look for the add-on from (besides gzh's own); the project root. */
  searchFrom?: readonly string[];
  /** Look for the add-on only from `searchFrom` (tests: a project without it). */
  onlySearchFrom?: boolean;
}

/** The one command that installs the diagrams add-on. */
export const MERMAID_ADDON_INSTALL = 'npm install --save-dev mermaid playwright-core';

export interface MermaidAddon {
  version: string;
  /** mermaid's browser bundle (dist/mermaid.min.js). */
  bundle: string;
  /** playwright-core's entry, loaded with require (it is CommonJS). */
  playwright: string;
}

export interface RenderedDiagrams {
  /** Block source (as the compiler sees it: no final newline) → SVG or `<img>` markup. */
  diagrams: Map<string, string>;
  messages: Message[];
}

const memory = new Map<string, string>();

/** mermaid and playwright-core, resolved from the first folder that has both; undefined when not installed. */
export function findMermaidAddon(searchFrom: readonly string[] = [], onlySearchFrom = false): MermaidAddon | undefined {
  const requires = [...(onlySearchFrom ? [] : [createRequire(import.meta.url)]), ...searchFrom.map((dir) => createRequire(path.join(path.resolve(dir), 'package.json')))];
  for (const req of requires) {
    try {
      const manifest = req.resolve('mermaid/package.json');
      const version = (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
      return { version, bundle: path.join(path.dirname(manifest), 'dist', 'mermaid.min.js'), playwright: req.resolve('playwright-core') };
    } catch {
      // not here: the next folder
    }
  }
  return undefined;
}

/** ```mermaid (or ~~~mermaid) blocks of an article, with their lines. Cheap when there are none. */
export function findMermaidBlocks(markdown: string): MermaidBlock[] {
  if (!/^\s*(?:>\s*)*(```|~~~)\s*mermaid\b/m.test(markdown)) return [];
  const tree = unified().use(remarkParse).parse(markdown) as Root;
  const blocks: MermaidBlock[] = [];
  visit(tree, 'code', (node: Code) => {
    if (node.lang?.toLowerCase() === 'mermaid') blocks.push({ source: node.value, line: node.position?.start.line ?? 1 });
  });
  return blocks;
}

/** Render the article's diagrams that are not cached yet; returns every diagram it could render. */
export async function renderMermaidDiagrams(markdown: string, options: RenderMermaidOptions = {}): Promise<RenderedDiagrams> {
  const blocks = findMermaidBlocks(markdown);
  const diagrams = new Map<string, string>();
  const messages: Message[] = [];
  if (blocks.length === 0) return { diagrams, messages };

  const addon = findMermaidAddon(options.searchFrom, options.onlySearchFrom);
  if (!addon) {
    const count = new Set(blocks.map((b) => b.source)).size;
    messages.push({
      ruleId: 'compile/mermaid',
      severity: 'warn',
      message: `${count} mermaid diagram${count > 1 ? 's are' : ' is'} shown as code: rendering needs the diagrams add-on (mermaid and playwright-core), which is not installed. Install it with: ${MERMAID_ADDON_INSTALL} (or set diagrams.mermaid: false to keep diagrams as code)`,
      file: options.file,
      line: blocks[0]!.line,
      column: 1,
      source: 'gzh-diagrams',
    });
    return { diagrams, messages };
  }

  const missing: (MermaidBlock & { key: string })[] = [];
  for (const block of blocks) {
    if (diagrams.has(block.source)) continue;
    const key = hashOf(block.source, addon.version);
    const cached = memory.get(key) ?? (await readCache(options.cacheDir, key));
    if (cached) {
      memory.set(key, cached);
      diagrams.set(block.source, cached);
    } else if (!missing.some((m) => m.key === key)) {
      missing.push({ ...block, key });
    }
  }
  if (missing.length === 0) return { diagrams, messages };

  const executable = findChromium(options);
  if (!executable) {
    messages.push({
      ruleId: 'compile/mermaid',
      severity: 'warn',
      message: `${missing.length} mermaid diagram${missing.length > 1 ? 's are' : ' is'} shown as code: rendering needs Chromium, and none was found (set GZH_CHROMIUM to a Chrome/Chromium executable, or install chromium)`,
      file: options.file,
      line: missing[0]!.line,
      column: 1,
      source: 'gzh-diagrams',
    });
    return { diagrams, messages };
  }

  const page = await openPage(executable, addon);
  try {
    for (const block of missing) {
      const result = await page.render(block.source);
      if ('error' in result) {
        messages.push({
          ruleId: 'compile/mermaid',
          severity: 'error',
          message: `Mermaid cannot draw this diagram: ${result.error.split('\n').filter((l) => l.trim()).slice(0, 3).join(' ').replace(/\s+/g, ' ').trim()}; it is shown as code`,
          file: options.file,
          line: block.line,
          column: 1,
          source: 'gzh-diagrams',
        });
        continue;
      }
      memory.set(block.key, result.markup);
      diagrams.set(block.source, result.markup);
      await writeCache(options.cacheDir, block.key, result.markup);
    }
  } finally {
    page.release();
  }
  return { diagrams, messages };
}

/** Close the shared browser now (tests, or a long-running host shutting down). */
export async function closeMermaidRenderer(): Promise<void> {
  const current = shared;
  shared = undefined;
  if (current) await (await current).close();
}

function hashOf(source: string, mermaidVersion: string): string {
  return createHash('sha256').update(`mermaid@${mermaidVersion}\0gzh@${RENDER_VERSION}\0${source}`).digest('hex');
}

async function readCache(dir: string | undefined, key: string): Promise<string | undefined> {
  if (!dir) return undefined;
  try {
    return await readFile(path.join(dir, `${key}.svg`), 'utf8');
  } catch {
    return undefined;
  }
}

async function writeCache(dir: string | undefined, key: string, markup: string): Promise<void> {
  if (!dir) return;
  try {
    await mkdir(dir, { recursive: true });
    const target = path.join(dir, `${key}.svg`);
    const temp = `${target}.${process.pid}.tmp`;
    await writeFile(temp, markup);
    await rename(temp, target);
  } catch {
    // a read-only checkout still renders; it just renders again next time
  }
}

export function findChromium(options: Pick<RenderMermaidOptions, 'chromium' | 'env'> = {}): string | undefined {
  const configured = options.chromium ?? (options.env ?? process.env).GZH_CHROMIUM;
  if (configured) return existsSync(configured) ? configured : undefined;
  return CHROMIUM_CANDIDATES.find((p) => existsSync(p));
}

type RenderResult = { markup: string } | { error: string };

interface DiagramPage {
  render(source: string): Promise<RenderResult>;
  release(): void;
}

interface SharedBrowser {
  render(source: string): Promise<RenderResult>;
  close(): Promise<void>;
}

let shared: Promise<SharedBrowser> | undefined;
let users = 0;
let idleTimer: NodeJS.Timeout | undefined;

async function openPage(executable: string, addon: MermaidAddon): Promise<DiagramPage> {
  users++;
  if (idleTimer) clearTimeout(idleTimer);
  shared ??= launch(executable, addon);
  let browser: SharedBrowser;
  try {
    browser = await shared;
  } catch (error) {
    shared = undefined;
    users--;
    throw error;
  }
  return {
    render: (source) => browser.render(source),
    release: () => {
      if (--users > 0) return;
      idleTimer = setTimeout(() => void closeMermaidRenderer(), IDLE_CLOSE_MS);
      idleTimer.unref();
    },
  };
}

async function launch(executable: string, addon: MermaidAddon): Promise<SharedBrowser> {
  const { chromium } = createRequire(import.meta.url)(addon.playwright) as typeof import('playwright-core');
  const browser = await chromium.launch({ executablePath: executable, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const context = await browser.newContext({ deviceScaleFactor: 2, viewport: { width: 1200, height: 800 } });
  const page = await context.newPage();
  await page.route('**/*', (route) => route.abort()); // no network, ever
  await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:0;background:#fff"><div id="stage"></div></body></html>');
  await page.addScriptTag({ path: addon.bundle });
  await page.evaluate((fontFamily) => {
    const w = window as unknown as { mermaid: { initialize(config: object): void } };
    w.mermaid.initialize({
      startOnLoad: false,
      securityLevel: 'strict',
      htmlLabels: false,
      fontFamily,
      flowchart: { htmlLabels: false, useMaxWidth: false },
      sequence: { useMaxWidth: false },
      class: { htmlLabels: false, useMaxWidth: false },
      state: { useMaxWidth: false },
      er: { useMaxWidth: false },
      gantt: { useMaxWidth: false },
    });
  }, FONT_FAMILY);
  let queue = Promise.resolve() as Promise<unknown>;
  let counter = 0;
  return {
    // one diagram at a time on the one page
    render: (source) => {
      const run = queue.then(() => renderInPage(page, source, `gzh-diagram-${++counter}`));
      queue = run.catch(() => undefined);
      return run;
    },
    close: () => browser.close(),
  };
}

async function renderInPage(page: import('playwright-core').Page, source: string, id: string): Promise<RenderResult> {
  const result = await page.evaluate(makeSafeInPage, { source, id, maxWidth: MAX_DIAGRAM_WIDTH });
  if ('error' in result || 'markup' in result) return result;
  // needs raster: screenshot the diagram as it is on the stage
  const png = await page.locator('#stage > svg').screenshot({ type: 'png', omitBackground: false });
  const markup = `<img src="data:image/png;base64,${png.toString('base64')}" alt="diagram" width="${result.width}">`;
  await page.evaluate(() => {
    document.getElementById('stage')!.innerHTML = '';
  });
  return { markup };
}

/** Runs in the page: render, then make the SVG self-contained. Keep it free of closures over Node values. */
async function makeSafeInPage({ source, id, maxWidth }: { source: string; id: string; maxWidth: number }): Promise<{ markup: string } | { error: string } | { raster: true; width: number }> {
  const mermaid = (window as unknown as { mermaid: { render(id: string, text: string): Promise<{ svg: string }> } }).mermaid;
  const stage = document.getElementById('stage')!;
  stage.innerHTML = '';
  let svgText: string;
  try {
    svgText = (await mermaid.render(id, source)).svg;
  } catch (error) {
    document.getElementById(id)?.remove();
    document.getElementById(`d${id}`)?.remove();
    return { error: error instanceof Error ? error.message : String(error) };
  }
  stage.innerHTML = svgText;
  const svg = stage.querySelector('svg') as SVGSVGElement;
  const box = svg.viewBox.baseVal;
  const naturalWidth = box && box.width ? box.width : svg.getBoundingClientRect().width;
  const naturalHeight = box && box.height ? box.height : svg.getBoundingClientRect().height;
  const width = Math.min(Math.ceil(naturalWidth), maxWidth);
  const height = Math.round((naturalHeight * width) / naturalWidth);
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.removeAttribute('style');

  // 1. computed styles onto the elements (only what differs from the parent, to keep it small)
  const INHERITED = ['fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-linecap', 'stroke-linejoin', 'fill-opacity', 'stroke-opacity', 'font-family', 'font-size', 'font-weight', 'font-style', 'text-anchor'];
  const OWN: Record<string, string> = { opacity: '1', 'dominant-baseline': 'auto', 'alignment-baseline': 'auto' };
  const all = [svg, ...Array.from(svg.querySelectorAll('*'))] as SVGElement[];
  const computed = new Map<Element, CSSStyleDeclaration>();
  for (const el of all) computed.set(el, getComputedStyle(el));
  const hidden: Element[] = [];
  for (const el of all) {
    const style = computed.get(el)!;
    if (style.display === 'none' && el !== svg) {
      hidden.push(el);
      continue;
    }
    const parentStyle = el.parentElement ? computed.get(el.parentElement) : undefined;
    const declarations: string[] = [];
    for (const prop of INHERITED) {
      const value = style.getPropertyValue(prop);
      if (value && (!parentStyle || parentStyle.getPropertyValue(prop) !== value || el === svg)) declarations.push(`${prop}: ${value.replaceAll('"', "'")}`);
    }
    for (const [prop, initial] of Object.entries(OWN)) {
      const value = style.getPropertyValue(prop);
      if (value && value !== initial) declarations.push(`${prop}: ${value}`);
    }
    if (declarations.length) el.setAttribute('style', declarations.join('; '));
    else el.removeAttribute('style');
  }

  // 2. markers (arrowheads) drawn as shapes next to the path they end
  for (const el of all) {
    for (const [attr, atStart] of [['marker-end', false], ['marker-start', true]] as const) {
      const ref = el.getAttribute(attr) ?? '';
      const markerId = /url\(["']?#([^"')]+)["']?\)/.exec(ref)?.[1];
      if (!markerId) continue;
      el.removeAttribute(attr);
      const marker = svg.querySelector(`marker[id="${CSS.escape(markerId)}"]`) as SVGMarkerElement | null;
      const geometry = el as unknown as SVGGeometryElement;
      if (!marker || typeof geometry.getTotalLength !== 'function') continue;
      const length = geometry.getTotalLength();
      if (!length) continue;
      const at = geometry.getPointAtLength(atStart ? 0 : length);
      const near = geometry.getPointAtLength(atStart ? Math.min(1, length) : Math.max(0, length - 1));
      let angle = (Math.atan2(at.y - near.y, at.x - near.x) * 180) / Math.PI;
      const orient = marker.getAttribute('orient') ?? '0';
      if (orient === 'auto-start-reverse' && atStart) angle += 0;
      else if (orient === 'auto' && atStart) angle += 180;
      else if (orient !== 'auto' && orient !== 'auto-start-reverse') angle = parseFloat(orient) || 0;
      const view = marker.viewBox.baseVal;
      const markerWidth = marker.markerWidth.baseVal.value || 3;
      const units = marker.getAttribute('markerUnits') ?? 'strokeWidth';
      const strokeWidth = parseFloat(computed.get(el)?.strokeWidth ?? '1') || 1;
      const scale = (view && view.width ? markerWidth / view.width : 1) * (units === 'strokeWidth' ? strokeWidth : 1);
      const refX = marker.refX.baseVal.value;
      const refY = marker.refY.baseVal.value;
      const g = document.createElementNS('http://www.w3.org/2000/svg', 'g');
      const own = el.getAttribute('transform');
      g.setAttribute('transform', `${own ? `${own} ` : ''}translate(${at.x} ${at.y}) rotate(${angle}) scale(${scale}) translate(${-refX} ${-refY})`);
      for (const child of Array.from(marker.children)) g.appendChild(child.cloneNode(true));
      el.after(g);
    }
  }

  // HTML labels or references to shared definitions (gradients, clip paths) can't be made safe: raster
  const outsideDefs = Array.from(svg.querySelectorAll('*')).filter((el) => !el.closest('defs, style, marker'));
  const referencing = outsideDefs.some((el) => Array.from(el.attributes).some((a) => /url\(\s*["']?#/.test(a.value) || (/href$/.test(a.name) && a.value.startsWith('#'))));
  if (svg.querySelector('foreignObject') || referencing) return { raster: true, width };

  // 3. strip what WeChat drops or can't resolve
  for (const el of hidden) el.remove();
  for (const el of Array.from(svg.querySelectorAll('style, defs, marker, script, title, desc'))) el.remove();
  for (const el of [svg, ...Array.from(svg.querySelectorAll('*'))]) {
    for (const attr of Array.from(el.attributes)) {
      if (attr.name === 'id' || attr.name === 'class' || attr.name.startsWith('data-') || attr.name.startsWith('aria-') || attr.name === 'role' || attr.name.startsWith('on')) el.removeAttribute(attr.name);
    }
  }
  const rootStyle = svg.getAttribute('style');
  svg.setAttribute('style', `${rootStyle ? `${rootStyle}; ` : ''}max-width: 100%; height: auto;`);
  const markup = new XMLSerializer().serializeToString(svg);
  stage.innerHTML = '';
  return { markup };
}
