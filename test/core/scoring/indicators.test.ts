import { describe, expect, it } from 'vitest';
import { addYears, completedYears } from '../../../src/core/credit-record.ts';
import { buildRelatedPartyIndex, isListedAt, isSeriouslyDishonestAt, prepareDecay } from '../../../src/core/scoring/indicators.ts';
import { CODE, creditCode, dishonestyListing, link } from './fixtures.ts';

const standard = [
  { withinYears: 1, weight: 1 },
  { withinYears: 2, weight: 0.6 },
  { withinYears: 3, weight: 0.3 },
];

describe('decay boundaries', () => {
  const decay = prepareDecay(standard, '2025-03-01');
  it.each([
    ['on the evaluation date', '2025-03-01', 1],
    ['the day after the date a year before', '2024-03-02', 1],
    ['exactly one year before (the first anniversary is the evaluation date)', '2024-03-01', 0.6],
    ['the day after the date two years before', '2023-03-02', 0.6],
    ['exactly two years before', '2023-03-01', 0.3],
    ['the day after the date three years before', '2022-03-02', 0.3],
    ['exactly three years before', '2022-03-01', 0],
    ['ten years before', '2015-06-01', 0],
  ])('weighs a record dated %s', (_label, date, weight) => {
    expect(decay.weightOf(date)).toBe(weight);
  });

  it('treats 29 February: as of 2025-02-28 a record of 2024-02-29 is within a year, one of 2024-02-28 is not', () => {
    const leap = prepareDecay(standard, '2025-02-28');
    expect(leap.weightOf('2024-02-29')).toBe(1);
    expect(leap.weightOf('2024-02-28')).toBe(0.6);
  });
});

describe('calendar arithmetic', () => {
  it('moves 29 February to 28 February in a common year', () => {
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('2024-02-29', -4)).toBe('2020-02-29');
  });

  it.each([
    ['2020-03-15', '2023-03-14', 2],
    ['2020-03-15', '2023-03-15', 3],
    ['2020-02-29', '2021-02-28', 1],
    ['2024-01-01', '2023-01-01', 0],
  ])('counts completed years from %s to %s', (from, to, years) => {
    expect(completedYears(from, to)).toBe(years);
  });
});

describe('lists at a date', () => {
  it('is on a list from the listed date until the day before removal', () => {
    const listing = { listedDate: '2024-01-10', removedDate: '2025-01-10' };
    expect(isListedAt(listing, '2024-01-09')).toBe(false);
    expect(isListedAt(listing, '2024-01-10')).toBe(true);
    expect(isListedAt(listing, '2025-01-09')).toBe(true);
    expect(isListedAt(listing, '2025-01-10')).toBe(false);
  });

  it('finds an enterprise on the serious-dishonesty list only while listed', () => {
    const records = [dishonestyListing('2023-05-01', '2024-06-01')];
    expect(isSeriouslyDishonestAt(records, '2024-05-31')).toBe(true);
    expect(isSeriouslyDishonestAt(records, '2024-06-01')).toBe(false);
  });
});

describe('buildRelatedPartyIndex', () => {
  const other = creditCode(2);
  const third = creditCode(3);

  it('indexes the listed enterprises per hashed person id, ignoring links not yet started or ended', () => {
    const links = [
      link(other, '2020-01-01'),
      link(third, '2026-01-01'),
      { ...link(third, '2019-01-01', 'b'.repeat(64)), endDate: '2024-12-31' },
      link(CODE, '2020-01-01'),
    ];
    const index = buildRelatedPartyIndex(links, new Set([other, third]), '2025-07-01');
    expect([...index.entries()].map(([person, codes]) => [person, [...codes]])).toEqual([['a'.repeat(64), [other]]]);
  });
});
