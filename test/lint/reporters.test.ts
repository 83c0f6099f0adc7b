import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import formatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { Message } from '../../src/errors.js';
import { formatLintResults, lintArticle, lintTitle, listRules, type LintResult } from '../../src/lint/index.js';
import { escapeData, escapeProperty } from '../../src/lint/reporters/github.js';
import { FINGERPRINT_KEY } from '../../src/lint/reporters/sarif.js';

const schema = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/sarif-2.1.0.schema.json', import.meta.url)), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, strict: false });
// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = ((formatsModule as unknown as { default?: typeof formatsModule }).default ?? formatsModule) as unknown as (instance: Ajv) => Ajv;
addFormats(ajv);
const validateSarif = ajv.compile(schema);

function results(): LintResult[] {
  return [
    { file: '/repo/content/a.md', messages: lintArticle({ file: '/repo/content/a.md', title: '震惊！最好的选择竟然是它', titleLine: 2, titleColumn: 8, hasCover: true }) },
    { file: '/repo/content/b.md', messages: [] },
  ];
}

interface SarifLog {
  runs: {
    tool: { driver: { rules: { id: string }[] } };
    results: { ruleId: string; ruleIndex: number; level: string; partialFingerprints: Record<string, string>; locations?: { physicalLocation: { artifactLocation: { uri: string }; region?: Record<string, number> } }[] }[];
    columnKind: string;
  }[];
}

describe('stylish', () => {
  it('prints file:line:col, severity, message and rule id, then a summary', () => {
    const text = formatLintResults(results(), 'stylish', { cwd: '/repo' });
    const lines = text.split('\n');
    // the three categories together are an error first, then each word on its own
    expect(lines[0]).toMatch(/^content\/a\.md:2:8 +error +The title combines 3 risk categories: .* +title\/combined-risk$/);
    expect(lines[1]).toMatch(/^content\/a\.md:2:8 +warning +'震惊' is sensational wording .* +title\/sensational$/);
    expect(text).toContain('content/a.md:2:11');
    expect(text).toMatch(/warning +'最好' is an Advertising Law absolute term: say '很好' or prove it +title\/ad-absolute/);
    expect(text).toMatch(/info +'竟然'/);
    expect(lines.at(-1)).toBe('✖ 4 problems (1 error, 2 warnings, 1 info)');
    expect(text).not.toContain('\x1b[');
  });

  it('colours only when asked, and says when there is nothing', () => {
    expect(formatLintResults(results(), 'stylish', { color: true })).toContain('\x1b[33m');
    expect(formatLintResults([{ file: 'a.md', messages: [] }], 'stylish')).toBe('✔ No problems');
    const cover = formatLintResults([{ file: 'a.md', messages: lintArticle({ file: 'a.md', title: '周报', hasCover: false }) }], 'stylish');
    expect(cover.split('\n')[0]).toMatch(/^a\.md +error +Article has no cover image/);
  });
});

describe('json', () => {
  it('lists messages per file with counts', () => {
    const report = JSON.parse(formatLintResults(results(), 'json', { cwd: '/repo' })) as { file: string; messages: Message[]; errorCount: number; warningCount: number; infoCount: number }[];
    expect(report.map((r) => [r.file, r.errorCount, r.warningCount, r.infoCount])).toEqual([
      ['content/a.md', 1, 2, 1],
      ['content/b.md', 0, 0, 0],
    ]);
    expect(report[0]!.messages[0]).toMatchObject({ ruleId: 'title/combined-risk', severity: 'error', file: 'content/a.md', line: 2, column: 8, source: 'gzh-lint' });
    expect(report[0]!.messages[1]).toMatchObject({ ruleId: 'title/sensational', file: 'content/a.md', line: 2, column: 8, source: 'gzh-lint' });
  });
});

describe('github', () => {
  it('writes one workflow command per message', () => {
    const text = formatLintResults(results(), 'github', { cwd: '/repo' });
    const lines = text.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^::error file=content\/a\.md,line=2,endLine=2,col=8,endColumn=20,title=title\/combined-risk::The title combines 3 risk categories/);
    expect(lines[1]).toBe("::warning file=content/a.md,line=2,endLine=2,col=8,endColumn=10,title=title/sensational::'震惊' is sensational wording (标题党: exaggeration): say plainly what happened");
    expect(lines.some((line) => line.startsWith('::notice ') && line.includes('title=title/curiosity-gap'))).toBe(true);
    const error = formatLintResults([{ messages: lintTitle('转发保平安') }], 'github');
    expect(error.startsWith('::error line=1,endLine=1,col=1,endColumn=6,title=title/forced-share::')).toBe(true);
  });

  it('escapes data and property values as the runner expects', () => {
    expect(escapeData('50% off\r\nnext: a, b')).toBe('50%25 off%0D%0Anext: a, b');
    expect(escapeProperty('dir,x/a:b%.md')).toBe('dir%2Cx/a%3Ab%25.md');
    const message: Message = { ruleId: 'title/custom', severity: 'error', message: 'line one\nline two: 100%', line: 1, column: 1, endColumn: 2 };
    expect(formatLintResults([{ file: 'a,b:c.md', messages: [message] }], 'github')).toBe(
      '::error file=a%2Cb%3Ac.md,line=1,col=1,endColumn=2,title=title/custom::line one%0Aline two: 100%25',
    );
  });
});

describe('sarif', () => {
  it('is valid SARIF 2.1.0', () => {
    const log = JSON.parse(formatLintResults(results(), 'sarif', { cwd: '/repo' })) as unknown;
    const valid = validateSarif(log);
    expect(validateSarif.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('stays valid for messages without a file or place, non-ASCII paths and other sources', () => {
    const mixed: LintResult[] = [
      { messages: lintTitle('转发保平安') },
      { file: 'content/周报 #1.md', messages: lintArticle({ file: 'content/周报 #1.md', title: '', hasCover: false }) },
      { file: 'C:\\work\\a.md', messages: [{ ruleId: 'compile/unsafe-html', severity: 'warn', message: 'script removed', source: 'gzh-compile', line: 5 }] },
    ];
    const log = JSON.parse(formatLintResults(mixed, 'sarif')) as SarifLog;
    expect(validateSarif(log), JSON.stringify(validateSarif.errors)).toBe(true);
    const run = log.runs[0]!;
    expect(run.results[0]!.locations).toBeUndefined();
    const uris = run.results.flatMap((r) => r.locations ?? []).map((l) => l.physicalLocation.artifactLocation.uri);
    expect(uris).toContain('content/%E5%91%A8%E6%8A%A5%20%231.md');
    expect(uris).toContain('file:///C:/work/a.md');
    expect(run.tool.driver.rules.map((r) => r.id)).toContain('compile/unsafe-html');
  });

  it('describes every rule and points each result at its rule', () => {
    const log = JSON.parse(formatLintResults(results(), 'sarif')) as SarifLog;
    const run = log.runs[0]!;
    expect(run.columnKind).toBe('utf16CodeUnits');
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(listRules().map((r) => r.id));
    for (const result of run.results) expect(run.tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
    expect(run.results.map((r) => r.level)).toEqual(['error', 'warning', 'warning', 'note']);
    expect(run.results[1]!.locations![0]!.physicalLocation.region).toMatchObject({ startLine: 2, startColumn: 8, endLine: 2, endColumn: 10 });
  });

  it('keeps fingerprints when the title moves, and tells repeated words apart', () => {
    const at = (line: number): SarifLog =>
      JSON.parse(formatLintResults([{ file: 'a.md', messages: lintTitle('震惊！震惊！', { file: 'a.md', line }) }], 'sarif')) as SarifLog;
    const first = at(2).runs[0]!.results.map((r) => r.partialFingerprints[FINGERPRINT_KEY]);
    const moved = at(9).runs[0]!.results.map((r) => r.partialFingerprints[FINGERPRINT_KEY]);
    expect(first).toEqual(moved);
    expect(new Set(first).size).toBe(first.length);
    expect(first.length).toBeGreaterThan(1);
  });

  it('the schema rejects what SARIF rejects', () => {
    const log = JSON.parse(formatLintResults(results(), 'sarif')) as { runs: { results: { level: string }[] }[] };
    log.runs[0]!.results[0]!.level = 'warn';
    expect(validateSarif(log)).toBe(false);
    expect(validateSarif({ version: '2.0.0', runs: [] })).toBe(false);
    expect(validateSarif({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
    // Formats are checked too (ajv-formats): a URI with a space is not a uri-reference.
    const badUri = JSON.parse(formatLintResults([{ file: 'a.md', messages: lintTitle('震惊', { file: 'a.md' }) }], 'sarif')) as SarifLog;
    expect(validateSarif(badUri)).toBe(true);
    badUri.runs[0]!.results[0]!.locations![0]!.physicalLocation.artifactLocation.uri = 'a b.md';
    expect(validateSarif(badUri)).toBe(false);
  });
});
