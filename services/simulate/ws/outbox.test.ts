import { describe, expect, it, vi } from 'vitest';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { Outbox, type SentKind } from './outbox.js';

/** The texts of the short text frames in `bytes` (payloads under 126 bytes, as in these tests). */
function textsOf(bytes: Buffer): string[] {
  const texts: string[] = [];
  for (let at = 0; at < bytes.length; ) {
    expect(bytes[at]).toBe(0x81);
    const length = bytes[at + 1] as number;
    expect(length).toBeLessThan(126);
    texts.push(bytes.toString('utf8', at + 2, at + 2 + length));
    at += 2 + length;
  }
  return texts;
}

function fakes(state: { delay: number; stalled: boolean }) {
  const sent: string[] = [];
  const writes: Buffer[] = [];
  const dropped: SentKind[] = [];
  const counted: SentKind[] = [];
  const ws = { OPEN: 1, readyState: 1 } as unknown as WebSocket;
  const socket = {
    write: (bytes: Buffer) => {
      writes.push(bytes);
      sent.push(...textsOf(bytes));
    },
  } as unknown as Duplex;
  const gate = { delayMs: () => state.delay, stalled: () => state.stalled };
  const outbox = new Outbox(ws, socket, gate, { sent: (kind) => counted.push(kind), dropped: (kind) => dropped.push(kind) }, () => Date.now());
  return { outbox, ws: ws as { readyState: number }, sent, writes, dropped, counted };
}

const endOfTurn = () => new Promise((resolve) => process.nextTick(resolve));

describe('Outbox', () => {
  it('sends the frames of one turn of the event loop at its end, in one write', async () => {
    const { outbox, sent, writes, counted } = fakes({ delay: 0, stalled: false });
    outbox.send('a', 'aggTrade');
    outbox.send('b', 'response');
    expect(sent).toEqual([]);
    await endOfTurn();
    expect(sent).toEqual(['a', 'b']);
    expect(writes).toHaveLength(1);
    expect(counted).toEqual(['aggTrade', 'response']);
    outbox.send('c', 'aggTrade');
    await endOfTurn();
    expect(sent).toEqual(['a', 'b', 'c']);
    expect(writes).toHaveLength(2);
  });

  it('writes at once when flushed (before a close frame), and drops what is left once the socket is closing', async () => {
    const { outbox, ws, sent, dropped } = fakes({ delay: 0, stalled: false });
    outbox.send('a', 'aggTrade');
    outbox.flush();
    expect(sent).toEqual(['a']);
    outbox.send('b', 'aggTrade');
    ws.readyState = 2;
    await endOfTurn();
    expect(sent).toEqual(['a']);
    expect(dropped).toEqual(['aggTrade']);
  });

  it('holds frames for the delay and keeps their order when the delay is lifted', async () => {
    vi.useFakeTimers();
    try {
      const state = { delay: 100, stalled: false };
      const { outbox, sent } = fakes(state);
      outbox.send('a', 'aggTrade');
      state.delay = 0;
      outbox.send('b', 'aggTrade');
      await endOfTurn();
      expect(sent).toEqual([]);
      await vi.advanceTimersByTimeAsync(100);
      await endOfTurn();
      expect(sent).toEqual(['a', 'b']);
      outbox.send('c', 'response');
      await endOfTurn();
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
