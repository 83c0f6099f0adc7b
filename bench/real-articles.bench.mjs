// Real long Chinese articles (test/corpus/zh and zh-misc: public docs, licences in their LICENSES.md), the 11
// longest, measured three ways (issue #20):
//  1. in one process, the marginal cost per article of `gzh build`'s pipeline (buildArticles: compile, checks,
//     preview page, writes; --jobs 1, no cache) against a bare unified parse → gfm → rehype → stringify of the
//     same articles. Target ≤ 1.3×.
//  2. whole process, `gzh build --jobs 2 --no-cache` against the peer renderer @wenyan-md/core 3.0.10 rendering
//     the same 11 files (its own CLI-like loop: read, render with its default theme, write). Target ≥ 6×.
// The peer (216 MB with jsdom, its optional peer dependency for Node) is not a devDependency: every `npm ci`
// would pay for it. The bench installs it once into bench/.peer (git-ignored) and says so when it can't.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { buildArticles, loadProject } from '../dist/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PEER = '@wenyan-md/core@3.0.10';
const peerDir = path.join(root, 'bench', '.peer');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// the 11 longest Chinese articles of the corpus
const sources = ['zh', 'zh-misc'].flatMap((folder) =>
  readdirSync(path.join(root, 'test/corpus', folder))
    .filter((f) => f.endsWith('.md') && f !== 'LICENSES.md')
    .map((f) => path.join(root, 'test/corpus', folder, f)),
);
const chinese = sources.filter((f) => (readFileSync(f, 'utf8').match(/[\u4e00-\u9fff]/g) ?? []).length > 500);
const picked = chinese.sort((a, b) => readFileSync(b).length - readFileSync(a).length).slice(0, 11);
const totalKB = picked.reduce((n, f) => n + readFileSync(f).length, 0) / 1024;
console.log(`${picked.length} real Chinese articles, ${totalKB.toFixed(0)} KB: ${picked.map((f) => path.basename(f)).join(', ')}`);

const tmp = mkdtempSync(path.join(os.tmpdir(), 'gzh-real-'));
const project = path.join(tmp, 'blog');
mkdirSync(path.join(project, 'content'), { recursive: true });
writeFileSync(path.join(project, 'package.json'), '{"private":true}\n');
for (const f of picked) cpSync(f, path.join(project, 'content', path.basename(f)));

try {
  // 1. in-process marginal cost, after a warm-up of each; the two alternate so both see the same machine
  const bare = unified().use(remarkParse).use(remarkGfm).use(remarkRehype).use(rehypeStringify).freeze();
  const texts = picked.map((f) => readFileSync(f, 'utf8'));
  const gzh = await loadProject(project);
  const runBare = () => {
    const t = performance.now();
    for (const text of texts) String(bare.processSync(text));
    return performance.now() - t;
  };
  const runGzh = async () => {
    const t = performance.now();
    const result = await buildArticles(gzh, ['content'], { jobs: 1, cache: false });
    if (result.articles.length !== picked.length) throw new Error(`built ${result.articles.length} of ${picked.length}`);
    return performance.now() - t;
  };
  runBare();
  await runGzh();
  const ratios = [];
  const bareMs = [];
  const gzhMs = [];
  for (let i = 0; i < 7; i++) {
    const b = runBare();
    const g = await runGzh();
    bareMs.push(b);
    gzhMs.push(g);
    ratios.push(g / b);
  }
  const per = (ms) => (median(ms) / picked.length).toFixed(1);
  console.log(`per article, in one process: gzh build pipeline ${per(gzhMs)} ms, bare unified parse → stringify ${per(bareMs)} ms: ${median(ratios).toFixed(2)}× (target ≤ 1.3×)`);

  // 2. whole process: gzh build --jobs 2 vs the peer
  const bin = path.join(root, 'bin', 'gzh.js');
  const wall = (cmd, args, cwd) => {
    const t = performance.now();
    const r = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    // gzh build exits 1 when an article has errors (these lack covers; some are over WeChat's length): still built
    if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
    return performance.now() - t;
  };
  const gzhWall = [];
  for (let i = 0; i < 5; i++) gzhWall.push(wall(process.execPath, [bin, 'build', 'content', '--jobs', '2', '--no-cache'], project));
  const built = readdirSync(path.join(project, 'dist')).filter((f) => f.endsWith('.html') && !f.endsWith('.preview.html')).length;
  if (built !== picked.length) throw new Error(`gzh build wrote ${built} of ${picked.length} articles`);
  console.log(`whole process, gzh build --jobs 2 --no-cache: ${(median(gzhWall) / 1000).toFixed(2)} s`);

  const peer = ensurePeer();
  if (!peer.ok) {
    console.log(`peer ${PEER}: not measured (${peer.why})`);
  } else {
    const script = path.join(tmp, 'peer-render.mjs');
    writeFileSync(script, [
      `import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';`,
      `import { renderStyledContent } from ${JSON.stringify(path.join(peerDir, 'node_modules/@wenyan-md/core/dist/wrapper.js'))};`,
      `mkdirSync('peer-out', { recursive: true });`,
      `for (const f of readdirSync('content')) writeFileSync('peer-out/' + f + '.html', await renderStyledContent(readFileSync('content/' + f, 'utf8')));`,
    ].join('\n'));
    const peerWall = [];
    for (let i = 0; i < 5; i++) peerWall.push(wall(process.execPath, [script], project));
    const ratio = median(peerWall) / median(gzhWall);
    console.log(`whole process, ${PEER} (renderStyledContent, default theme): ${(median(peerWall) / 1000).toFixed(2)} s: gzh is ${ratio.toFixed(1)}× faster (target ≥ 6×)`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

/** The peer in bench/.peer, installed on first use (with its optional Node peers: jsdom, formdata-node). */
function ensurePeer() {
  const entry = path.join(peerDir, 'node_modules/@wenyan-md/core/dist/wrapper.js');
  if (existsSync(entry) && existsSync(path.join(peerDir, 'node_modules/jsdom'))) return { ok: true };
  try {
    mkdirSync(peerDir, { recursive: true });
    if (!existsSync(path.join(peerDir, 'package.json'))) writeFileSync(path.join(peerDir, 'package.json'), '{"private":true}\n');
    console.log(`installing ${PEER} into bench/.peer (once) ...`);
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', PEER, 'jsdom@^27.4.0', 'formdata-node@^6.0.3', 'form-data-encoder@^4.1.0'], { cwd: peerDir, stdio: 'pipe' });
    return { ok: true };
  } catch (error) {
    return { ok: false, why: `npm install failed: ${String(error.stderr ?? error.message).split('\n')[0]}` };
  }
}
