import { describe, expect, it } from 'vitest';
import { IncomingLimit } from './incoming-limit.js';

describe('IncomingLimit', () => {
  it('allows 5 messages within any second and refuses the sixth', () => {
    const limit = new IncomingLimit(5);
    for (let t = 0; t < 5; t++) expect(limit.hit(1_000 + t * 100)).toBe(true);
    expect(limit.hit(1_500)).toBe(false);
  });

  it('slides: a message a full second after the first is fine again', () => {
    const limit = new IncomingLimit(5);
    for (let t = 0; t < 5; t++) expect(limit.hit(t * 10)).toBe(true);
    expect(limit.hit(1_000)).toBe(true);
    expect(limit.hit(1_005)).toBe(false);
  });
});
