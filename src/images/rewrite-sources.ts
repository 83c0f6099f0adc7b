/**
 * Point the n-th `<img>` of compiled HTML at its uploaded URL. A small tag scanner (comments, quoted
 * attribute values and raw-text elements are skipped properly) keeps every other byte untouched;
 * code blocks are escaped text, so `&lt;img` in them is never seen as a tag.
 */

interface ImgTag {
  index: number;
  /** Offset just after `<img`. */
  nameEnd: number;
  /** The src attribute's value span including quotes, when present. */
  src?: { start: number; end: number; value: string };
}

const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp']);
const TAG_NAME = /<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)/y;

function scanImgTags(html: string): ImgTag[] {
  const tags: ImgTag[] = [];
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) break;
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end < 0 ? html.length : end + 3;
      continue;
    }
    if (html[lt + 1] === '!' || html[lt + 1] === '?') {
      const end = html.indexOf('>', lt);
      i = end < 0 ? html.length : end + 1;
      continue;
    }
    TAG_NAME.lastIndex = lt;
    const m = TAG_NAME.exec(html);
    if (!m) {
      i = lt + 1;
      continue;
    }
    const closing = m[1] === '/';
    const name = m[2]!.toLowerCase();
    let j = lt + m[0].length;
    let src: ImgTag['src'];
    // Attributes up to the closing '>' (which may appear inside quoted values).
    while (j < html.length && html[j] !== '>') {
      const c = html[j]!;
      if (/[\s/]/.test(c)) {
        j++;
        continue;
      }
      const nameStart = j;
      while (j < html.length && !/[\s"'>/=]/.test(html[j]!)) j++;
      if (j === nameStart) j++; // stray quote: step over it
      const attr = html.slice(nameStart, j).toLowerCase();
      while (j < html.length && /\s/.test(html[j]!)) j++;
      if (html[j] !== '=') continue;
      j++;
      while (j < html.length && /\s/.test(html[j]!)) j++;
      const valueStart = j;
      let value: string;
      const quote = html[j];
      if (quote === '"' || quote === "'") {
        const close = html.indexOf(quote, j + 1);
        const end = close < 0 ? html.length : close;
        value = html.slice(j + 1, end);
        j = Math.min(html.length, end + 1);
      } else {
        while (j < html.length && !/[\s>]/.test(html[j]!)) j++;
        value = html.slice(valueStart, j);
      }
      if (attr === 'src' && !src) src = { start: valueStart, end: j, value: decodeEntities(value) };
    }
    const tagEnd = Math.min(html.length, j + 1);
    if (!closing && name === 'img') tags.push({ index: tags.length, nameEnd: lt + m[0].length, src });
    if (!closing && RAW_TEXT.has(name)) {
      const close = html.toLowerCase().indexOf(`</${name}`, tagEnd);
      i = close < 0 ? html.length : close;
      continue;
    }
    i = tagEnd;
  }
  return tags;
}

/** Replace the src of each `<img>` whose 0-based index is in the map; everything else is kept byte for byte. */
export function rewriteImageSources(html: string, urlsByIndex: ReadonlyMap<number, string>): string {
  if (urlsByIndex.size === 0) return html;
  const edits: { start: number; end: number; text: string }[] = [];
  for (const tag of scanImgTags(html)) {
    const url = urlsByIndex.get(tag.index);
    if (url === undefined) continue;
    const quoted = `"${escapeAttribute(url)}"`;
    if (tag.src) edits.push({ start: tag.src.start, end: tag.src.end, text: quoted });
    else edits.push({ start: tag.nameEnd, end: tag.nameEnd, text: ` src=${quoted}` });
  }
  let out = '';
  let at = 0;
  for (const edit of edits) {
    out += html.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return out + html.slice(at);
}

/** The src of every `<img>` in document order (entities decoded); '' when a tag has none. */
export function listImageSources(html: string): string[] {
  return scanImgTags(html).map((t) => t.src?.value ?? '');
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}

function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|amp|quot|apos|lt|gt);/gi, (all, ent: string) => {
    const e = ent.toLowerCase();
    if (e === 'amp') return '&';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    const code = e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : all;
  });
}
