/**
 * Which rounds of a year include a tier (抽查频次). A tier with frequency `f` takes part in
 * `f` of the year's `R` rounds, spread evenly: round `r` (1..R) includes it exactly when
 * `floor(r·f/R) > floor((r−1)·f/R)`, i.e. when the running share `r·f/R` crosses a whole
 * number. Frequency 0 means the tier is inspected only on triggers (无事不扰); frequency R
 * means every round.
 */

/**
 * Tells whether round `round` (1-based) of `roundsPerYear` includes a tier of frequency `frequency`.
 *
 * @example isRoundIncluded(2, 1, 2) // true: frequency 1 of 2 rounds falls in round 2
 */
export function isRoundIncluded(round: number, frequency: number, roundsPerYear: number): boolean {
  assertFrequency(frequency, roundsPerYear);
  if (!Number.isInteger(round) || round < 1 || round > roundsPerYear) {
    throw new RangeError(`round must be an integer in [1, ${roundsPerYear}], got ${round}`);
  }
  return Math.floor((round * frequency) / roundsPerYear) > Math.floor(((round - 1) * frequency) / roundsPerYear);
}

/**
 * The rounds (1-based, ascending) that include a tier of frequency `frequency`; there are
 * exactly `frequency` of them.
 *
 * @example roundsForFrequency(2, 4) // [2, 4]
 * @example roundsForFrequency(3, 4) // [2, 3, 4]
 * @example roundsForFrequency(0, 4) // []
 */
export function roundsForFrequency(frequency: number, roundsPerYear: number): number[] {
  assertFrequency(frequency, roundsPerYear);
  const rounds: number[] = [];
  for (let round = 1; round <= roundsPerYear; round++) {
    if (isRoundIncluded(round, frequency, roundsPerYear)) rounds.push(round);
  }
  return rounds;
}

function assertFrequency(frequency: number, roundsPerYear: number): void {
  if (!Number.isInteger(roundsPerYear) || roundsPerYear < 1) {
    throw new RangeError(`rounds per year must be a positive integer, got ${roundsPerYear}`);
  }
  if (!Number.isInteger(frequency) || frequency < 0 || frequency > roundsPerYear) {
    throw new RangeError(`frequency must be an integer in [0, ${roundsPerYear}], got ${frequency}`);
  }
}
