/** Config and manifest mistakes point at the line that has them and say what would be right (issue 13 §3). */
import { describe, expect, it } from 'vitest';
import { compileArticle } from '../../src/compile/index.js';
import { loadProject, resolvePublishInputs } from '../../src/index.js';
import { makeProject } from '../helpers/cli.js';

const projectWith = (config: string) => makeProject({ 'gzh.config.yaml': config, 'content/long.md': '# 标题\n\n正文\n' });

describe('config mistakes are the config\'s, with its line', () => {
  it('an unknown theme: gzh.config.yaml:line, not an article, with the themes there are', async () => {
    const dir = projectWith('links: references\ntheme: nonexistent\n');
    await expect(loadProject(dir)).rejects.toMatchObject({ file: 'gzh.config.yaml', line: 2, message: 'Unknown theme `nonexistent`', hint: expect.stringContaining('default, serif, tech, warm') });
  });

  it('an unknown codeTheme: the closest three, not 80 names', async () => {
    const dir = projectWith('codeTheme: githb-dark\n');
    const error = (await loadProject(dir).catch((e: unknown) => e)) as { line: number; hint: string };
    expect(error.line).toBe(1);
    expect(error.hint).toMatch(/^Did you mean `github-dark`/);
    expect(error.hint.match(/`/g)!.length).toBeLessThanOrEqual(6);
  });

  it('a rule severity that is not one: the allowed values', async () => {
    const dir = projectWith('lint:\n  rules:\n    title/sensational: fatal\n');
    await expect(loadProject(dir)).rejects.toMatchObject({ line: 3, message: expect.stringContaining('expected off, info, warn, error, true, false, or {severity, allow, deny}') });
  });

  it('a YAML error at the line and column of its cause, not the next line', async () => {
    await expect(loadProject(projectWith('theme: [x\n'))).rejects.toMatchObject({ line: 1, column: 8 });
  });
});

describe('manifest mistakes', () => {
  it('an unknown key at its own line, with the key it was probably meant to be', async () => {
    const dir = makeProject({ 'content/a.md': '# A\n', 'content/x.draft.yaml': 'articles: [a.md]\nthem: serif\n' });
    const p = await loadProject(dir);
    expect(() => resolvePublishInputs(['content/x.draft.yaml'], p.config, dir)).toThrow(expect.objectContaining({ line: 2, message: expect.stringContaining('`them` is not a manifest key: did you mean `theme`?') }));
  });
});

describe('front matter', () => {
  it('`author: 123` is used as "123", with a warning at its line', () => {
    const r = compileArticle('---\ntitle: 标题\nauthor: 123\n---\n正文\n', { file: 'a.md', themeCss: '' });
    expect(r.meta.author).toBe('123');
    expect(r.messages).toContainEqual(expect.objectContaining({ ruleId: 'front-matter/number', severity: 'warn', line: 3 }));
  });
});
