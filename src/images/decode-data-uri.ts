/** `data:[<mediatype>][;base64],<data>` (RFC 2397) to bytes. */

export interface DecodedDataUri {
  mediaType: string;
  bytes: Buffer;
}

/** Decode a data URI; throws an Error with the reason when it is malformed. */
export function decodeDataUri(uri: string): DecodedDataUri {
  const comma = uri.indexOf(',');
  if (!/^data:/i.test(uri) || comma < 0) throw new Error('malformed data: URI (expected data:<type>;base64,<data>)');
  const header = uri.slice(5, comma);
  const payload = uri.slice(comma + 1);
  const params = header.split(';').map((p) => p.trim());
  const isBase64 = params.some((p) => p.toLowerCase() === 'base64');
  const mediaType = params[0] && params[0].includes('/') ? params[0].toLowerCase() : 'text/plain';
  if (isBase64) {
    const clean = percentDecode(payload).toString('latin1').replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(clean)) throw new Error('malformed data: URI (invalid base64)');
    return { mediaType, bytes: Buffer.from(clean, 'base64') };
  }
  return { mediaType, bytes: percentDecode(payload) };
}

/** Percent-decoding at the byte level (decodeURIComponent rejects non-UTF-8 bytes). */
function percentDecode(text: string): Buffer {
  const raw = Buffer.from(text, 'utf8');
  if (!raw.includes(0x25)) return raw;
  const out = Buffer.alloc(raw.length);
  let n = 0;
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i]!;
    if (b === 0x25 && i + 2 < raw.length && /^[0-9a-f]{2}$/i.test(raw.toString('latin1', i + 1, i + 3))) {
      out[n++] = parseInt(raw.toString('latin1', i + 1, i + 3), 16);
      i += 2;
    } else {
      out[n++] = b;
    }
  }
  return out.subarray(0, n);
}
