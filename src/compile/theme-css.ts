/**
 * Theme stylesheets → rules ready to inline. Parsing and specificity come from style-declarations.ts (css-tree);
 * matching happens on the hast tree (see plugins/inline-styles.ts) so the HTML is never re-parsed.
 * What WeChat cannot keep is dropped here, once per theme, with a message: pseudo-elements, interaction
 * pseudo-classes, at-rules, `position` other than static/relative. `var()` is resolved from `:root` and the
 * config's overrides, so no `var()` reaches the output.
 */
import { parseStylesheet, type Declaration as ParsedDeclaration } from './style-declarations.js';
import type { Message } from '../errors.js';
import { compileMessage } from './report.js';

export interface Declaration {
  property: string;
  value: string;
  important: boolean;
}

export interface StyleRule {
  selector: string;
  /** Specificity [style attr, id, class, tag]. */
  specificity: readonly number[];
  /** Source order, for ties. */
  order: number;
  declarations: Declaration[];
}

export interface PreparedTheme {
  rules: StyleRule[];
  /** Custom properties after overrides (for the preview's theme switcher and docs). */
  variables: Record<string, string>;
  messages: Message[];
}

const UNSUPPORTED_PSEUDO = /::?(before|after|first-line|first-letter|marker|placeholder|selection|hover|active|focus|focus-within|focus-visible|visited|target)\b/i;
const POSITION_OK = /^(static|relative)$/i;

const cache = new Map<string, PreparedTheme>();

/** Parse a theme (cached by content and overrides: themes are reused for every article). */
export function prepareTheme(css: string, overrides: Readonly<Record<string, string>> = {}, file?: string): PreparedTheme {
  const key = `${file ?? ''}\0${JSON.stringify(overrides)}\0${css}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const prepared = parseTheme(css, overrides, file);
  if (cache.size > 50) cache.clear();
  cache.set(key, prepared);
  return prepared;
}

function parseTheme(css: string, overrides: Readonly<Record<string, string>>, file?: string): PreparedTheme {
  const messages: Message[] = [];
  const warn = (message: string, line?: number, column?: number) =>
    messages.push(compileMessage('warn', 'theme/unsupported', message, { file, line, column }, { source: 'gzh-theme' }));

  const sheet = parseStylesheet(css);
  const unsupported = sheet.atRules.find((a) => /^(media|supports|font-face|keyframes|import)$/i.test(a.name));
  if (unsupported) warn('At-rules (@media, @font-face, ...) cannot be inlined; WeChat drops them: their rules are ignored', unsupported.line, 1);

  // one entry per selector of a selector list, in source order (the order ties are broken by)
  const parsed: [string, ParsedDeclaration[]][] = [];
  for (const rule of sheet.rules) for (const selector of rule.selectors) parsed.push([selector.text, rule.declarations]);
  const specificities = new Map(sheet.rules.flatMap((r) => r.selectors.map((s) => [s.text, s.specificity] as const)));

  const variables: Record<string, string> = {};
  for (const [selector, declarations] of parsed) {
    if (selector !== ':root') continue;
    for (const d of declarations) if (d.property.startsWith('--')) variables[d.property] = d.value;
  }
  for (const [name, value] of Object.entries(overrides)) {
    const key = name.startsWith('--') ? name : `--${name}`;
    if (!(key in variables)) warn(`Theme override \`${key}\` is not a custom property of this theme (known: ${Object.keys(variables).join(', ') || 'none'})`);
    variables[key] = value;
  }
  for (const name of Object.keys(variables)) variables[name] = resolveVariables(variables[name]!, variables, 0);

  const rules: StyleRule[] = [];
  let order = 0;
  for (const [selector, declarations] of parsed) {
    order++;
    if (selector === ':root') continue;
    const where = declarations[0];
    if (UNSUPPORTED_PSEUDO.test(selector)) {
      if (/::?(before|after)/i.test(selector)) warn(`\`${selector}\`: pseudo-elements are not kept by WeChat; put the content in the Markdown or a header/footer snippet`, where?.line, where?.column);
      continue;
    }
    const kept: Declaration[] = [];
    for (const d of declarations) {
      if (d.property.startsWith('--')) continue;
      const value = resolveVariables(d.value, variables, 0);
      const { property, important } = d;
      if (value.includes('var(')) {
        warn(`\`${selector} { ${property} }\` uses an undefined custom property: dropped`, d.line, d.column);
        continue;
      }
      if (property === 'position' && !POSITION_OK.test(value)) {
        warn(`\`${selector} { position: ${value} }\`: WeChat keeps only static/relative: dropped`, d.line, d.column);
        continue;
      }
      kept.push({ property, value, important });
    }
    if (kept.length === 0) continue;
    rules.push({ selector, specificity: specificities.get(selector) ?? [0, 0, 0, 0], order, declarations: kept });
  }
  return { rules, variables, messages };
}

/** Replace `var(--x, fallback)` (nested allowed) with values; unknown without fallback stays for the caller to drop. */
export function resolveVariables(value: string, variables: Readonly<Record<string, string>>, depth: number): string {
  if (!value.includes('var(') || depth > 10) return value;
  let out = '';
  let i = 0;
  while (i < value.length) {
    const start = value.indexOf('var(', i);
    if (start < 0) {
      out += value.slice(i);
      break;
    }
    out += value.slice(i, start);
    // find the matching parenthesis
    let level = 0;
    let end = start + 3;
    for (; end < value.length; end++) {
      if (value[end] === '(') level++;
      else if (value[end] === ')' && --level === 0) break;
    }
    const inner = value.slice(start + 4, end);
    const comma = inner.indexOf(',');
    const name = (comma < 0 ? inner : inner.slice(0, comma)).trim();
    const fallback = comma < 0 ? undefined : inner.slice(comma + 1).trim();
    const found = variables[name] ?? (fallback !== undefined ? resolveVariables(fallback, variables, depth + 1) : undefined);
    out += found === undefined ? value.slice(start, end + 1) : resolveVariables(found, variables, depth + 1);
    i = end + 1;
  }
  return out;
}

export interface CodeTheme {
  /**
   * Colour and background of the code block (`.hljs` rule). The code theme owns them: a dark code theme
   * needs its dark background. A plain white background is left to the article theme.
   */
  base: string;
  /** `hljs-keyword` → `color: #d73a49` (only single-class selectors are used; enough for hljs themes). */
  classes: Map<string, string>;
}

const codeCache = new Map<string, CodeTheme>();

/** A highlight.js theme stylesheet as a class → inline style map (applied directly, no selector matching). */
export function prepareCodeTheme(css: string): CodeTheme {
  const hit = codeCache.get(css);
  if (hit) return hit;
  const classes = new Map<string, string>();
  let base = '';
  for (const rule of parseStylesheet(css).rules) {
    const { declarations } = rule;
    const style = declarations
      .filter((d) => !d.property.startsWith('--') && d.property !== 'display' && d.property !== 'overflow-x' && d.property !== 'padding')
      .map((d) => `${d.property}: ${d.value}`)
      .join('; ');
    if (!style) continue;
    for (const { text: sel } of rule.selectors) {
      if (sel === '.hljs' || sel === 'pre code.hljs' || sel === 'code.hljs') {
        const colours = declarations
          .filter((d) => /^(color|background|background-color)$/.test(d.property) && !/^(#fff|#ffffff|white)$/i.test(d.value))
          .map((d) => `${d.property}: ${d.value}`)
          .join('; ');
        if (colours) base = base ? `${base}; ${colours}` : colours;
      } else {
        const m = /^\.(hljs-[\w-]+)$/.exec(sel);
        if (m) classes.set(m[1]!, classes.has(m[1]!) ? `${classes.get(m[1]!)}; ${style}` : style);
      }
    }
  }
  const theme = { base, classes };
  codeCache.set(css, theme);
  return theme;
}
