/**
 * SARIF 2.1.0 for code scanning: one run, every rule described in tool.driver.rules, stable ruleId
 * and a partialFingerprint that does not move when lines shift (rule + file + matched text + occurrence).
 */
import type { Message, Severity } from '../../errors.js';
import { listRules } from '../rules/list.js';
import { fnv1a64 } from './fingerprint.js';
import { displayPath, isAbsolutePath } from './paths.js';
import type { LintResult, ReporterOptions } from './types.js';

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const FINGERPRINT_KEY = 'gzhLintText/v1';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warn: 'warning', info: 'note' };

/** 'title/ad-absolute' → 'TitleAdAbsolute'. */
function ruleName(id: string): string {
  return id
    .split(/[/-]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

function toUri(path: string): string {
  const encode = (part: string): string => part.split('/').map(encodeURIComponent).join('/');
  if (/^[A-Za-z]:\//.test(path)) return `file:///${path.slice(0, 2)}${encode(path.slice(2))}`;
  if (path.startsWith('/')) return `file://${encode(path)}`;
  return encode(path);
}

function describeRules(messages: readonly Message[]) {
  const known = listRules().map((rule) => ({
    id: rule.id,
    name: ruleName(rule.id),
    shortDescription: { text: rule.description.split(/[:(]/)[0]!.trim() },
    fullDescription: { text: rule.description },
    defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
    help: { text: `Fires on: ${rule.examples.fire.join(' | ') || '-'}\nPasses: ${rule.examples.pass.join(' | ') || '-'}` },
    properties: { tags: ['gzh', rule.id.split('/')[0]!] },
  }));
  const ids = new Set(known.map((rule) => rule.id));
  // Messages of other sources (compile checks) get a minimal descriptor.
  for (const m of messages) {
    if (ids.has(m.ruleId)) continue;
    ids.add(m.ruleId);
    known.push({
      id: m.ruleId,
      name: ruleName(m.ruleId),
      shortDescription: { text: m.ruleId },
      fullDescription: { text: m.ruleId },
      defaultConfiguration: { level: LEVEL[m.severity] },
      help: { text: m.ruleId },
      properties: { tags: ['gzh', m.ruleId.split('/')[0]!] },
    });
  }
  return known;
}

export function formatSarif(results: readonly LintResult[], options: ReporterOptions = {}): string {
  const all = results.flatMap((result) => result.messages.map((message) => ({ message, file: message.file ?? result.file })));
  const rules = describeRules(all.map((entry) => entry.message));
  const ruleIndex = new Map(rules.map((rule, i) => [rule.id, i]));
  const occurrences = new Map<string, number>();

  const sarifResults = all.map(({ message: m, file }) => {
    const path = file === undefined ? undefined : displayPath(file, options.cwd);
    const identity = [m.ruleId, path ?? '', m.actual ?? m.message].join('\u0000');
    const occurrence = occurrences.get(identity) ?? 0;
    occurrences.set(identity, occurrence + 1);
    const region =
      m.line === undefined
        ? undefined
        : {
            startLine: m.line,
            ...(m.column !== undefined ? { startColumn: m.column } : {}),
            ...(m.column !== undefined && m.endColumn !== undefined ? { endLine: m.endLine ?? m.line, endColumn: Math.max(m.endColumn, m.column) } : {}),
            ...(m.actual ? { snippet: { text: m.actual } } : {}),
          };
    const relative = path !== undefined && !isAbsolutePath(path);
    return {
      ruleId: m.ruleId,
      ruleIndex: ruleIndex.get(m.ruleId)!,
      level: LEVEL[m.severity],
      message: { text: m.message },
      ...(path !== undefined
        ? {
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: toUri(path), ...(relative && options.cwd ? { uriBaseId: '%SRCROOT%' } : {}) },
                  ...(region ? { region } : {}),
                },
              },
            ],
          }
        : {}),
      partialFingerprints: { [FINGERPRINT_KEY]: `${fnv1a64(identity)}:${occurrence}` },
    };
  });

  const cwd = options.cwd?.replace(/\\/g, '/').replace(/\/+$/, '');
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'gzh-lint', rules } },
        ...(cwd && isAbsolutePath(cwd) ? { originalUriBaseIds: { '%SRCROOT%': { uri: toUri(cwd + '/') } } } : {}),
        columnKind: 'utf16CodeUnits',
        results: sarifResults,
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}
