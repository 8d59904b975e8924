/**
 * Working days (工作日) for publication deadlines, e.g. "inspection results are published
 * within 20 working days of the inspection". A day is a working day when it is a make-up
 * working day (调休上班, a weekend day worked in exchange for a longer holiday), or else when
 * it is Monday to Friday and not a public holiday. Dates are civil dates `YYYY-MM-DD`
 * (China Standard Time by convention); no clock and no time zone are involved.
 *
 * The holidays come from data (`suiji.working-calendar/1`, parsed by `parseWorkingCalendar`):
 * the State Council announces each year's arrangement in November of the year before, so a
 * year without data is counted with weekends only, and `coversDate` tells the caller so.
 */
import { fromDayNumber, toDayNumber } from './calendar-date.ts';
import { err, ok, type Result } from './result.ts';

export const WORKING_CALENDAR_FORMAT = 'suiji.working-calendar/1';

export interface WorkingCalendar {
  /** Days off that would otherwise be working days (and weekend days inside a holiday). */
  readonly holidays: ReadonlySet<string>;
  /** Weekend days that are working days (调休上班). */
  readonly makeUpWorkdays: ReadonlySet<string>;
  /** Years whose arrangement the calendar holds. */
  readonly years: ReadonlySet<number>;
}

export type CalendarIssue =
  | { readonly code: 'not_a_calendar'; readonly reason: string }
  | { readonly code: 'invalid_date'; readonly path: string; readonly value: unknown }
  | { readonly code: 'inverted_range'; readonly path: string; readonly from: string; readonly to: string }
  | { readonly code: 'date_outside_years'; readonly path: string; readonly date: string }
  | { readonly code: 'both_holiday_and_workday'; readonly date: string };

function dayNumberOf(date: string): number {
  const days = toDayNumber(date);
  if (days === undefined) throw new Error(`${JSON.stringify(date)} is not a valid date YYYY-MM-DD`);
  return days;
}

/** 0 = Sunday … 6 = Saturday. @example dayOfWeek('2026-02-14') // 6 */
export function dayOfWeek(date: string): number {
  // 1970-01-01 was a Thursday.
  return (((dayNumberOf(date) + 4) % 7) + 7) % 7;
}

/**
 * @example isWorkingDay('2026-02-14', calendar) // true: a Saturday worked for the Spring Festival
 */
export function isWorkingDay(date: string, calendar: WorkingCalendar): boolean {
  if (calendar.makeUpWorkdays.has(date)) return true;
  if (calendar.holidays.has(date)) return false;
  const weekday = dayOfWeek(date);
  return weekday !== 0 && weekday !== 6;
}

/**
 * The date `n` working days after `date` (the start day itself is not counted; n = 0 gives
 * the date back): the last day of a "within n working days" period.
 *
 * @example addWorkingDays('2026-02-12', 3, cnCalendar) // '2026-02-24' (over the 2026 Spring Festival)
 */
export function addWorkingDays(date: string, n: number, calendar: WorkingCalendar): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`working days to add must be a non-negative integer, got ${n}`);
  let day = dayNumberOf(date);
  let remaining = n;
  while (remaining > 0) {
    day += 1;
    if (isWorkingDay(fromDayNumber(day), calendar)) remaining -= 1;
  }
  return fromDayNumber(day);
}

/**
 * Working days in `(from, to]`: how far a deadline is, or how late (negative when to < from).
 *
 * @example countWorkingDays('2026-09-30', '2026-10-09', cnCalendar) // 2 (10-08 and 10-09)
 */
export function countWorkingDays(from: string, to: string, calendar: WorkingCalendar): number {
  const start = dayNumberOf(from);
  const end = dayNumberOf(to);
  const [low, high, sign] = start <= end ? [start, end, 1] : [end, start, -1];
  let count = 0;
  for (let day = low + 1; day <= high; day++) if (isWorkingDay(fromDayNumber(day), calendar)) count += 1;
  return sign * count;
}

/** Does the calendar hold the holiday arrangement of this date's year? */
export function coversDate(date: string, calendar: WorkingCalendar): boolean {
  return calendar.years.has(Number(date.slice(0, 4)));
}

/**
 * A calendar from its JSON data:
 * `{"format": "suiji.working-calendar/1", "years": [{"year": 2026, "source": "…",
 * "holidays": [{"name": "春节", "from": "2026-02-15", "to": "2026-02-23"}], "makeUpWorkdays": ["2026-02-14"]}]}`.
 *
 * @example parseWorkingCalendar(JSON.parse(text)) // ok(calendar) or err({ code: 'invalid_date', path: 'years[0].holidays[1].from', … })
 */
export function parseWorkingCalendar(value: unknown): Result<WorkingCalendar, CalendarIssue> {
  const document = value as { format?: unknown; years?: unknown } | null;
  if (typeof document !== 'object' || document === null || document.format !== WORKING_CALENDAR_FORMAT) {
    return err({ code: 'not_a_calendar', reason: `expected an object with "format": "${WORKING_CALENDAR_FORMAT}"` });
  }
  if (!Array.isArray(document.years)) return err({ code: 'not_a_calendar', reason: 'expected "years": [...]' });
  const holidays = new Set<string>();
  const makeUpWorkdays = new Set<string>();
  const years = new Set<number>();
  for (const [yearIndex, entry] of (document.years as unknown[]).entries()) {
    const year = entry as { year?: unknown; holidays?: unknown; makeUpWorkdays?: unknown };
    const at = `years[${yearIndex}]`;
    if (typeof year !== 'object' || year === null || !Number.isInteger(year.year) || !Array.isArray(year.holidays) || !Array.isArray(year.makeUpWorkdays)) {
      return err({ code: 'not_a_calendar', reason: `${at}: expected {"year": integer, "holidays": [...], "makeUpWorkdays": [...]}` });
    }
    const inYear = (date: string): boolean => date.startsWith(`${String(year.year)}-`) || date.startsWith(`${String((year.year as number) - 1)}-12-`);
    for (const [index, holiday] of (year.holidays as unknown[]).entries()) {
      const range = holiday as { from?: unknown; to?: unknown } | null;
      const path = `${at}.holidays[${index}]`;
      for (const side of ['from', 'to'] as const) {
        const date = range?.[side];
        if (typeof date !== 'string' || toDayNumber(date) === undefined) return err({ code: 'invalid_date', path: `${path}.${side}`, value: date });
        if (!inYear(date)) return err({ code: 'date_outside_years', path: `${path}.${side}`, date });
      }
      const from = toDayNumber(range?.from as string) as number;
      const to = toDayNumber(range?.to as string) as number;
      if (to < from) return err({ code: 'inverted_range', path, from: range?.from as string, to: range?.to as string });
      for (let day = from; day <= to; day++) holidays.add(fromDayNumber(day));
    }
    for (const [index, date] of (year.makeUpWorkdays as unknown[]).entries()) {
      const path = `${at}.makeUpWorkdays[${index}]`;
      if (typeof date !== 'string' || toDayNumber(date) === undefined) return err({ code: 'invalid_date', path, value: date });
      if (!inYear(date)) return err({ code: 'date_outside_years', path, date });
      makeUpWorkdays.add(date);
    }
    years.add(year.year as number);
  }
  const clash = [...makeUpWorkdays].find((date) => holidays.has(date));
  if (clash !== undefined) return err({ code: 'both_holiday_and_workday', date: clash });
  return ok({ holidays, makeUpWorkdays, years });
}

/** A one-line English reason for a calendar issue. */
export function describeCalendarIssue(issue: CalendarIssue): string {
  switch (issue.code) {
    case 'not_a_calendar':
      return `not a ${WORKING_CALENDAR_FORMAT}: ${issue.reason}`;
    case 'invalid_date':
      return `${issue.path}: ${JSON.stringify(issue.value)} is not a date YYYY-MM-DD`;
    case 'inverted_range':
      return `${issue.path}: from ${issue.from} is after to ${issue.to}`;
    case 'date_outside_years':
      return `${issue.path}: ${issue.date} is not in that year`;
    case 'both_holiday_and_workday':
      return `${issue.date} is both a holiday and a make-up working day`;
  }
}
