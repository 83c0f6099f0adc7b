/**
 * Find many phrases in a short text at once: a character trie for literals (one walk per start
 * position) plus a list of regular expressions. Literals that begin or end with a Latin letter or
 * digit only match on word boundaries, so 'best' does not fire inside 'bestow'.
 */

export interface PhraseHit<T> {
  readonly start: number;
  readonly end: number;
  readonly value: T;
}

interface TrieNode<T> {
  next: Map<string, TrieNode<T>>;
  values: { value: T; boundedStart: boolean; boundedEnd: boolean }[];
}

const WORD_CHAR = /[a-z0-9]/;

function isWordChar(char: string | undefined): boolean {
  return char !== undefined && WORD_CHAR.test(char);
}

export class PhraseMatcher<T> {
  private readonly root: TrieNode<T> = { next: new Map(), values: [] };
  private readonly regexes: { pattern: RegExp; value: T }[] = [];

  add(pattern: string | RegExp, value: T): void {
    if (typeof pattern !== 'string') {
      this.regexes.push({ pattern: new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : pattern.flags + 'g'), value });
      return;
    }
    if (pattern === '') return;
    let node = this.root;
    for (const char of pattern) {
      let child = node.next.get(char);
      if (!child) {
        child = { next: new Map(), values: [] };
        node.next.set(char, child);
      }
      node = child;
    }
    node.values.push({ value, boundedStart: isWordChar(pattern[0]), boundedEnd: isWordChar(pattern[pattern.length - 1]) });
  }

  findAll(text: string): PhraseHit<T>[] {
    const hits: PhraseHit<T>[] = [];
    for (let start = 0; start < text.length; start++) {
      let node: TrieNode<T> | undefined = this.root;
      const leftIsWord = isWordChar(text[start - 1]);
      for (let end = start; end < text.length; ) {
        node = node.next.get(text[end]!);
        if (!node) break;
        end++;
        for (const entry of node.values) {
          if (entry.boundedStart && leftIsWord) continue;
          if (entry.boundedEnd && isWordChar(text[end])) continue;
          hits.push({ start, end, value: entry.value });
        }
      }
    }
    for (const { pattern, value } of this.regexes) {
      pattern.lastIndex = 0;
      for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
        if (match[0] === '') {
          pattern.lastIndex++;
          continue;
        }
        hits.push({ start: match.index, end: match.index + match[0].length, value });
      }
    }
    return hits;
  }
}
