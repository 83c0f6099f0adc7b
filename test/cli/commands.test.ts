import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as runBuild } from '../../src/cli/commands/build.js';
import { run as runInit } from '../../src/cli/commands/init.js';
import { run as runLint } from '../../src/cli/commands/lint.js';
import { run as runThemes } from '../../src/cli/commands/themes.js';
import { checkOutputContract } from '../helpers/contract.js';
import { captureContext, makeProject } from '../helpers/cli.js';
import sharp from 'sharp';
import { parse as parseYaml } from 'yaml';
import { makePhoto, makeSvg } from '../images/make-images.js';

const repo = path.resolve(import.meta.dirname, '../..');
const bin = path.join(repo, 'bin/gzh.js');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
/** A real 8×8 PNG: covers must be images now that every check looks at them. */
const tinyPng = () => sharp({ create: { width: 8, height: 8, channels: 3, background: '#07c160' } }).png().toBuffer();
const project = (files: Record<string, string | Buffer>) => {
  const d = makeProject(files);
  dirs.push(d);
  return d;
};

describe('gzh build', () => {
  it('writes <slug>.html (the draft content) and <slug>.preview.html, and --json describes them', async () => {
    const dir = project({ 'content/a.md': '---\ntitle: 你好\nslug: hello-a\ncover: c.png\n---\n\nText with [a link](https://example.com).\n', 'content/c.png': await tinyPng() });
    const { ctx, out } = captureContext(dir);
    expect(await runBuild([], { json: true }, ctx)).toBe(0);
    const result = JSON.parse(out()) as { ok: boolean; articles: { slug: string; html: string }[] };
    expect(result.ok).toBe(true);
    expect(result.articles[0]!.slug).toBe('hello-a');
    const html = readFileSync(path.join(dir, 'dist/hello-a.html'), 'utf8');
    expect(checkOutputContract(html)).toEqual([]);
    expect(html).toContain('https://example.com');
    const preview = readFileSync(path.join(dir, 'dist/hello-a.preview.html'), 'utf8');
    expect(preview).toContain('<title>你好</title>');
    expect(preview).toContain(html);
  });

  it('writes optimised copies of local images beside the HTML and points the HTML at them', async () => {
    const dir = project({
      'content/pics.md': '# Pics\n\n![photo](./img/photo.jpg)\n\n![chart](./img/chart.svg)\n',
      'content/img/photo.jpg': await makePhoto(2400, 1600, { gps: true }),
      'content/img/chart.svg': makeSvg(300, 200),
    });
    const { ctx, err } = captureContext(dir);
    expect(await runBuild([], { verbose: true }, ctx)).toBe(0);
    const html = readFileSync(path.join(dir, 'dist/pics.html'), 'utf8');
    const srcs = [...html.matchAll(/<img src="([^"]+)"/g)].map((m) => m[1]!);
    expect(srcs).toHaveLength(2);
    for (const src of srcs) expect(src).toMatch(/^images\/[\w-]+\.(jpg|png)$/);
    const photo = await sharp(path.join(dir, 'dist', srcs[0]!)).metadata();
    expect(photo).toMatchObject({ format: 'jpeg', width: 1080 });
    expect(photo.exif).toBeUndefined();
    expect((await sharp(path.join(dir, 'dist', srcs[1]!)).metadata()).format).toBe('png');
    // --verbose says what was done
    expect(err()).toMatch(/content\/pics\.md:3:1 +info +\.\/img\/photo\.jpg: .*1080/);
    // a rebuild finds the copies by content hash and processes nothing
    const again = captureContext(dir);
    expect(await runBuild([], { verbose: true }, again.ctx)).toBe(0);
    expect(again.err()).not.toContain('image/optimised');
    expect(readFileSync(path.join(dir, 'dist/pics.html'), 'utf8')).toBe(html);
  });

  it('reports a missing image with file:line, once, and still writes the article (exit 1)', async () => {
    const dir = project({ 'content/a.md': '# A\n\ntext\n\n![x](./nope.png)\n' });
    const { ctx, err, out } = captureContext(dir);
    expect(await runBuild([], {}, ctx)).toBe(1);
    expect(err().match(/content\/a\.md:5:1 +error +Image not found: \.\/nope\.png/g)).toHaveLength(1);
    expect(out()).toContain('publish would refuse it');
    expect(readFileSync(path.join(dir, 'dist/a.html'), 'utf8')).toContain('nope.png');
  });

  it('reports what publish would refuse (no cover, a title too long), exits 1, and writes the preview', async () => {
    const dir = project({ 'content/a.md': `# ${'很长的标题'.repeat(8)}\n\ntext\n` });
    const { ctx, out } = captureContext(dir);
    expect(await runBuild([], { json: true }, ctx)).toBe(1);
    const result = JSON.parse(out()) as { ok: boolean; articles: { html?: string; messages: { ruleId: string; line: number }[] }[] };
    expect(result.ok).toBe(false);
    expect(result.articles[0]!.messages.map((m) => m.ruleId).sort()).toEqual(['field/missing-cover', 'title/length']);
    expect(result.articles[0]!.html).toBe(path.join('dist', 'a.html'));
    expect(existsSync(path.join(dir, 'dist/a.preview.html'))).toBe(true);
  });

  it('refuses an --out that is a file, inside a file, or cannot be made, at once (exit 2)', async () => {
    const dir = project({ 'content/a.md': '# A\n', afile: 'x' });
    for (const [out, message] of [['afile', /--out: afile is a file/], ['afile/sub', /--out: afile\/sub is a file, or inside one/], ['/dev/null/x', /is a file, or inside one/], ['/proc/x', /--out: cannot create \/proc\/x \(ENOENT\)/]] as const) {
      await expect(runBuild([], { out }, captureContext(dir).ctx)).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(message) });
    }
  });

  it('a page it cannot write (a folder in its place) stops the build with what, where and how (exit 2), at --jobs 1 and 2', async () => {
    const articles = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`content/文章${String(i + 1).padStart(2, '0')}.md`, `# 第 ${i + 1} 篇\n\n第 ${i + 1} 篇的正文。\n`]));
    for (const jobs of [1, 2]) {
      const dir = project({ ...articles, 'dist/文章03.html/keep': 'mine' });
      const { ctx } = captureContext(dir);
      await expect(runBuild([], { jobs }, ctx)).rejects.toMatchObject({ exitCode: 2, code: 'build/write', file: path.join('dist', '文章03.html'), message: expect.stringMatching(/^Cannot write this page \((EISDIR|ENOTEMPTY)\)$/), hint: expect.stringContaining('A folder is in its place') });
      // the folder is untouched, the articles before it are complete, nothing half-written or temp is left
      expect(readFileSync(path.join(dir, 'dist/文章03.html/keep'), 'utf8')).toBe('mine');
      expect(readFileSync(path.join(dir, 'dist/文章02.html'), 'utf8')).toContain('第 2 篇的正文');
      expect(readdirSync(path.join(dir, 'dist')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      // the next build, with the folder moved away, writes it
      rmSync(path.join(dir, 'dist/文章03.html'), { recursive: true });
      expect(await runBuild([], { jobs }, captureContext(dir).ctx)).toBe(1);
      expect(readFileSync(path.join(dir, 'dist/文章03.html'), 'utf8')).toContain('第 3 篇的正文');
    }
  });

  it('a file where the images folder goes is reported on the article (exit 1), not as a crash', async () => {
    const dir = project({ 'content/图.md': '# 有图的文章\n\n![图](./p.png)\n', 'content/p.png': await tinyPng(), 'dist/images': 'mine' });
    const { ctx, err } = captureContext(dir);
    expect(await runBuild([], {}, ctx)).toBe(1);
    expect(err()).toMatch(/content\/图\.md:1:1 +error +Cannot make the images folder dist\/images \(EEXIST\) \(dist\/images is a file: remove it, or build into another folder with --out\) +build\/write/);
    expect(readFileSync(path.join(dir, 'dist/images'), 'utf8')).toBe('mine');
  });

  it('reports front matter errors with file:line, exits 1 and writes nothing for that article', async () => {
    const dir = project({ 'content/bad.md': '---\ntitle: t\ncomments: maybe\n---\ntext\n', 'content/good.md': '# Good\n\ntext\n' });
    const { ctx, err, out } = captureContext(dir);
    expect(await runBuild([], { out: 'site' }, ctx)).toBe(1);
    expect(err()).toContain('content/bad.md:3:11');
    expect(out()).toContain('content/bad.md: not written');
    expect(readdirSync(path.join(dir, 'site')).sort()).toEqual(['good.html', 'good.preview.html']);
  });

  it('rejects an unknown theme with the list of themes', async () => {
    const dir = project({ 'content/a.md': '# A\n' });
    const { ctx } = captureContext(dir);
    await expect(runBuild([], { theme: 'serf' }, ctx)).rejects.toMatchObject({ exitCode: 2, hint: expect.stringContaining('Did you mean `serif`?') });
  });

  it('uses a project theme from themes/ and config themeVars', async () => {
    const dir = project({
      'themes/mine.css': '/* name: mine\n * description: test */\n:root { --c: #123456; }\np { color: var(--c); }\n',
      'gzh.config.yaml': 'theme: mine\nthemeVars:\n  --c: "#654321"\n',
      'content/a.md': '---\ncover: c.png\n---\n# A\n\npara\n',
      'content/c.png': await tinyPng(),
    });
    const { ctx } = captureContext(dir);
    expect(await runBuild([], {}, ctx)).toBe(0);
    expect(readFileSync(path.join(dir, 'dist/a.html'), 'utf8')).toContain('<p style="color:#654321">para</p>');
  });

  it('exits 2 with the file and key for a bad config', async () => {
    const dir = project({ 'gzh.config.yaml': 'links: nope\n', 'content/a.md': '# A\n' });
    const { ctx } = captureContext(dir);
    await expect(runBuild([], {}, ctx)).rejects.toMatchObject({ exitCode: 2, file: 'gzh.config.yaml', line: 1 });
  });
});

describe('gzh lint', () => {
  it('lints --title strings and exits 1 on errors', async () => {
    const { ctx, out } = captureContext(repo);
    expect(await runLint([], { title: ['删前速看！内部资料'], format: 'json' }, ctx)).toBe(1);
    const results = JSON.parse(out()) as unknown;
    expect(JSON.stringify(results)).toContain('title/fake-urgency');
    const safe = captureContext(repo);
    expect(await runLint([], { title: ['地震预警系统的设计'] }, safe.ctx)).toBe(0);
  });

  it('points at the title where it is written: quoted, spaced out, or a heading', async () => {
    const dir = project({
      'content/a.md': '---\ntitle: "震惊！新版发布"\ncover: x.png\n---\ntext\n',
      'content/b.md': '---\ntitle:   震惊！新版发布\ncover: x.png\n---\ntext\n',
      'content/c.md': '#  震惊！新版发布\n\n![x](x.png)\n',
      'content/d.md': '---\ntitle: [broken\n---\ntext\n',
      'content/e.md': '# 使用 **最好** 的 `震惊` 工具\n\n![x](x.png)\n',
    });
    const { ctx, out } = captureContext(dir);
    expect(await runLint([], {}, ctx)).toBe(1);
    expect(out()).toContain('content/a.md:2:9 ');
    expect(out()).toContain('content/b.md:2:10 ');
    expect(out()).toContain('content/c.md:1:4 '); // after `#  `
    // markup inside a heading title: columns of the characters themselves
    expect(out()).toMatch(/content\/e\.md:1:8 +warning +'最好'/);
    expect(out()).toMatch(/content\/e\.md:1:16 +warning +'震惊'/);
    // broken front matter: that error alone, not its consequences (no title, no cover)
    expect(out()).toMatch(/content\/d\.md:\d+:\d+ +error/);
    expect(out()).not.toMatch(/content\/d\.md.*(title\/empty|field\/missing-cover)/);
  });

  it('warns about a misspelt rule id in front matter lint.disable, with the closest one', async () => {
    const dir = project({ 'content/a.md': '---\ntitle: 震惊！新版\ncover: x.png\nlint:\n  disable: [title/sensationl]\n---\ntext\n', 'content/x.png': await tinyPng() });
    const { ctx, out } = captureContext(dir);
    expect(await runLint([], {}, ctx)).toBe(0);
    expect(out()).toMatch(/content\/a\.md:4:1 +warning +`lint\.disable` names `title\/sensationl`.*did you mean `title\/sensational`\?/);
    expect(out()).toContain('title/sensational');
  });

  it('lints article titles with their file:line and GitHub annotations', async () => {
    const dir = project({ 'content/a.md': '---\ntitle: 转发保平安\ncover: x.png\n---\ntext\n' });
    const { ctx, out } = captureContext(dir);
    expect(await runLint([], { format: 'github' }, ctx)).toBe(1);
    expect(out()).toMatch(/::error file=content\/a\.md,line=2,[^:]*col=\d+,[^:]*title=title\/forced-share::/);
  });

  it('lints the repository examples clean', async () => {
    const { ctx, out } = captureContext(repo);
    expect(await runLint([path.join(repo, 'content')], {}, ctx)).toBe(0);
    expect(out()).not.toContain('error');
  });

  it('refuses an unknown format', async () => {
    const { ctx } = captureContext(repo);
    await expect(runLint([], { format: 'xml' }, ctx)).rejects.toMatchObject({ exitCode: 2 });
  });
});

describe('gzh init and gzh themes', () => {
  it('scaffolds a project that builds and lints, and never overwrites without --force', async () => {
    const dir = project({ '.gitignore': 'node_modules/\n' });
    const { ctx } = captureContext(dir);
    expect(await runInit([], {}, ctx)).toBe(0);
    for (const f of ['gzh.config.yaml', 'content/hello.md', 'content/images/cover.png', '.github/workflows/publish.yml', '.github/workflows/preview.yml']) expect(existsSync(path.join(dir, f))).toBe(true);
    expect(readFileSync(path.join(dir, '.gitignore'), 'utf8')).toMatch(/node_modules\/\n# gzh\ndist\/\n\.gzh\//);
    const second = captureContext(dir);
    expect(await runInit([], {}, second.ctx)).toBe(0);
    expect(second.out()).toContain('skip    gzh.config.yaml');
    const build = captureContext(dir);
    expect(await runBuild([], {}, build.ctx)).toBe(0);
    expect(await runLint([], {}, captureContext(dir).ctx)).toBe(0);
  });

  it('gives a bare folder a package.json that installs gzh, never touches an existing one, and a workflow CI can run', async () => {
    const bare = mkdtempSync(path.join(os.tmpdir(), 'gzh-init-'));
    dirs.push(bare);
    expect(await runInit([], {}, captureContext(bare).ctx)).toBe(0);
    const pkg = JSON.parse(readFileSync(path.join(bare, 'package.json'), 'utf8')) as { private: boolean; devDependencies: Record<string, string> };
    expect(pkg.private).toBe(true);
    // this checkout's gzh, under its own scoped name: never the bare "gzh" someone else could register
    expect(pkg.devDependencies).toEqual({ '@gzh-dev/gzh': `file:${repo}` });
    const workflow = parseYaml(readFileSync(path.join(bare, '.github/workflows/publish.yml'), 'utf8')) as { jobs: { publish: { steps: { name?: string; if?: string; run?: string }[] } } };
    const steps = workflow.jobs.publish.steps;
    expect(steps.find((st) => st.name?.startsWith('Commit gzh.lock'))?.if).toBe('always()');
    expect(steps.find((st) => st.name?.startsWith('Publish'))?.run).toBe('npx gzh publish --each content --push-marked');
    expect(await sharp(path.join(bare, 'content/images/cover.png')).metadata()).toMatchObject({ width: 900, height: 383 });

    const own = project({ 'content/x.md': '# X\n' });
    const before = readFileSync(path.join(own, 'package.json'), 'utf8');
    const forced = captureContext(own);
    expect(await runInit([], { force: true }, forced.ctx)).toBe(0);
    expect(readFileSync(path.join(own, 'package.json'), 'utf8')).toBe(before);
    expect(forced.out()).toContain(`npm install -D @gzh-dev/gzh@file:${repo}`);
  });

  it('lists the built-in themes with descriptions', async () => {
    const { ctx, out } = captureContext(repo);
    expect(await runThemes([], { json: true }, ctx)).toBe(0);
    const themes = JSON.parse(out()) as { name: string; description: string }[];
    expect(themes.map((t) => t.name)).toEqual(expect.arrayContaining(['default', 'serif', 'tech', 'warm']));
    expect(themes.every((t) => t.description.length > 10)).toBe(true);
  });
});

describe('the gzh binary', () => {
  beforeAll(() => {
    if (!existsSync(path.join(repo, 'dist/bundle/gzh.js'))) execFileSync('npm', ['run', 'build'], { cwd: repo, stdio: 'ignore' });
  });
  const gzh = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: repo, encoding: 'utf8', env: { ...process.env, CI: 'true' } });

  it('prints help and version', () => {
    const help = gzh('--help');
    expect(help.status).toBe(0);
    for (const cmd of ['init', 'build', 'dev', 'lint', 'publish', 'sandbox', 'doctor', 'themes']) expect(help.stdout).toContain(cmd);
    expect(gzh('--version').stdout).toMatch(/^gzh\/\d+\.\d+\.\d+/);
    expect(gzh('publish', '--help').stdout).toContain('--dry-run');
  });

  it('lints --title text as typed: an empty title, numbers, several titles told apart', () => {
    const empty = gzh('lint', '--title', '');
    expect(empty.status).toBe(1);
    expect(empty.stdout).toContain('title/empty');
    const many = gzh('lint', '--title', '007', '--title', '震惊！', '--format', 'json');
    const report = JSON.parse(many.stdout) as { title: string; messages: { ruleId: string }[] }[];
    expect(report.map((r) => r.title)).toEqual(['007', '震惊！']);
    expect(report[1]!.messages.map((m) => m.ruleId)).toContain('title/sensational');
    expect(gzh('lint', '--title', '正常的标题', '--title', '震惊！').stdout).toMatch(/^<title 2>:1:1 +warning/m);
  });

  it('rejects unknown commands and flags with exit 2 and a hint, without a stack trace', () => {
    const cmd = gzh('biuld');
    expect(cmd.status).toBe(2);
    expect(cmd.stderr).toContain('did you mean `gzh build`');
    const flag = gzh('build', '--frobnicate');
    expect(flag.status).toBe(2);
    expect(flag.stderr).toContain('Unknown option `--frobnicate`');
    expect(flag.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports a missing file as a usage error', () => {
    const r = gzh('build', 'content/nope.md');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('No such file or folder: content/nope.md');
  });
});
