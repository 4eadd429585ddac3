import { describe, expect, it } from 'vitest';
import { assignRoundRobin } from './assignment.js';

const counts = (entries: Array<[string, number]>): Map<string, number> => new Map(entries);

describe('assignRoundRobin', () => {
  it('deals the partitions of every topic to the members sorted by id, in turn', () => {
    const assignment = assignRoundRobin(
      [
        { memberId: 'b', topics: ['t'] },
        { memberId: 'a', topics: ['t'] },
      ],
      counts([['t', 5]]),
    );
    expect(assignment.get('a')).toEqual([0, 2, 4].map((partition) => ({ topic: 't', partition })));
    expect(assignment.get('b')).toEqual([1, 3].map((partition) => ({ topic: 't', partition })));
  });

  it('is the same whatever order the members come in', () => {
    const members = ['m3', 'm1', 'm2'].map((memberId) => ({ memberId, topics: ['x', 'y'] }));
    const partitions = counts([
      ['x', 4],
      ['y', 3],
    ]);
    expect(assignRoundRobin(members, partitions)).toEqual(assignRoundRobin([...members].reverse(), partitions));
  });

  it('gives each partition to exactly one member, skipping members not subscribed to its topic', () => {
    const assignment = assignRoundRobin(
      [
        { memberId: 'a', topics: ['trades'] },
        { memberId: 'b', topics: ['trades', 'candles'] },
        { memberId: 'c', topics: ['candles'] },
      ],
      counts([
        ['trades', 4],
        ['candles', 3],
      ]),
    );
    const all = [...assignment.values()].flat().map((tp) => `${tp.topic}:${tp.partition}`);
    expect(all.sort()).toEqual(['candles:0', 'candles:1', 'candles:2', 'trades:0', 'trades:1', 'trades:2', 'trades:3']);
    expect(assignment.get('a')!.every((tp) => tp.topic === 'trades')).toBe(true);
    expect(assignment.get('c')!.every((tp) => tp.topic === 'candles')).toBe(true);
  });

  it('leaves members without partitions when there are more members than partitions', () => {
    const assignment = assignRoundRobin(
      ['a', 'b', 'c'].map((memberId) => ({ memberId, topics: ['t'] })),
      counts([['t', 2]]),
    );
    expect([...assignment.values()].map((partitions) => partitions.length)).toEqual([1, 1, 0]);
  });
});
