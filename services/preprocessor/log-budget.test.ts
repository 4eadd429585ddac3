import { describe, expect, it } from 'vitest';
import { LogBudget } from './log-budget.js';

describe('LogBudget', () => {
  it('allows a number of lines per window and reports how many it left out with the next allowed one', () => {
    let now = 0;
    const budget = new LogBudget(2, 1_000, () => now);
    expect([budget.take(), budget.take(), budget.take(), budget.take()].map((t) => t.allowed)).toEqual([true, true, false, false]);
    now = 999;
    expect(budget.take().allowed).toBe(false);
    now = 1_000;
    expect(budget.take()).toEqual({ allowed: true, suppressed: 3 });
    expect(budget.take()).toEqual({ allowed: true, suppressed: 0 });
  });
});
