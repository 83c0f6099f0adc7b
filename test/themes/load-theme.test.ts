/**
 * loadTheme / loadCodeTheme read the one theme they need (a build loads one per article): the result must be
 * what the full listing finds, with the same precedence (project over gzh's; for code: the project's
 * themes/code, gzh's, then highlight.js), and a name from front matter can't reach outside the folders.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { listCodeThemes, listThemes, loadCodeTheme, loadTheme } from '../../src/config/themes.js';
import { ConfigError } from '../../src/errors.js';

const root = mkdtempSync(path.join(tmpdir(), 'gzh-themes-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
mkdirSync(path.join(root, 'themes', 'code'), { recursive: true });
writeFileSync(path.join(root, 'themes', 'default.css'), '/*\n name: default\n description: the project\'s own default\n author: 某人\n*/\n.article { color: #111111; }\n');
writeFileSync(path.join(root, 'themes', '春天.css'), '/* name: 春天\n description: a theme named in Chinese */\n.article { color: #222222; }\n');
writeFileSync(path.join(root, 'themes', 'code', 'github.css'), '/* description: project github */\n.hljs { color: #333333; }\n');
writeFileSync(path.join(root, 'secret.css'), '.article { color: #ff0000; }\n');

/** What the listing would have loaded: the way loadTheme worked before it read one file. */
function fromListing(list: ReturnType<typeof listThemes>, name: string) {
  const found = list.find((t) => t.name === name);
  return found && { ...found, css: '(read)' };
}

it('loads every listed theme exactly as the listing describes it, the project winning', () => {
  const list = listThemes(root);
  expect(list.length).toBeGreaterThan(4);
  for (const t of list) {
    const loaded = loadTheme(t.name, root);
    expect({ ...loaded, css: '(read)' }, t.name).toEqual(fromListing(list, t.name));
  }
  expect(loadTheme('default', root)).toMatchObject({ builtin: false, description: "the project's own default", author: '某人' });
  expect(loadTheme('春天', root).css).toContain('#222222');
  expect(loadTheme('tech', root).builtin).toBe(true);
});

it('loads code themes with their precedence: project themes/code, then highlight.js styles', () => {
  const list = listCodeThemes(root);
  for (const name of ['github', 'github-dark', 'monokai', 'atom-one-dark']) {
    expect({ ...loadCodeTheme(name, root), css: '(read)' }, name).toEqual(fromListing(list, name));
  }
  expect(loadCodeTheme('github', root)).toMatchObject({ builtin: false, description: 'project github' });
  expect(loadCodeTheme('github-dark', root)).toMatchObject({ builtin: true, description: 'highlight.js style' });
});

it('refuses names that are not themes in those folders, with suggestions', () => {
  for (const name of ['../secret', '../../themes/default', 'default.css', 'github.min', '', 'Default']) {
    expect(() => loadTheme(name, root), name).toThrow(ConfigError);
  }
  expect(() => loadCodeTheme('github.min', root)).toThrow(ConfigError);
  expect(() => loadCodeTheme('../default', root)).toThrow(ConfigError);
  const misspelt = (() => {
    try {
      loadTheme('defualt', root);
    } catch (error) {
      return error as ConfigError;
    }
  })();
  expect(misspelt?.hint).toMatch(/Did you mean `default`/);
});
