import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { LineWriter } from './line-writer.js';

/** A sink that accepts one chunk per tick and keeps a tiny buffer, like a slow pipe. */
function slowSink(received: string[], highWaterMark = 16): Writable {
  return new Writable({
    highWaterMark,
    decodeStrings: false,
    write(chunk: string, _encoding, done) {
      received.push(chunk);
      setImmediate(done);
    },
  });
}

describe('LineWriter', () => {
  it('batches lines into chunks and keeps their order', async () => {
    const received: string[] = [];
    const writer = new LineWriter(slowSink(received, 1 << 20), 20);
    for (let i = 0; i < 10; i++) writer.push(`row ${i}\n`);
    await writer.flush();
    expect(received.join('')).toBe(Array.from({ length: 10 }, (_, i) => `row ${i}\n`).join(''));
    expect(received.length).toBeLessThan(10);
  });

  it('makes the producer wait while the stream is full', async () => {
    const received: string[] = [];
    const sink = slowSink(received);
    const writer = new LineWriter(sink, 8);
    let maxBuffered = 0;
    for (let i = 0; i < 200; i++) {
      writer.push(`line ${i}\n`);
      await writer.drain();
      maxBuffered = Math.max(maxBuffered, sink.writableLength);
    }
    await writer.flush();
    expect(received.join('').split('\n')).toHaveLength(201);
    // After each drain the stream holds at most one chunk over its high-water mark.
    expect(maxBuffered).toBeLessThanOrEqual(16 + 16);
    expect(sink.writableLength).toBe(0);
  });

  it('records a stream error instead of throwing, and stops writing', async () => {
    const failing = new Writable({
      write(_chunk, _encoding, done) {
        done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      },
    });
    const writer = new LineWriter(failing, 1);
    writer.push('a\n');
    await writer.drain();
    await writer.flush();
    expect(writer.error?.message).toBe('write EPIPE');
    writer.push('b\n');
    await writer.drain();
    writer.release();
    expect(failing.listenerCount('error')).toBe(0);
  });
});
