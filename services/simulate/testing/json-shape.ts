// Compares a JSON value's shape with an example's: the same keys in every
// object and the same JSON type (string, number, boolean, null, object,
// array) for every value, recursively. Arrays whose example mixes types
// (a kline row) are compared position by position; other arrays element
// by element against the example's first element. Returns the differences,
// each naming its path, so a failing test says exactly which field is off.

export type JsonType = 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array';

export function jsonType(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  if (type === 'string' || type === 'number' || type === 'boolean' || type === 'object') return type;
  throw new Error(`not a JSON value: ${type}`);
}

export function shapeDifferences(actual: unknown, example: unknown, path = '$'): string[] {
  const actualType = jsonType(actual);
  const exampleType = jsonType(example);
  // A null result in the docs (SUBSCRIBE) only says "null"; other nulls are typed by the example.
  if (actualType !== exampleType) return [`${path}: ${actualType}, expected ${exampleType}`];
  if (exampleType === 'object') return objectDifferences(actual as Record<string, unknown>, example as Record<string, unknown>, path);
  if (exampleType === 'array') return arrayDifferences(actual as unknown[], example as unknown[], path);
  return [];
}

function objectDifferences(actual: Record<string, unknown>, example: Record<string, unknown>, path: string): string[] {
  const differences: string[] = [];
  for (const key of Object.keys(example)) {
    if (!(key in actual)) differences.push(`${path}.${key}: missing`);
    else differences.push(...shapeDifferences(actual[key], example[key], `${path}.${key}`));
  }
  for (const key of Object.keys(actual)) if (!(key in example)) differences.push(`${path}.${key}: not in the example`);
  return differences;
}

function arrayDifferences(actual: unknown[], example: unknown[], path: string): string[] {
  if (example.length === 0) return [];
  const tuple = new Set(example.map(jsonType)).size > 1;
  if (tuple) {
    if (actual.length !== example.length) return [`${path}: ${actual.length} elements, expected ${example.length}`];
    return actual.flatMap((element, index) => shapeDifferences(element, example[index], `${path}[${index}]`));
  }
  return actual.flatMap((element, index) => shapeDifferences(element, example[0], `${path}[${index}]`));
}
