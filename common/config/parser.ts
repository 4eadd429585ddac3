// A parser turns one raw string (from a flag or an environment variable) into
// a typed value, or rejects it with a short problem statement. The loader adds
// which setting and which source the value came from, so a parser only says
// what is wrong with the value itself: `"foo" is not host:port`.

export interface Parser<T> {
  /** What the value looks like, for --help: `host:port,...`, `duration`, `1..65535`. */
  readonly hint: string;
  /** Turns the raw string into a value; throws ValueError when it is not acceptable. */
  parse(raw: string): T;
  /** Renders a value back the way a user would write it (defaults in --help). */
  format(value: T): string;
  /** A flag given without `=value` means this (booleans: `--verbose` means true). */
  readonly bareValue?: string;
}

/** A rejected value; the message describes the value's problem only. */
export class ValueError extends Error {
  override readonly name = 'ValueError';
}

/** Quotes a raw value for an error message, shortened so one line stays one line. */
export function quote(raw: string): string {
  const shown = raw.length > 80 ? `${raw.slice(0, 77)}...` : raw;
  return JSON.stringify(shown);
}
