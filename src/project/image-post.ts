/**
 * An image post (newspic, 小绿书) as a phone shows it (gzh dev, and gzh build's pages): the pictures side by side, swiped one at a time (CSS
 * scroll-snap, no script), a "1/3" counter on each, then the plain text, one paragraph per line. Inline styles
 * only, like article HTML, so the page's dark-mode conversion and block patching treat it the same.
 */
import { escapeHtml } from './preview-page.js';

export function renderImagePost(pictures: readonly string[], text: string): string {
  const slides = pictures
    .map(
      (src, i) =>
        `<div class="newspic-slide" style="flex:0 0 100%;scroll-snap-align:center;position:relative;aspect-ratio:3/4;background-color:#000000;display:flex;align-items:center;justify-content:center;">` +
        `<img src="${escapeHtml(src)}" alt="" style="max-width:100%;max-height:100%;object-fit:contain;display:block;">` +
        `<span style="position:absolute;right:8px;top:8px;font-size:12px;line-height:18px;padding:0 7px;border-radius:9px;color:#ffffff;background-color:rgba(0,0,0,0.45);">${i + 1}/${pictures.length}</span></div>`,
    )
    .join('');
  const paragraphs = text
    .split('\n')
    .map((line) => `<p style="margin:0 0 8px;font-size:16px;line-height:1.7;color:#1a1a1a;white-space:pre-wrap;">${escapeHtml(line)}</p>`)
    .join('');
  return (
    `<section class="newspic">` +
    `<div class="newspic-pictures" style="display:flex;overflow-x:auto;scroll-snap-type:x mandatory;scrollbar-width:none;margin:0 -16px 16px;">${slides}</div>` +
    `<section class="newspic-text">${paragraphs}</section></section>`
  );
}
