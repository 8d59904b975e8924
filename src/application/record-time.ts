/**
 * Times in records: ISO 8601 with the Asia/Shanghai offset, to the second, e.g.
 * `2027-03-01T09:00:00+08:00` (spec section 11). China has kept UTC+8 without daylight
 * saving since 1991, so a fixed offset is exact.
 */

const offsetMilliseconds = 8 * 60 * 60 * 1000;

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
