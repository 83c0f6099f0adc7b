/**
 * Which theme rules apply to which element, in one walk over the tree. Theme selectors are nearly always
 * simple (`tag`, `.class`, `a b`, `a > b`, `a + b`, `:first-child`, `:last-child`, `:nth-child(odd|even|N)`);
 * those are indexed by their rightmost tag/class and matched against the ancestor stack, as browsers do.
 * Any other selector falls back to hast-util-select (a full tree query per rule, ~5% of a compile each),
 * so correctness never depends on the fast path.
 */
import type { Element, Root } from 'hast';
import { selectAll } from 'hast-util-select';

interface Compound {
  tag?: string;
  classes: string[];
  firstChild: boolean;
  lastChild: boolean;
  /** `:nth-child(odd)` → [2, 1], `(even)` → [2, 0], `(3)` → [0, 3]: position 1-based ≡ b (mod a). */
  nth?: [number, number];
}

type Combinator = 'descendant' | 'child' | 'adjacent';

/** Compounds right to left, with the combinator that links each to the next one on its left. */
interface FastSelector {
  compounds: Compound[];
  combinators: Combinator[];
}

export interface IndexedRule<R> {
  rule: R;
  fast?: FastSelector;
  selector: string;
}

const SIMPLE = /^[\w\s.>+*:()-]+$/;

export function parseFastSelector(selector: string): FastSelector | undefined {
  const text = selector.trim();
  if (!SIMPLE.test(text)) return undefined;
  const tokens = text.replace(/\s*([>+])\s*/g, ' $1 ').split(/\s+/);
  const compounds: Compound[] = [];
  const combinators: Combinator[] = [];
  let pending: Combinator = 'descendant';
  for (const token of tokens) {
    if (token === '>' || token === '+') {
      if (compounds.length === 0 || pending !== 'descendant') return undefined;
      pending = token === '>' ? 'child' : 'adjacent';
      continue;
    }
    const m = /^(\*|[a-z][\w-]*)?((?:\.[\w-]+)*)((?::first-child|:last-child|:nth-child\((?:odd|even|\d+)\))*)$/i.exec(token);
    if (!m || (!m[1] && !m[2] && !m[3])) return undefined;
    const pseudo = (m[3] ?? '').toLowerCase();
    const nth = /:nth-child\((odd|even|\d+)\)/.exec(pseudo)?.[1];
    if (compounds.length > 0) combinators.push(pending);
    pending = 'descendant';
    compounds.push({
      tag: m[1] && m[1] !== '*' ? m[1].toLowerCase() : undefined,
      classes: m[2] ? m[2].slice(1).split('.') : [],
      firstChild: pseudo.includes(':first-child'),
      lastChild: pseudo.includes(':last-child'),
      nth: nth === undefined ? undefined : nth === 'odd' ? [2, 1] : nth === 'even' ? [2, 0] : [0, Number(nth)],
    });
  }
  if (pending !== 'descendant') return undefined; // a dangling combinator
  if (compounds.length === 0) return undefined;
  return { compounds: compounds.reverse(), combinators: combinators.reverse() };
}

/** An element with its element siblings (in order) and its index among them. */
interface Frame {
  el: Element;
  siblings: readonly Element[];
  index: number;
}

function classesOf(el: Element): readonly string[] {
  const c = el.properties.className;
  return Array.isArray(c) ? (c as string[]) : typeof c === 'string' ? (c as string).split(' ') : [];
}

function matchesCompound(c: Compound, frame: Frame): boolean {
  if (c.tag && frame.el.tagName !== c.tag) return false;
  if (c.firstChild && frame.index !== 0) return false;
  if (c.lastChild && frame.index !== frame.siblings.length - 1) return false;
  if (c.nth) {
    const [a, b] = c.nth;
    const position = frame.index + 1;
    if (a === 0 ? position !== b : position % a !== b % a) return false;
  }
  if (c.classes.length) {
    const own = classesOf(frame.el);
    for (const cls of c.classes) if (!own.includes(cls)) return false;
  }
  return true;
}

/** Right-to-left match of compounds[i..] against `frame`, whose ancestors are stack[0..parent]. */
function matchesFrom(sel: FastSelector, i: number, frame: Frame, stack: Frame[], parent: number): boolean {
  if (!matchesCompound(sel.compounds[i]!, frame)) return false;
  if (i === sel.compounds.length - 1) return true;
  const combinator = sel.combinators[i];
  if (combinator === 'child') return parent >= 0 && matchesFrom(sel, i + 1, stack[parent]!, stack, parent - 1);
  if (combinator === 'adjacent') {
    return frame.index > 0 && matchesFrom(sel, i + 1, { el: frame.siblings[frame.index - 1]!, siblings: frame.siblings, index: frame.index - 1 }, stack, parent);
  }
  for (let up = parent; up >= 0; up--) if (matchesFrom(sel, i + 1, stack[up]!, stack, up - 1)) return true;
  return false;
}

/**
 * Calls `onMatch(element, rule)` for every (element, rule) pair, in rule order per element for fast
 * rules; order does not matter to the caller, which ranks by specificity and source order.
 */
export function matchRules<R>(tree: Root, rules: readonly IndexedRule<R>[], onMatch: (el: Element, rule: R) => void): void {
  const byTag = new Map<string, IndexedRule<R>[]>();
  const byClass = new Map<string, IndexedRule<R>[]>();
  const universal: IndexedRule<R>[] = [];
  for (const r of rules) {
    if (!r.fast) {
      for (const el of selectAll(r.selector, tree)) onMatch(el, r.rule);
      continue;
    }
    const key = r.fast.compounds[0]!;
    if (key.classes[0]) push(byClass, key.classes[0], r);
    else if (key.tag) push(byTag, key.tag, r);
    else universal.push(r);
  }
  const stack: Frame[] = [];
  const walk = (el: Element, siblings: readonly Element[], index: number) => {
    const frame: Frame = { el, siblings, index };
    const parent = stack.length - 1;
    const test = (list: IndexedRule<R>[] | undefined) => {
      if (list) for (const r of list) if (matchesFrom(r.fast!, 0, frame, stack, parent)) onMatch(el, r.rule);
    };
    test(byTag.get(el.tagName));
    for (const cls of classesOf(el)) test(byClass.get(cls));
    test(universal);
    stack.push(frame);
    const kids = el.children.filter((c): c is Element => c.type === 'element');
    kids.forEach((k, i) => walk(k, kids, i));
    stack.pop();
  };
  const tops = tree.children.filter((c): c is Element => c.type === 'element');
  tops.forEach((k, i) => walk(k, tops, i));
}

function push<R>(map: Map<string, IndexedRule<R>[]>, key: string, value: IndexedRule<R>): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
