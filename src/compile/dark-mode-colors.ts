/**
 * The colour rules of WeChat's dark mode (wechatjs/mp-darkmode, run in the reader's client), shared by the
 * compile-time contrast check and the preview's dark-mode rendering. Pure.
 *
 * Backgrounds: white and greys are inverted around the dark page colour, other bright colours dimmed to
 * perceived brightness 190, very dark ones lifted. Text: near-white stays, dark text on the page becomes the
 * default dark text colour, anything within 65 brightness of its background is pushed away from it.
 */
import { blend, colorSeenAs, fromHsl, parseColor, perceivedBrightness, toHsl, withBrightness, type Rgba } from './color.js';

/** Thresholds from mp-darkmode, in perceived brightness (0–255) or HSL lightness (0–100). */
const WHITE_LIKE_BRIGHTNESS = 250;
const MAX_BACKGROUND_BRIGHTNESS = 190;
const MIN_TEXT_OFFSET = 65;
const BRIGHT_BACKGROUND = 100;
const GREY_INVERT_LIGHTNESS = 40;
const MIN_BACKGROUND_LIGHTNESS = 22;
export const IGNORE_ALPHA = 0.05;

export interface DarkModeOptions {
  /** Dark page background (WeChat: #191919). */
  background?: string;
  /** Default dark text colour, may be translucent (WeChat: rgba(255,255,255,0.6), which reads as #a3a3a3). */
  text?: string;
}

/** The light page the article was styled for (mp-darkmode's defaults). */
export const LIGHT_BACKGROUND: Rgba = { r: 255, g: 255, b: 255, a: 1 };
export const LIGHT_TEXT: Rgba = { r: 25, g: 25, b: 25, a: 1 };

export interface DarkPalette {
  background: Rgba;
  backgroundLightness: number;
  backgroundBrightness: number;
  /** How far default dark text sits above the dark background: brighter text is toned down to this. */
  maxTextOffset: number;
}

export function darkPalette(options: DarkModeOptions = {}): DarkPalette {
  const background = parseColor(options.background ?? '#191919') ?? { r: 25, g: 25, b: 25, a: 1 };
  const text = blend(background, parseColor(options.text ?? 'rgba(255,255,255,0.6)') ?? { r: 163, g: 163, b: 163, a: 1 });
  return {
    background,
    backgroundLightness: toHsl(background)[2],
    backgroundBrightness: perceivedBrightness(background),
    maxTextOffset: Math.max(perceivedBrightness(text) - perceivedBrightness(background), 0),
  };
}

/**
 * A background in dark mode: white and greys are inverted around the dark page colour, other bright colours
 * dimmed to brightness 190, very dark ones lifted a little so they stay distinguishable from the page.
 */
export function convertBackground(color: Rgba, under: Rgba, palette: DarkPalette): Rgba {
  const seen = blend(under, color);
  const [h, s, l] = toHsl(seen);
  const brightness = perceivedBrightness(seen);
  let next = seen;
  if ((s === 0 && l > GREY_INVERT_LIGHTNESS) || brightness > WHITE_LIKE_BRIGHTNESS) {
    next = fromHsl(0, 0, Math.min(100, 100 + palette.backgroundLightness - l));
  } else if (brightness > MAX_BACKGROUND_BRIGHTNESS) {
    next = withBrightness(MAX_BACKGROUND_BRIGHTNESS, seen);
  } else if (l < MIN_BACKGROUND_LIGHTNESS) {
    next = fromHsl(h, s, MIN_BACKGROUND_LIGHTNESS);
  }
  return colorSeenAs(next, under, color.a);
}

/**
 * A text (or border) colour in dark mode over `background`: near-white stays; dark text on the page background
 * becomes the default dark text colour; anything too close to its background is pushed 65 brightness away.
 */
export function convertText(color: Rgba, background: Rgba, palette: DarkPalette, seenAlready?: { alpha: number; backgroundBrightness: number }): Rgba {
  const alpha = seenAlready?.alpha ?? color.a;
  const seen = seenAlready ? color : blend(background, color);
  const textBrightness = perceivedBrightness(seen);
  const backgroundBrightness = seenAlready?.backgroundBrightness ?? perceivedBrightness(background);
  const offset = Math.abs(backgroundBrightness - textBrightness);
  const keep = () => (seenAlready ? colorSeenAs(seen, background, alpha) : color);

  if (textBrightness >= WHITE_LIKE_BRIGHTNESS) return keep();
  if (offset > palette.maxTextOffset && backgroundBrightness <= palette.backgroundBrightness + 2) {
    return colorSeenAs(withBrightness(palette.maxTextOffset + backgroundBrightness, seen), background, alpha);
  }
  if (offset >= MIN_TEXT_OFFSET) return keep();

  const [h, s, l] = toHsl(seen);
  const again = { alpha, backgroundBrightness };
  if (backgroundBrightness >= BRIGHT_BACKGROUND) {
    // bright background: darken the text, by lightness first (keeps the hue)
    if (l > 90 - GREY_INVERT_LIGHTNESS) return convertText(fromHsl(h, s, 90 - l), background, palette, again);
    return colorSeenAs(withBrightness(Math.min(palette.maxTextOffset, backgroundBrightness - MIN_TEXT_OFFSET), seen), background, alpha);
  }
  if (l <= GREY_INVERT_LIGHTNESS) return convertText(fromHsl(h, s, 90 - l), background, palette, again);
  return colorSeenAs(withBrightness(Math.min(palette.maxTextOffset, backgroundBrightness + MIN_TEXT_OFFSET), seen), background, alpha);
}
