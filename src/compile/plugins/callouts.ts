/**
 * Callouts: GitHub alerts (`> [!NOTE]`, optionally `> [!TIP] Own title`) and `:::note[Own title]` containers
 * (remark-directive) become one structure the themes style by class:
 *
 *   section.callout.callout-<type>
 *     section.callout-title > span.callout-icon + title text
 *     …the content
 *
 * Types: note, tip, important, warning, caution (aliases: info → note, hint → tip, danger/error → caution).
 * remark-directive also reads `:name` in running text and `::name` lines as directives; those are not ours,
 * so they go back to the exact source text (a colon in "Vue:ref" must not eat words).
 */
import type { Element, ElementContent, Root, Text } from 'hast';
import { h } from 'hastscript';
import type { Paragraph, Parent as MdastParent, Root as MdastRoot, RootContent as MdastContent } from 'mdast';
import type { VFile } from 'vfile';
import { report } from '../report.js';
import { walkElements } from '../walk.js';

export const CALLOUT_TYPES = ['note', 'tip', 'important', 'warning', 'caution'] as const;
export type CalloutType = (typeof CALLOUT_TYPES)[number];

const ALIASES: Record<string, CalloutType> = {
  note: 'note', info: 'note', tip: 'tip', hint: 'tip', important: 'important', warning: 'warning', warn: 'warning', caution: 'caution', danger: 'caution', error: 'caution',
};
export const DEFAULT_CALLOUT_TITLES: Record<CalloutType, string> = { note: '注意', tip: '提示', important: '重要', warning: '警告', caution: '小心' };
const ICONS: Record<CalloutType, string> = { note: 'ℹ️', tip: '💡', important: '📌', warning: '⚠️', caution: '⛔' };

const ALERT = /^\[!(note|tip|important|warning|caution)\][ \t]*([^\n]*)(\n|$)/i;

interface DirectiveNode {
  type: 'containerDirective' | 'leafDirective' | 'textDirective';
  name: string;
  children: MdastContent[];
  data?: { hName?: string; hProperties?: Record<string, unknown>; directiveLabel?: boolean };
  position?: MdastContent['position'];
}

/** mdast pass (only when the source has `:::`): mark known containers, give back the source of other directives. */
export function prepareDirectives(tree: MdastRoot, source: string, file: VFile): void {
  const visit = (parent: MdastParent) => {
    for (let i = 0; i < parent.children.length; i++) {
      const node = parent.children[i] as unknown as DirectiveNode;
      if (node.type === 'containerDirective') {
        const type = ALIASES[node.name.toLowerCase()];
        if (type) {
          node.data = { ...node.data, hName: 'section', hProperties: { dataCallout: type } };
          const label = node.children[0] as Paragraph | undefined;
          if (label?.type === 'paragraph' && (label.data as { directiveLabel?: boolean } | undefined)?.directiveLabel) {
            label.data = { ...label.data, hName: 'section', hProperties: { dataCalloutLabel: '' } } as Paragraph['data'];
          }
        } else {
          report(file, node as never, 'warn', 'compile/directive', `Unknown container \`:::${node.name}\`: its content is shown without a box (known: ${Object.keys(ALIASES).join(', ')})`, { actual: node.name });
          node.data = { ...node.data, hName: 'section', hProperties: {} };
        }
        visit(node as unknown as MdastParent);
      } else if (node.type === 'textDirective' || node.type === 'leafDirective') {
        const start = node.position?.start.offset;
        const end = node.position?.end.offset;
        const text = start !== undefined && end !== undefined ? source.slice(start, end) : `:${node.name}`;
        const replacement = { type: 'text', value: text, position: node.position } as MdastContent;
        parent.children[i] = (node.type === 'leafDirective' ? { type: 'paragraph', children: [replacement], position: node.position } : replacement) as never;
      } else if ('children' in node) {
        visit(node as unknown as MdastParent);
      }
    }
  };
  visit(tree);
}

/** `::: tip` or `::: warning 自定义标题` (VuePress/VitePress style) at the start of a line, outside code fences. */
const SPACED_FENCE = /^( {0,3})(:{3,})[ \t]+([A-Za-z][\w-]*)(?:[ \t]+([^\n]*?))?[ \t]*$/;
const CODE_FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * remark-directive only reads `:::tip`; VuePress and VitePress write `::: tip` and `::: tip Title`, which
 * printed raw. Rewritten before parsing to `:::tip ` and `:::tip[Title]`, keeping every line's length so
 * positions, offsets and columns of the source stay true. Fenced code is left alone (docs show the syntax).
 */
export function normalizeContainerFences(source: string): string {
  if (!/^ {0,3}:{3,}[ \t]+[A-Za-z]/m.test(source)) return source;
  let fence: string | undefined;
  return source
    .split('\n')
    .map((line) => {
      const code = CODE_FENCE.exec(line);
      if (code) {
        const mark = code[1]!;
        if (!fence) fence = mark;
        else if (mark[0] === fence[0] && mark.length >= fence.length && line.trim() === mark) fence = undefined;
        return line;
      }
      if (fence) return line;
      const cr = line.endsWith('\r') ? '\r' : '';
      const body = cr ? line.slice(0, -1) : line;
      const m = SPACED_FENCE.exec(body);
      if (!m) return line;
      const [, indent, colons, name, label] = m;
      const head = `${indent}${colons}${name}`;
      const rewritten = label && !label.includes(']') ? `${head}[${label}]` : head;
      // pad with spaces to the original length (a label gains two brackets and loses two separators at most)
      return rewritten.length <= body.length ? rewritten.padEnd(body.length, ' ') + cr : line;
    })
    .join('\n');
}

export interface CalloutsOptions {
  titles?: Partial<Record<CalloutType, string>>;
}

/** hast pass: alerts in blockquotes and the containers marked above get the callout structure. */
export default function rehypeWechatCallouts(options: CalloutsOptions = {}) {
  const titles = { ...DEFAULT_CALLOUT_TITLES, ...options.titles };
  const visit = (node: Element): Element | undefined => {
    let box: Element | undefined;
    if (node.tagName === 'section' && typeof node.properties.dataCallout === 'string') {
      const type = node.properties.dataCallout as CalloutType;
      const first = node.children.find((c): c is Element => c.type === 'element');
      const hasLabel = first?.properties.dataCalloutLabel !== undefined;
      const body = node.children.filter((c) => c !== (hasLabel ? first : undefined));
      box = callout(type, hasLabel && first ? first.children : [{ type: 'text', value: titles[type] }], body, node);
    } else if (node.tagName === 'blockquote') {
      box = alert(node, titles);
    }
    // callouts can nest: look inside the new box too
    if (box) walkElements(box, visit);
    return box;
  };
  return (tree: Root) => walkElements(tree, visit);
}

function alert(quote: Element, titles: Record<CalloutType, string>): Element | undefined {
  const first = quote.children.find((c): c is Element => c.type === 'element');
  if (first?.tagName !== 'p') return undefined;
  const text = first.children[0];
  if (text?.type !== 'text') return undefined;
  const match = ALERT.exec(text.value);
  if (!match) return undefined;
  const type = match[1]!.toLowerCase() as CalloutType;
  const ownTitle = match[2]!.trim();
  (text as Text).value = text.value.slice(match[0].length);
  if (!text.value) first.children.shift();
  // the marker line may end in a hard break or soft newline: drop a leading <br>
  const lead = first.children[0];
  if (lead?.type === 'element' && lead.tagName === 'br') first.children.shift();
  const body = quote.children.filter((c) => !(c === first && first.children.length === 0));
  // the seam where the marker was: the paragraph's first text may start with a newline left from the source
  const start = first.children[0];
  if (start?.type === 'text') start.value = start.value.replace(/^\s+/, '');
  return callout(type, [{ type: 'text', value: ownTitle || titles[type] }], body, quote);
}

function callout(type: CalloutType, title: ElementContent[], body: ElementContent[], at: Element): Element {
  const content = body.filter((c) => !(c.type === 'text' && c.value.trim() === ''));
  const box = h('section', { className: ['callout', `callout-${type}`] }, [
    h('section', { className: ['callout-title'] }, [h('span', { className: ['callout-icon'] }, ICONS[type]), ...title]),
    ...content,
  ]);
  box.position = at.position;
  return box;
}
