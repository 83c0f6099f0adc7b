/**
 * Dark-mode safety: WeChat converts article colours on the reader's phone (the rules in dark-mode-colors.ts,
 * the same ones the preview's dark toggle applies). That can leave text/background pairs that read fine in
 * light mode hard to read in dark mode. One pass over the inline-styled tree runs the conversion:
 * - code-theme token colours that end up unreadable are moved to a readable lightness (see `safeColour`);
 * - every other pair whose WCAG contrast falls below 4.5:1 (3:1 for h1–h4) is reported, once per pair.
 * Pure. Articles repeat a few style strings thousands of times (every code token, every paragraph), so
 * contexts are interned per (parent context, style) and each is judged once.
 */
import type { Element, Root } from 'hast';
import type { VFile } from 'vfile';
import { COLOR_TOKEN, blend, contrastRatio, formatColor, fromHsl, parseColor, toHsl, toLab, type Rgba } from '../color.js';
import { IGNORE_ALPHA, LIGHT_BACKGROUND, LIGHT_TEXT, convertBackground, convertText, darkPalette, type DarkPalette } from '../dark-mode-colors.js';
import { report } from '../report.js';
import { shortenValue } from '../style-compact.js';
import { parseDeclarations, serializeDeclarations } from '../style-declarations.js';

interface StyleColors {
  color?: Rgba;
  background?: Rgba;
  /** Background image or gradient: mp-darkmode leaves the colours inside alone. */
  image: boolean;
}

/** An element's colours as authored (opaque, over the light page) and its background in dark mode. */
interface Context {
  lightText: Rgba;
  lightBackground: Rgba;
  darkBackground: Rgba;
}

interface WalkContext extends Context {
  id: number;
  /** In a code block: a `<pre>` or the element holding one (its language label). */
  inCode: boolean;
  /** Under a background image: nothing below is judged. */
  frozen: boolean;
}

interface DarkContrastProblem {
  text: string;
  background: string;
  darkText: string;
  darkBackground: string;
  ratio: number;
}

/** Adapt code colours and report unreadable dark-mode pairs (ruleId `theme/dark-contrast`). Runs on the inline-styled tree. */
export default function rehypeWechatDarkContrast() {
  return checkDarkContrast;
}

function checkDarkContrast(tree: Root, file: VFile): void {
  const palette = DEFAULT_PALETTE;
  const styles = new Map<string, StyleColors>();
  /** Per parent context: child contexts by `code flag + style`; no key strings built per element. */
  const interned = new Map<WalkContext, Map<string, WalkContext>>();
  /** Per context id: the colour a code token moves to (undefined: it reads already, or nothing does). */
  const adapted = new Map<number, string | undefined>();
  /** Context id × 2 (+1 for headings, judged at 3:1): each pair is judged and reported once. */
  const judged = new Set<number>();
  let nextId = 0;
  const intern = (parent: WalkContext, key: string, make: () => Omit<WalkContext, 'id'>): WalkContext => {
    let children = interned.get(parent);
    if (!children) interned.set(parent, (children = new Map()));
    let context = children.get(key);
    if (!context) children.set(key, (context = { ...make(), id: nextId++ }));
    return context;
  };
  const root: WalkContext = { lightText: LIGHT_TEXT, lightBackground: LIGHT_BACKGROUND, darkBackground: palette.background, inCode: false, frozen: false, id: nextId++ };

  const childContext = (el: Element, parent: WalkContext, holdsPre: boolean): WalkContext => {
    const code = !parent.inCode && (el.tagName === 'pre' || holdsPre);
    const style = typeof el.properties.style === 'string' && COLOURED.test(el.properties.style) ? el.properties.style : '';
    if (!code && !style) return parent;
    return intern(parent, code ? `\u0001${style}` : style, () => {
      let colors = styles.get(style);
      if (!colors) styles.set(style, (colors = readColors(style)));
      const next = { ...parent, inCode: parent.inCode || code };
      if (colors.image) next.frozen = true;
      if (colors.background) {
        next.darkBackground = blend(parent.darkBackground, convertBackground(colors.background, parent.darkBackground, palette));
        next.lightBackground = blend(parent.lightBackground, colors.background);
      }
      if (colors.color) next.lightText = blend(next.lightBackground, colors.color);
      return next;
    });
  };

  const visit = (el: Element, parent: WalkContext, at: Element | undefined) => {
    if (el.tagName === 'svg' || el.tagName === 'img') return;
    const place = el.position ? el : at;
    let hasText = false;
    let holdsPre = false;
    for (const c of el.children) {
      if (c.type === 'text') hasText ||= c.value.trim() !== '';
      else if (c.type === 'element' && c.tagName === 'pre') holdsPre = true;
    }
    let context = childContext(el, parent, holdsPre);
    if (context.frozen) return;
    if (hasText) {
      const style = el.properties.style;
      if (context.inCode && context !== parent && typeof style === 'string' && styles.get(style)?.color) {
        if (!adapted.has(context.id)) adapted.set(context.id, judge(context, palette) ? safeColour(context, palette) : undefined);
        const replacement = adapted.get(context.id);
        if (replacement) {
          el.properties.style = replaceColour(style, replacement);
          const lightText = parseColor(replacement)!;
          const from = context;
          context = intern(from, '\u0000adapted', () => ({ ...from, lightText }));
        }
      }
      const heading = /^h[1-4]$/.test(el.tagName);
      const key = context.id * 2 + (heading ? 1 : 0);
      if (!judged.has(key)) {
        judged.add(key);
        const minimum = heading ? 3 : 4.5;
        const problem = judge(context, palette, minimum);
        if (problem) reportProblem(file, place, el.tagName, problem, minimum);
      }
    }
    for (const child of el.children) if (child.type === 'element') visit(child, context, place);
  };
  for (const child of tree.children) if (child.type === 'element') visit(child, root, undefined);
}

const COLOURED = /color|background/i;

function reportProblem(file: VFile, place: Element | undefined, tag: string, problem: DarkContrastProblem, minimum: number): void {
  report(
    file,
    place,
    'warn',
    'theme/dark-contrast',
    `Text ${problem.text} on ${problem.background} (\`<${tag}>\`) becomes ${problem.darkText} on ${problem.darkBackground} in WeChat dark mode: contrast ${problem.ratio.toFixed(1)}:1, below ${minimum}:1. Dark mode lightens dark text but keeps mid-tones: a darker text colour (HSL lightness ≤ 28%) reads well in both`,
    { actual: `${problem.text} on ${problem.background}` },
  );
}

/** The dark-mode pair for a light-mode text/background pair, when its contrast is below `minimum`. */
function judge(context: Context, palette: DarkPalette = darkPalette(), minimum = 4.5): DarkContrastProblem | undefined {
  const darkText = blend(context.darkBackground, convertText(context.lightText, context.darkBackground, palette));
  const ratio = contrastRatio(darkText, context.darkBackground);
  if (ratio >= minimum) return undefined;
  return {
    text: formatColor(context.lightText),
    background: formatColor(context.lightBackground),
    darkText: formatColor(darkText),
    darkBackground: formatColor(context.darkBackground),
    ratio,
  };
}

/**
 * Code themes (highlight.js styles) pick token colours for one page colour; many mid-tones (GitHub's red,
 * orange, purple) keep their colour in WeChat's dark mode and read at 2–3:1 there. Such a colour moves to
 * the nearest colour (CIE Lab distance), hue kept, that reads at 4.5:1 in both modes (when no colour of
 * the hue reads at 4.5:1 in light mode, at least as well as the original). Lightness alone (the first version) turned GitHub's red #d73a49 into #751821 and its
 * purple into #361f5f: near-black both, tokens hard to tell apart. Saturation may rise as lightness falls,
 * which keeps the colour vivid: #d73a49 → #9a0f21. Undefined when no colour of that hue does.
 */
function safeColour(context: Context, palette: DarkPalette): string | undefined {
  // a search over ~2,000 colours, for the same few code-theme colours in every article: remembered across
  // compiles (a pure function of the three colours and the palette, which is always the default one here)
  const key = `${rgbaKey(context.lightText)} ${rgbaKey(context.lightBackground)} ${rgbaKey(context.darkBackground)}`;
  if (palette === DEFAULT_PALETTE && SAFE_COLOURS.has(key)) return SAFE_COLOURS.get(key);
  // 4.5:1 in light mode too when some colour of the hue gets there, else at least the original's contrast
  const found = nearestReadable(context, palette, 4.5) ?? nearestReadable(context, palette, Math.min(4.5, contrastRatio(context.lightText, context.lightBackground)));
  if (palette === DEFAULT_PALETTE) {
    if (SAFE_COLOURS.size >= 4096) SAFE_COLOURS.clear();
    SAFE_COLOURS.set(key, found);
  }
  return found;
}

const DEFAULT_PALETTE = darkPalette();
const SAFE_COLOURS = new Map<string, string | undefined>();
const rgbaKey = (c: Rgba) => `${c.r},${c.g},${c.b},${c.a}`;

function nearestReadable(context: Context, palette: DarkPalette, lightFloor: number): string | undefined {
  const [h, s] = toHsl(context.lightText);
  const [L, A, B] = toLab(context.lightText);
  let best: { colour: string; distance: number } | undefined;
  for (let saturation = s; ; saturation = Math.min(100, saturation + 5)) {
    for (let lightness = 0; lightness <= 100; lightness++) {
      // rounded as it will be written, so the check judges the colour that is published
      const colour = formatColor(fromHsl(h, saturation, lightness));
      const lightText = parseColor(colour)!;
      const [l2, a2, b2] = toLab(lightText);
      const distance = Math.hypot(L - l2, A - a2, B - b2);
      if (best && distance >= best.distance) continue;
      if (contrastRatio(lightText, context.lightBackground) < lightFloor) continue;
      if (!judge({ ...context, lightText }, palette)) best = { colour, distance };
    }
    if (saturation >= 100) break;
  }
  return best?.colour;
}

function readColors(style: string): StyleColors {
  const out: StyleColors = { image: false };
  for (const { property, value } of parseDeclarations(style)) {
    if (property === 'color') out.color = visible(parseColor(value)) ?? out.color;
    else if (property === 'background-color' || property === 'background') {
      if (/url\(|gradient\(/i.test(value)) out.image = true;
      const color = firstColor(value);
      if (color) out.background = color;
    } else if (property === 'background-image' && /url\(|gradient\(/i.test(value)) out.image = true;
  }
  return out;
}

/** The style with its `color` set to `colour`, written in the style's own form (compact or spaced). */
function replaceColour(style: string, colour: string): string {
  const compact = !/:\s/.test(style);
  const declarations = parseDeclarations(style).map((d) => (d.property === 'color' ? { ...d, value: compact ? shortenValue('color', colour) : colour } : d));
  return serializeDeclarations(declarations, { compact, keepImportant: true });
}

function firstColor(value: string): Rgba | undefined {
  for (const token of value.match(COLOR_TOKEN) ?? []) {
    const color = visible(parseColor(token));
    if (color) return color;
  }
  return undefined;
}

/** Colours too transparent to matter are ignored, as mp-darkmode does. */
function visible(color: Rgba | undefined): Rgba | undefined {
  return color && color.a >= IGNORE_ALPHA ? color : undefined;
}
