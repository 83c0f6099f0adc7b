/**
 * Content the theme has nothing to do with (math and diagram SVG: hundreds of <g>/<path> per formula) is
 * kept out of the tree while the transforms and the theme inliner walk it, and put back just before the
 * HTML is written. Selector matching over SVG internals was a third of the time of a math-heavy article.
 */
import type { Element, ElementContent } from 'hast';
import type { VFile } from 'vfile';

interface Deferred {
  gzhDeferred?: Map<Element, ElementContent[]>;
}

/** Empty `wrapper` now; `restoreDeferred` gives it `children` back. */
export function deferChildren(file: VFile, wrapper: Element, children: ElementContent[]): Element {
  const data = file.data as Deferred;
  (data.gzhDeferred ??= new Map()).set(wrapper, children);
  wrapper.children = [];
  return wrapper;
}

export function restoreDeferred(file: VFile): void {
  const deferred = (file.data as Deferred).gzhDeferred;
  if (!deferred) return;
  for (const [wrapper, children] of deferred) wrapper.children = children;
  deferred.clear();
}
