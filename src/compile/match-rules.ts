/**
 * Which theme rules apply to which element, in one walk over the tree. Theme selectors are nearly always
 * simple (`tag`, `.class`, `a b`, `a > b`, `:first-child`); those are indexed by their rightmost tag/class
 * and matched against the ancestor stack, as browsers do. Any other selector falls back to
 * hast-util-select, so correctness never depends on the fast path.
 */
import type { Element, Root } from 'hast';
import { selectAll } from 'hast-util-select';

interface Compound {
  tag?: string;
  classes: string[];
  firstChild: boolean;
  lastChild: boolean;
}

/** Compounds right to left, with the combinator that links each to the next one on its left. */
interface FastSelector {
  compounds: Compound[];
  combinators: ('descendant' | 'child')[];
}

export interface IndexedRule<R> {
  rule: R;
  fast?: FastSelector;
  selector: string;
}

const SIMPLE = /^[\w\s.>*:-]+$/;

export function parseFastSelector(selector: string): FastSelector | undefined {
  const text = selector.trim();
  if (!SIMPLE.test(text)) return undefined;
  const tokens = text.replace(/\s*>\s*/g, ' > ').split(/\s+/);
  const compounds: Compound[] = [];
  const combinators: FastSelector['combinators'] = [];
  let pending: 'descendant' | 'child' = 'descendant';
  for (const token of tokens) {
    if (token === '>') {
      if (compounds.length === 0) return undefined;
      pending = 'child';
      continue;
    }
    const m = /^(\*|[a-z][\w-]*)?((?:\.[\w-]+)*)((?::first-child|:last-child)*)$/i.exec(token);
    if (!m || (!m[1] && !m[2] && !m[3])) return undefined;
    if (compounds.length > 0) combinators.push(pending);
    pending = 'descendant';
    compounds.push({
      tag: m[1] && m[1] !== '*' ? m[1].toLowerCase() : undefined,
      classes: m[2] ? m[2].slice(1).split('.') : [],
      firstChild: (m[3] ?? '').includes(':first-child'),
      lastChild: (m[3] ?? '').includes(':last-child'),
    });
  }
  if (compounds.length === 0) return undefined;
  return { compounds: compounds.reverse(), combinators: combinators.reverse() };
}

interface Frame {
  el: Element;
  first: boolean;
  last: boolean;
}

function classesOf(el: Element): readonly string[] {
  const c = el.properties.className;
  return Array.isArray(c) ? (c as string[]) : typeof c === 'string' ? (c as string).split(' ') : [];
}

function matchesCompound(c: Compound, frame: Frame): boolean {
  if (c.tag && frame.el.tagName !== c.tag) return false;
  if (c.firstChild && !frame.first) return false;
  if (c.lastChild && !frame.last) return false;
  if (c.classes.length) {
    const own = classesOf(frame.el);
    for (const cls of c.classes) if (!own.includes(cls)) return false;
  }
  return true;
}

/** Right-to-left match of compounds[i..] against stack[0..top] (stack[top] is the element itself). */
function matchesFrom(sel: FastSelector, i: number, stack: Frame[], top: number): boolean {
  if (!matchesCompound(sel.compounds[i]!, stack[top]!)) return false;
  if (i === sel.compounds.length - 1) return true;
  if (sel.combinators[i] === 'child') return top > 0 && matchesFrom(sel, i + 1, stack, top - 1);
  for (let up = top - 1; up >= 0; up--) if (matchesFrom(sel, i + 1, stack, up)) return true;
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
  const walk = (el: Element, first: boolean, last: boolean) => {
    stack.push({ el, first, last });
    const top = stack.length - 1;
    const test = (list: IndexedRule<R>[] | undefined) => {
      if (list) for (const r of list) if (matchesFrom(r.fast!, 0, stack, top)) onMatch(el, r.rule);
    };
    test(byTag.get(el.tagName));
    for (const cls of classesOf(el)) test(byClass.get(cls));
    test(universal);
    const kids = el.children.filter((c): c is Element => c.type === 'element');
    kids.forEach((k, i) => walk(k, i === 0, i === kids.length - 1));
    stack.pop();
  };
  const tops = tree.children.filter((c): c is Element => c.type === 'element');
  tops.forEach((k, i) => walk(k, i === 0, i === tops.length - 1));
}

function push<R>(map: Map<string, IndexedRule<R>[]>, key: string, value: IndexedRule<R>): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
