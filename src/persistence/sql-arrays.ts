/**
 * Array parameters for bulk statements (`insert ... select * from unnest($1::text[], ...)`):
 * one statement per batch instead of one per row, on both drivers.
 */

/**
 * A PostgreSQL array literal of texts (null for SQL NULL). Arrays go over the wire as one
 * text parameter because drizzle's postgres.js driver passes JS arrays through unserialised.
 *
 * @example textArrayLiteral(['a', 'b"c', null]) // '{"a","b\\"c",NULL}'
 */
export function textArrayLiteral(values: readonly (string | null)[]): string {
  return `{${values.map((value) => (value === null ? 'NULL' : `"${value.replace(/[\\"]/g, '\\$&')}"`)).join(',')}}`;
}
