/**
 * The compile cache (src/project/compile-cache.ts) through `gzh build`: a rebuild compiles nothing and writes
 * the same bytes; each input of an article's compile invalidates its entry; a corrupt entry is rebuilt, never
 * served. The --jobs 2 builds use the built worker: `npm run build` first.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { buildArticles } from '../../src/project/build-articles.js';
import { CompileCache } from '../../src/project/compile-cache.js';
import { compileSource } from '../../src/project/load-article.js';
import { loadProject } from '../../src/project/load-project.js';
import { defaultConfig } from '../../src/config/schema.js';
import { makeProject } from '../helpers/cli.js';
import { copyContent, tree } from '../helpers/files.js';

const root = path.resolve(import.meta.dirname, '../..');
const execFileAsync = promisify(execFile);
/** The CLI's stdout; exit 1 (these articles have no cover: an error publish would refuse) is still a build. */
async function run(file: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<{ stdout: string }> {
  try {
    return await execFileAsync(file, args, options);
  } catch (error) {
    const e = error as { code?: number; stdout?: string };
    if (e.code === 1 && e.stdout) return { stdout: e.stdout };
    throw error;
  }
}
const made: string[] = [];
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

function project(files: Record<string, string | Buffer>): string {
  const dir = makeProject(files);
  made.push(dir);
  return dir;
}

function entries(dir: string): string[] {
  const folder = path.join(dir, '.gzh/cache/compile');
  return readdirSync(folder, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.json')).map((e) => path.join(e.parentPath, e.name));
}

async function build(dir: string, options: { jobs?: number; cache?: boolean; outDir?: string } = {}) {
  return buildArticles(await loadProject(dir), ['content'], { jobs: 1, ...options });
}

const article = (title: string, body = '正文。') => `---\ntitle: ${title}\n---\n\n${body}\n\n\`\`\`js\nconst a = 1;\n\`\`\`\n`;

describe('gzh build with the compile cache', () => {
  it.each([1, 2])('a rebuild (--jobs %i) compiles 0 articles and writes the same bytes as a build without the cache', async (jobs) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gzh-cache-'));
    made.push(dir);
    writeFileSync(path.join(dir, 'package.json'), '{"name":"t","private":true}');
    await copyContent(dir);
    const cold = await build(dir, { jobs, outDir: 'cold' });
    const warm = await build(dir, { jobs, outDir: 'warm' });
    const none = await build(dir, { jobs, outDir: 'none', cache: false });
    expect(cold.articles.length).toBeGreaterThan(3);
    expect([cold.compiled, cold.cached]).toEqual([cold.articles.length, 0]);
    expect([warm.compiled, warm.cached]).toEqual([0, cold.articles.length]);
    expect(none.compiled).toBe(cold.articles.length);
    const coldTree = tree(path.join(dir, 'cold'));
    expect(tree(path.join(dir, 'warm'))).toEqual(coldTree);
    expect(tree(path.join(dir, 'none'))).toEqual(coldTree);
    const shown = (r: typeof cold, out: string) => JSON.parse(JSON.stringify(r.articles).replaceAll(`${out}/`, 'out/'));
    expect(shown(warm, 'warm')).toEqual(shown(cold, 'cold'));
    expect(shown(none, 'none')).toEqual(shown(cold, 'cold'));
  }, 120_000);

  it('a rebuild leaves output files holding the right bytes alone, and rewrites one edited by hand', async () => {
    const dir = project({ 'content/a.md': article('甲'), 'content/b.md': article('乙') });
    await build(dir);
    const a = path.join(dir, 'dist/a.html');
    const good = readFileSync(a, 'utf8');
    const old = new Date('2020-01-01T00:00:00Z');
    utimesSync(path.join(dir, 'dist/b.html'), old, old);
    writeFileSync(a, good.replace('正文', '改坏'));
    await build(dir);
    expect(readFileSync(a, 'utf8')).toBe(good);
    expect(statSync(path.join(dir, 'dist/b.html')).mtime.getTime()).toBe(old.getTime());
  });

  it('--no-cache on the command line compiles every article and writes no cache', async () => {
    const dir = project({ 'content/a.md': article('甲'), 'content/b.md': article('乙') });
    await run(process.execPath, [path.join(root, 'bin/gzh.js'), 'build', 'content', '--json'], { cwd: dir, env: { ...process.env, CI: 'true' } });
    const { stdout } = await run(process.execPath, [path.join(root, 'bin/gzh.js'), 'build', '--no-cache', 'content', '--json'], { cwd: dir, env: { ...process.env, CI: 'true' } });
    expect(JSON.parse(stdout)).toMatchObject({ compiled: 2, cached: 0 });
    const again = await run(process.execPath, [path.join(root, 'bin/gzh.js'), 'build', 'content', '--json'], { cwd: dir, env: { ...process.env, CI: 'true' } });
    expect(JSON.parse(again.stdout)).toMatchObject({ compiled: 0, cached: 2 });
    const fresh = project({ 'content/a.md': article('甲') });
    await run(process.execPath, [path.join(root, 'bin/gzh.js'), 'build', 'content', '--no-cache'], { cwd: fresh, env: { ...process.env, CI: 'true' } });
    expect(readdirSync(fresh)).not.toContain('.gzh');
  }, 60_000);

  it('two builds at once on an empty cache both succeed, and leave entries a third build serves', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 8; i++) files[`content/a${i}.md`] = article(`标题${i}`, '中文段落。'.repeat(200));
    const dir = project(files);
    const gzh = (out: string) => run(process.execPath, [path.join(root, 'bin/gzh.js'), 'build', 'content', '--json', '--out', out, '--jobs', '1'], { cwd: dir, env: { ...process.env, CI: 'true' } });
    const [a, b] = await Promise.all([gzh('a'), gzh('b')]);
    for (const r of [a, b]) expect(JSON.parse(r.stdout).articles.map((x: { html?: string }) => x.html)).toHaveLength(8);
    // by the CLI too: the cache key includes gzh's code (the bundle), which this test process is not running
    const third = JSON.parse((await gzh('c')).stdout) as { compiled: number; cached: number };
    expect([third.compiled, third.cached]).toEqual([0, 8]);
    expect(tree(path.join(dir, 'c'))).toEqual(tree(path.join(dir, 'a')));
  }, 60_000);
});

describe('each input of a compile invalidates its entry', () => {
  /** Build, change one thing, build again: what the second build compiled and its a.html. */
  async function afterChange(files: Record<string, string | Buffer>, change: (dir: string) => void | Promise<void>) {
    const dir = project({ 'content/a.md': article('甲'), 'content/b.md': article('乙'), ...files });
    const first = await build(dir);
    expect(first.compiled).toBe(2);
    const before = readFileSync(path.join(dir, 'dist/a.html'), 'utf8');
    await change(dir);
    const second = await build(dir, { outDir: 'dist2' });
    const fresh = await build(dir, { outDir: 'dist3', cache: false });
    const after = readFileSync(path.join(dir, 'dist2/a.html'), 'utf8');
    // whatever was served, it is what a compile without the cache gives
    expect(tree(path.join(dir, 'dist2'))).toEqual(tree(path.join(dir, 'dist3')));
    expect(fresh.articles.map((a) => a.messages)).toEqual(second.articles.map((a) => a.messages));
    return { compiled: second.compiled, before, after };
  }

  it('the source (one article edited: only it is compiled)', async () => {
    const r = await afterChange({}, (dir) => writeFileSync(path.join(dir, 'content/a.md'), article('甲', '改过的正文。')));
    expect(r.compiled).toBe(1);
    expect(r.after).toContain('改过的正文');
  });

  it('front matter (the theme picked by the article)', async () => {
    const r = await afterChange({}, (dir) => writeFileSync(path.join(dir, 'content/a.md'), article('甲').replace('title: 甲', 'title: 甲\ntheme: serif')));
    expect(r.compiled).toBe(1);
    expect(r.after).not.toBe(r.before);
  });

  it('the file name (the slug, and the path messages name)', async () => {
    const r = await afterChange({}, (dir) => renameSync(path.join(dir, 'content/b.md'), path.join(dir, 'content/c.md')));
    expect(r.compiled).toBe(1);
  });

  it('a config option (theme)', async () => {
    const r = await afterChange({}, (dir) => writeFileSync(path.join(dir, 'gzh.config.json'), '{"theme": "tech"}'));
    expect(r.compiled).toBe(2);
    expect(r.after).not.toBe(r.before);
  });

  it('a config option (codeTheme)', async () => {
    const r = await afterChange({}, (dir) => writeFileSync(path.join(dir, 'gzh.config.json'), '{"codeTheme": "monokai"}'));
    expect(r.compiled).toBe(2);
    expect(r.after).not.toBe(r.before);
  });

  it('a config option that is not a compile input does not invalidate (author: the preview page has it)', async () => {
    const r = await afterChange({}, (dir) => writeFileSync(path.join(dir, 'gzh.config.json'), '{"author": "某人"}'));
    expect(r.compiled).toBe(0);
  });

  it('the theme CSS file (a project theme edited)', async () => {
    const css = '/* name: mine */\np { color: #123456; }\n';
    const r = await afterChange({ 'themes/mine.css': css, 'gzh.config.json': '{"theme": "mine"}' }, (dir) => writeFileSync(path.join(dir, 'themes/mine.css'), css.replace('#123456', '#654321')));
    expect(r.compiled).toBe(2);
    expect(r.before).toContain('#123456');
    expect(r.after).toContain('#654321');
  });

  it('the code theme CSS file (themes/code/ edited)', async () => {
    const css = '/* name: mycode */\n.hljs-keyword { color: #aa0000; }\n';
    const r = await afterChange({ 'themes/code/mycode.css': css, 'gzh.config.json': '{"codeTheme": "mycode"}' }, (dir) => writeFileSync(path.join(dir, 'themes/code/mycode.css'), css.replace('#aa0000', '#0000aa')));
    expect(r.compiled).toBe(2);
    expect(r.after).not.toBe(r.before);
  });

  it.each(['header', 'footer'] as const)('the %s snippet file', async (key) => {
    const r = await afterChange({ [`${key}.md`]: '旧的片段', 'gzh.config.json': `{"${key}": "${key}.md"}` }, (dir) => writeFileSync(path.join(dir, `${key}.md`), '新的片段'));
    expect(r.compiled).toBe(2);
    expect(r.before).toContain('旧的片段');
    expect(r.after).toContain('新的片段');
  });

  it("an image's bytes are not a compile input, yet the output follows them (the image step runs on every build)", async () => {
    const png = (r: number) => sharp({ create: { width: 8, height: 8, channels: 3, background: { r, g: 0, b: 0 } } }).png().toBuffer();
    const r = await afterChange({ 'content/a.md': article('甲', '![图](pic.png)'), 'content/pic.png': await png(255) }, async (dir) => writeFileSync(path.join(dir, 'content/pic.png'), await png(10)));
    expect(r.compiled).toBe(0);
    expect(r.after).not.toBe(r.before); // the optimised copy is named by its content hash
  });

  it("gzh's version", async () => {
    const dir = project({});
    const config = defaultConfig(dir);
    const request = { source: article('甲'), shown: 'a.md', absolutePath: path.join(dir, 'a.md'), config };
    let compiles = 0;
    const compile = async () => (compiles++, compileSource(request.source, 'a.md', request.absolutePath, config));
    const old = new CompileCache(path.join(dir, 'cache'), { version: '0.1.0' });
    await old.through(request, compile);
    await old.flush();
    await new CompileCache(path.join(dir, 'cache'), { version: '0.1.0' }).through(request, compile);
    expect(compiles).toBe(1);
    const upgraded = new CompileCache(path.join(dir, 'cache'), { version: '0.2.0' });
    await upgraded.through(request, compile);
    expect(compiles).toBe(2);
    // its entry is written in the background: done before afterEach removes the folder
    await upgraded.flush();
  });

  it('the rendered diagrams', () => {
    const dir = project({});
    const config = defaultConfig(dir);
    const cache = new CompileCache(path.join(dir, 'cache'));
    const request = { source: '```mermaid\ngraph TD; A-->B\n```\n', shown: 'a.md', absolutePath: path.join(dir, 'a.md'), config };
    const a = cache.keyOf({ ...request, diagrams: new Map([['graph TD; A-->B', '<svg>1</svg>']]) });
    const b = cache.keyOf({ ...request, diagrams: new Map([['graph TD; A-->B', '<svg>2</svg>']]) });
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(b).not.toBe(a);
    expect(cache.keyOf(request)).not.toBe(a);
  });
});

describe('a corrupt entry is rebuilt, never served', () => {
  it.each([
    ['truncated', (text: string) => text.slice(0, Math.floor(text.length / 2))],
    ['a byte of the payload flipped (still valid JSON)', (text: string) => text.replace('正文', '歪文')],
    ['empty', () => ''],
    ['another key\u2019s entry', (text: string) => text.replace(/"key":"[0-9a-f]/, (m) => m.slice(0, -1) + (m.endsWith('0') ? '1' : '0'))],
  ])('%s', async (_name, corrupt) => {
    const dir = project({ 'content/a.md': article('甲') });
    await build(dir);
    const [entry] = entries(dir);
    const good = readFileSync(entry!, 'utf8');
    const bad = corrupt(good);
    expect(bad).not.toBe(good);
    writeFileSync(entry!, bad);
    const rebuilt = await build(dir, { outDir: 'dist2' });
    expect(rebuilt.compiled).toBe(1);
    expect(readFileSync(path.join(dir, 'dist2/a.html'), 'utf8')).toBe(readFileSync(path.join(dir, 'dist/a.html'), 'utf8'));
    expect(readFileSync(path.join(dir, 'dist2/a.html'), 'utf8')).not.toContain('歪文');
    // rewritten: the next build serves it
    expect(readFileSync(entry!, 'utf8')).toBe(good);
    expect((await build(dir, { outDir: 'dist3' })).compiled).toBe(0);
  });
});

describe('gzh lint with the compile cache', () => {
  it('shares entries with gzh build, gives what a lint without the cache gives, and follows an edit', async () => {
    const { lintArticles } = await import('../../src/project/lint-project.js');
    const dir = project({ 'content/a.md': article('甲'), 'content/b.md': article('乙') });
    const lint = async (cache: boolean) => lintArticles(await loadProject(dir), ['content'], { cache });
    const first = await lint(true);
    expect(entries(dir)).toHaveLength(2);
    expect((await build(dir)).compiled).toBe(0); // lint's entries serve the build
    expect(await lint(true)).toEqual(first);
    expect(await lint(false)).toEqual(first);
    writeFileSync(path.join(dir, 'content/a.md'), article('震惊！全网最强的方法'));
    const edited = await lint(true);
    expect(edited).toEqual(await lint(false));
    expect(edited[0]!.messages.map((m) => m.ruleId)).not.toEqual(first[0]!.messages.map((m) => m.ruleId));
  });
});

describe('the cache does not grow with every edit (tidy)', () => {
  const DAY = 24 * 60 * 60 * 1000;
  const age = (file: string, days: number) => {
    const t = new Date(Date.now() - days * DAY);
    utimesSync(file, t, t);
  };

  it('removes what no build used for 30 days, keeps what a build used (read, or behind a build record), and nothing else', async () => {
    const dir = project({ 'content/a.md': article('甲'), 'content/b.md': article('乙') });
    await build(dir);
    const [first, second] = entries(dir).sort();
    // an old edit of a.md: an entry nothing asks for any more
    writeFileSync(path.join(dir, 'content/a.md'), article('甲，改过'));
    await build(dir);
    expect(entries(dir)).toHaveLength(3);
    // a.md's first compile (b.md's is still wanted)
    const gone = [first, second].find((e) => readFileSync(e!, 'utf8').includes('甲'))!;
    expect(readFileSync(gone, 'utf8')).not.toContain('改过');
    // what the folder also holds: a temp file a killed build left, a file of the user's, a folder that is not an entry folder
    const folder = path.dirname(gone);
    const temp = path.join(folder, `${path.basename(gone)}.1234.abcd1234.tmp`);
    writeFileSync(temp, '{');
    writeFileSync(path.join(folder, 'notes.txt'), 'mine');
    for (const file of [...entries(dir), temp, path.join(folder, 'notes.txt')]) age(file, 40);
    rmSync(path.join(dir, '.gzh/cache/compile/.tidied'), { force: true });
    // b.md is served by its build record (not read), a.md's new text by its entry: both kept, and refreshed
    const result = await build(dir);
    expect(result.unchanged).toBe(2);
    const left = entries(dir);
    expect(left).not.toContain(gone);
    expect(left).toHaveLength(2);
    for (const e of left) expect(Date.now() - statSync(e).mtimeMs).toBeLessThan(DAY);
    expect(readdirSync(folder)).toContain('notes.txt');
    expect(readdirSync(folder)).not.toContain(path.basename(temp));
    // and a build into a new folder is served by what was kept
    expect((await build(dir, { outDir: 'elsewhere' })).compiled).toBe(0);
  });

  it('looks for old entries once a day, not on every build', async () => {
    const dir = project({ 'content/a.md': article('甲') });
    await build(dir);
    writeFileSync(path.join(dir, 'content/a.md'), article('甲，改过'));
    await build(dir); // tidied now: the first entry is not old yet
    expect(entries(dir)).toHaveLength(2);
    for (const e of entries(dir)) age(e, 40);
    writeFileSync(path.join(dir, 'content/a.md'), article('甲，又改过'));
    await build(dir);
    // the day's look was taken: the old entries wait for tomorrow's
    expect(entries(dir)).toHaveLength(3);
    const newest = entries(dir).find((e) => readFileSync(e, 'utf8').includes('又改过'))!;
    // two days on: the two unused for 42 days go, the one used 2 days ago stays
    await new CompileCache(path.join(dir, '.gzh/cache/compile')).tidy(Date.now() + 2 * DAY);
    expect(entries(dir)).toEqual([newest]);
  });
});
