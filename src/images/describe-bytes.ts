/**
 * What a file that is not an image is, in words, for error messages: "text (UTF-8), 31 B", "an HTML page,
 * 2 kB", "a pdf file (application/pdf), 81 kB", "unknown binary data, 300 B". Never any of its bytes:
 * `![](../.env)` must not print the secret it holds (into a CI log, or `--json` output).
 */
import { filetypeinfo } from 'magic-bytes.js';
import { formatBytes } from './format-bytes.js';

/** Enough to judge text vs binary and read a signature; the rest of a big file changes nothing. */
const SAMPLE = 4096;

export function describeBytes(bytes: Uint8Array): string {
  const size = formatBytes(bytes.length);
  if (bytes.length === 0) return 'an empty file';
  const head = bytes.subarray(0, SAMPLE);
  const text = decodeText(head);
  if (text !== undefined) {
    const start = text.replace(/^\uFEFF/, '').trimStart().slice(0, 64).toLowerCase();
    if (/^<!doctype html|^<html[\s>]|^<head[\s>]|^<body[\s>]/.test(start)) return `an HTML page, ${size}`;
    if (start.startsWith('<?xml')) return `an XML document, ${size}`;
    return `text (UTF-8), ${size}`;
  }
  // entries without a media type are weak signatures (0x00 0x01 reads as "pic"): not worth naming
  const type = filetypeinfo(head).find((t) => t.mime);
  if (type) return `${/^[aeiou]/i.test(type.typename) ? 'an' : 'a'} ${type.typename} file${type.mime ? ` (${type.mime})` : ''}, ${size}`;
  return `unknown binary data, ${size}`;
}

/** The sample as text when it is valid UTF-8 without control characters other than whitespace; else undefined. */
function decodeText(head: Uint8Array): string | undefined {
  let text: string;
  try {
    // stream: a multi-byte character cut by the sample's end is not an error
    text = new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
  } catch {
    return undefined;
  }
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000e-\u001f\u007f]/.test(text) ? undefined : text;
}
