/**
 * Front matter `accounts: [main, tech]` names accounts of config `accounts:`; an unknown name blocks publishing,
 * so build, lint and dev say it too (same rule id and place as gzh publish).
 */
import { closest, distance } from 'fastest-levenshtein';
import type { ResolvedConfig } from '../config/schema.js';
import type { Message } from '../errors.js';

/** The configured account a mistyped name most likely meant (at most 2 edits away). */
export function nearestAccount(names: readonly string[], name: string): string | undefined {
  if (names.length === 0) return undefined;
  const near = closest(name, [...names]);
  return distance(near, name) <= 2 ? near : undefined;
}

export function checkArticleAccounts(accounts: readonly string[] | undefined, place: { file: string; line?: number }, config: ResolvedConfig): Message[] {
  if (!accounts) return [];
  const names = Object.keys(config.accounts);
  const error = (message: string): Message[] => [{ ruleId: 'front-matter/accounts', severity: 'error', message, file: place.file, line: place.line ?? 1, column: 1, source: 'gzh-check' }];
  if (names.length === 0) return error('`accounts:` names accounts but gzh.config has no `accounts:`: add them there (README, Several accounts), or remove the key');
  for (const name of accounts) {
    if (config.accounts[name]) continue;
    const near = nearestAccount(names, name);
    return error(`\`accounts:\` names \`${name}\`, which gzh.config does not have${near ? ` (did you mean \`${near}\`?)` : ` (configured: ${names.join(', ')})`}`);
  }
  return [];
}
