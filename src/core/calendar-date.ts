/**
 * Calendar dates (日期) written `YYYY-MM-DD`, the one spelling records, plans and requests use.
 * A date is valid when it names a real day of the proleptic Gregorian calendar (2023-02-29
 * and 2026-02-30 do not exist) in a sane range of years. Integer arithmetic only (after
 * Howard Hinnant's civil-date algorithms): no `Date`, no clock, no time zone.
 */
import { err, ok, type Result } from './result.ts';

/** The years a date may fall in: older or later dates are typing mistakes, not records. */
export const FIRST_CALENDAR_YEAR = 1900;
export const LAST_CALENDAR_YEAR = 2200;

export type CalendarDateIssue =
  | { readonly code: 'not_a_date'; readonly text: string }
  | { readonly code: 'impossible_date'; readonly text: string }
  | { readonly code: 'year_out_of_range'; readonly text: string; readonly first: number; readonly last: number };

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Whether `year` has a 29 February.
 *
 * @example isLeapYear(2000) // true
 * @example isLeapYear(2100) // false
 */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * How many days month `month` (1-12) of `year` has.
 *
 * @example daysInMonth(2024, 2) // 29
 */
export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Days since 1970-01-01 of a real date `YYYY-MM-DD` (any year 0000-9999), or undefined.
 *
 * @example toDayNumber('1970-01-02') // 1
 * @example toDayNumber('2026-02-30') // undefined
 */
export function toDayNumber(date: string): number | undefined {
  const match = datePattern.exec(date);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** The date of a day number. @example fromDayNumber(0) // '1970-01-01' */
export function fromDayNumber(days: number): string {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The date itself when `text` is a real date `YYYY-MM-DD` between `FIRST_CALENDAR_YEAR`
 * and `LAST_CALENDAR_YEAR`, or why not.
 *
 * @example checkCalendarDate('2024-02-29') // ok('2024-02-29')
 * @example checkCalendarDate('2023-02-30') // err({ code: 'impossible_date', text: '2023-02-30' })
 */
export function checkCalendarDate(text: string): Result<string, CalendarDateIssue> {
  if (!datePattern.test(text)) return err({ code: 'not_a_date', text });
  if (toDayNumber(text) === undefined) return err({ code: 'impossible_date', text });
  const year = Number(text.slice(0, 4));
  if (year < FIRST_CALENDAR_YEAR || year > LAST_CALENDAR_YEAR) return err({ code: 'year_out_of_range', text, first: FIRST_CALENDAR_YEAR, last: LAST_CALENDAR_YEAR });
  return ok(text);
}

/**
 * Whether `text` is a real date `YYYY-MM-DD` in the accepted years (`checkCalendarDate`).
 *
 * @example isCalendarDate('2024-02-29') // true
 * @example isCalendarDate('2023-02-29') // false
 */
export function isCalendarDate(text: string): boolean {
  return checkCalendarDate(text).ok;
}

/**
 * Whether an ISO 8601 date-time starts with a real date in the accepted years: `Date.parse`
 * alone reads `2023-02-30T10:00Z` as 2 March.
 *
 * @example startsWithCalendarDate('2023-02-30T10:00:00+08:00') // false
 */
export function startsWithCalendarDate(dateTime: string): boolean {
  return isCalendarDate(dateTime.slice(0, 10));
}
