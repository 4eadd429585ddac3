// PostgreSQL array literals are built by hand (see upsertParams), so both
// drivers receive the same plain string and the SQL casts it
// ($1::numeric[]). Letting each driver serialise JS arrays would put two
// encoders, and their number handling, between a decimal string and the
// database. Decimals, integers and interval names go in bare (validated:
// nothing in them needs quoting); free text is quoted here.

/** One array element, double-quoted with quotes and backslashes escaped, so any text survives. */
export function quoteElement(value: string): string {
  return `"${value.replace(/["\\]/g, (char) => `\\${char}`)}"`;
}
