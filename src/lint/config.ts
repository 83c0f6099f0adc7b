/**
 * Turn `lint` config (per rule: off | info | warn | error | true | false | {severity, allow, deny})
 * and per-article `lint.disable` lists into the state the runner uses.
 */
import type { LintConfig } from '../config/schema.js';
import type { LintRule, Severity } from './types.js';
import { RULES, RULES_BY_ID } from './rules/index.js';

export interface RuleState {
  readonly rule: LintRule;
  readonly severity: Severity | 'off';
  /** The user set the severity, so per-entry severities (strong bait phrases) no longer apply. */
  readonly explicit: boolean;
  readonly allow: readonly string[];
  readonly deny: readonly string[];
}

/** Default severity of a rule under this config (Advertising Law terms are errors in promotional articles). */
export function defaultSeverityOf(rule: LintRule, config: LintConfig | undefined): Severity {
  if (rule.id === 'title/ad-absolute' && config?.promotional) return 'error';
  return rule.defaultSeverity;
}

type ResolvedSetting = LintConfig['rules'][string];

function resolveSetting(rule: LintRule, setting: ResolvedSetting | undefined, config: LintConfig | undefined): RuleState {
  const fallback = defaultSeverityOf(rule, config);
  if (setting === undefined || setting === true) return { rule, severity: fallback, explicit: false, allow: [], deny: [] };
  if (setting === false) return { rule, severity: 'off', explicit: true, allow: [], deny: [] };
  if (typeof setting === 'string') return { rule, severity: setting, explicit: true, allow: [], deny: [] };
  return {
    rule,
    severity: setting.severity ?? fallback,
    explicit: setting.severity !== undefined,
    allow: setting.allow ?? [],
    deny: setting.deny ?? [],
  };
}

/** One state per rule, in RULES order. */
export function resolveRuleStates(config: LintConfig | undefined): RuleState[] {
  return RULES.map((rule) => resolveSetting(rule, config?.rules[rule.id], config));
}

/**
 * Whether a per-article `lint.disable` list turns a rule off. Entries are rule ids, a prefix with
 * `/*` ('title/*'), or '*' / 'all'.
 */
export function isDisabled(ruleId: string, disable: readonly string[] | undefined): boolean {
  if (!disable || disable.length === 0) return false;
  return disable.some((entry) => entry === ruleId || entry === '*' || entry === 'all' || (entry.endsWith('/*') && ruleId.startsWith(entry.slice(0, -1))));
}

/** Rule ids in `lint.rules` or a disable list that no rule has (typos): for the CLI to warn about. */
export function findUnknownRuleIds(config?: LintConfig, disable: readonly string[] = []): string[] {
  const named = [...Object.keys(config?.rules ?? {}), ...disable];
  return named.filter((id) => {
    if (RULES_BY_ID.has(id) || id === '*' || id === 'all') return false;
    if (id.endsWith('/*')) return !RULES.some((rule) => rule.id.startsWith(id.slice(0, -1)));
    return true;
  });
}
