/**
 * Mermaid diagrams: rendered in headless Chromium before compiling, made WeChat-safe, cached by content
 * hash; without Chromium the block stays code with a warning. Needs Debian's chromium (or GZH_CHROMIUM).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeMermaidRenderer, findChromium, findMermaidAddon, findMermaidBlocks, MERMAID_ADDON_INSTALL, renderMermaidDiagrams } from '../../src/diagrams/render-mermaid.js';
import { defaultConfig } from '../../src/config/schema.js';
import { compileSourceWithDiagrams } from '../../src/project/load-article.js';
import { compile } from '../helpers/compile.js';
import { checkOutputContract, visibleText } from '../helpers/contract.js';

const flowchart = 'flowchart LR\n  A[开始] --> B{判断}\n  B -->|是| C[结束]';
const article = `# 图\n\n\`\`\`mermaid\n${flowchart}\n\`\`\`\n\n> \`\`\`mermaid\n> sequenceDiagram\n>   Alice->>Bob: 你好\n> \`\`\`\n`;
const chromium = findChromium();
const cacheDir = mkdtempSync(path.join(tmpdir(), 'gzh-mermaid-'));

afterAll(async () => {
  await closeMermaidRenderer();
  rmSync(cacheDir, { recursive: true, force: true });
});

describe('finding blocks', () => {
  it('finds ```mermaid blocks anywhere (also in quotes), with lines, and nothing else', () => {
    expect(findMermaidBlocks(article)).toEqual([
      { source: flowchart, line: 3 },
      { source: 'sequenceDiagram\n  Alice->>Bob: 你好', line: 9 },
    ]);
    expect(findMermaidBlocks('```js\nmermaid\n```\n\nthe word mermaid')).toEqual([]);
  });
});

// Chromium is part of the test setup (.ci/run installs Debian's): without it these fail, they never skip.
describe('rendering with Chromium', () => {
  it('has a Chromium to render with', () => {
    expect(chromium, 'no Chromium found: apt-get install chromium (or set GZH_CHROMIUM)').toBeDefined();
  });

  it('renders every block to a self-contained SVG at most 677 px wide', async () => {
    const { diagrams, messages } = await renderMermaidDiagrams(article, { cacheDir, file: 'a.md' });
    expect(messages).toEqual([]);
    expect(diagrams.size).toBe(2);
    for (const svg of diagrams.values()) {
      expect(svg).toMatch(/^<svg/);
      expect(svg).not.toMatch(/<(style|defs|marker|foreignObject|script)\b/i);
      expect(svg).not.toMatch(/\s(id|class)=|url\(#|href="#/);
      const width = Number(/ width="(\d+)"/.exec(svg)?.[1]);
      expect(width).toBeGreaterThan(50);
      expect(width).toBeLessThanOrEqual(677);
    }
    const flow = diagrams.get(flowchart)!;
    // labels are SVG text (no HTML), arrowheads drawn as shapes where the markers were
    expect(flow).toMatch(/<text[^>]*>[\s\S]*开始/);
    expect(flow).toMatch(/<g transform="[^"]*rotate\([^"]*"><path/);
    expect(readdirSync(cacheDir).filter((f) => f.endsWith('.svg'))).toHaveLength(2);
  }, 60_000);

  it('serves a rebuild from the cache without a browser (even a missing one)', async () => {
    const again = await renderMermaidDiagrams(article, { cacheDir, chromium: '/nonexistent/chromium' });
    expect(again.messages).toEqual([]);
    expect(again.diagrams.size).toBe(2);
    const file = readdirSync(cacheDir).find((f) => f.endsWith('.svg'))!;
    expect([...again.diagrams.values()]).toContain(readFileSync(path.join(cacheDir, file), 'utf8'));
  });

  it('reports mermaid syntax errors with the block line and keeps the block as code', async () => {
    const bad = 'text\n\n```mermaid\nflowchart LR\n  A --> \n```\n';
    const { diagrams, messages } = await renderMermaidDiagrams(bad, { cacheDir, file: 'b.md' });
    expect(diagrams.size).toBe(0);
    expect(messages).toEqual([expect.objectContaining({ ruleId: 'compile/mermaid', severity: 'error', file: 'b.md', line: 3 })]);
  }, 60_000);

  it('puts the diagram into the compiled article, meeting the output contract', async () => {
    const config = { ...defaultConfig(cacheDir), diagrams: { mermaid: true, cacheDir } };
    const loaded = await compileSourceWithDiagrams(article, 'a.md', path.join(cacheDir, 'a.md'), config);
    expect(loaded.html.match(/<svg/g)).toHaveLength(2);
    expect(loaded.html).not.toContain('flowchart LR');
    expect(loaded.html).toMatch(/<section style="[^"]*text-align:center[^"]*"><svg/);
    expect(checkOutputContract(loaded.html)).toEqual([]);
  }, 60_000);
});

describe('without Chromium', () => {
  it('warns once with the first block line and keeps the blocks as code', async () => {
    const fresh = `\`\`\`mermaid\nflowchart TD\n  X${Date.now()} --> Y\n\`\`\``;
    const { diagrams, messages } = await renderMermaidDiagrams(fresh, { chromium: '/nonexistent/chromium', file: 'c.md' });
    expect(diagrams.size).toBe(0);
    expect(messages).toEqual([expect.objectContaining({ ruleId: 'compile/mermaid', severity: 'warn', line: 1 })]);
    expect(messages[0]!.message).toContain('GZH_CHROMIUM');
    expect(visibleText(compile(fresh).html)).toContain('flowchart TD');
  });

  it('compiles without the pre-pass as before: diagrams in the map replace their blocks only', () => {
    const map = new Map([['graph TD\n  A --> B', '<svg width="10" height="10" id="x" class="y"><style>.y{}</style><rect width="5" height="5"/></svg>']]);
    const r = compile('```mermaid\ngraph TD\n  A --> B\n```\n\n```mermaid\nother\n```', { diagrams: map });
    expect(r.html).toContain('<svg width="10" height="10"><rect width="5" height="5"></rect></svg>');
    expect(visibleText(r.html)).toContain('other');
  });
});

// mermaid + playwright-core are optional peer dependencies: a project without them gets code and one command
describe('without the diagrams add-on', () => {
  const bare = mkdtempSync(path.join(tmpdir(), 'gzh-no-addon-'));
  afterAll(() => rmSync(bare, { recursive: true, force: true }));

  it('finds the add-on from a project that has it, and not from one that has not', () => {
    const found = findMermaidAddon([process.cwd()], true);
    expect(found?.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(readFileSync(found!.bundle, 'utf8').length).toBeGreaterThan(1_000_000);
    expect(findMermaidAddon([bare], true)).toBeUndefined();
  });

  it('warns with file:line of the first block and the install command, once per article; the blocks stay code', async () => {
    const source = `# 图\n\n正文\n\n\`\`\`mermaid\n${flowchart}\n\`\`\`\n\n\`\`\`mermaid\ngraph TD\n  P --> Q\n\`\`\`\n`;
    const { diagrams, messages } = await renderMermaidDiagrams(source, { file: 'content/图.md', searchFrom: [bare], onlySearchFrom: true, cacheDir });
    expect(diagrams.size).toBe(0);
    expect(messages).toEqual([expect.objectContaining({ ruleId: 'compile/mermaid', severity: 'warn', file: 'content/图.md', line: 5, column: 1 })]);
    expect(messages[0]!.message).toContain(MERMAID_ADDON_INSTALL);
    expect(messages[0]!.message).toMatch(/^2 mermaid diagrams are shown as code/);
    const html = compile(source).html;
    expect(html).not.toContain('<svg');
    expect(visibleText(html)).toContain('A[开始] --> B{判断}');
    expect(html).toMatch(/<pre[^>]*><code[^>]*>graph&nbsp;TD<br>&nbsp;&nbsp;P&nbsp;-->&nbsp;Q<\/code><\/pre>/);
  });

  it('says nothing for an article without diagrams', async () => {
    expect((await renderMermaidDiagrams('# 无图\n\n```js\nx\n```\n', { searchFrom: [bare], onlySearchFrom: true })).messages).toEqual([]);
  });
});
