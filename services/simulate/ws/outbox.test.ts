import { describe, expect, it, vi } from 'vitest';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { Outbox, type SentKind } from './outbox.js';

function fakes(state: { delay: number; stalled: boolean }) {
  const sent: string[] = [];
  const dropped: SentKind[] = [];
  const corks: string[] = [];
  const ws = { OPEN: 1, readyState: 1, send: (text: string) => sent.push(text) } as unknown as WebSocket;
  const socket = { cork: () => corks.push('cork'), uncork: () => corks.push('uncork') } as unknown as Duplex;
  const gate = { delayMs: () => state.delay, stalled: () => state.stalled };
  const outbox = new Outbox(ws, socket, gate, { sent: () => undefined, dropped: (kind) => dropped.push(kind) }, () => Date.now());
  return { outbox, sent, dropped, corks };
}

describe('Outbox', () => {
  it('sends at once without faults, corking the socket for the rest of the turn', async () => {
    const { outbox, sent, corks } = fakes({ delay: 0, stalled: false });
    outbox.send('a', 'aggTrade');
    outbox.send('b', 'aggTrade');
    expect(sent).toEqual(['a', 'b']);
    expect(corks).toEqual(['cork']);
    await new Promise((resolve) => process.nextTick(resolve));
    expect(corks).toEqual(['cork', 'uncork']);
  });

  it('holds frames for the delay and keeps their order when the delay is lifted', async () => {
    vi.useFakeTimers();
    try {
      const state = { delay: 100, stalled: false };
      const { outbox, sent } = fakes(state);
      outbox.send('a', 'aggTrade');
      state.delay = 0;
      outbox.send('b', 'aggTrade');
      expect(sent).toEqual([]);
      await vi.advanceTimersByTimeAsync(100);
      expect(sent).toEqual(['a', 'b']);
      outbox.send('c', 'response');
      expect(sent).toEqual(['a', 'b', 'c']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('drops frames while stalled, delayed ones included', async () => {
    vi.useFakeTimers();
    try {
      const state = { delay: 50, stalled: false };
      const { outbox, sent, dropped } = fakes(state);
      outbox.send('a', 'aggTrade');
      state.stalled = true;
      await vi.advanceTimersByTimeAsync(50);
      outbox.send('b', 'kline');
      await vi.advanceTimersByTimeAsync(50);
      expect(sent).toEqual([]);
      expect(dropped).toEqual(['aggTrade', 'kline']);
    } finally {
      vi.useRealTimers();
    }
  });
});
