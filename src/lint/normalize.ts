/**
 * Normalise a title before matching, keeping a map back to the original so columns stay true:
 * - NFKC per character (full width → half width, ㊣ → 正, … → ...), Latin lower case, curly quotes → ASCII;
 * - traditional → simplified for the characters of our lists;
 * - zero-width, variation and other invisible characters dropped;
 * - spaces and symbols inserted between two CJK characters (震*惊, 震 惊) dropped.
 * Every dropped character marks a gap before the next kept one, so a match across a gap is an evasion.
 */
import { toSimplified } from './traditional.js';

export interface NormalizedText {
  /** The text rules match on. */
  readonly text: string;
  /** For each UTF-16 unit of `text`: start offset (UTF-16) of the original character it came from. */
  readonly starts: readonly number[];
  /** For each UTF-16 unit of `text`: end offset (exclusive) of that original character. */
  readonly ends: readonly number[];
  /** For each UTF-16 unit of `text`: 1 when characters were dropped just before it. */
  readonly gapBefore: readonly number[];
  /** The text before normalisation. */
  readonly original: string;
}

/** Punctuation that separates words in ordinary titles: never treated as inserted filler. */
const SENTENCE_PUNCTUATION = new Set([...',;:!?\'"()[]{}<>~', ...'。、「」『』《》〈〉【】〔〕—–']);

/** Most separators an evader puts between two characters (震***惊). */
const MAX_FILLER_RUN = 3;

const QUOTES: Record<string, string> = { '\u2018': "'", '\u2019': "'", '\u201C': '"', '\u201D': '"' };

/** Invisible characters: zero-width, joiners, marks, BOM, soft hyphen, variation selectors, tags. */
function isHidden(cp: number): boolean {
  return (
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x2060 && cp <= 0x2064) ||
    cp === 0xfeff ||
    cp === 0x00ad ||
    cp === 0x034f ||
    cp === 0x180e ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    (cp >= 0xe0100 && cp <= 0xe01ef) ||
    (cp >= 0xe0000 && cp <= 0xe007f)
  );
}

export function isHan(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x20000 && cp <= 0x3134f)
  );
}

const FILLER = /^[\s\p{P}\p{S}]$/u;

function isFiller(char: string): boolean {
  return FILLER.test(char) && !SENTENCE_PUNCTUATION.has(char);
}

/** Fold one original character to the characters rules match on. */
function foldChar(char: string, cp: number): string {
  if (cp < 0x80) return cp >= 0x41 && cp <= 0x5a ? String.fromCharCode(cp + 32) : char;
  if (cp >= 0x4e00 && cp <= 0x9fff) return toSimplified(char);
  let folded = QUOTES[char] ?? char.normalize('NFKC').toLowerCase();
  if (folded.length === 1) folded = toSimplified(folded);
  return folded;
}

export function normalizeText(original: string): NormalizedText {
  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  const gapBefore: number[] = [];
  let pendingGap = 0;
  let lastKeptIsHan = false;
  // Fillers seen after a Han character, held back until we know what follows them.
  let held: { char: string; start: number; end: number; gap: number }[] = [];

  const emit = (folded: string, start: number, end: number, gap: number): void => {
    for (let k = 0; k < folded.length; k++) {
      text += folded[k];
      starts.push(start);
      ends.push(end);
      gapBefore.push(k === 0 ? gap : 0);
    }
  };
  const flushHeld = (): void => {
    for (const h of held) emit(h.char, h.start, h.end, h.gap);
    held = [];
  };

  for (let i = 0; i < original.length; ) {
    const cp = original.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const char = original.slice(i, i + width);
    const start = i;
    i += width;
    if (isHidden(cp)) {
      pendingGap = 1;
      continue;
    }
    const folded = foldChar(char, cp);
    if (folded.length === 0) {
      pendingGap = 1;
      continue;
    }
    const foldedCp = folded.codePointAt(0)!;
    if ((lastKeptIsHan || held.length > 0) && folded.length <= 2 && isFiller(folded)) {
      held.push({ char: folded, start, end: i, gap: pendingGap });
      pendingGap = 0;
      continue;
    }
    if (held.length > 0) {
      if (isHan(foldedCp) && held.length <= MAX_FILLER_RUN) {
        held = [];
        pendingGap = 1;
      } else {
        flushHeld();
      }
    }
    emit(folded, start, i, pendingGap);
    pendingGap = 0;
    lastKeptIsHan = isHan(folded.codePointAt(folded.length - 1)!);
  }
  flushHeld();
  return { text, starts, ends, gapBefore, original };
}

/** Normalise a word of a list the same way titles are normalised. */
export function normalizeWord(word: string): string {
  return normalizeText(word).text;
}

/** Whether characters were dropped inside text[start, end): the match was split or disguised. */
export function spansGap(n: NormalizedText, start: number, end: number): boolean {
  for (let k = start + 1; k < end; k++) if (n.gapBefore[k]) return true;
  return false;
}

/** Separators ordinary titles put between words: a space, a middle dot. */
const WORD_SEPARATOR = /^[\s\u3000·・•‧]+$/u;

/**
 * Whether the gap before text[k] is an ordinary break between two words rather than a word split apart:
 * only spaces or middle dots were dropped, and at least two Han characters stand on each side
 * (花莲地震 惊险瞬间: 地震 | 惊险, not 震惊; 震 惊！ and 转-发-保-平-安 stay evasions).
 */
export function isWordBreak(n: NormalizedText, k: number): boolean {
  if (!n.gapBefore[k] || k === 0) return false;
  const dropped = n.original.slice(n.ends[k - 1], n.starts[k]);
  if (!WORD_SEPARATOR.test(dropped)) return false;
  return hanRun(n, k - 1, -1) >= 2 && hanRun(n, k, 1) >= 2;
}

/** Han characters in a row from text[from] in `step` direction, without a gap between them. */
function hanRun(n: NormalizedText, from: number, step: 1 | -1): number {
  let length = 0;
  for (let j = from; j >= 0 && j < n.text.length && isHan(n.text.codePointAt(j)!); j += step) {
    length++;
    if (n.gapBefore[step < 0 ? j : j + 1]) break;
  }
  return length;
}

/** A match that runs across an ordinary word break is two words that happen to meet, not the word. */
export function spansWordBreak(n: NormalizedText, start: number, end: number): boolean {
  for (let k = start + 1; k < end; k++) if (isWordBreak(n, k)) return true;
  return false;
}

/** The original UTF-16 range of text[start, end). */
export function toOriginalRange(n: NormalizedText, start: number, end: number): { start: number; end: number } {
  return { start: n.starts[start] ?? 0, end: n.ends[end - 1] ?? n.starts[start] ?? 0 };
}
