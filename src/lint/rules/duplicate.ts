import type { FieldRule } from '../types.js';

/** Compare titles as a reader would: width, case and spacing do not make them different. */
function comparable(title: string): string {
  return title.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

export const duplicate: FieldRule = {
  kind: 'field',
  id: 'title/duplicate',
  defaultSeverity: 'error',
  description: 'Title identical to another article\'s title in the same draft',
  check(fields) {
    const mine = comparable(fields.title);
    if (!mine || !(fields.otherTitles ?? []).some((other) => comparable(other) === mine)) return [];
    return [{ field: 'title', actual: fields.title, message: `Title '${fields.title}' is used by another article in the same draft: give each article its own title` }];
  },
  exampleInput: (value) => ({ title: value, hasCover: true, otherTitles: ['周报 #12', '本周精选'] }),
  examples: { fire: ['周报 #12', '本周精选'], pass: ['周报 #13'] },
};
