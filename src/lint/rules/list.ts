import type { Severity } from '../types.js';
import { RULES } from './index.js';

export interface RuleInfo {
  id: string;
  defaultSeverity: Severity;
  description: string;
  examples: { fire: string[]; pass: string[] };
}

/** Every rule with its default severity, description and examples (for docs, `gzh lint --rules`, SARIF). */
export function listRules(): RuleInfo[] {
  return RULES.map((rule) => ({
    id: rule.id,
    defaultSeverity: rule.defaultSeverity,
    description: rule.description,
    examples: { fire: [...rule.examples.fire], pass: [...rule.examples.pass] },
  }));
}
