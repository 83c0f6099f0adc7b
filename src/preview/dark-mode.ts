/**
 * What WeChat's dark mode (wechatjs/mp-darkmode, run in the reader's client) does to an article, applied to
 * the inline-styled HTML the compiler produces, so the writer can see it before publishing. Pure: a string
 * in, a string out; no DOM, so it runs in Node and in tests.
 *
 * The rules (WECHAT.md): the page becomes #191919 with #a3a3a3 text; only colour declarations change
 * (color, background(-color), borders/outline/box-shadow, text-shadow); elements with a background image
 * and SVG keep their colours; backgrounds are capped at perceived brightness 190 (greys are inverted);
 * text is kept at least 65 brightness away from the background it sits on.
 */
import { COLOR_TOKEN, blend, formatColor, parseColor, type Rgba } from '../compile/color.js';
import {
  IGNORE_ALPHA,
  LIGHT_BACKGROUND,
  LIGHT_TEXT,
  convertBackground,
  convertText,
  darkPalette,
  type DarkModeOptions,
  type DarkPalette,
} from '../compile/dark-mode-colors.js';
import { parseDeclarations, serializeDeclarations, type Declaration } from '../compile/style-declarations.js';

export type { DarkModeOptions };

const BACKGROUND_PROPS = new Set(['background', 'background-color']);
const TEXT_PROPS = new Set(['color', '-webkit-text-fill-color', 'text-decoration', 'text-decoration-color', 'text-emphasis-color', '-webkit-text-stroke', '-webkit-text-stroke-color']);
const BORDER_PROP = /^(border(-(top|right|bottom|left|block|inline)(-(start|end))?)?(-color)?|outline(-color)?|box-shadow|column-rule(-color)?)$/;
const IMAGE_PROP = /^(background(-image)?|(-webkit-)?border-image)$/;
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/** What an element passes down to its descendants. */
interface Context {
  /** Background as seen in dark mode (opaque). */
  darkBackground: Rgba;
  /** Background as seen in light mode (opaque). */
  lightBackground: Rgba;
  /** Text colour in light mode (what `color` resolves to before conversion). */
  lightText: Rgba;
  /** Inside an element with a background image: colours stay as authored. */
  frozen: boolean;
}

export function convertToDarkMode(html: string, options: DarkModeOptions = {}): string {
  const palette = darkPalette(options);
  const root: Context = { darkBackground: palette.background, lightBackground: LIGHT_BACKGROUND, lightText: LIGHT_TEXT, frozen: false };
  const stack: { tag: string; context: Context }[] = [];
  // articles repeat the same few style attributes (every code token, every paragraph): convert each once per context
  const memo = new Map<string, ReturnType<typeof convertElement>>();
  const contextKeys = new WeakMap<Context, string>();
  const keyOf = (c: Context) => {
    let key = contextKeys.get(c);
    if (key === undefined) {
      key = [c.darkBackground, c.lightBackground, c.lightText].map((x) => `${x.r},${x.g},${x.b}`).join('|');
      contextKeys.set(c, key);
    }
    return key;
  };
  const current = () => stack[stack.length - 1]?.context ?? root;

  // The compiler's output is serialised by hast-util-to-html: every element is closed explicitly and `<` in
  // text is escaped, so a tag scanner (quotes aware) is enough and far cheaper than a parse + serialise.
  const TAG = /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
  let out = '';
  let last = 0;
  for (let match = TAG.exec(html); match; match = TAG.exec(html)) {
    const [, closing, rawName, attributes = ''] = match;
    if (!rawName) continue; // comment
    const tag = rawName.toLowerCase();
    if (closing) {
      const index = stack.map((s) => s.tag).lastIndexOf(tag);
      if (index >= 0) stack.length = index;
      continue;
    }
    if (tag === 'svg') {
      // SVG is drawn as authored: skip to its end
      const end = findClosingSvg(html, TAG.lastIndex);
      TAG.lastIndex = end;
      continue;
    }
    const parent = current();
    let converted: ReturnType<typeof convertElement>;
    if (!parent.frozen && attributes.includes('style')) {
      const key = `${keyOf(parent)}\u0000${attributes}`;
      converted = memo.get(key);
      if (converted === undefined && !memo.has(key)) {
        converted = convertElement(attributes, parent, palette);
        memo.set(key, converted);
      }
    }
    if (converted) {
      out += html.slice(last, match.index) + `<${rawName}${converted.attributes}>`;
      last = TAG.lastIndex;
    }
    const selfClosing = VOID.has(tag) || /\/\s*$/.test(attributes);
    if (!selfClosing) stack.push({ tag, context: converted?.context ?? parent });
  }
  return out + html.slice(last);
}

/** Index just after the `</svg>` closing the one opened before `from` (nested SVGs counted). */
function findClosingSvg(html: string, from: number): number {
  const SVG = /<(\/?)svg\b[^>]*>/gi;
  SVG.lastIndex = from;
  let depth = 1;
  for (let m = SVG.exec(html); m; m = SVG.exec(html)) {
    if (m[1]) depth--;
    else if (!m[0].endsWith('/>')) depth++;
    if (depth === 0) return SVG.lastIndex;
  }
  return html.length;
}

const STYLE_ATTRIBUTE = /(\sstyle\s*=\s*)(?:"([^"]*)"|'([^']*)')/i;

/** New attribute text and the context for children, or undefined when the element has no colours to convert. */
function convertElement(attributes: string, parent: Context, palette: DarkPalette): { attributes: string; context: Context } | undefined {
  const styleMatch = STYLE_ATTRIBUTE.exec(attributes);
  if (!styleMatch) return undefined;
  const style = decodeAttribute(styleMatch[2] ?? styleMatch[3] ?? '');
  const declarations: Declaration[] = parseDeclarations(style);
  if (declarations.length === 0) return undefined;

  const context: Context = { ...parent };
  const hasImage = declarations.some((d) => IMAGE_PROP.test(d.property) && /url\(/i.test(d.value));
  const hasColor = declarations.some((d) => d.property === 'color');
  let changed = false;

  if (hasImage) {
    // mp-darkmode leaves text over a background image as it was in light mode (it was chosen for the image)
    context.frozen = true;
    if (!hasColor) {
      declarations.push({ property: 'color', value: formatColor(parent.lightText), important: false });
      changed = true;
    }
  }

  // backgrounds first: text and borders are judged against the converted background
  for (const d of declarations) {
    if (!BACKGROUND_PROPS.has(d.property) || hasImage) continue;
    let first = true;
    const value = replaceColors(d.value, (color) => {
      const dark = convertBackground(color, parent.darkBackground, palette);
      if (first) {
        context.darkBackground = blend(parent.darkBackground, dark);
        context.lightBackground = blend(parent.lightBackground, color);
        first = false;
      }
      return dark;
    });
    if (value !== d.value) {
      d.value = value;
      changed = true;
    }
    if (!first && !hasColor) {
      // the inherited text colour was picked for the light background: re-pick it for this one
      declarations.push({ property: 'color', value: formatColor(convertText(parent.lightText, context.darkBackground, palette)), important: false });
      changed = true;
    }
  }

  if (!hasImage) {
    for (const d of declarations) {
      let convert: ((color: Rgba) => Rgba) | undefined;
      if (TEXT_PROPS.has(d.property)) convert = (color) => convertText(color, context.darkBackground, palette);
      else if (BORDER_PROP.test(d.property)) convert = (color) => convertText(color, palette.background, palette);
      else if (d.property === 'text-shadow') convert = (color) => convertBackground(color, context.darkBackground, palette);
      if (!convert) continue;
      if (d.property === 'color') {
        const original = parseColor(d.value);
        if (original) context.lightText = blend(parent.lightBackground, original);
      }
      const value = replaceColors(d.value, convert);
      if (value !== d.value) {
        d.value = value;
        changed = true;
      }
    }
  }

  if (!changed) return hasImage || context.darkBackground !== parent.darkBackground ? { attributes, context } : undefined;
  const styleText = serializeDeclarations(declarations, { keepImportant: true });
  const rewritten = attributes.slice(0, styleMatch.index) + `${styleMatch[1]}"${encodeAttribute(styleText)}"` + attributes.slice(styleMatch.index + styleMatch[0].length);
  return { attributes: rewritten, context };
}

/** Replace each colour in a declaration value; colours too transparent to matter are left alone. */
function replaceColors(value: string, convert: (color: Rgba) => Rgba): string {
  return value.replace(COLOR_TOKEN, (token) => {
    const color = parseColor(token);
    if (!color || color.a < IGNORE_ALPHA) return token;
    return formatColor(convert(color));
  });
}

function decodeAttribute(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|quot|amp|apos|lt|gt);/gi, (entity, body: string) => {
    const b = body.toLowerCase();
    if (b.startsWith('#x')) return String.fromCodePoint(parseInt(b.slice(2), 16));
    if (b.startsWith('#')) return String.fromCodePoint(parseInt(b.slice(1), 10));
    return ({ quot: '"', amp: '&', apos: "'", lt: '<', gt: '>' } as Record<string, string>)[b] ?? entity;
  });
}

function encodeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}
