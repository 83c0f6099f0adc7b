/**
 * The chunked parse (ParseCache, used by gzh dev) gives exactly the mdast of a whole parse, positions
 * included, on every example there is: content/, the compile fixtures, the CommonMark spec examples (joined
 * into documents, so boundaries fall between them), the bench articles and cases made to trip it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitSource, ParseCache } from '../../src/compile/block-cache.js';
import { compileArticle } from '../../src/compile/index.js';
import { parseTree } from '../../src/compile/parse-markdown.js';
import { makeArticle } from '../../bench/make-article.mjs';
import { defaultThemeCss, githubCodeCss } from '../helpers/compile.js';

const root = path.resolve(import.meta.dirname, '../..');
const { tests } = createRequire(import.meta.url)('commonmark-spec') as { tests: { markdown: string; number: number }[] };

const syntaxOf = (md: string) => ({ math: md.includes('$'), directives: md.includes(':::') });

const sources: [string, string][] = [
  ...readdirSync(path.join(root, 'content')).filter((f) => f.endsWith('.md')).map((f): [string, string] => [`content/${f}`, readFileSync(path.join(root, 'content', f), 'utf8')]),
  ...readdirSync(path.join(root, 'test/fixtures/compile'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d): [string, string] => [`fixture ${d.name}`, readFileSync(path.join(root, 'test/fixtures/compile', d.name, 'input.md'), 'utf8')]),
  ['bench article', makeArticle(20, 3) as string],
  // every spec example, ten to a document, separated by a blank line and a paragraph
  ...Array.from({ length: Math.ceil(tests.length / 10) }, (_, i): [string, string] => [
    `spec examples ${i * 10 + 1}–${i * 10 + 10}`,
    tests.slice(i * 10, i * 10 + 10).map((t) => t.markdown).join('\n\nsep\n\n'),
  ]),
  // and seven to a document with nothing between them but a blank line: other boundaries, other neighbours
  ...Array.from({ length: Math.ceil(tests.length / 7) }, (_, i): [string, string] => [
    `spec examples ${i * 7 + 1}–${i * 7 + 7}, joined`,
    tests.slice(i * 7, i * 7 + 7).map((t) => t.markdown).join('\n'),
  ]),
  ['loose list across blank lines', '- a\n\n- b\n\n  more of b\n\nafter\n'],
  ['fence with blank lines', '```js\nx\n\ny\n```\n\nz\n\n~~~~\n~~~\n\nstill code\n~~~~\n\nend\n'],
  ['unclosed fence', 'a\n\n```\ncode\n\nmore\n'],
  ['math block with blank lines', '$$\na\n\nb\n$$\n\n$$x$$\n\n$5 and $10\n\nafter $y$\n'],
  ['containers', ':::tip\none\n\ntwo\n:::\n\n::::note[t]\n:::caution\nx\n\ny\n:::\n::::\n\nout\n'],
  ['front matter with blank lines', '---\ntitle: t\n\nauthor: a\n---\n\n# h\n\ntext\n'],
  ['definitions', 'see [x] and [^1]\n\n[x]: https://example.com\n\n[^1]: note\n'],
  ['definitions first and in the middle', '[y]: /y "title"\n\n[^a]: first\n    continued\n\nuse [y] [^a] [^b]\n\n[^b]: second\n\nend [y][]\n'],
  ['a definition inside a fence', '```\n[x]: /not-a-definition\n```\n\n[x] stays text\n'],
  ['html blocks', '<section>\na\n</section>\n\n<!--\n\ncomment\n\n-->\n\n<pre>\n\n</pre>\n\nend\n'],
  ['indented code and lists', '    code\n\n    more\n\n1. one\n\n2. two\n\n10) ten\n\n- - -\n\n***\n\n---\n\ntext\n'],
  ['block quotes', '> a\n\n> b\n>\n> c\n\nd\n'],
  ['crlf', 'a\r\n\r\nb\r\n\r\n- c\r\n'],
];

describe('chunked parse equals whole parse', () => {
  it.each(sources)('%s', (_name, source) => {
    const syntax = syntaxOf(source);
    const whole = parseTree(source, syntax);
    const cache = new ParseCache();
    expect(parseTree(source, syntax, cache)).toEqual(whole);
    // again from the cache, and after an edit in the middle
    expect(parseTree(source, syntax, cache)).toEqual(whole);
    const lines = source.split('\n');
    const edited = [...lines.slice(0, lines.length >> 1), 'edited 改了一行', ...lines.slice(lines.length >> 1)].join('\n');
    expect(parseTree(edited, syntaxOf(edited), cache)).toEqual(parseTree(edited, syntaxOf(edited)));
  });
});

describe('splitSource', () => {
  const plain = { math: false, directives: false };
  it('cuts long articles into many chunks, and parses whole what may run across blank lines', () => {
    expect(splitSource(makeArticle(20, 1) as string, plain)!.length).toBeGreaterThan(50);
    expect(splitSource('<!-- x -->\n\na\n', plain)).toBeUndefined();
    expect(splitSource('a\n\n<pre>\n\n</pre>\n', plain)).toBeUndefined();
  });
  it('gives every chunk the definitions, unless a block left open would swallow them', () => {
    const chunks = splitSource('a [x] b[^1]\n\nc\n\n[x]: /u\n\n[^1]: n\n', plain)!;
    expect(chunks.map((c) => c.text)).toEqual(['a [x] b[^1]\n', 'c\n', '[x]: /u\n', '[^1]: n\n']);
    expect(new Set(chunks.map((c) => c.appendix))).toEqual(new Set(['\n\ngzh\n\n[x]: /u\n\n\n[^1]: n\n']));
    expect(splitSource('a\n\n[x]: /u\n\n```\nopen', plain)).toBeUndefined();
  });
  it('never cuts inside fences, math, containers or lists', () => {
    const texts = (md: string) => splitSource(md, syntaxOf(md))!.map((c) => c.text);
    expect(texts('```\na\n\nb\n```\n\nc')).toEqual(['```\na\n\nb\n```\n', 'c']);
    expect(texts('$$\na\n\nb\n$$\n\nc')).toEqual(['$$\na\n\nb\n$$\n', 'c']);
    expect(texts(':::tip\na\n\nb\n:::\n\nc')).toEqual([':::tip\na\n\nb\n:::\n', 'c']);
    expect(texts('- a\n\n- b\n\nc')).toEqual(['- a\n\n- b\n', 'c']);
  });
});

describe('compile with a parse cache', () => {
  it('gives the same HTML and messages as without, edit after edit, and forgets chunks no longer used', () => {
    const cache = new ParseCache();
    // features.md has footnotes, tables, code, task lists, links: all through the chunked parse
    let md = readFileSync(path.join(root, 'content/features.md'), 'utf8');
    for (let edit = 0; edit < 3; edit++) {
      md = md.replace(/\n\n/, `\n\n第 ${edit} 次编辑。\n\n`);
      const options = { file: 'features.md', themeCss: defaultThemeCss, codeThemeCss: githubCodeCss };
      const cached = compileArticle(md, { ...options, parseCache: cache });
      const plain = compileArticle(md, options);
      expect(cached.html).toBe(plain.html);
      expect(cached.messages).toEqual(plain.messages);
    }
    const chunks = splitSource(md, syntaxOf(md))!.length;
    expect(chunks).toBeGreaterThan(10);
    expect(cache.size).toBe(chunks);
  });
});
