/**
 * A URL as a reader should see it in 参考链接: `https://example.com/文档/指南`, not
 * `https://example.com/%E6%96%87%E6%A1%A3/...`. Only escapes of non-ASCII characters are decoded, so the
 * text is still the exact address (browsers and WeChat encode those characters again when it is opened).
 * ASCII escapes stay as written: `%20` (a space would end the URL when copied), `%23` and `%3F` (they would
 * read as the fragment or query), `%25` (decoding it would make `%2541` mean `%41`), `%2F`.
 * Characters that are invisible or read as spacing (zero-width, bidi controls, U+3000) stay encoded too.
 */

/** Runs of escapes of bytes 0x80-0xFF: the UTF-8 sequences of non-ASCII characters. */
const NON_ASCII_ESCAPES = /(?:%[89a-f][0-9a-f])+/gi;
/** Decoded characters that must not appear bare in a URL shown as text. */
const KEEP_ENCODED = /[\p{White_Space}\p{Cc}\p{Cf}\p{Co}\p{Cn}\u2028\u2029]/u;

export function displayUrl(url: string): string {
  if (!url.includes('%')) return url;
  return url.replace(NON_ASCII_ESCAPES, (run) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(run);
    } catch {
      return run; // not valid UTF-8: show the bytes as they are
    }
    // each character took 3 characters of the run per UTF-8 byte: keep those exact where it stays encoded
    let out = '';
    let at = 0;
    for (const char of decoded) {
      const cp = char.codePointAt(0)!;
      const width = 3 * (cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4);
      out += KEEP_ENCODED.test(char) ? run.slice(at, at + width) : char;
      at += width;
    }
    return out;
  });
}
