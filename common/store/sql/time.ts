// Conversions between epoch milliseconds and timestamptz, written as SQL
// fragments, exact for every time the store accepts (1970 to 2199).
// - In: milliseconds become microseconds through interval multiplication,
//   which PostgreSQL computes in double precision: exact while the product
//   stays below 2^53 microseconds (the year 2255).
// - Out: date_part('epoch') is a double holding seconds, off by under half
//   a microsecond before 2200 (half a unit in the last place), so rounding
//   it times 1000 gives the exact millisecond of a millisecond-aligned time
//   (every stored time is one).
//   EXTRACT(EPOCH) would be exact for any time but computes in NUMERIC,
//   which doubled the server time of a latest-1,000 read.
// The store rejects times after MAX_TIME_MS, so neither limit is reached.

/** 2200-01-01T00:00:00Z - 1 ms: the latest time the store accepts or queries. */
export const MAX_TIME_MS = 7_258_118_399_999;

/** The open-time bound of a query without an upper limit, so one prepared statement serves both. */
export const NO_UPPER_BOUND_MS = MAX_TIME_MS;

/** An int8 millisecond expression as timestamptz. */
export function msToTimestamp(expression: string): string {
  return `(TIMESTAMPTZ 'epoch' + (${expression})::int8 * INTERVAL '1 millisecond')`;
}

/** A millisecond-aligned timestamptz expression as its epoch milliseconds, as text (int8 is decoded differently by each driver). */
export function timestampToMsText(expression: string): string {
  return `round(date_part('epoch', ${expression}) * 1000)::int8::text`;
}
