/**
 * Theme stylesheets → rules ready to inline. Parsing and specificity come from juice (its CSS parser and
 * Selector); matching happens on the hast tree (see plugins/inline-styles.ts) so the HTML is never re-parsed.
 * What WeChat cannot keep is dropped here, once per theme, with a message: pseudo-elements, interaction
 * pseudo-classes, at-rules, `position` other than static/relative. `var()` is resolved from `:root` and the
 * config's overrides, so no `var()` reaches the output.
 */
import { createRequire } from 'node:module';

/**
 * juice's CSS parser and selector specificity. Loaded from juice/lib/utils directly: the package entry
 * also loads cheerio (~150 ms of a cold start) for HTML work gzh does on hast instead.
 */
const juice = createRequire(import.meta.url)('juice/lib/utils.js') as {
  parseCSS(css: string): [string, { type: string; name: string; value: string; position?: { start: { line: number; col: number } } }[]][];
  Selector: new (text: string) => { specificity(): number[] };
};
import type { Message } from '../errors.js';

export interface Declaration {
  property: string;
  value: string;
  important: boolean;
}

export interface StyleRule {
  selector: string;
  /** juice's specificity tuple [style attr, id, class, tag]. */
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
    messages.push({ ruleId: 'theme/unsupported', severity: 'warn', message, file, line, column, source: 'gzh-theme' });

  if (/@(media|supports|font-face|keyframes|import)\b/.test(css)) {
    const line = css.slice(0, css.search(/@(media|supports|font-face|keyframes|import)\b/)).split('\n').length;
    warn('At-rules (@media, @font-face, ...) cannot be inlined; WeChat drops them: their rules are ignored', line, 1);
  }

  const parsed = juice.parseCSS(css);
  const variables: Record<string, string> = {};
  for (const [selector, declarations] of parsed) {
    if (selector.trim() !== ':root') continue;
    for (const d of declarations) if (d.type === 'property' && d.name.startsWith('--')) variables[d.name] = d.value.trim();
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
    if (selector.trim() === ':root') continue;
    const where = declarations[0]?.position?.start;
    if (UNSUPPORTED_PSEUDO.test(selector)) {
      if (/::?(before|after)/i.test(selector)) warn(`\`${selector}\`: pseudo-elements are not kept by WeChat; put the content in the Markdown or a header/footer snippet`, where?.line, where?.col);
      continue;
    }
    const kept: Declaration[] = [];
    for (const d of declarations) {
      if (d.type !== 'property' || d.name.startsWith('--')) continue;
      let value = d.value.trim();
      const important = /!\s*important$/i.test(value);
      if (important) value = value.replace(/\s*!\s*important$/i, '');
      value = resolveVariables(value, variables, 0);
      const property = d.name.toLowerCase();
      if (value.includes('var(')) {
        warn(`\`${selector} { ${property} }\` uses an undefined custom property: dropped`, d.position?.start.line, d.position?.start.col);
        continue;
      }
      if (property === 'position' && !POSITION_OK.test(value)) {
        warn(`\`${selector} { position: ${value} }\`: WeChat keeps only static/relative: dropped`, d.position?.start.line, d.position?.start.col);
        continue;
      }
      kept.push({ property, value, important });
    }
    if (kept.length === 0) continue;
    const spec = new juice.Selector(selector).specificity();
    rules.push({ selector, specificity: spec, order, declarations: kept });
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
  for (const [selector, declarations] of juice.parseCSS(css)) {
    const style = declarations
      .filter((d) => d.type === 'property' && !d.name.startsWith('--') && d.name !== 'display' && d.name !== 'overflow-x' && d.name !== 'padding')
      .map((d) => `${d.name}: ${d.value.replace(/\s*!\s*important$/i, '')}`)
      .join('; ');
    if (!style) continue;
    for (const part of selector.split(',')) {
      const sel = part.trim();
      if (sel === '.hljs' || sel === 'pre code.hljs' || sel === 'code.hljs') {
        const colours = declarations
          .filter((d) => /^(color|background|background-color)$/.test(d.name) && !/^(#fff|#ffffff|white)$/i.test(d.value.trim()))
          .map((d) => `${d.name}: ${d.value}`)
          .join('; ');
        if (colours) base = base ? `${base}; ${colours}` : colours;
      }
      else {
        const m = /^\.(hljs-[\w-]+)$/.exec(sel);
        if (m) classes.set(m[1]!, classes.has(m[1]!) ? `${classes.get(m[1]!)}; ${style}` : style);
      }
    }
  }
  const theme = { base, classes };
  codeCache.set(css, theme);
  return theme;
}
