/**
 * Word lists are written as tagged templates, one entry a line (like prh/Vale dictionaries):
 *
 *   震惊                      a literal (matched after normalisation)
 *   最好 => 很好              with what to write instead
 *   万万没想到 @warn          with its own default severity
 *   /\d+岁以上.{0,3}注意/     a regular expression on the normalised text
 *   # a comment
 */
import type { Severity, WordEntry } from '../types.js';
import { normalizeWord } from '../normalize.js';

const SEVERITIES: ReadonlySet<string> = new Set(['info', 'warn', 'error']);

export function parseWordLine(line: string): WordEntry | undefined {
  let rest = line.trim();
  if (!rest || rest.startsWith('#')) return undefined;
  let severity: Severity | undefined;
  const sev = /\s@(info|warn|error)$/.exec(rest);
  if (sev) {
    severity = sev[1] as Severity;
    rest = rest.slice(0, sev.index).trim();
  }
  let expected: string | undefined;
  const arrow = rest.lastIndexOf(' => ');
  if (arrow > 0) {
    expected = rest.slice(arrow + 4).trim();
    rest = rest.slice(0, arrow).trim();
  }
  const pattern = rest.length > 2 && rest.startsWith('/') && rest.endsWith('/') ? new RegExp(rest.slice(1, -1), 'gu') : normalizeWord(rest);
  if (pattern === '') throw new Error(`Word list entry \`${line}\` is empty after normalisation`);
  return { pattern, ...(expected ? { expected } : {}), ...(severity && SEVERITIES.has(severity) ? { severity } : {}) };
}

/** Tag for word lists: backslashes are kept (String.raw), so regular expressions read naturally. */
export function words(strings: TemplateStringsArray, ...values: unknown[]): WordEntry[] {
  const source = String.raw({ raw: strings.raw }, ...values);
  return source
    .split('\n')
    .map(parseWordLine)
    .filter((entry): entry is WordEntry => entry !== undefined);
}

/** Entries from plain strings (user config): literals only, normalised. */
export function wordsFromStrings(list: readonly string[]): WordEntry[] {
  return list.map((text) => normalizeWord(text)).filter((text) => text !== '').map((pattern) => ({ pattern }));
}
