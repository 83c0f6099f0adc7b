/** The fast selector path gives exactly what hast-util-select gives, for every selector shape it takes. */
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { selectAll } from 'hast-util-select';
import { describe, expect, it } from 'vitest';
import { matchRules, parseFastSelector } from '../../src/compile/match-rules.js';

const tree = fromHtml(
  `<section class="article">
    <h2>t</h2><p class="lead">a <strong>b</strong></p><p>c</p>
    <section class="footnotes"><p>n</p></section><section class="references"><p>r</p></section>
    <section class="callout callout-tip"><section class="callout-title">x</section><p>y</p><p>z</p></section>
    <table><tr><td>1</td><td>2</td></tr><tr><td>3</td><td>4</td></tr><tr><td>5</td></tr><tr><td>6</td><td>7</td><td>8</td></tr></table>
    <ul><li><section><p>i</p></section></li><li><section>j</section></li></ul>
  </section>`,
  { fragment: true },
) as Root;

const SELECTORS = [
  'p', '.lead', 'p strong', '.article > p', 'section p', 'p:first-child', 'p:last-child', 'td:first-child',
  'tr:nth-child(even) td', 'tr:nth-child(odd) td', 'td:nth-child(2)', 'li:nth-child(1) p', '.footnotes + .references',
  'h2 + p', 'p + p', 'h2 + p strong', '.callout-tip .callout-title', '.callout p:last-child', '*', 'section > *',
  '.callout-title + p', 'tr:nth-child(even) td:last-child', 'li > section > p',
];

function fastMatches(selector: string): Element[] {
  const fast = parseFastSelector(selector);
  expect(fast, selector).toBeDefined();
  const hits: Element[] = [];
  matchRules(tree, [{ rule: selector, selector, fast }], (el) => hits.push(el));
  return hits;
}

describe('fast selector matching', () => {
  it.each(SELECTORS)('%s matches what hast-util-select matches', (selector) => {
    const expected = selectAll(selector, tree);
    expect(expected.length, `${selector} should match something in the sample`).toBeGreaterThan(0);
    expect(new Set(fastMatches(selector))).toEqual(new Set(expected));
  });
  it('leaves other selectors to hast-util-select', () => {
    for (const s of ['td[align=center]', 'a:hover', 'p ~ p', 'p + ', 'tr:nth-child(2n+1)', 'p:not(.x)']) expect(parseFastSelector(s), s).toBeUndefined();
  });
});
