/**
 * Lists WeChat renders without surprises: nesting deeper than 2 levels is flattened into level 2 (WeChat
 * loses it otherwise), `<li>` content, nested lists included, is wrapped in `<section>` (nested lists
 * directly in `<li>` get extra bullets), and task-list checkboxes become ☐/☑ text (WeChat removes `<input>`).
 */
import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import type { VFile } from 'vfile';
import { report } from '../report.js';

const MAX_DEPTH = 2;

export default function rehypeWechatLists() {
  return (tree: Root, file: VFile) => {
    walk(tree, 0, file);
  };
}

function isList(node: ElementContent | Root['children'][number]): node is Element {
  return node.type === 'element' && (node.tagName === 'ul' || node.tagName === 'ol');
}

function walk(parent: Root | Element, depth: number, file: VFile): void {
  for (const child of parent.children) {
    if (child.type !== 'element') continue;
    if (isList(child)) processList(child, depth + 1, file);
    else walk(child, depth, file);
  }
}

function processList(list: Element, depth: number, file: VFile): void {
  const items: ElementContent[] = [];
  let flattened = false;
  for (const item of list.children) {
    if (item.type !== 'element' || item.tagName !== 'li') continue; // drop inter-item whitespace
    replaceCheckbox(item);
    const lifted: Element[] = [];
    if (depth >= MAX_DEPTH) {
      // lists inside this item would be level 3+: lift their items up to this list
      item.children = item.children.filter((c) => {
        if (isList(c)) {
          lifted.push(...collectItems(c));
          return false;
        }
        return true;
      });
    }
    for (const c of item.children) if (c.type === 'element' && isList(c)) processList(c, depth + 1, file);
    wrapContent(item);
    items.push(item);
    for (const l of lifted) {
      replaceCheckbox(l);
      wrapContent(l);
      items.push(l);
      flattened = true;
    }
  }
  if (flattened) report(file, list, 'info', 'compile/list-depth', `Lists nested deeper than ${MAX_DEPTH} levels are flattened (WeChat drops deeper levels)`);
  list.children = items;
}

/** All items of a list and of the lists nested in it, in reading order, without their nested lists. */
function collectItems(list: Element): Element[] {
  const out: Element[] = [];
  for (const item of list.children) {
    if (item.type !== 'element' || item.tagName !== 'li') continue;
    const nested = item.children.filter((c): c is Element => c.type === 'element' && isList(c));
    item.children = item.children.filter((c) => !(c.type === 'element' && isList(c)));
    out.push(item, ...nested.flatMap(collectItems));
  }
  return out;
}

function wrapContent(item: Element): void {
  const inline: ElementContent[] = [];
  const rest: ElementContent[] = [];
  for (const c of item.children) {
    if (c.type === 'element' && isList(c)) rest.push(c);
    else if (rest.length === 0) inline.push(c);
    else rest.push(c);
  }
  // trim whitespace-only text at the edges
  while (inline[0]?.type === 'text' && inline[0].value.trim() === '') inline.shift();
  while (inline.at(-1)?.type === 'text' && (inline.at(-1) as { value: string }).value.trim() === '') inline.pop();
  const last = inline.at(-1);
  if (last?.type === 'text') last.value = last.value.replace(/\s+$/, '');
  const content = inline.length === 1 && inline[0]?.type === 'element' && inline[0].tagName === 'p' ? inline[0].children : inline;
  // nested lists go inside the section too: directly in <li> WeChat gives them extra bullets
  item.children = [h('section', { className: ['li-content'] }, [...content, ...rest.filter((c) => !(c.type === 'text' && c.value.trim() === ''))])];
}

function replaceCheckbox(item: Element): void {
  const scan = (nodes: ElementContent[]): boolean => {
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i]!;
      if (n.type !== 'element') continue;
      if (n.tagName === 'input' && n.properties.type === 'checkbox') {
        const checked = n.properties.checked === true || n.properties.checked === '';
        nodes.splice(i, 1, h('span', { className: ['task-box', checked ? 'task-done' : 'task-todo'] }, checked ? '☑' : '☐'));
        return true;
      }
      if (n.tagName === 'p' && scan(n.children)) return true;
    }
    return false;
  };
  scan(item.children);
}
