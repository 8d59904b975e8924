/**
 * Loads the working-day calendar (src/core/working-days.ts) from JSON: the national
 * calendar shipped with Suiji (2025 and 2026, from the State Council's announcements), or a
 * bureau's own file. The 2027 arrangement is announced around November 2026; until a file
 * holds it, 2027 counts weekends only and `coversDate` says so.
 */
import fs from 'node:fs';
import { describeCalendarIssue, parseWorkingCalendar, type WorkingCalendar } from '../core/working-days.ts';

/** The shipped national calendar. */
export const NATIONAL_CALENDAR_FILE = new URL('./calendars/cn-national.json', import.meta.url);

/**
 * Reads and validates a calendar file; throws naming the file and the problem.
 *
 * @example const calendar = loadWorkingCalendar(); addWorkingDays('2026-09-28', 20, calendar)
 */
export function loadWorkingCalendar(file: string | URL = NATIONAL_CALENDAR_FILE): WorkingCalendar {
  const name = typeof file === 'string' ? file : file.pathname;
  let document: unknown;
  try {
    document = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${name}: cannot read the working calendar: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const calendar = parseWorkingCalendar(document);
  if (!calendar.ok) throw new Error(`${name}: ${describeCalendarIssue(calendar.error)}`);
  return calendar.value;
}
