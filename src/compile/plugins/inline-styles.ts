/**
 * Inline the theme: every element gets a `style` attribute with the declarations of the rules that match it
 * (cascade by !important, then specificity, then source order, as juice does), then classes, ids and data
 * attributes are removed (WeChat strips them). Styles written by hand in raw HTML win over the theme unless
 * the theme says !important. Declarations WeChat cannot keep (`position` other than static/relative, `var()`)
 * are dropped here too, whoever wrote them.
 */
import type { Element, Root } from 'hast';
import { walkElements } from '../walk.js';
import type { VFile } from 'vfile';
import { report } from '../report.js';
import { matchRules, parseFastSelector, type IndexedRule } from '../match-rules.js';
import type { PreparedTheme, StyleRule } from '../theme-css.js';

interface Candidate {
  value: string;
  important: boolean;
  specificity: readonly number[];
  order: number;
}

const INLINE_SPECIFICITY = [1, 0, 0, 0] as const;

export interface InlineStylesOptions {
  theme: PreparedTheme;
}

/** The style an element ends up with, and the declarations of its own style that WeChat can't keep. */
interface Resolved {
  style: string;
  dropped: [string, string][];
}

export default function rehypeInlineTheme(options: InlineStylesOptions) {
  const { theme } = options;
  return (tree: Root, file: VFile) => {
    const matches = new Map<Element, StyleRule[]>();
    matchRules(tree, indexRules(theme), (el, rule) => {
      const rules = matches.get(el);
      if (rules) rules.push(rule);
      else matches.set(el, [rule]);
    });
    // thousands of elements share a few (matched rules, own style) combinations: resolve each once
    const resolved = new Map<string, Resolved>();
    walkElements(tree, (el) => {
      const rules = matches.get(el);
      const own = typeof el.properties.style === 'string' ? el.properties.style : '';
      const key = `${rules ? rules.map(ruleId).join(',') : ''}\u0000${own}`;
      let result = resolved.get(key);
      if (!result) resolved.set(key, (result = resolveStyle(rules ?? [], own)));
      for (const [property, value] of result.dropped) {
        report(file, el, 'warn', 'compile/unsupported-style', `\`${property}: ${value}\` on \`<${el.tagName}>\` is removed: WeChat does not support it`, { actual: `${property}: ${value}` });
      }
      const { className: _c, id: _i, ...rest } = el.properties;
      for (const name of Object.keys(rest)) if (name.startsWith('data') || name.startsWith('aria')) delete rest[name];
      el.properties = result.style ? { ...rest, style: result.style } : rest;
      return undefined;
    });
  };
}

/** The cascade for one element: theme rules by importance, specificity and order, its own style on top. */
function resolveStyle(rules: readonly StyleRule[], own: string): Resolved {
  const props = new Map<string, Candidate>();
  const dropped: [string, string][] = [];
  for (const rule of rules) {
    for (const d of rule.declarations) {
      const candidate = { value: d.value.replaceAll('"', "'"), important: d.important, specificity: rule.specificity, order: rule.order };
      const current = props.get(d.property);
      if (!current || wins(candidate, current)) props.set(d.property, candidate);
    }
  }
  if (own.trim()) {
    for (const [property, value, important] of parseStyle(own)) {
      if (!isKeepable(property, value)) {
        dropped.push([property, value]);
        continue;
      }
      const candidate = { value: value.replaceAll('"', "'"), important, specificity: INLINE_SPECIFICITY, order: Infinity };
      const current = props.get(property);
      if (!current || wins(candidate, current)) props.set(property, candidate);
    }
  }
  // weakest first, so a longhand that won is not undone by a weaker shorthand written after it
  const style = [...props]
    .sort((a, b) => (a[1] === b[1] ? 0 : wins(a[1], b[1]) ? 1 : -1))
    .map(([p, c]) => `${p}: ${c.value}`)
    .join('; ');
  return { style: style ? `${style};` : '', dropped };
}

const indexed = new WeakMap<PreparedTheme, IndexedRule<StyleRule>[]>();
const ruleIds = new WeakMap<StyleRule, number>();
let nextRuleId = 0;

/** A number per rule object (rules of one selector list share `order`, not specificity). */
function ruleId(rule: StyleRule): number {
  let id = ruleIds.get(rule);
  if (id === undefined) ruleIds.set(rule, (id = nextRuleId++));
  return id;
}

function indexRules(theme: PreparedTheme): IndexedRule<StyleRule>[] {
  let list = indexed.get(theme);
  if (!list) {
    list = theme.rules.map((rule) => ({ rule, selector: rule.selector, fast: parseFastSelector(rule.selector) }));
    indexed.set(theme, list);
  }
  return list;
}

function wins(a: Candidate, b: Candidate): boolean {
  if (a.important !== b.important) return a.important;
  for (let i = 0; i < 4; i++) {
    const x = a.specificity[i] ?? 0;
    const y = b.specificity[i] ?? 0;
    if (x !== y) return x > y;
  }
  return a.order >= b.order;
}

function isKeepable(property: string, value: string): boolean {
  if (value.includes('var(')) return false;
  if (property === 'position' && !/^(static|relative)$/i.test(value)) return false;
  return true;
}

/** `a: b; c: d !important` → [[a, b, false], [c, d, true]]; semicolons inside url()/quotes are respected. */
export function parseStyle(style: string): [string, string, boolean][] {
  const out: [string, string, boolean][] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  const push = (part: string) => {
    const colon = part.indexOf(':');
    if (colon <= 0) return;
    const property = part.slice(0, colon).trim().toLowerCase();
    let value = part.slice(colon + 1).trim();
    const important = /!\s*important$/i.test(value);
    if (important) value = value.replace(/\s*!\s*important$/i, '');
    if (property && value) out.push([property, value, important]);
  };
  for (let i = 0; i < style.length; i++) {
    const ch = style[i];
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ';' && depth === 0) {
      push(style.slice(start, i));
      start = i + 1;
    }
  }
  push(style.slice(start));
  return out;
}
