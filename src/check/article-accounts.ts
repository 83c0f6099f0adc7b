/**
 * Front matter `accounts: [main, tech]` names accounts of config `accounts:`; an unknown name blocks publishing,
 * so build, lint and dev say it too (same rule id and place as gzh publish).
 */
import { distance } from 'fastest-levenshtein';
import type { ResolvedConfig } from '../config/schema.js';
import type { Message } from '../errors.js';

export function checkArticleAccounts(accounts: readonly string[] | undefined, place: { file: string; line?: number }, config: ResolvedConfig): Message[] {
  if (!accounts) return [];
  const names = Object.keys(config.accounts);
  const error = (message: string): Message[] => [{ ruleId: 'front-matter/accounts', severity: 'error', message, file: place.file, line: place.line ?? 1, column: 1, source: 'gzh-check' }];
  if (names.length === 0) return error('`accounts:` names accounts but gzh.config has no `accounts:`: add them there (README, Several accounts), or remove the key');
  for (const name of accounts) {
    if (config.accounts[name]) continue;
    const near = names.filter((n) => distance(n, name) <= 2).sort((a, b) => distance(a, name) - distance(b, name))[0];
    return error(`\`accounts:\` names \`${name}\`, which gzh.config does not have${near ? ` (did you mean \`${near}\`?)` : ` (configured: ${names.join(', ')})`}`);
  }
  return [];
}
