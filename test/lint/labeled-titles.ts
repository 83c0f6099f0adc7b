/** Reads test/fixtures/titles/labeled.tsv: label, category, title (\u{XXXX} escapes decoded). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface LabeledTitle {
  label: 'risky' | 'safe';
  category: string;
  title: string;
  line: number;
}

export const LABELED_PATH = fileURLToPath(new URL('../fixtures/titles/labeled.tsv', import.meta.url));

export function readLabeledTitles(path = LABELED_PATH): LabeledTitle[] {
  const rows: LabeledTitle[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((text, index) => {
      if (!text.trim() || text.startsWith('#') || text.startsWith('label\t')) return;
      const [label, category, title] = text.split('\t');
      if ((label !== 'risky' && label !== 'safe') || !category || title === undefined) {
        throw new Error(`labeled.tsv:${index + 1}: expected "risky|safe<TAB>category<TAB>title", got ${JSON.stringify(text)}`);
      }
      rows.push({ label, category, title: title.replace(/\\u\{([0-9a-fA-F]+)\}/g, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16))), line: index + 1 });
    });
  return rows;
}
