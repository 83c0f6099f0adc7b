/**
 * The output contract of the compiler, checked mechanically on the HTML: what WeChat strips or breaks must
 * not be there, and nothing the writer wrote may be lost.
 */
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';

export interface ContractViolation {
  rule: string;
  detail: string;
}

const FORBIDDEN_TAGS = new Set(['style', 'script', 'iframe', 'input', 'link', 'meta', 'form', 'object', 'embed']);

export function checkOutputContract(html: string): ContractViolation[] {
  const tree: Root = fromHtml(html, { fragment: true });
  const problems: ContractViolation[] = [];
  visit(tree, 'element', (el: Element) => {
    if (FORBIDDEN_TAGS.has(el.tagName)) problems.push({ rule: 'forbidden-tag', detail: `<${el.tagName}>` });
    for (const key of Object.keys(el.properties)) {
      if (key === 'className' || key === 'id') problems.push({ rule: 'class-or-id', detail: `<${el.tagName} ${key}>` });
      if (/^on/i.test(key)) problems.push({ rule: 'event-handler', detail: `<${el.tagName} ${key}>` });
    }
    const style = el.properties.style;
    if (typeof style === 'string') {
      if (style.includes('var(')) problems.push({ rule: 'css-var', detail: style });
      const position = /(?:^|;)\s*position\s*:\s*([^;]+)/i.exec(style)?.[1]?.trim();
      if (position && !/^(static|relative)$/i.test(position)) problems.push({ rule: 'position', detail: style });
      if (/::?(before|after)/.test(style)) problems.push({ rule: 'pseudo-element', detail: style });
    }
    if (el.tagName === 'a') {
      const href = String(el.properties.href ?? '');
      if (!/^https?:\/\/mp\.weixin\.qq\.com(\/|$)/.test(href)) problems.push({ rule: 'external-link', detail: href });
    }
  });
  if (/<style|<script/i.test(html)) problems.push({ rule: 'forbidden-tag', detail: 'raw <style>/<script> text' });
  return problems;
}

/** Visible text of the HTML, whitespace collapsed (no-break spaces count as spaces). */
export function visibleText(html: string): string {
  return toString(fromHtml(html, { fragment: true })).replace(/[\s\u00a0]+/g, ' ');
}

/** Words of `chunks` that are missing from the HTML's visible text. */
export function missingText(html: string, chunks: readonly string[]): string[] {
  const text = visibleText(html).replace(/ /g, '');
  return chunks.map((c) => c.replace(/[\s\u00a0]+/g, '')).filter((c) => c.length > 0 && !text.includes(c));
}
