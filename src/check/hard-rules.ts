/**
 * Lint rules that restate a WeChat API limit. They are errors whatever `lint.rules` or front matter
 * `lint.disable` say (the API would refuse the draft anyway), and `--force` does not get past them; the
 * limits themselves are configured under `limits.*`.
 */
import type { LintConfig } from '../config/schema.js';
import { listRules } from '../lint/index.js';

export const HARD_RULES: ReadonlySet<string> = new Set(['title/empty', 'title/length', 'field/author-length', 'field/digest-length', 'field/missing-cover']);

const onlyHard = new WeakMap<LintConfig, LintConfig>();

/** The project's lint config with the hard rules at `error` and every other rule off (one object per config: the linter caches by identity). */
export function hardRulesConfig(config: LintConfig): LintConfig {
  let result = onlyHard.get(config);
  if (!result) {
    const rules = Object.fromEntries(listRules().map((r) => [r.id, HARD_RULES.has(r.id) ? 'error' : 'off'] as const));
    result = { ...config, rules };
    onlyHard.set(config, result);
  }
  return result;
}
