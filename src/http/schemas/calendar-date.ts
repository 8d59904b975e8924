/**
 * One schema for every calendar date a request carries: `YYYY-MM-DD` that names a real day
 * (2026-02-30 and 9999-99-99 are refused with the field named, instead of reaching
 * PostgreSQL and answering 500) in a sane range of years.
 */
import { z } from 'zod';
import { toDayNumber } from '../../core/working-days.ts';

const FIRST_YEAR = 1900;
const LAST_YEAR = 2200;

/** @example calendarDateSchema.parse('2026-02-28') // '2026-02-28'; '2026-02-30' fails */
export const calendarDateSchema = z
  .string()
  .refine((text) => toDayNumber(text) !== undefined, 'must be a real calendar date YYYY-MM-DD')
  .refine((text) => {
    const year = Number(text.slice(0, 4));
    return year >= FIRST_YEAR && year <= LAST_YEAR;
  }, `must be a date between ${FIRST_YEAR} and ${LAST_YEAR}`)
  .meta({ example: '2027-03-02' });
