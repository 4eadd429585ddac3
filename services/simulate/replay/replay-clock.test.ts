import { describe, expect, it } from 'vitest';
import { ReplayClock } from './replay-clock.js';

function fakeWall(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('ReplayClock', () => {
  it('runs at its rate from the anchor', () => {
    const wall = fakeWall();
    const clock = new ReplayClock(wall.now, 5_000, 10);
    wall.advance(100);
    expect(clock.now()).toBe(6_000);
    expect(clock.wallMsUntil(7_000)).toBe(100);
    expect(clock.wallMsUntil(5_500)).toBe(0);
  });

  it('freezes while paused and continues from there on resume', () => {
    const wall = fakeWall();
    const clock = new ReplayClock(wall.now, 0, 1);
    wall.advance(50);
    clock.pause();
    wall.advance(1_000);
    expect(clock.now()).toBe(50);
    expect(clock.wallMsUntil(60)).toBe(Infinity);
    clock.resume();
    wall.advance(10);
    expect(clock.now()).toBe(60);
  });

  it('created paused, stays at its start until the first resume', () => {
    const wall = fakeWall();
    const clock = new ReplayClock(wall.now, 500, 1, { paused: true });
    wall.advance(3);
    expect(clock.isPaused).toBe(true);
    expect(clock.now()).toBe(500);
    clock.resume();
    wall.advance(10);
    expect(clock.now()).toBe(510);
  });

  it('follows jumps at rate 0 (as fast as possible), never going back, then runs in real time', () => {
    const wall = fakeWall();
    const clock = new ReplayClock(wall.now, 100, 0);
    clock.jumpTo(500);
    wall.advance(1_000);
    expect(clock.now()).toBe(500);
    clock.jumpTo(400);
    expect(clock.now()).toBe(500);
    expect(clock.wallMsUntil(600)).toBe(Infinity);
    clock.setRate(1);
    wall.advance(20);
    expect(clock.now()).toBe(520);
  });

  it('refuses a negative or infinite rate', () => {
    expect(() => new ReplayClock(() => 0, 0, -1)).toThrow('rate');
    expect(() => new ReplayClock(() => 0, 0, Infinity)).toThrow('rate');
  });
});
