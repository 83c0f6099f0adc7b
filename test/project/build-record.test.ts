/**
 * The build record (src/project/build-record.ts) and file hashes (file-hashes.ts): a rebuild into the same
 * folder leaves unchanged articles alone (not compiled, checked or written) and writes exactly what a build
 * without any cache writes; each input of an article invalidates its record; a garbled record file, a deleted
 * or edited output and an edited image are rebuilt. In process, --jobs 1 (the pool is build-parallel's).
 */
import { readdirSync, readFileSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { buildArticles } from '../../src/project/build-articles.js';
import { loadProject } from '../../src/project/load-project.js';
import { makeProject } from '../helpers/cli.js';
import { tree } from '../helpers/files.js';

const made: string[] = [];
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

const png = (r: number) => sharp({ create: { width: 8, height: 8, channels: 3, background: { r, g: 0, b: 0 } } }).png().toBuffer();
const article = (title: string, body = '正文。') => `---\ntitle: ${title}\n---\n\n${body}\n\n![图](pic.png)\n\n\`\`\`js\nconst a = 1;\n\`\`\`\n`;

async function project(files: Record<string, string | Buffer> = {}): Promise<string> {
  const dir = makeProject({ 'content/a.md': article('甲'), 'content/b.md': article('乙', '另一篇。'), 'content/pic.png': await png(200), ...files });
  made.push(dir);
  return dir;
}

async function build(dir: string, options: { outDir?: string; cache?: boolean; version?: string } = {}) {
  return buildArticles(await loadProject(dir), ['content'], { jobs: 1, ...options });
}

/** The build's messages and results, with its folder's name taken out (to compare builds into other folders). */
const shown = (r: Awaited<ReturnType<typeof build>>, out: string) => JSON.parse(JSON.stringify(r.articles).replaceAll(`${out}/`, 'out/'));

/**
 * Build twice (the second a rebuild of the first, into dist), then change one thing and build again: the
 * third build must equal a build without any cache into a fresh folder, in files and in messages.
 */
async function afterChange(dir: string, change: (dir: string) => void | Promise<void>) {
  await build(dir);
  const warm = await build(dir);
  expect([warm.compiled, warm.unchanged]).toEqual([0, 2]);
  const before = readFileSync(path.join(dir, 'dist/a.html'), 'utf8');
  await change(dir);
  const again = await build(dir);
  const fresh = await build(dir, { outDir: 'fresh', cache: false });
  // every file a cold build writes, with the same bytes (images/ may keep copies of the image as it was)
  const dist = tree(path.join(dir, 'dist'));
  const cold = tree(path.join(dir, 'fresh'));
  for (const [f, bytes] of cold) expect(dist.get(f), f).toEqual(bytes);
  expect([...dist.keys()].filter((f) => !f.startsWith('images/'))).toEqual([...cold.keys()].filter((f) => !f.startsWith('images/')));
  // the same messages, but for the image step's notes on copies it wrote now (a fresh folder has none yet)
  const notes = (r: typeof fresh) => r.articles.map((a) => ({ ...a, messages: a.messages.filter((m) => m.ruleId !== 'image/optimised') }));
  expect(JSON.parse(JSON.stringify(notes(again)).replaceAll('dist/', 'out/'))).toEqual(JSON.parse(JSON.stringify(notes(fresh)).replaceAll('fresh/', 'out/')));
  return { again, before, after: readFileSync(path.join(dir, 'dist/a.html'), 'utf8') };
}

describe('the build record', () => {
  it('a rebuild writes nothing, reports what the first build reported, and its folder is byte-identical to a cold build', async () => {
    const dir = await project({ 'content/c.md': '---\ntitle: 有错\ncover: missing.png\n---\n\n没有封面文件。\n' });
    const cold = await build(dir);
    const mtimes = readdirSync(path.join(dir, 'dist')).filter((f) => f.endsWith('.html')).map((f) => statSync(path.join(dir, 'dist', f)).mtimeMs);
    const warm = await build(dir);
    expect([cold.compiled, cold.unchanged]).toEqual([3, 0]);
    expect([warm.compiled, warm.cached, warm.unchanged]).toEqual([0, 3, 3]);
    expect(warm.errors).toBe(cold.errors);
    expect(warm.errors).toBeGreaterThan(0); // the missing cover: recorded as an error, reported again
    // the image step's "optimised" notes come only when a copy is written: a rebuild without the record has none either
    const none = await build(dir, { outDir: 'none', cache: false });
    const noRecord = await build(dir, { outDir: 'none' });
    expect(shown(warm, 'dist')).toEqual(shown(noRecord, 'none'));
    expect(tree(path.join(dir, 'dist'))).toEqual(tree(path.join(dir, 'none')));
    expect(none.articles.map((a) => a.html?.replace('none/', 'dist/'))).toEqual(warm.articles.map((a) => a.html));
    expect(readdirSync(path.join(dir, 'dist')).filter((f) => f.endsWith('.html')).map((f) => statSync(path.join(dir, 'dist', f)).mtimeMs)).toEqual(mtimes);
  });

  it('the source (one article edited: only it is built)', async () => {
    const dir = await project();
    const r = await afterChange(dir, (d) => writeFileSync(path.join(d, 'content/a.md'), article('甲', '改过的正文。')));
    expect([r.again.compiled, r.again.unchanged]).toEqual([1, 1]);
    expect(r.after).toContain('改过的正文');
  });

  it('front matter (the title)', async () => {
    const dir = await project();
    const r = await afterChange(dir, (d) => writeFileSync(path.join(d, 'content/a.md'), article('甲').replace('title: 甲', 'title: 甲乙丙')));
    expect([r.again.compiled, r.again.unchanged]).toEqual([1, 1]);
    expect(r.again.articles[0]!.title).toBe('甲乙丙');
  });

  it('the theme CSS file (a project theme edited)', async () => {
    const css = '/* name: mine */\np { color: #123456; }\n';
    const dir = await project({ 'themes/mine.css': css, 'gzh.config.json': '{"theme": "mine"}' });
    const r = await afterChange(dir, (d) => writeFileSync(path.join(d, 'themes/mine.css'), css.replace('#123456', '#654321')));
    expect(r.again.unchanged).toBe(0);
    expect(r.before).toContain('#123456');
    expect(r.after).toContain('#654321');
  });

  it('the config, also where it is no compile input (accountName: the preview page has it)', async () => {
    const dir = await project({ 'gzh.config.json': '{"accountName": "旧号"}' });
    await afterChange(dir, (d) => writeFileSync(path.join(d, 'gzh.config.json'), '{"accountName": "新号"}'));
    expect(readFileSync(path.join(dir, 'dist/a.preview.html'), 'utf8')).toContain('新号');
    const warm = await build(dir);
    expect(warm.unchanged).toBe(2);
  });

  it("gzh's version", async () => {
    const dir = await project();
    await build(dir, { version: '0.1.0' });
    expect((await build(dir, { version: '0.1.0' })).unchanged).toBe(2);
    const next = await build(dir, { version: '0.2.0' });
    expect([next.compiled, next.unchanged]).toEqual([2, 0]);
  });

  it("an image's bytes (the copy it points at follows them; the record is not used)", async () => {
    const dir = await project();
    const r = await afterChange(dir, async (d) => writeFileSync(path.join(d, 'content/pic.png'), await png(10)));
    expect([r.again.compiled, r.again.unchanged]).toEqual([0, 0]);
    expect(r.after).not.toBe(r.before);
  });

  it('an image touched but not changed keeps the record (hashed again: the same content)', async () => {
    const dir = await project();
    await build(dir);
    const t = new Date(Date.now() - 60_000);
    utimesSync(path.join(dir, 'content/pic.png'), t, t);
    expect((await build(dir)).unchanged).toBe(2);
    // that fingerprint is old enough to be kept: files.json has its hash
    const files = JSON.parse(readFileSync(path.join(dir, '.gzh/cache/files.json'), 'utf8')) as { files: Record<string, { sha256: string }> };
    expect(Object.keys(files.files).map((f) => path.basename(f))).toEqual(['pic.png']);
  });

  it('an image edited within its mtime tick after being hashed is still seen (a fingerprint is kept only when old)', async () => {
    const dir = await project();
    const pic = path.join(dir, 'content/pic.png');
    const tick = new Date();
    utimesSync(pic, tick, tick);
    await build(dir);
    // same size, same mtime, same inode: only the content differs
    const bytes = readFileSync(pic);
    bytes[bytes.length - 5] = bytes[bytes.length - 5]! ^ 0xff;
    writeFileSync(pic, bytes);
    utimesSync(pic, tick, tick);
    const again = await build(dir);
    expect(again.unchanged).toBe(0);
  });

  it('an image deleted is reported again, as a cold build reports it', async () => {
    const dir = await project();
    const r = await afterChange(dir, (d) => unlinkSync(path.join(d, 'content/pic.png')));
    expect(r.again.errors).toBeGreaterThan(0);
  });

  it.each(['header', 'footer'] as const)('the %s snippet file', async (key) => {
    const dir = await project({ [`${key}.md`]: '旧的片段', 'gzh.config.json': `{"${key}": "${key}.md"}` });
    const r = await afterChange(dir, (d) => writeFileSync(path.join(d, `${key}.md`), '新的片段'));
    expect(r.again.unchanged).toBe(0);
    expect(r.before).toContain('旧的片段');
    expect(r.after).toContain('新的片段');
  });

  it('an output deleted or edited by hand (same size) is written again', async () => {
    const dir = await project();
    await build(dir);
    const a = path.join(dir, 'dist/a.html');
    const good = readFileSync(a, 'utf8');
    unlinkSync(path.join(dir, 'dist/b.preview.html'));
    writeFileSync(a, good.replace('正文', '改坏'));
    const again = await build(dir);
    expect(again.unchanged).toBe(0);
    expect(readFileSync(a, 'utf8')).toBe(good);
    const fresh = await build(dir, { outDir: 'fresh', cache: false });
    expect(readFileSync(path.join(dir, 'dist/b.preview.html'), 'utf8')).toBe(readFileSync(path.join(dir, 'fresh/b.preview.html'), 'utf8'));
    expect(fresh.articles.length).toBe(2);
  });

  it("an optimised image deleted from the output's images/ is made again", async () => {
    const dir = await project();
    await build(dir);
    for (const f of readdirSync(path.join(dir, 'dist/images'))) unlinkSync(path.join(dir, 'dist/images', f));
    const again = await build(dir);
    expect(again.unchanged).toBe(0);
    expect(readdirSync(path.join(dir, 'dist/images'))).toHaveLength(1);
  });

  it('a garbled or truncated record file is ignored and rewritten, never served', async () => {
    const dir = await project();
    await build(dir);
    const folder = path.join(dir, '.gzh/cache/build');
    const [file] = readdirSync(folder);
    const text = readFileSync(path.join(folder, file!), 'utf8');
    // a record pointing at another article's result, with the file's checksum left as it was
    writeFileSync(path.join(folder, file!), text.replace('甲', '乙'));
    const garbled = await build(dir);
    expect(garbled.unchanged).toBe(0);
    expect(garbled.articles.map((a) => a.title)).toEqual(['甲', '乙']);
    writeFileSync(path.join(folder, file!), text.slice(0, text.length / 2));
    expect((await build(dir)).unchanged).toBe(0);
    expect((await build(dir)).unchanged).toBe(2);
  });

  it('a slug clash that appears later is reported, not hidden by the record', async () => {
    const dir = await project();
    await build(dir);
    writeFileSync(path.join(dir, 'content/0.md'), article('零').replace('title: 零', 'title: 零\nslug: b'));
    const again = await build(dir);
    expect(again.articles.find((a) => a.file === 'content/b.md')!.messages.map((m) => m.ruleId)).toContain('build/slug-clash');
  });
});
