/**
 * One schema for every calendar date a request carries: `YYYY-MM-DD` that names a real day
 * (2026-02-30 and 9999-99-99 are refused with the field named, instead of reaching
 * PostgreSQL and answering 500) in a sane range of years. The check is core's
 * `checkCalendarDate`; this file only words it for a problem response.
 */
import { z } from 'zod';
import { checkCalendarDate } from '../../core/calendar-date.ts';

/** @example calendarDateSchema.parse('2026-02-28') // '2026-02-28'; '2026-02-30' fails */
export const calendarDateSchema = z
  .string()
  .superRefine((text, context) => {
    const checked = checkCalendarDate(text);
    if (checked.ok) return;
    const issue = checked.error;
    const message = issue.code === 'year_out_of_range' ? `must be a date between ${issue.first} and ${issue.last}` : 'must be a real calendar date YYYY-MM-DD';
    context.addIssue({ code: 'custom', message });
  })
  .meta({ example: '2027-03-02' });
