/**
 * Inline the theme: every element gets a `style` attribute with the declarations of the rules that match it
 * (cascade by !important, then specificity, then source order), then classes, ids and data attributes are
 * removed (WeChat strips them). Styles written by hand in raw HTML win over the theme unless the theme says
 * !important. Declarations WeChat cannot keep (`position` other than static/relative, `var()`) are dropped
 * here too, whoever wrote them.
 *
 * `compact` (default): the least style text that renders the same (style-compact.ts): what an element would
 * inherit anyway is not repeated, initial values and overridden longhands go, values are shortest, and a
 * `<span>` left with no attributes is unwrapped. `compact: false` writes every matched declaration, spaced
 * (the output before issue 13; the screenshot test renders both and compares).
 */
import type { Element, ElementContent, Root } from 'hast';
import type { VFile } from 'vfile';
import { report } from '../report.js';
import { matchRules, parseFastSelector, type IndexedRule } from '../match-rules.js';
import { shouldUnjustify } from '../style-justify.js';
import { compactDeclarations, shortenValue, UNKNOWN_PARENT, type InheritedStyle, type StyleDeclaration } from '../style-compact.js';
import { parseDeclarations, serializeDeclarations } from '../style-declarations.js';
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
  /** Write the least style text that renders the same (default true). */
  compact?: boolean;
}

/** The declarations an element ends up with (cascade order), and those of its own style WeChat can't keep. */
interface Resolved {
  key: string;
  declarations: StyleDeclaration[];
  /** The uncompacted style text. */
  style: string;
  dropped: [string, string][];
}

/** What a parent passes down in compact mode, with the results of its children memoised per (tag, style). */
interface Context {
  inherited: InheritedStyle;
  children: Map<string, { style: string; context: Context }>;
}

export default function rehypeInlineTheme(options: InlineStylesOptions) {
  const { theme } = options;
  const compact = options.compact !== false;
  return (tree: Root, file: VFile) => {
    const matches = new Map<Element, StyleRule[]>();
    matchRules(tree, indexRules(theme), (el, rule) => {
      const rules = matches.get(el);
      if (rules) rules.push(rule);
      else matches.set(el, [rule]);
    });
    // thousands of elements share a few (matched rules, own style) combinations: resolve each once
    const resolved = new Map<string, Resolved>();
    const resolve = (el: Element): Resolved => {
      const rules = matches.get(el);
      const own = typeof el.properties.style === 'string' ? el.properties.style : '';
      const key = `${rules ? rules.map(ruleId).join(',') : ''}\u0000${own}`;
      let result = resolved.get(key);
      if (!result) resolved.set(key, (result = resolveStyle(rules ?? [], own, key)));
      return result;
    };

    const visit = (el: Element, context: Context, inSvg: boolean, parentAlign: string | undefined) => {
      let result = resolve(el);
      let align = result.declarations.find((d) => d.property === 'text-align')?.value ?? parentAlign;
      if (shouldUnjustify(el, align)) {
        result = leftAligned(result, resolved);
        align = 'left';
      }
      for (const [property, value] of result.dropped) {
        report(file, el, 'warn', 'compile/unsupported-style', `\`${property}: ${value}\` on \`<${el.tagName}>\` is removed: WeChat does not support it`, { actual: `${property}: ${value}` });
      }
      const { className: _c, id: _i, ...rest } = el.properties;
      for (const name of Object.keys(rest)) if (name.startsWith('data') || name.startsWith('aria')) delete rest[name];
      let style = result.style;
      let childContext = context;
      const svg = inSvg || el.tagName === 'svg';
      if (compact && svg) {
        // SVG (math, diagrams) is drawn as authored: shorter values, nothing dropped
        style = serializeDeclarations(result.declarations.map((d) => ({ ...d, value: shortenValue(d.property, d.value) })), { compact: true });
      } else if (compact) {
        const memoKey = `${el.tagName}\u0000${result.key}`;
        let memo = context.children.get(memoKey);
        if (!memo) {
          const out = compactDeclarations(el.tagName, result.declarations, context.inherited);
          memo = { style: serializeDeclarations(out.declarations, { compact: true }), context: { inherited: out.passes, children: new Map() } };
          context.children.set(memoKey, memo);
        }
        style = memo.style;
        childContext = memo.context;
      }
      el.properties = style ? { ...rest, style } : rest;
      for (const child of el.children) if (child.type === 'element') visit(child, childContext, svg, align);
      if (compact) unwrapBareSpans(el);
    };
    const top: Context = { inherited: UNKNOWN_PARENT, children: new Map() };
    for (const child of tree.children) if (child.type === 'element') visit(child, top, false, undefined);
  };
}

/**
 * A `<span>` with no attributes left and only elements inside draws nothing of its own: its children take
 * its place. One holding text stays: the browser shapes the text of each inline box apart, and merging it
 * with its neighbours' moves glyphs by a pixel (the screenshot test saw it in code blocks). An empty one
 * stays too: it may be a wrapper whose content (math SVG) comes back after inlining (deferred-content.ts).
 */
function unwrapBareSpans(el: Element): void {
  const bare = (c: ElementContent): c is Element =>
    c.type === 'element' && c.tagName === 'span' && c.children.length > 0 && Object.keys(c.properties).length === 0 && c.children.every((k) => k.type === 'element');
  if (!el.children.some(bare)) return;
  el.children = el.children.flatMap((c) => (bare(c) ? c.children : [c]));
}

/** The same style with `text-align: left` last (for Latin text the theme would justify: style-justify.ts). */
function leftAligned(result: Resolved, cache: Map<string, Resolved>): Resolved {
  const key = `${result.key}\u0001left`;
  let left = cache.get(key);
  if (!left) {
    const declarations = [...result.declarations.filter((d) => d.property !== 'text-align'), { property: 'text-align', value: 'left', important: false }];
    cache.set(key, (left = { key, declarations, style: serializeDeclarations(declarations), dropped: result.dropped }));
  }
  return left;
}

/** The cascade for one element: theme rules by importance, specificity and order, its own style on top. */
function resolveStyle(rules: readonly StyleRule[], own: string, key: string): Resolved {
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
    for (const { property, value, important } of parseDeclarations(own)) {
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
  const declarations = [...props]
    .sort((a, b) => (a[1] === b[1] ? 0 : wins(a[1], b[1]) ? 1 : -1))
    .map(([property, c]) => ({ property, value: c.value, important: false }));
  return { key, declarations, style: serializeDeclarations(declarations), dropped };
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
