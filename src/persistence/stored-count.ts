/**
 * A bulk write is done only when the database says how many rows it stored and that is the
 * number sent (STYLE.md: "A bulk write reports success only after the database confirmed it
 * and the stored count matches the counted one").
 */

/** Thrown when the database stored another number of rows than a bulk write sent. */
export class StoredCountMismatchError extends Error {
  override readonly name = 'StoredCountMismatchError';
  constructor(
    readonly target: string,
    readonly expected: number,
    readonly stored: number,
  ) {
    super(`${target}: ${stored} rows stored, not the ${expected} sent`);
  }
}

/**
 * Throws `StoredCountMismatchError` unless `stored` equals `expected`.
 *
 * @example checkStoredCount('draw_receipts', 5000, 4999) // throws
 */
export function checkStoredCount(target: string, expected: number, stored: number): void {
  if (stored !== expected) throw new StoredCountMismatchError(target, expected, stored);
}
