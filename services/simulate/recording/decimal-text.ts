// Facts about decimal strings the recording readers already validated
// (digits, optionally a point and digits), read from the text itself so no
// price or quantity ever becomes a float.

/** Digits after the point once trailing zeros are dropped: "0.00141300" -> 6, "23.00000000" -> 0. */
export function significantScale(text: string): number {
  const point = text.indexOf('.');
  if (point === -1) return 0;
  let end = text.length;
  while (end > point + 1 && text.charCodeAt(end - 1) === 48) end--;
  return end - point - 1;
}

/** Compares two non-negative plain decimals exactly: -1, 0 or 1. */
export function compareDecimalText(a: string, b: string): number {
  const [aInt, aFrac] = split(a);
  const [bInt, bFrac] = split(b);
  if (aInt.length !== bInt.length) return aInt.length < bInt.length ? -1 : 1;
  if (aInt !== bInt) return aInt < bInt ? -1 : 1;
  const width = Math.max(aFrac.length, bFrac.length);
  const left = aFrac.padEnd(width, '0');
  const right = bFrac.padEnd(width, '0');
  if (left === right) return 0;
  return left < right ? -1 : 1;
}

/** "0" followed by `scale` zero decimals: the zero Binance writes at that scale ("0.00000000"). */
export function zeroAtScale(scale: number): string {
  return scale === 0 ? '0' : `0.${'0'.repeat(scale)}`;
}

/** 10^-scale written with `width` decimals: unitAtScale(2, 8) = "0.01000000". */
export function unitAtScale(scale: number, width: number): string {
  const digits = Math.max(width, scale);
  if (scale === 0) return digits === 0 ? '1' : `1.${'0'.repeat(digits)}`;
  return `0.${'0'.repeat(scale - 1)}1${'0'.repeat(digits - scale)}`;
}

/** The integer digits of a decimal without leading zeros ("00012.5" -> "12", "0.3" -> ""). */
export function integerDigits(text: string): string {
  const point = text.indexOf('.');
  return (point === -1 ? text : text.slice(0, point)).replace(/^0+/, '');
}

function split(text: string): [string, string] {
  const point = text.indexOf('.');
  const whole = (point === -1 ? text : text.slice(0, point)).replace(/^0+/, '');
  const fraction = point === -1 ? '' : text.slice(point + 1);
  return [whole, fraction];
}
