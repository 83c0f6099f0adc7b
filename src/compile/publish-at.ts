/**
 * Front matter `publish_at`: when `gzh publish --due` publishes the article. ISO 8601 date and time with an
 * offset (`2026-12-24T08:00+08:00`, `…Z`); without one it is Beijing time, the time the account's readers live in.
 * A date that does not exist (02-30, 25:00) is an error, not the next valid moment.
 */
import { z } from 'zod';

const FORMAT = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:?\d{2})?$/;
const HINT = 'a time such as 2026-12-24T08:00+08:00 (date, T, hours:minutes, offset; no offset = Beijing time)';

/** Milliseconds since the epoch of a `publish_at` value, or undefined when it is not a valid one. */
export function parsePublishAt(value: string): number | undefined {
  const m = FORMAT.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s = '00', zone] = m;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined;
  // Date.UTC rolls 02-30 over to 03-02: compare back to refuse it
  const local = Date.UTC(year, month - 1, day, hour, minute, second);
  if (new Date(local).getUTCDate() !== day) return undefined;
  const offset = zone === undefined ? 8 * 60 : zone === 'Z' ? 0 : offsetMinutes(zone);
  if (offset === undefined) return undefined;
  return local - offset * 60_000;
}

function offsetMinutes(zone: string): number | undefined {
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
  const hours = Number(m[2]);
  const minutes = Number(m[3]);
  if (hours > 14 || minutes > 59) return undefined;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

/** YAML 1.2 reads `2026-12-24T08:00+08:00` as text; a YAML 1.1 timestamp (a Date) is taken as its ISO text. */
export const publishAtSchema = z.preprocess(
  (v) => (v instanceof Date ? v.toISOString() : v),
  z.string().refine((v) => parsePublishAt(v) !== undefined, `must be ${HINT}`),
);
