import type { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import * as ws from 'ws';
import { encodeTextFrames } from './text-frames.js';

// ws's frame parser, which its clients (the collector's among them) read every frame with; its types leave it out.
const { Receiver } = ws as unknown as { Receiver: new (options: { isServer: boolean }) => Writable };

/** What a WebSocket client (ws's own receiver, as the collector uses) reads from `bytes`. */
function received(bytes: Buffer, chunkSize = bytes.length): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const messages: string[] = [];
    const receiver = new Receiver({ isServer: false });
    receiver.on('message', (data: Buffer, isBinary: boolean) => messages.push(isBinary ? `binary:${data.length}` : data.toString('utf8')));
    receiver.on('error', reject);
    for (let at = 0; at < bytes.length; at += chunkSize) receiver.write(bytes.subarray(at, at + chunkSize));
    receiver.end(() => resolve(messages));
  });
}

describe('encodeTextFrames', () => {
  it('writes frames a WebSocket client reads back as the same texts, of every length form', async () => {
    const texts = ['', 'a', 'x'.repeat(125), 'y'.repeat(126), 'z'.repeat(65_535), 'w'.repeat(65_536), '{"e":"aggTrade","s":"BTCUSDT","p":"1.00"}', 'ünïcødé ✓ 🚀'];
    expect(await received(encodeTextFrames(texts))).toEqual(texts);
  });

  it('frames that arrive in pieces read the same', async () => {
    const texts = Array.from({ length: 50 }, (_, i) => `{"i":${i},"pad":"${'p'.repeat(i * 7)}"}`);
    expect(await received(encodeTextFrames(texts), 13)).toEqual(texts);
  });

  it('is empty for no texts', () => {
    expect(encodeTextFrames([]).length).toBe(0);
  });
});
