import { describe, expect, it } from 'vitest';
import { BusError } from '../errors.js';
import { unknownTopics } from '../validation.js';
import { highestExplicitPartition, ProduceTopicChecks } from './produce-checks.js';

const value = new Uint8Array(0);

describe('highestExplicitPartition', () => {
  it('is -1 without explicit partitions, else the highest one', () => {
    expect(highestExplicitPartition('t', [{ key: 'a', value }])).toBe(-1);
    expect(highestExplicitPartition('t', [{ key: 'a', value, partition: 2 }, { key: 'b', value }, { key: 'c', value, partition: 0 }])).toBe(2);
  });

  it('is the error of the first malformed partition', () => {
    const error = highestExplicitPartition('t', [{ key: 'a', value, partition: 1 }, { key: 'b', value, partition: 1.5 }, { key: 'c', value, partition: -1 }]);
    expect(error).toBeInstanceOf(BusError);
    expect(error).toMatchObject({ code: 'invalid-argument', message: expect.stringContaining('partition 1.5') });
  });
});

describe('ProduceTopicChecks', () => {
  function checks(topics: Map<string, number>): { checks: ProduceTopicChecks; asked: string[] } {
    const asked: string[] = [];
    const requireTopics = async (names: readonly string[]): Promise<void> => {
      asked.push(`exists ${names.join(',')}`);
      const missing = names.filter((name) => !topics.has(name));
      if (missing.length > 0) throw unknownTopics(missing);
    };
    const partitionCount = async (name: string): Promise<number> => {
      asked.push(`count ${name}`);
      return topics.get(name) ?? 0;
    };
    return { checks: new ProduceTopicChecks(requireTopics, partitionCount), asked };
  }

  it('asks whether a topic exists once, until it is forgotten', async () => {
    const { checks: c, asked } = checks(new Map([['t', 2]]));
    await c.check('t', -1);
    await c.check('t', -1);
    expect(asked).toEqual(['exists t']);
    expect(c.knowsAny(['x', 't'])).toBe(true);
    c.forget(['t']);
    expect(c.knowsAny(['t'])).toBe(false);
    await c.check('t', -1);
    expect(asked).toEqual(['exists t', 'exists t']);
  });

  it('refuses an unknown topic, and a partition beyond the count it asks again for before refusing', async () => {
    const topics = new Map([['t', 2]]);
    const { checks: c, asked } = checks(topics);
    await expect(c.check('missing', -1)).rejects.toMatchObject({ code: 'unknown-topic' });
    await c.check('t', 1);
    await c.check('t', 0);
    expect(asked).toEqual(['exists missing', 'exists t', 'count t']);
    await expect(c.check('t', 2)).rejects.toMatchObject({ code: 'invalid-argument', message: expect.stringContaining('has 2 partitions') });
    // The topic gained partitions: the count is asked again rather than trusted.
    topics.set('t', 4);
    await c.check('t', 3);
    expect(asked.filter((entry) => entry === 'count t')).toHaveLength(3);
  });
});
