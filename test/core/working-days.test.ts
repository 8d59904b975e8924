/**
 * Working days for publication deadlines: weekends, public holidays and make-up working days
 * (调休). Real data: 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04) and
 * 国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号, 2024-11-12).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadWorkingCalendar } from '../../src/application/working-calendar.ts';
import { fromDayNumber, toDayNumber } from '../../src/core/calendar-date.ts';
import {
  addWorkingDays,
  countWorkingDays,
  coversDate,
  dayOfWeek,
  isWorkingDay,
  parseWorkingCalendar,
  type WorkingCalendar,
} from '../../src/core/working-days.ts';

const weekendsOnly: WorkingCalendar = { holidays: new Set(), makeUpWorkdays: new Set(), years: new Set() };

/** The 2026 Mid-Autumn and National Day arrangement, written out by hand for the test. */
const autumn2026 = parseWorkingCalendar({
  format: 'suiji.working-calendar/1',
  years: [
    {
      year: 2026,
      holidays: [
        { name: '中秋节', from: '2026-09-25', to: '2026-09-27' },
        { name: '国庆节', from: '2026-10-01', to: '2026-10-07' },
      ],
      makeUpWorkdays: ['2026-09-20', '2026-10-10'],
    },
  ],
});
if (!autumn2026.ok) throw new Error('the test calendar is invalid');
const national = loadWorkingCalendar();

describe('civil dates', () => {
  it('knows the day of the week', () => {
    expect(dayOfWeek('1970-01-01')).toBe(4);
    expect(dayOfWeek('2026-02-14')).toBe(6);
    expect(dayOfWeek('2026-02-17')).toBe(2);
    expect(dayOfWeek('2000-02-29')).toBe(2);
  });

  it('rejects dates that do not exist', () => {
    expect(toDayNumber('2026-02-29')).toBeUndefined();
    expect(toDayNumber('2026-13-01')).toBeUndefined();
    expect(toDayNumber('2026-2-1')).toBeUndefined();
    expect(toDayNumber('2024-02-29')).toBe(19782);
  });

  it('maps day numbers to dates and back, one day apart', () => {
    fc.assert(
      fc.property(fc.integer({ min: toDayNumber('0001-01-01') as number, max: (toDayNumber('9999-12-31') as number) - 1 }), (days) => {
        const date = fromDayNumber(days);
        expect(toDayNumber(date)).toBe(days);
        expect(date < fromDayNumber(days + 1)).toBe(true);
      }),
    );
  });
});

describe('working days', () => {
  it('counts 20 working days over Mid-Autumn and National Day 2026, make-up Sunday and Saturday included', () => {
    // 09-20 (Sun) worked; 09-25..27 and 10-01..07 off; 10-10 (Sat) worked.
    expect(addWorkingDays('2026-09-18', 20, autumn2026.value)).toBe('2026-10-22');
    expect(addWorkingDays('2026-09-18', 20, weekendsOnly)).toBe('2026-10-16');
    expect(isWorkingDay('2026-09-20', autumn2026.value)).toBe(true);
    expect(isWorkingDay('2026-09-25', autumn2026.value)).toBe(false);
    expect(isWorkingDay('2026-10-10', autumn2026.value)).toBe(true);
    expect(isWorkingDay('2026-10-11', autumn2026.value)).toBe(false);
  });

  it('crosses the 2026 Spring Festival of the shipped national calendar', () => {
    expect(addWorkingDays('2026-02-12', 3, national)).toBe('2026-02-24');
    expect(isWorkingDay('2026-02-14', national)).toBe(true);
    expect(isWorkingDay('2026-02-28', national)).toBe(true);
    expect(countWorkingDays('2026-02-14', '2026-02-24', national)).toBe(1);
    // Feb 2-13 (10), Sat 02-14 (11), 02-24..27 (15), Sat 02-28 (16), Mar 2-5 (20).
    expect(addWorkingDays('2026-01-30', 20, national)).toBe('2026-03-05');
  });

  it('crosses the 2025 National Day and Mid-Autumn holiday of the shipped calendar', () => {
    expect(addWorkingDays('2025-09-26', 5, national)).toBe('2025-10-10');
    expect(isWorkingDay('2025-09-28', national)).toBe(true);
    expect(isWorkingDay('2025-10-08', national)).toBe(false);
    expect(isWorkingDay('2025-10-11', national)).toBe(true);
  });

  it('ships holidays of the announced lengths, and make-up days only on weekends', () => {
    const offIn = (from: string, to: string): number => {
      let count = 0;
      for (let day = toDayNumber(from) as number; day <= (toDayNumber(to) as number); day++) if (national.holidays.has(fromDayNumber(day))) count += 1;
      return count;
    };
    expect(offIn('2026-02-15', '2026-02-23')).toBe(9);
    expect(offIn('2026-10-01', '2026-10-07')).toBe(7);
    expect(offIn('2025-01-28', '2025-02-04')).toBe(8);
    expect(offIn('2025-10-01', '2025-10-08')).toBe(8);
    for (const date of national.makeUpWorkdays) expect([0, 6]).toContain(dayOfWeek(date));
    expect([2025, 2026].every((year) => coversDate(`${year}-06-01`, national))).toBe(true);
    expect(coversDate('2027-06-01', national)).toBe(false);
  });

  it('counts working days backwards as negative, for overdue results', () => {
    expect(countWorkingDays('2026-09-30', '2026-10-09', autumn2026.value)).toBe(2);
    expect(countWorkingDays('2026-10-09', '2026-09-30', autumn2026.value)).toBe(-2);
    expect(addWorkingDays('2026-10-03', 0, autumn2026.value)).toBe('2026-10-03');
  });

  it('lands on a working day exactly n working days later', () => {
    const dates = fc.integer({ min: toDayNumber('2025-01-01') as number, max: toDayNumber('2026-12-31') as number }).map(fromDayNumber);
    fc.assert(
      fc.property(dates, fc.integer({ min: 1, max: 40 }), (date, n) => {
        const due = addWorkingDays(date, n, national);
        expect(isWorkingDay(due, national)).toBe(true);
        expect(countWorkingDays(date, due, national)).toBe(n);
      }),
    );
  });

  it('explains what is wrong with a calendar file', () => {
    const parse = (years: unknown) => parseWorkingCalendar({ format: 'suiji.working-calendar/1', years });
    expect(parseWorkingCalendar({ years: [] })).toMatchObject({ ok: false, error: { code: 'not_a_calendar' } });
    expect(parse([{ year: 2026, holidays: [{ from: '2026-02-30', to: '2026-03-01' }], makeUpWorkdays: [] }])).toEqual({
      ok: false,
      error: { code: 'invalid_date', path: 'years[0].holidays[0].from', value: '2026-02-30' },
    });
    expect(parse([{ year: 2026, holidays: [{ from: '2026-03-02', to: '2026-03-01' }], makeUpWorkdays: [] }])).toMatchObject({ ok: false, error: { code: 'inverted_range' } });
    expect(parse([{ year: 2026, holidays: [], makeUpWorkdays: ['2027-01-02'] }])).toMatchObject({ ok: false, error: { code: 'date_outside_years' } });
    expect(parse([{ year: 2026, holidays: [{ from: '2026-10-01', to: '2026-10-07' }], makeUpWorkdays: ['2026-10-03'] }])).toEqual({
      ok: false,
      error: { code: 'both_holiday_and_workday', date: '2026-10-03' },
    });
    expect(() => addWorkingDays('2026-02-30', 1, national)).toThrow(/not a valid date/);
  });
});
