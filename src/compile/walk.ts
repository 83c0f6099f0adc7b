/**
 * A minimal element walker for the compile plugins. unist-util-visit is general (tests, reverse order,
 * index juggling) and cost ~10% of compile time across eight passes; the plugins only need this.
 */
import type { Element, Root } from 'hast';

type Parent = Root | Element;

/**
 * Depth-first over elements. The callback may return a node to put in the element's place (not walked
 * into), `false` to skip its children, or nothing to continue into them.
 */
export function walkElements(tree: Parent, fn: (el: Element, index: number, parent: Parent) => Element | false | void): void {
  const children = tree.children;
  for (let i = 0; i < children.length; i++) {
    const child = children[i]!;
    if (child.type !== 'element') continue;
    const result = fn(child, i, tree);
    if (result === false) continue;
    if (result) {
      children[i] = result;
      continue;
    }
    walkElements(child, fn);
  }
}
