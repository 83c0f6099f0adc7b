/** Terminal columns of a string: CJK, kana, hangul and fullwidth characters take two. The one measure of gzh's tables. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|\p{Script=Han}/u.test(ch) ? 2 : 1;
  return w;
}
