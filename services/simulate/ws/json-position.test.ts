import { describe, expect, it } from 'vitest';
import { findJsonProblem, lineAndColumn } from './json-position.js';

describe('findJsonProblem', () => {
  it('accepts valid JSON', () => {
    for (const text of ['{}', '[]', '{"a":[1,-2.5e3,"x\\n",true,false,null]}', ' "s" ', '0']) expect(findJsonProblem(text), text).toBeUndefined();
  });

  it('points at the first bad character, or at the end of input', () => {
    expect(findJsonProblem('{"method": SUBSCRIBE}')).toEqual({ offset: 11, endOfInput: false });
    expect(findJsonProblem('{"a":1,}')).toEqual({ offset: 7, endOfInput: false });
    expect(findJsonProblem('{} x')).toEqual({ offset: 3, endOfInput: false });
    expect(findJsonProblem('[1,2')).toEqual({ offset: 4, endOfInput: true });
    expect(findJsonProblem('')).toEqual({ offset: 0, endOfInput: true });
    expect(findJsonProblem('{"a":"\u0001"}')).toEqual({ offset: 5, endOfInput: false });
  });

  it('turns an offset into a 1-based line and column', () => {
    expect(lineAndColumn('{"a":\n  x}', { offset: 8, endOfInput: false })).toEqual({ line: 2, column: 3 });
    expect(lineAndColumn('[1,2', { offset: 4, endOfInput: true })).toEqual({ line: 1, column: 4 });
  });
});
