/**
 * Times in records: ISO 8601 with the Asia/Shanghai offset, to the second, e.g.
 * `2027-03-01T09:00:00+08:00` (spec section 11). China has kept UTC+8 without daylight
 * saving since 1991, so a fixed offset is exact. Pure: the instant is always passed in.
 */
import { startsWithCalendarDate } from './calendar-date.ts';

const offsetMilliseconds = 8 * 60 * 60 * 1000;

/** ISO 8601 with a UTC offset (or Z), seconds optional: what a record or a plan may carry. */
const isoWithOffset = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * @example formatRecordTime(new Date('2027-03-01T01:00:00Z')) // '2027-03-01T09:00:00+08:00'
 */
export function formatRecordTime(instant: Date): string {
  return `${new Date(instant.getTime() + offsetMilliseconds).toISOString().slice(0, 19)}+08:00`;
}

/**
 * The Asia/Shanghai calendar date of an instant.
 *
 * @example shanghaiDate(new Date('2027-02-28T17:00:00Z')) // '2027-03-01'
 */
export function shanghaiDate(instant: Date): string {
  return new Date(instant.getTime() + offsetMilliseconds).toISOString().slice(0, 10);
}

/**
 * The instant of an ISO 8601 time that names its offset, in Unix milliseconds; undefined
 * for anything else (a time without an offset means different instants in different places).
 *
 * @example parseRecordTime('2027-03-01T09:00:00+08:00') // 1803862800000
 * @example parseRecordTime('2027-03-01 09:00') // undefined
 */
export function parseRecordTime(text: string): number | undefined {
  // Date.parse reads an impossible day such as 2023-02-30 as a later one.
  if (!isoWithOffset.test(text) || !startsWithCalendarDate(text)) return undefined;
  const instant = Date.parse(text);
  return Number.isNaN(instant) ? undefined : instant;
}
