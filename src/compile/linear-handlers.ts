/**
 * mdast-util-to-hast handlers that keep the defaults' output but not their quadratic time. The default
 * `listItem` decides whether the list is loose by looking at every item of the list, once per item: a tight
 * list of 20,000 items took 5.3 s, 100,000 never finished. Here each list is looked at once, and the default
 * handler gets a stand-in parent that answers the same.
 */
import type { List, Parents } from 'mdast';
import { defaultHandlers, type Handlers } from 'mdast-util-to-hast';

const looseness = new WeakMap<Parents, List>();

function standIn(parent: Parents): List {
  let list = looseness.get(parent);
  if (!list) {
    // the same test as mdast-util-to-hast's listLoose: the list's own spread, or any item's
    const loose = parent.type === 'list' && (parent.spread === true || parent.children.some((item) => (item.spread ?? item.children.length > 1) === true));
    list = { type: 'list', spread: loose, children: [] };
    looseness.set(parent, list);
  }
  return list;
}

export const linearHandlers: Handlers = {
  listItem: (state, node, parent) => defaultHandlers.listItem(state, node, parent ? standIn(parent) : undefined),
};
