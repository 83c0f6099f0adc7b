/** Every rule, in the order they are listed and reported to SARIF. Ids are stable: never rename one. */
import type { LintRule } from '../types.js';
import { adAbsolute } from './ad-absolute.js';
import { adPromise } from './ad-promise.js';
import { authorLength } from './author-length.js';
import { bait } from './bait.js';
import { combinedRisk } from './combined-risk.js';
import { curiosityGap } from './curiosity-gap.js';
import { custom } from './custom.js';
import { digestLength } from './digest-length.js';
import { duplicate } from './duplicate.js';
import { empty } from './empty.js';
import { evasion } from './evasion.js';
import { fakeUrgency } from './fake-urgency.js';
import { forcedShare } from './forced-share.js';
import { healthScare } from './health-scare.js';
import { impersonation } from './impersonation.js';
import { intimidation } from './intimidation.js';
import { length } from './length.js';
import { missingCover } from './missing-cover.js';
import { punctuation } from './punctuation.js';
import { rumour } from './rumour.js';
import { sensational } from './sensational.js';

export const RULES: readonly LintRule[] = [
  impersonation,
  sensational,
  fakeUrgency,
  forcedShare,
  curiosityGap,
  intimidation,
  healthScare,
  rumour,
  bait,
  adAbsolute,
  adPromise,
  custom,
  evasion,
  combinedRisk,
  punctuation,
  empty,
  length,
  duplicate,
  digestLength,
  authorLength,
  missingCover,
];

export const RULES_BY_ID: ReadonlyMap<string, LintRule> = new Map(RULES.map((rule) => [rule.id, rule]));
