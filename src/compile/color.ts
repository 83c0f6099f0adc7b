/**
 * Colour arithmetic for the dark-mode rules and contrast checks: parse CSS colours, perceived brightness
 * (W3C AERT formula, the one WeChat's mp-darkmode uses), HSL, alpha blending. Pure.
 */

/** Channels 0–255, alpha 0–1. */
export interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

/** The named colours themes realistically use; unknown names are left as written. */
const NAMED: Record<string, string> = {
  black: '000000', white: 'ffffff', red: 'ff0000', green: '008000', blue: '0000ff', yellow: 'ffff00',
  gray: '808080', grey: '808080', silver: 'c0c0c0', maroon: '800000', purple: '800080', fuchsia: 'ff00ff',
  magenta: 'ff00ff', lime: '00ff00', olive: '808000', navy: '000080', teal: '008080', aqua: '00ffff',
  cyan: '00ffff', orange: 'ffa500', pink: 'ffc0cb', brown: 'a52a2a', gold: 'ffd700', indigo: '4b0082',
  violet: 'ee82ee', crimson: 'dc143c', coral: 'ff7f50', tomato: 'ff6347', salmon: 'fa8072', khaki: 'f0e68c',
  beige: 'f5f5dc', ivory: 'fffff0', lavender: 'e6e6fa', linen: 'faf0e6', snow: 'fffafa', whitesmoke: 'f5f5f5',
  gainsboro: 'dcdcdc', lightgray: 'd3d3d3', lightgrey: 'd3d3d3', darkgray: 'a9a9a9', darkgrey: 'a9a9a9',
  dimgray: '696969', dimgrey: '696969', lightblue: 'add8e6', skyblue: '87ceeb', steelblue: '4682b4',
  royalblue: '4169e1', dodgerblue: '1e90ff', darkblue: '00008b', darkgreen: '006400', seagreen: '2e8b57',
  forestgreen: '228b22', lightgreen: '90ee90', darkred: '8b0000', firebrick: 'b22222', orangered: 'ff4500',
  darkorange: 'ff8c00', chocolate: 'd2691e', tan: 'd2b48c', wheat: 'f5deb3', honeydew: 'f0fff0',
  aliceblue: 'f0f8ff', ghostwhite: 'f8f8ff', mintcream: 'f5fffa', azure: 'f0ffff', seashell: 'fff5ee',
  floralwhite: 'fffaf0', oldlace: 'fdf5e6', cornsilk: 'fff8dc', lemonchiffon: 'fffacd', lightyellow: 'ffffe0',
  mistyrose: 'ffe4e1', lavenderblush: 'fff0f5', papayawhip: 'ffefd5', blanchedalmond: 'ffebcd',
  slategray: '708090', slategrey: '708090', darkslategray: '2f4f4f', darkslategrey: '2f4f4f', transparent: '',
};

/** Colour tokens inside a declaration value: hex, rgb()/rgba()/hsl()/hsla(), or a bare word (checked against NAMED). */
export const COLOR_TOKEN = /#[0-9a-f]{3,8}\b|\b(?:rgba?|hsla?)\([^)]*\)|\b[a-z]+\b/gi;

export function parseColor(text: string): Rgba | undefined {
  const t = text.trim().toLowerCase();
  if (t.startsWith('#')) return parseHex(t.slice(1));
  const fn = /^(rgba?|hsla?)\(([^)]*)\)$/.exec(t);
  if (fn) return parseFunction(fn[1]!, fn[2]!);
  if (t === 'transparent') return { r: 0, g: 0, b: 0, a: 0 };
  const hex = NAMED[t];
  return hex ? parseHex(hex) : undefined;
}

function parseHex(hex: string): Rgba | undefined {
  if (!/^[0-9a-f]+$/.test(hex)) return undefined;
  const full = hex.length === 3 || hex.length === 4 ? [...hex].map((c) => c + c).join('') : hex;
  if (full.length !== 6 && full.length !== 8) return undefined;
  const at = (i: number) => parseInt(full.slice(i, i + 2), 16);
  return { r: at(0), g: at(2), b: at(4), a: full.length === 8 ? at(6) / 255 : 1 };
}

function parseFunction(name: string, body: string): Rgba | undefined {
  // both `rgb(1, 2, 3)` / `rgba(1,2,3,.5)` and `rgb(1 2 3 / 50%)`
  const parts = body.split(/[\s,/]+/).filter(Boolean);
  if (parts.length < 3 || parts.length > 4) return undefined;
  const alpha = parts[3] === undefined ? 1 : parsePart(parts[3], 1);
  if (alpha === undefined) return undefined;
  if (name.startsWith('rgb')) {
    const [r, g, b] = parts.slice(0, 3).map((p) => parsePart(p, 255));
    if (r === undefined || g === undefined || b === undefined) return undefined;
    return { r: clamp(r, 0, 255), g: clamp(g, 0, 255), b: clamp(b, 0, 255), a: clamp(alpha, 0, 1) };
  }
  const h = parseFloat(parts[0]!);
  const s = parseFloat(parts[1]!);
  const l = parseFloat(parts[2]!);
  if ([h, s, l].some(Number.isNaN)) return undefined;
  return fromHsl(h, s, l, clamp(alpha, 0, 1));
}

/** A number or a percentage of `scale`. */
function parsePart(part: string, scale: number): number | undefined {
  const value = parseFloat(part);
  if (Number.isNaN(value)) return undefined;
  return part.endsWith('%') ? (value / 100) * scale : value;
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, n));
}

/** `#rrggbb` when opaque, else `rgba(r, g, b, a)`. */
export function formatColor(c: Rgba): string {
  const ch = (n: number) => Math.round(clamp(n, 0, 255));
  if (c.a >= 1) return `#${[c.r, c.g, c.b].map((n) => ch(n).toString(16).padStart(2, '0')).join('')}`;
  return `rgba(${ch(c.r)}, ${ch(c.g)}, ${ch(c.b)}, ${Math.round(c.a * 1000) / 1000})`;
}

/** Perceived brightness 0–255 (https://www.w3.org/TR/AERT/#color-contrast). */
export function perceivedBrightness(c: Rgba): number {
  return (c.r * 299 + c.g * 587 + c.b * 114) / 1000;
}

/** [hue 0–360, saturation 0–100, lightness 0–100]. */
export function toHsl(c: Rgba): [number, number, number] {
  const r = c.r / 255;
  const g = c.g / 255;
  const b = c.b / 255;
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const l = (max + min) / 2;
  if (max === min) return [0, 0, l * 100];
  const d = max - min;
  const s = l > 0.5 ? d / (2 - max - min) : d / (max + min);
  let h: number;
  if (max === r) h = (g - b) / d + (g < b ? 6 : 0);
  else if (max === g) h = (b - r) / d + 2;
  else h = (r - g) / d + 4;
  return [h * 60, s * 100, l * 100];
}

export function fromHsl(h: number, s: number, l: number, a = 1): Rgba {
  const hue = (((h % 360) + 360) % 360) / 360;
  const sat = clamp(s, 0, 100) / 100;
  const light = clamp(l, 0, 100) / 100;
  if (sat === 0) return { r: light * 255, g: light * 255, b: light * 255, a };
  const q = light < 0.5 ? light * (1 + sat) : light + sat - light * sat;
  const p = 2 * light - q;
  const channel = (t: number) => {
    const x = t < 0 ? t + 1 : t > 1 ? t - 1 : t;
    if (x < 1 / 6) return p + (q - p) * 6 * x;
    if (x < 1 / 2) return q;
    if (x < 2 / 3) return p + (q - p) * (2 / 3 - x) * 6;
    return p;
  };
  return { r: channel(hue + 1 / 3) * 255, g: channel(hue) * 255, b: channel(hue - 1 / 3) * 255, a };
}

/** `top` painted over an opaque `bottom` (normal blending): the colour the eye sees, opaque. */
export function blend(bottom: Rgba, top: Rgba): Rgba {
  const a = top.a;
  return { r: top.r * a + bottom.r * (1 - a), g: top.g * a + bottom.g * (1 - a), b: top.b * a + bottom.b * (1 - a), a: 1 };
}

/**
 * The colour with opacity `alpha` that, painted over `bottom`, looks like `seen`: converted colours keep
 * the author's transparency.
 */
export function colorSeenAs(seen: Rgba, bottom: Rgba, alpha: number): Rgba {
  if (alpha >= 1) return { ...seen, a: 1 };
  const front = (s: number, b: number) => clamp(b + (s - b) / alpha, 0, 255);
  return { r: front(seen.r, bottom.r), g: front(seen.g, bottom.g), b: front(seen.b, bottom.b), a: alpha };
}

/** Scale a colour so its perceived brightness becomes `target`, moving the remainder into unsaturated channels. */
export function withBrightness(target: number, c: Rgba): Rgba {
  const ratio = target / (perceivedBrightness(c) || 1);
  let r = Math.min(255, c.r * ratio);
  let g = Math.min(255, c.g * ratio);
  let b = Math.min(255, c.b * ratio);
  // a channel that saturated (or a black input) cannot carry the brightness: give it to another channel
  if (g === 0 || r === 255 || b === 255) g = (target * 1000 - r * 299 - b * 114) / 587;
  else if (r === 0) r = (target * 1000 - g * 587 - b * 114) / 299;
  else if (b === 0 || g === 255) b = (target * 1000 - r * 299 - g * 587) / 114;
  return { r: clamp(r, 0, 255), g: clamp(g, 0, 255), b: clamp(b, 0, 255), a: c.a };
}

/** WCAG 2 relative luminance of an opaque colour, 0–1. */
function relativeLuminance(c: Rgba): number {
  const channel = (v: number) => {
    const x = v / 255;
    return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

/** WCAG contrast ratio of two opaque colours, 1–21. */
export function contrastRatio(a: Rgba, b: Rgba): number {
  const x = relativeLuminance(a);
  const y = relativeLuminance(b);
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

/** CIE L*a*b* (D65) of an opaque colour: the space where distances match how different colours look. */
export function toLab(c: Rgba): [number, number, number] {
  const linear = (v: number) => {
    const x = v / 255;
    return x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
  };
  const r = linear(c.r);
  const g = linear(c.g);
  const b = linear(c.b);
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
  const x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047);
  const y = f(0.2126 * r + 0.7152 * g + 0.0722 * b);
  const z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
}

/** CIE76 colour difference: ~2.3 is just noticeable, > 20 reads as another colour. */
export function deltaE(a: Rgba, b: Rgba): number {
  const [l1, a1, b1] = toLab(a);
  const [l2, a2, b2] = toLab(b);
  return Math.hypot(l1 - l2, a1 - a2, b1 - b2);
}
