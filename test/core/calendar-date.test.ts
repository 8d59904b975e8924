/**
 * Calendar dates `YYYY-MM-DD` (ISO 8601 calendar date, extended format) in the proleptic
 * Gregorian calendar: a year is leap when divisible by 4, except centuries not divisible by 400.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCalendarDate, daysInMonth, FIRST_CALENDAR_YEAR, fromDayNumber, isCalendarDate, LAST_CALENDAR_YEAR, startsWithCalendarDate, toDayNumber } from '../../src/core/calendar-date.ts';
import { parseRecordTime } from '../../src/core/record-time.ts';
import { parseInstant } from '../../src/core/verify/check-log.ts';

describe('checkCalendarDate', () => {
  it.each([
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['2023-02-29', false],
    ['1900-02-29', false],
    ['2023-02-30', false],
    ['2023-04-31', false],
    ['2024-13-01', false],
    ['2024-00-10', false],
    ['2024-01-00', false],
    ['2024-4-1', false],
    ['2024-04-01T00:00', false],
  ])('knows whether %s is a calendar date', (text, valid) => {
    expect(isCalendarDate(text)).toBe(valid);
  });

  it('tells a misspelt date, an impossible day and a year out of range apart', () => {
    expect(checkCalendarDate('2023/02/01')).toEqual({ ok: false, error: { code: 'not_a_date', text: '2023/02/01' } });
    expect(checkCalendarDate('2023-02-30')).toEqual({ ok: false, error: { code: 'impossible_date', text: '2023-02-30' } });
    expect(checkCalendarDate('1899-12-31')).toEqual({ ok: false, error: { code: 'year_out_of_range', text: '1899-12-31', first: FIRST_CALENDAR_YEAR, last: LAST_CALENDAR_YEAR } });
    expect(checkCalendarDate('2201-01-01')).toMatchObject({ ok: false, error: { code: 'year_out_of_range' } });
    expect(checkCalendarDate('1900-01-01')).toEqual({ ok: true, value: '1900-01-01' });
    expect(checkCalendarDate('2200-12-31')).toEqual({ ok: true, value: '2200-12-31' });
  });

  it('accepts exactly the dates that are some day of the accepted years', () => {
    const first = toDayNumber(`${FIRST_CALENDAR_YEAR}-01-01`) as number;
    const last = toDayNumber(`${LAST_CALENDAR_YEAR}-12-31`) as number;
    fc.assert(
      fc.property(fc.integer({ min: first, max: last }), (days) => {
        expect(checkCalendarDate(fromDayNumber(days))).toEqual({ ok: true, value: fromDayNumber(days) });
      }),
    );
  });

  it('gives February 29 days in leap years only, and 30 days to April, June, September and November', () => {
    expect([2024, 2000, 2023, 1900].map((year) => daysInMonth(year, 2))).toEqual([29, 29, 28, 28]);
    expect([4, 6, 9, 11].map((month) => daysInMonth(2023, month))).toEqual([30, 30, 30, 30]);
  });
});

describe('date-times start with a real day', () => {
  it('refuses 2023-02-30T10:00, which Date.parse alone reads as 2 March', () => {
    expect(Number.isNaN(Date.parse('2023-02-30T10:00:00+08:00'))).toBe(false);
    expect(startsWithCalendarDate('2023-02-30T10:00:00+08:00')).toBe(false);
    expect(parseRecordTime('2023-02-30T10:00:00+08:00')).toBeUndefined();
    expect(parseInstant('2023-02-30T10:00:00+08:00')).toBeUndefined();
  });

  it('still reads a real date-time with its offset', () => {
    expect(parseRecordTime('2024-02-29T10:00:00+08:00')).toBe(Date.parse('2024-02-29T02:00:00Z'));
    expect(parseInstant('2024-02-29T10:00:00Z')).toBe(Date.parse('2024-02-29T10:00:00Z'));
  });
});
