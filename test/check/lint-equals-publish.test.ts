/**
 * Every problem that can stop `gzh publish` is reported by `gzh lint` first, with the same rule id, severity,
 * message and place. The cases are generated from the linter's own rule table (each error rule's first "fire"
 * example), plus the checks that are not title rules (limits, images, front matter, input limits): a new
 * blocking rule without a case fails the coverage test.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { run as runLint } from '../../src/cli/commands/lint.js';
import { run as runPublish } from '../../src/cli/commands/publish.js';
import { listRules, type Message } from '../../src/index.js';
import { captureContext, makeProject } from '../helpers/cli.js';

/** Blocking only within one draft: `gzh lint` of a file can't know the other articles of a draft. */
const DRAFT_LEVEL = new Set(['title/duplicate']);

interface Case {
  ruleId: string;
  markdown: string;
  config?: string;
}

const cover = 'cover: ./c.png\n';
const titleCase = (ruleId: string, title: string): Case => ({ ruleId, markdown: `---\ntitle: ${JSON.stringify(title)}\n${cover}---\n\n正文。\n` });

const ruleCases: Case[] = listRules()
  .filter((r) => r.defaultSeverity === 'error' && !DRAFT_LEVEL.has(r.id))
  .map((r) => {
    const example = r.examples.fire[0]!;
    switch (r.id) {
      case 'title/empty':
        return { ruleId: r.id, markdown: `---\n${cover}---\n\n没有标题的正文。\n` };
      case 'field/digest-length':
        return { ruleId: r.id, markdown: `---\ntitle: 周报\ndigest: ${example}\n${cover}---\n\n正文。\n` };
      case 'field/author-length':
        return { ruleId: r.id, markdown: `---\ntitle: 周报\nauthor: ${example}\n${cover}---\n\n正文。\n` };
      case 'field/missing-cover':
        return { ruleId: r.id, markdown: '---\ntitle: 周报\n---\n\n没有图片的正文。\n' };
      default:
        return titleCase(r.id, example);
    }
  });

const otherCases: Case[] = [
  { ruleId: 'content/length', markdown: `---\ntitle: 长文\n${cover}---\n\n${'很长的一段正文。'.repeat(80)}\n`, config: 'limits:\n  contentChars: 500\n' },
  { ruleId: 'field/source-url-length', markdown: `---\ntitle: 原文链接\nsource_url: https://example.com/${'a'.repeat(60)}\n${cover}---\n\n正文。\n`, config: 'limits:\n  sourceUrlBytes: 40\n' },
  { ruleId: 'image/not-found', markdown: `---\ntitle: 图片\n${cover}---\n\n![没有](./nope.png)\n` },
  { ruleId: 'image/outside-root', markdown: `---\ntitle: 图片\n${cover}---\n\n![外面](../../../etc/passwd.png)\n` },
  { ruleId: 'image/not-image', markdown: `---\ntitle: 图片\n${cover}---\n\n![假](./notes.png)\n` },
  { ruleId: 'image/bad-url', markdown: `---\ntitle: 图片\n${cover}---\n\n![ftp](ftp://example.com/a.png)\n` },
  { ruleId: 'front-matter/yaml', markdown: '---\ntitle: [没闭合\n---\n\n正文。\n' },
  { ruleId: 'front-matter/invalid', markdown: `---\ntitle: 评论\ncomments: maybe\n${cover}---\n\n正文。\n` },
  { ruleId: 'newspic/images', markdown: `---\ntitle: 图集\ntype: newspic\nimages:\n${'  - ./c.png\n'.repeat(21)}---\n\n说明。\n` },
  { ruleId: 'newspic/images', markdown: '---\ntitle: 没有图的图集\narticle_type: newspic\n---\n\n只有文字。\n' },
  { ruleId: 'newspic/text-length', markdown: `---\ntitle: 图集\ntype: newspic\n---\n\n![图](./c.png)\n\n${'很长的说明文字。'.repeat(80)}\n`, config: 'limits:\n  contentChars: 500\n' },
  { ruleId: 'image/not-image', markdown: '---\ntitle: 图集\ntype: newspic\nimages: [./notes.png]\n---\n\n说明。\n' },
  { ruleId: 'front-matter/type-conflict', markdown: `---\ntitle: 图集\ntype: newspic\narticle_type: news\n${cover}---\n\n![图](./c.png)\n` },
  { ruleId: 'front-matter/accounts', markdown: `---\ntitle: 两个号\naccounts: [mian]\n${cover}---\n\n正文。\n`, config: 'accounts:\n  main: {}\n' },
  { ruleId: 'front-matter/accounts', markdown: `---\ntitle: 没有配置\naccounts: [main]\n${cover}---\n\n正文。\n` },
  { ruleId: 'compile/too-deep', markdown: `---\ntitle: 引用\n${cover}---\n\n${'>'.repeat(20)} 太深了\n` },
];

let png: Buffer;
beforeAll(async () => {
  png = await sharp({ create: { width: 60, height: 30, channels: 3, background: '#07c160' } }).png().toBuffer();
});

function projectFor(c: Case): string {
  const dir = makeProject({ 'content/a.md': c.markdown, 'content/c.png': png, 'content/notes.png': 'just notes\n', ...(c.config ? { 'gzh.config.yaml': c.config } : {}) });
  mkdirSync(path.join(dir, 'content'), { recursive: true });
  return dir;
}

const comparable = (m: Message) => ({ ruleId: m.ruleId, severity: m.severity, message: m.message, file: m.file, line: m.line, column: m.column });

async function errorsOf(dir: string) {
  const lint = captureContext(dir);
  const lintCode = await runLint(['content/a.md'], { format: 'json' }, lint.ctx);
  const lintErrors = (JSON.parse(lint.out()) as { messages: Message[] }[])[0]!.messages.filter((m) => m.severity === 'error').map(comparable);
  // a dry run: everything before the network, no credentials needed
  const publish = captureContext(dir);
  const publishCode = await runPublish(['content/a.md'], { dryRun: true, json: true }, publish.ctx);
  const answer = JSON.parse(publish.out()) as { ok: boolean; blocked?: boolean; messages: Message[] };
  return { lintCode, lintErrors, publishCode, answer, publishErrors: answer.messages.filter((m) => m.severity === 'error').map(comparable) };
}

describe('gzh lint reports what gzh publish refuses, identically', () => {
  it('covers every blocking lint rule', () => {
    const covered = new Set([...ruleCases, ...otherCases].map((c) => c.ruleId));
    const blocking = listRules().filter((r) => r.defaultSeverity === 'error' && !DRAFT_LEVEL.has(r.id)).map((r) => r.id);
    expect(blocking.filter((id) => !covered.has(id))).toEqual([]);
    expect(blocking.length).toBeGreaterThan(10);
  });

  it.each([...ruleCases, ...otherCases].map((c) => [c.ruleId, c] as [string, Case]))('%s', async (ruleId, c) => {
    const { lintCode, lintErrors, publishCode, answer, publishErrors } = await errorsOf(projectFor(c));
    expect(publishCode).toBe(1);
    expect(answer).toMatchObject({ ok: false, blocked: true });
    expect(publishErrors.map((m) => m.ruleId)).toContain(ruleId);
    expect(lintCode).toBe(1);
    expect(lintErrors).toEqual(publishErrors);
  });

  it('a title repeated within one draft (the draft-level rule) blocks publish with its place', async () => {
    const dir = makeProject({
      'content/a.md': `---\ntitle: 周报\n${cover}---\n\n一。\n`,
      'content/b.md': `---\ntitle: 周报\n${cover}---\n\n二。\n`,
      'content/c.png': png,
    });
    writeFileSync(path.join(dir, 'content', 'issue.draft.yaml'), 'articles: [a.md, b.md]\n');
    const publish = captureContext(dir);
    expect(await runPublish(['content/issue.draft.yaml'], { dryRun: true, json: true }, publish.ctx)).toBe(1);
    const messages = (JSON.parse(publish.out()) as { messages: Message[] }).messages;
    expect(messages.filter((m) => m.ruleId === 'title/duplicate').map((m) => [m.file, m.line])).toEqual([
      ['content/a.md', 2],
      ['content/b.md', 2],
    ]);
  });
});
