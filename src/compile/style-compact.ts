/**
 * The least style text that renders the same (issue 13 §1: a long read must fit in WeChat's 20,000
 * characters; repeated inline styles were 70% of a weekly newsletter's HTML).
 *
 * Per element, given what its parent passes down:
 * - an inherited property (colour, font, line height, letter spacing, alignment, ...) equal to what the
 *   element would inherit anyway is dropped, unless the browser's own stylesheet sets it on that element
 *   (`a` colour, `h2` size, `strong` weight, `code` font, `th` alignment, ...);
 * - a non-inherited declaration equal to the initial value (`padding: 0`, `border-radius: 0`,
 *   `background-color: transparent`, ...) is dropped only on plain containers and phrasing elements that
 *   neither the browser nor WeChat's article stylesheet styles (see INITIAL_SAFE_TAGS), and only when no
 *   other declaration of the element touches the same property family;
 * - longhands a later shorthand overrides are dropped, `margin: 0 0 .6em; margin-bottom: 0` folds to
 *   `margin: 0`, values take their shortest equal form (`#333333` → `#333`, `0px` → `0`, `0 0 0 0` → `0`).
 * What this relies on: WeChat keeps the article root's `style` and lets descendants inherit from it (the
 * peer renderers doocs/md, WeMD and wewrite all set font, size, line height and colour once on a root
 * container), and WeChat's own article CSS sets no inherited property on the elements gzh emits.
 * Pure, and memoised by the caller: articles repeat a few (parent, element style) pairs thousands of times.
 */
import type { Declaration } from './style-declarations.js';

export type StyleDeclaration = Pick<Declaration, 'property' | 'value' | 'important'>;

/** Inherited CSS properties gzh themes use (CSS 2.2 / CSS Text / Fonts "Inherited: yes"). */
const INHERITED = new Set([
  'color', 'font-family', 'font-size', 'font-style', 'font-variant', 'font-weight', 'font-stretch', 'letter-spacing',
  'line-height', 'text-align', 'text-indent', 'text-transform', 'white-space', 'word-break', 'word-spacing', 'word-wrap',
  'overflow-wrap', 'line-break', 'hyphens', 'visibility', 'list-style-type', 'list-style-position', 'direction',
  'text-shadow', 'text-emphasis-style', 'text-emphasis-color', 'text-emphasis-position', '-webkit-text-fill-color',
  'tab-size', 'border-collapse', 'border-spacing', 'caption-side', 'empty-cells', 'quotes', 'cursor', 'orphans', 'widows',
]);

/** Inherited properties the browser's own stylesheet (Chromium html.css) sets per element: always kept there. */
const UA_INHERITED: Record<string, readonly string[]> = {
  a: ['color', 'cursor'],
  b: ['font-weight'], strong: ['font-weight'],
  h1: ['font-size', 'font-weight'], h2: ['font-size', 'font-weight'], h3: ['font-size', 'font-weight'],
  h4: ['font-size', 'font-weight'], h5: ['font-size', 'font-weight'], h6: ['font-size', 'font-weight'],
  th: ['font-weight', 'text-align'],
  em: ['font-style'], i: ['font-style'], cite: ['font-style'], var: ['font-style'], dfn: ['font-style'], address: ['font-style'],
  code: ['font-family', 'font-size'], kbd: ['font-family', 'font-size'], samp: ['font-family', 'font-size'], tt: ['font-family', 'font-size'],
  pre: ['font-family', 'font-size', 'white-space'],
  sup: ['font-size'], sub: ['font-size'], small: ['font-size'], big: ['font-size'],
  mark: ['color'], center: ['text-align'], caption: ['text-align'],
  ul: ['list-style-type'], ol: ['list-style-type'], menu: ['list-style-type'],
  table: ['border-collapse', 'border-spacing', 'text-indent', 'font-size', 'font-weight', 'font-style', 'line-height', 'white-space', 'text-align', 'color'],
  nobr: ['white-space'], ruby: ['text-indent'], rt: ['font-size', 'text-indent', 'line-height'],
};

/**
 * Elements that keep every inherited declaration the theme gives them: the browser styles them (tables reset
 * fonts in quirks mode) or WeChat's editor has its own look for them (code, quotes, links, headings, lists).
 * Their descendants still drop what they would inherit from them.
 */
const KEEP_INHERITED_TAGS = new Set(['code', 'pre', 'kbd', 'samp', 'tt', 'blockquote', 'table', 'a', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'th', 'ul', 'ol', 'li', 'img', 'svg']);

/**
 * Elements whose non-inherited initial values may be dropped: containers and phrasing elements that get no
 * box styles from the browser (beyond display and the UA_BOX list) and that WeChat's article CSS leaves
 * alone. Headings, lists, tables, code, images, links, quotes and figures always keep what the theme says.
 */
const INITIAL_SAFE_TAGS = new Set(['section', 'div', 'span', 'p', 'strong', 'b', 'em', 'i', 'del', 's', 'u', 'ins', 'sup', 'sub', 'small', 'mark', 'figcaption', 'font']);

/** Non-inherited properties the browser's stylesheet sets on INITIAL_SAFE_TAGS: kept there. */
const UA_BOX: Record<string, readonly string[]> = {
  p: ['margin', 'margin-top', 'margin-bottom', 'margin-block', 'margin-block-start', 'margin-block-end', 'clear', 'min-height'],
  del: ['text-decoration', 'text-decoration-line'], s: ['text-decoration', 'text-decoration-line'],
  u: ['text-decoration', 'text-decoration-line'], ins: ['text-decoration', 'text-decoration-line'],
  sup: ['vertical-align'], sub: ['vertical-align'], mark: ['background', 'background-color'],
};

/** Initial (or no-op) values of non-inherited properties, as written after value shortening. */
const INITIAL: Record<string, readonly string[]> = {
  margin: ['0'], 'margin-top': ['0'], 'margin-right': ['0'], 'margin-bottom': ['0'], 'margin-left': ['0'],
  padding: ['0'], 'padding-top': ['0'], 'padding-right': ['0'], 'padding-bottom': ['0'], 'padding-left': ['0'],
  border: ['0', 'none', '0 none'], 'border-top': ['0', 'none'], 'border-right': ['0', 'none'], 'border-bottom': ['0', 'none'], 'border-left': ['0', 'none'],
  'border-radius': ['0'], background: ['none', 'transparent'], 'background-color': ['transparent'], 'background-image': ['none'],
  'box-shadow': ['none'], 'text-decoration': ['none'], 'vertical-align': ['baseline'], float: ['none'], clear: ['none'],
  overflow: ['visible'], 'overflow-x': ['visible'], 'overflow-y': ['visible'], opacity: ['1'], transform: ['none'],
  'min-height': ['auto'], 'max-height': ['none'], 'outline': ['none', '0'],
};

/** The display an element already has: `display: block` on a section says nothing. */
const DISPLAY: Record<string, string> = { section: 'block', div: 'block', p: 'block', figcaption: 'block', span: 'inline', strong: 'inline', b: 'inline', em: 'inline', i: 'inline', del: 'inline', s: 'inline', u: 'inline', ins: 'inline', sup: 'inline', sub: 'inline', small: 'inline', mark: 'inline', font: 'inline' };

/** Longhands of the shorthands themes write. */
const LONGHANDS: Record<string, readonly string[]> = {
  margin: ['margin-top', 'margin-right', 'margin-bottom', 'margin-left'],
  padding: ['padding-top', 'padding-right', 'padding-bottom', 'padding-left'],
  border: ['border-top', 'border-right', 'border-bottom', 'border-left', 'border-width', 'border-style', 'border-color', 'border-top-width', 'border-top-style', 'border-top-color', 'border-right-width', 'border-right-style', 'border-right-color', 'border-bottom-width', 'border-bottom-style', 'border-bottom-color', 'border-left-width', 'border-left-style', 'border-left-color'],
  'border-top': ['border-top-width', 'border-top-style', 'border-top-color'],
  'border-right': ['border-right-width', 'border-right-style', 'border-right-color'],
  'border-bottom': ['border-bottom-width', 'border-bottom-style', 'border-bottom-color'],
  'border-left': ['border-left-width', 'border-left-style', 'border-left-color'],
  'border-radius': ['border-top-left-radius', 'border-top-right-radius', 'border-bottom-right-radius', 'border-bottom-left-radius'],
  background: ['background-color', 'background-image', 'background-repeat', 'background-position', 'background-size', 'background-attachment', 'background-origin', 'background-clip'],
  font: ['font-family', 'font-size', 'font-style', 'font-variant', 'font-weight', 'font-stretch', 'line-height'],
  'list-style': ['list-style-type', 'list-style-position', 'list-style-image'],
  'text-decoration': ['text-decoration-line', 'text-decoration-style', 'text-decoration-color', 'text-decoration-thickness'],
  overflow: ['overflow-x', 'overflow-y'],
};
const SHORTHAND_OF = new Map<string, string[]>();
for (const [shorthand, longs] of Object.entries(LONGHANDS)) for (const l of longs) SHORTHAND_OF.set(l, [...(SHORTHAND_OF.get(l) ?? []), shorthand]);
/** `border-top` is both: a longhand of `border`, a shorthand of its own longhands. */
for (const shorts of SHORTHAND_OF.values()) for (const s of shorts) for (const outer of SHORTHAND_OF.get(s) ?? []) if (!shorts.includes(outer)) shorts.push(outer);

const BOX_SIDES = ['top', 'right', 'bottom', 'left'] as const;

/** What an element passes down: the computed value of each inherited property it knows (a comparable key). */
export interface InheritedStyle {
  values: ReadonlyMap<string, string>;
  /** Computed font size in px, when known (for em-relative values). */
  fontSize?: number;
}

export const UNKNOWN_PARENT: InheritedStyle = { values: new Map() };

/**
 * The shortest equal value text: colours `#aabbcc` → `#abc`, lengths `0px` → `0`, `0.5em` → `.5em`, `bold` → `700`, no spaces
 * around commas, box shorthands with repeated sides folded. Strings and url() are left as written.
 */
export function shortenValue(property: string, value: string): string {
  if (property === 'font-family') value = unquoteFamilies(value);
  // strings and url() stay as written: only the spaces around commas between them go
  if (/["']|url\(/i.test(value)) return collapseCommas(value.trim());
  let v = value.replace(/\s+/g, ' ').trim();
  v = v.replace(/\s*,\s*/g, ',').replace(/\(\s+/g, '(').replace(/\s+\)/g, ')');
  v = v.replace(/#([0-9a-f])\1([0-9a-f])\2([0-9a-f])\3\b/gi, '#$1$2$3').replace(/#[0-9a-f]{3,8}\b/gi, (m) => m.toLowerCase());
  v = v.replace(/(^|[\s(,])-?0+(?:\.0+)?(?:px|em|rem)(?=$|[\s),])/g, '$10');
  // `0.75em` → `.75em`: one character on every sup, margin and line height of a long read
  v = v.replace(/(^|[\s(,/-])0+\.(?=\d)/g, '$1.');
  if (property === 'font-weight') v = v === 'bold' ? '700' : v === 'normal' ? '400' : v;
  if (/^(margin|padding|border-width|border-style|border-color)$/.test(property)) v = foldSides(v);
  return v;
}

/** Names that mean something else unquoted: generic families and CSS-wide keywords. */
const RESERVED_FAMILY_WORDS = new Set(['serif', 'sans-serif', 'monospace', 'cursive', 'fantasy', 'system-ui', 'ui-serif', 'ui-sans-serif', 'ui-monospace', 'ui-rounded', 'math', 'emoji', 'fangsong', 'inherit', 'initial', 'unset', 'default', 'revert', 'revert-layer']);

/**
 * `"PingFang SC", 'Courier New'` → `PingFang SC,Courier New`: a family name made of plain identifiers is the
 * same name unquoted (CSS Fonts §family-name), and each quote costs 6 characters as `&#x27;` in a style
 * attribute. Names with other characters, or that are a generic family or keyword, keep their quotes.
 */
function unquoteFamilies(value: string): string {
  return value.replace(/(["'])([^"']*)\1/g, (quoted, _q: string, name: string) => {
    const words = name.split(' ');
    // a keyword is only ambiguous alone: `Noto Serif CJK SC` is a name, `serif` is the generic family
    const reserved = words.length === 1 && RESERVED_FAMILY_WORDS.has(name.toLowerCase());
    const plain = !reserved && words.every((w) => /^[A-Za-z_][A-Za-z0-9_-]*$/.test(w));
    return plain ? name : quoted;
  });
}

/** `a, "b c" , d` → `a,"b c",d`: commas outside quotes lose their spaces. */
function collapseCommas(value: string): string {
  let out = '';
  let quote = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (quote) {
      if (ch === quote) quote = '';
      out += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      out += ch;
    } else if (ch === ',') {
      out = out.trimEnd() + ',';
      while (/\s/.test(value[i + 1] ?? '')) i++;
    } else out += ch;
  }
  return out;
}

/** `a b a b` → `a b`, `a b c b` → `a b c`, `a a a a` → `a`. */
function foldSides(value: string): string {
  const parts = value.split(' ');
  if (parts.length < 2 || parts.length > 4 || parts.some((p) => p.includes('('))) return value;
  const [top, right = top, bottom = top, left = right] = parts as [string, string?, string?, string?];
  if (left !== right) return [top, right, bottom, left].join(' ');
  if (bottom !== top) return [top, right, bottom].join(' ');
  if (right !== top) return [top, right].join(' ');
  return top;
}

/**
 * Longhands overridden by a later shorthand go; longhands after a `margin`/`padding` shorthand fold into it.
 * Input is in cascade order (weakest first), which is also the order the declarations are written in.
 */
export function foldShorthands(declarations: readonly StyleDeclaration[]): StyleDeclaration[] {
  const out: StyleDeclaration[] = [];
  for (const d of declarations) {
    const longs = LONGHANDS[d.property];
    if (longs) for (let i = out.length - 1; i >= 0; i--) if (longs.includes(out[i]!.property)) out.splice(i, 1);
    const side = /^(margin|padding)-(top|right|bottom|left)$/.exec(d.property);
    const box = side ? out.findIndex((o) => o.property === side[1]) : -1;
    if (side && box >= 0) {
      const parts = out[box]!.value.split(' ');
      if (parts.length <= 4 && !parts.some((p) => p.includes('(')) && !d.value.includes(' ')) {
        const [top, right = top, bottom = top, left = right] = parts as [string, string?, string?, string?];
        const sides = { top, right, bottom, left };
        sides[side[2] as (typeof BOX_SIDES)[number]] = d.value;
        out[box] = { ...out[box]!, value: foldSides(BOX_SIDES.map((s) => sides[s]).join(' ')) };
        continue;
      }
    }
    const same = out.findIndex((o) => o.property === d.property);
    if (same >= 0) out.splice(same, 1);
    out.push(d);
  }
  return out;
}

/** The family a property belongs to (itself, its shorthands and its longhands): for "does anything else touch it". */
function overlaps(a: string, b: string): boolean {
  if (a === b) return true;
  return (LONGHANDS[a]?.includes(b) ?? false) || (LONGHANDS[b]?.includes(a) ?? false) || (SHORTHAND_OF.get(a)?.some((s) => SHORTHAND_OF.get(b)?.includes(s) || s === b) ?? false);
}

/**
 * One element's declarations (cascade order, values shortened) against what its parent passes down:
 * the declarations to write and what the element passes to its children.
 */
export function compactDeclarations(tag: string, declarations: readonly StyleDeclaration[], parent: InheritedStyle): { declarations: StyleDeclaration[]; passes: InheritedStyle } {
  const folded = foldShorthands(declarations.map((d) => ({ ...d, value: shortenValue(d.property, d.value) })));
  const uaInherited = UA_INHERITED[tag] ?? [];
  const values = new Map(parent.values);
  // the browser's own value on this element replaces the inherited one: the parent's is no longer known
  for (const p of uaInherited) values.delete(p);
  if (tag === 'table') values.clear(); // quirks-mode tables inherit nothing: assume nothing

  const fontSizeDecl = folded.find((d) => d.property === 'font-size');
  let fontSize = parent.fontSize;
  if (fontSizeDecl) fontSize = resolveFontSize(fontSizeDecl.value, parent.fontSize);
  else if (uaInherited.includes('font-size')) fontSize = undefined;

  const kept: StyleDeclaration[] = [];
  for (const d of folded) {
    const { property, value } = d;
    if (property === 'font' || property === 'list-style') {
      for (const long of LONGHANDS[property]!) values.delete(long);
      if (property === 'font') fontSize = undefined;
      kept.push(d);
      continue;
    }
    if (INHERITED.has(property)) {
      const ua = KEEP_INHERITED_TAGS.has(tag) || uaInherited.includes(property);
      const key = property === 'font-size' ? (fontSize === undefined ? undefined : `${round(fontSize)}px`) : comparable(property, value, fontSize);
      const inherited = values.get(property);
      if (value === 'inherit' && !ua) continue;
      if (!ua && key !== undefined && inherited === key) continue;
      if (key === undefined) values.delete(property);
      else values.set(property, key);
      kept.push(d);
      continue;
    }
    if (INITIAL_SAFE_TAGS.has(tag) && !(UA_BOX[tag]?.includes(property))) {
      const alone = !folded.some((o) => o !== d && overlaps(o.property, property));
      if (alone && (INITIAL[property]?.includes(value) || (property === 'display' && DISPLAY[tag] === value))) continue;
    }
    kept.push(d);
  }
  return { declarations: kept, passes: { values, fontSize } };
}

/** The computed font size in px of `value` under a parent of `parent` px, when it can be known. */
function resolveFontSize(value: string, parent: number | undefined): number | undefined {
  const m = /^(-?\d*\.?\d+)(px|em|%|rem)?$/.exec(value);
  if (!m) return undefined;
  const n = Number(m[1]);
  if (m[2] === 'px') return n;
  if (m[2] === 'rem' || parent === undefined) return undefined;
  if (m[2] === 'em') return n * parent;
  if (m[2] === '%') return (n / 100) * parent;
  return n === 0 ? 0 : undefined;
}

/**
 * A key equal for equal computed values. Lengths in em compute against the element's own font size (known:
 * resolved to px; unknown: `undefined`, never equal); line-height numbers inherit as numbers.
 */
function comparable(property: string, value: string, fontSize: number | undefined): string | undefined {
  if (value === 'inherit' || value === 'initial' || value === 'unset' || value === 'revert') return undefined;
  const em = /^(-?\d*\.?\d+)(em|%)$/.exec(value);
  if (em && property !== 'line-height' && property !== 'text-indent') {
    if (fontSize === undefined) return undefined;
    return `${round(Number(em[1]) * fontSize / (em[2] === '%' ? 100 : 1))}px`;
  }
  if (em) {
    // line-height/text-indent in em or %: a length fixed at this element (text-indent % is of the width)
    if (property === 'text-indent' && em[2] === '%') return `pct:${value}`;
    if (fontSize === undefined) return undefined;
    return `${round(Number(em[1]) * fontSize / (em[2] === '%' ? 100 : 1))}px`;
  }
  if (/^-?\d*\.?\d+px$/.test(value)) return `${round(parseFloat(value))}px`;
  if (value === '0' && property !== 'line-height') return '0px';
  return value;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

export { INHERITED as INHERITED_PROPERTIES };
