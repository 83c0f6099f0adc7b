/**
 * CSS in a `style` attribute that can run script or pull in code: IE's `expression()` and `behavior`,
 * Firefox's `-moz-binding`, `javascript:`/`vbscript:` URLs, `@import`. Looked for the way a browser reads
 * the CSS (comments dropped, `\65` escapes decoded, case and whitespace ignored), so `ex/**\/pression(` and
 * `\6a avascript:` are caught. Only the offending declarations go; the rest of the style stays as written.
 * The style is cut into declarations by style-declarations.ts (css-tree, as a browser reads it: a `;` in a
 * string or `url()` does not cut), keeping what is no declaration (`@import "x"`) so it is reported too.
 */
import { splitDeclarationText } from './style-declarations.js';

/** What CSS needs to call or load anything (`(`, `@`, or an escape for them): most styles need no normalising. */
const MAYBE_UNSAFE = /[(@\\`]/;
const UNSAFE = /expression\(|(?:java|vb|live)script:|mocha:|-moz-binding|-o-link|behaviou?r:|@import|url\(['"]?data:(?!image\/)/;

export interface CssCleaning {
  style: string;
  /** The declarations removed, as written (comments dropped). */
  removed: string[];
}

/** Undefined when the style is safe as it is (the common case: one regex over the normalised text). */
export function removeUnsafeCss(style: string): CssCleaning | undefined {
  if (!MAYBE_UNSAFE.test(style) || !UNSAFE.test(normaliseCss(style))) return undefined;
  const kept: string[] = [];
  const removed: string[] = [];
  for (const declaration of splitDeclarationText(style.replace(/\/\*[\s\S]*?(?:\*\/|$)/g, ''))) {
    (UNSAFE.test(normaliseCss(declaration)) ? removed : kept).push(declaration);
  }
  const cleaned = kept.join('; ');
  // declarations that only together spell something (`a: expr; b: ession(`) leave nothing behind
  if (UNSAFE.test(normaliseCss(cleaned))) return { style: '', removed: [...removed, ...kept] };
  return { style: cleaned, removed };
}

/** CSS as the browser tokenises it: comments gone, escapes decoded, no whitespace, lower case. */
function normaliseCss(css: string): string {
  return css
    .replace(/\/\*[\s\S]*?(?:\*\/|$)/g, '')
    .replace(/\\([0-9a-f]{1,6})[ \t\n\r\f]?/gi, (_m, hex: string) => String.fromCodePoint(Math.min(Number.parseInt(hex, 16), 0x10ffff) || 0xfffd))
    .replace(/\\(.)/gs, '$1')
    .replace(/[\s\u0000]+/g, '')
    .toLowerCase();
}
