import { describe, expect, it } from 'vitest';
import { findUnknownRuleIds, isDisabled, lintTitle } from '../../src/lint/index.js';
import { lintConfigSchema, type LintConfig, type UserConfig } from '../../src/config/schema.js';

function config(lint: NonNullable<UserConfig['lint']>): LintConfig {
  return lintConfigSchema.parse(lint);
}

function found(title: string, options: Parameters<typeof lintTitle>[1] = {}): { ruleId: string; severity: string; actual?: string }[] {
  return lintTitle(title, options).map(({ ruleId, severity, actual }) => ({ ruleId, severity, actual }));
}

describe('rule settings', () => {
  it('turns a rule off with "off" or false, and keeps the default with true', () => {
    expect(found('震惊！', { config: config({ rules: { 'title/sensational': 'off' } }) })).toEqual([]);
    expect(found('震惊！', { config: config({ rules: { 'title/sensational': false } }) })).toEqual([]);
    expect(found('震惊！', { config: config({ rules: { 'title/sensational': true } }) })).toEqual([{ ruleId: 'title/sensational', severity: 'warn', actual: '震惊' }]);
  });

  it('overrides the severity with a string or {severity}', () => {
    expect(found('震惊！', { config: config({ rules: { 'title/sensational': 'error' } }) })[0]!.severity).toBe('error');
    expect(found('震惊！', { config: config({ rules: { 'title/sensational': { severity: 'info' } } }) })[0]!.severity).toBe('info');
  });

  it('adds and allows words per rule', () => {
    const c = config({ rules: { 'title/sensational': { deny: ['爆肝'] }, 'title/ad-absolute': { allow: ['最好'] } } });
    expect(found('爆肝三天', { config: c })).toEqual([{ ruleId: 'title/sensational', severity: 'warn', actual: '爆肝' }]);
    expect(found('最好的选择', { config: c })).toEqual([]);
    // A rule's allow list does not silence other rules.
    expect(found('震惊', { config: config({ rules: { 'title/ad-absolute': { allow: ['震惊'] } } }) })).toHaveLength(1);
  });

  it('reports project deny words as title/custom and honours the global allow list', () => {
    const c = config({ deny: ['内卷'], allow: ['震惊', '第一'] });
    expect(found('内卷的尽头', { config: c })).toEqual([{ ruleId: 'title/custom', severity: 'warn', actual: '内卷' }]);
    expect(found('内*卷的尽头', { config: c })).toEqual([{ ruleId: 'title/evasion', severity: 'error', actual: '内*卷' }]);
    expect(found('震惊！行业第一', { config: c })).toEqual([]);
    expect(found('震*惊', { config: c })).toEqual([]);
  });

  it('makes Advertising Law terms errors in promotional articles unless the severity is set', () => {
    expect(found('最好的选择')[0]!.severity).toBe('warn');
    expect(found('最好的选择', { config: config({ promotional: true }) })[0]!.severity).toBe('error');
    expect(found('最好的选择', { config: config({ promotional: true, rules: { 'title/ad-absolute': 'warn' } }) })[0]!.severity).toBe('warn');
    expect(found('最好的选择', { config: config({ promotional: true, rules: { 'title/ad-absolute': true } }) })[0]!.severity).toBe('error');
  });

  it('gives strong entries their own severity until the user sets the rule severity', () => {
    expect(found('竟然是这样')).toEqual([{ ruleId: 'title/curiosity-gap', severity: 'info', actual: '竟然' }]);
    expect(found('万万没想到')).toEqual([{ ruleId: 'title/curiosity-gap', severity: 'warn', actual: '万万没想到' }]);
    expect(found('万万没想到', { config: config({ rules: { 'title/curiosity-gap': 'info' } }) })[0]!.severity).toBe('info');
    expect(found('网传新版下月发布')[0]!.severity).toBe('info');
    expect(found('网传某大厂要裁员')[0]!.severity).toBe('warn');
    expect(found('网传某地将封城？官方辟谣')[0]!.severity).toBe('info');
  });
});

describe('per-article disable', () => {
  it('disables by id, by prefix and entirely', () => {
    expect(found('震惊！转发保平安', { disable: ['title/sensational'] }).map((m) => m.ruleId)).toEqual(['title/forced-share']);
    expect(found('震惊！转发保平安', { disable: ['title/*'] })).toEqual([]);
    expect(found('震惊！转发保平安', { disable: ['*'] })).toEqual([]);
  });

  it('reports a disguised word under its own rule when title/evasion is disabled', () => {
    expect(found('震*惊')).toEqual([{ ruleId: 'title/evasion', severity: 'error', actual: '震*惊' }]);
    expect(found('震*惊', { disable: ['title/evasion'] })).toEqual([{ ruleId: 'title/sensational', severity: 'warn', actual: '震*惊' }]);
  });

  it('matches ids exactly', () => {
    expect(isDisabled('title/sensational', ['title/sensational'])).toBe(true);
    expect(isDisabled('title/sensational', ['title/sens'])).toBe(false);
    expect(isDisabled('field/author-length', ['title/*'])).toBe(false);
  });
});

describe('findUnknownRuleIds', () => {
  it('names rule ids that no rule has, in config and in disable lists', () => {
    const c = config({ rules: { 'title/sensationnal': 'off', 'title/sensational': 'warn' } });
    expect(findUnknownRuleIds(c, ['title/*', 'field/nope', 'all', 'nope/*'])).toEqual(['title/sensationnal', 'field/nope', 'nope/*']);
  });
});
