/**
 * The one CSS parser of gzh: theme stylesheets, highlight.js themes and `style` attributes are read here,
 * by css-tree's parser (CSS Syntax Level 3: strings, url(), comments, escapes and `!important` handled as
 * browsers do). Values stay raw text (`parseValue: false`): gzh compares and rewrites them itself, and
 * skipping value parsing keeps a theme parse under a millisecond. Only `css-tree/parser` is loaded (~15 ms
 * cold; the full package with its lexer and mdn-data is ~100 ms).
 */
import parse from 'css-tree/parser';
import type { CssNode, Declaration as CssDeclaration, Rule, Selector } from 'css-tree';

export interface Declaration {
  /** Lower-cased, except custom properties (`--name` is case-sensitive). */
  property: string;
  /** As written, trimmed, without `!important`. */
  value: string;
  important: boolean;
  line?: number;
  column?: number;
}

export interface ParsedSelector {
  text: string;
  /** [style attribute, id, class/attribute/pseudo-class, type/pseudo-element], as in CSS Selectors 4. */
  specificity: [number, number, number, number];
}

export interface ParsedRule {
  /** The selector list, one entry per comma-separated selector, in source order. */
  selectors: ParsedSelector[];
  declarations: Declaration[];
  line: number;
  column: number;
}

export interface ParsedStylesheet {
  rules: ParsedRule[];
  /** At-rules (`@media`, `@font-face`, ...): not inlinable; their contents are not in `rules`. */
  atRules: { name: string; line: number; column: number }[];
}

/** A stylesheet's style rules (selectors with specificity, declarations with positions) and its at-rules. */
export function parseStylesheet(css: string): ParsedStylesheet {
  const ast = parse(css, { positions: true, parseValue: false, parseRulePrelude: true, parseAtrulePrelude: false, parseCustomProperty: false });
  const rules: ParsedRule[] = [];
  const atRules: ParsedStylesheet['atRules'] = [];
  if (ast.type !== 'StyleSheet') return { rules, atRules };
  ast.children.forEach((node) => {
    const start = node.loc?.start;
    if (node.type === 'Atrule') atRules.push({ name: node.name, line: start?.line ?? 1, column: start?.column ?? 1 });
    if (node.type !== 'Rule') return;
    rules.push({ selectors: selectorsOf(node, css), declarations: declarationsOf(node.block.children.toArray()), line: start?.line ?? 1, column: start?.column ?? 1 });
  });
  return { rules, atRules };
}

/** `a: b; c: d !important` → declarations; what CSS would ignore (no colon, empty value) is skipped. */
export function parseDeclarations(style: string): Declaration[] {
  if (!style.includes(':')) return [];
  const ast = parse(style, { context: 'declarationList', parseValue: false, parseCustomProperty: false });
  return ast.type === 'DeclarationList' ? declarationsOf(ast.children.toArray()) : [];
}

/**
 * The pieces of a `style` attribute between its top-level semicolons, as written (trimmed, without the `;`),
 * including what is no declaration (`@import "x"`, `junk`): a `;` inside quotes, `url()`, brackets or braces
 * does not split. For code that must account for every piece (unsafe-css.ts reports each one it removes);
 * `parseDeclarations` is the reading CSS uses.
 */
export function splitDeclarationText(style: string): string[] {
  const ast = parse(style, { context: 'declarationList', positions: true, parseValue: false, parseCustomProperty: false, parseAtrulePrelude: false });
  if (ast.type !== 'DeclarationList') return [];
  const pieces: string[] = [];
  ast.children.forEach((node) => {
    if (!node.loc) return;
    let piece = style.slice(node.loc.start.offset, node.loc.end.offset).trim();
    // an at-rule or unparsable text ends at its `;` (a declaration's range stops before it)
    if (node.type !== 'Declaration' && piece.endsWith(';')) piece = piece.slice(0, -1).trimEnd();
    if (piece) pieces.push(piece);
  });
  return pieces;
}

/**
 * Declarations as a `style` attribute. `compact`: `a:b;c:d` (the least text CSS allows); otherwise the
 * spaced form `a: b; c: d;`. `!important` is written only when asked (`keepImportant`).
 */
export function serializeDeclarations(declarations: readonly Pick<Declaration, 'property' | 'value' | 'important'>[], options: { compact?: boolean; keepImportant?: boolean } = {}): string {
  const important = (d: Pick<Declaration, 'important'>) => (options.keepImportant && d.important ? (options.compact ? '!important' : ' !important') : '');
  if (options.compact) return declarations.map((d) => `${d.property}:${d.value}${important(d)}`).join(';');
  const text = declarations.map((d) => `${d.property}: ${d.value}${important(d)}`).join('; ');
  return text ? `${text};` : '';
}

function declarationsOf(nodes: CssNode[]): Declaration[] {
  const out: Declaration[] = [];
  for (const node of nodes) {
    if (node.type !== 'Declaration') continue;
    const d = node as CssDeclaration;
    const value = (d.value.type === 'Raw' ? d.value.value : '').trim();
    if (!value) continue;
    const property = d.property.startsWith('--') ? d.property : d.property.toLowerCase();
    out.push({ property, value, important: Boolean(d.important), line: d.loc?.start.line, column: d.loc?.start.column });
  }
  return out;
}

function selectorsOf(rule: Rule, css: string): ParsedSelector[] {
  if (rule.prelude.type !== 'SelectorList') return [];
  const out: ParsedSelector[] = [];
  rule.prelude.children.forEach((node) => {
    if (node.type !== 'Selector' || !node.loc) return;
    out.push({ text: css.slice(node.loc.start.offset, node.loc.end.offset).trim(), specificity: specificityOf(node) });
  });
  return out;
}

/** Specificity per Selectors 4: `:is()/:not()/:has()` count their most specific argument, `:where()` nothing. */
function specificityOf(selector: Selector): [number, number, number, number] {
  const s: [number, number, number, number] = [0, 0, 0, 0];
  const add = (t: readonly number[]) => {
    for (let i = 1; i < 4; i++) s[i]! += t[i]!;
  };
  selector.children.forEach((node) => {
    if (node.type === 'IdSelector') s[1]++;
    else if (node.type === 'ClassSelector' || node.type === 'AttributeSelector') s[2]++;
    else if (node.type === 'TypeSelector' && node.name !== '*') s[3]++;
    else if (node.type === 'PseudoElementSelector') s[3]++;
    else if (node.type === 'PseudoClassSelector') {
      const name = node.name.toLowerCase();
      if (name === 'where') return;
      if (/^(is|not|has|matches)$/.test(name) && node.children) {
        let best: number[] = [0, 0, 0, 0];
        node.children.forEach((arg) => {
          if (arg.type !== 'SelectorList') return;
          arg.children.forEach((inner) => {
            if (inner.type !== 'Selector') return;
            const t = specificityOf(inner);
            if (t[1] > best[1]! || (t[1] === best[1] && (t[2] > best[2]! || (t[2] === best[2] && t[3] > best[3]!)))) best = t;
          });
        });
        add(best);
      } else s[2]++;
    }
  });
  return s;
}
