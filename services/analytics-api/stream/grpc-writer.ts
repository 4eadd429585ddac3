// A stream written straight to its HTTP/2 stream (plain gRPC, see
// common/rpc/grpc-fast-path.ts). Sessions signal work; one shared
// setImmediate then flushes every signalled stream: all its ready events go
// out as gRPC frames in one buffer and one write (up to BATCH_BYTES), and a
// stream whose transport is full waits for 'drain', so a slow client's
// backlog builds (and is conflated, then cut) in its session queue rather
// than in socket buffers. Scheduling once per event-loop turn instead of a
// promise per message is what lets one core serve tens of thousands of
// updates a second.
import type { GrpcCall } from '../../../common/rpc/index.js';
import { candleUpdateSize, eventBytes, writeCandleUpdate, type StreamEvent } from './stream-events.js';
import type { StreamSession } from './stream-session.js';

const BATCH_BYTES = 64 * 1024;
const FRAME_HEADER = 5;

/** Resolves when the stream ended normally (or the client left); rejects with the status to send. */
export function writeGrpcStream(session: StreamSession, call: GrpcCall): Promise<void> {
  return new Promise((resolve, reject) => {
    const writer = new GrpcStreamWriter(session, call, resolve, reject);
    session.onWork(() => scheduler.add(writer));
    session.open(call.signal);
    scheduler.add(writer);
  });
}

class GrpcStreamWriter {
  private blocked = false;
  private done = false;

  constructor(
    private readonly session: StreamSession,
    private readonly call: GrpcCall,
    private readonly resolve: () => void,
    private readonly reject: (error: unknown) => void,
  ) {}

  /** A bug in writing must end this stream, not the process (flush runs from a timer). */
  fail(error: unknown): void {
    if (this.done) return;
    this.done = true;
    this.session.close();
    this.reject(error);
  }

  flush(): void {
    if (this.blocked || this.done) return;
    const events: StreamEvent[] = [];
    const others: Uint8Array[] = [];
    let size = 0;
    for (let event = this.session.next(); event !== undefined; event = size < BATCH_BYTES ? this.session.next() : undefined) {
      events.push(event);
      if (event.kind === 'candle') {
        size += FRAME_HEADER + candleUpdateSize(event.subscription, event.sequence, event.candle.bytes().length);
      } else {
        const bytes = eventBytes(event);
        others.push(bytes);
        size += FRAME_HEADER + bytes.length;
      }
    }
    if (events.length > 0) {
      this.write(events, others, size);
      return;
    }
    const outcome = this.session.outcome();
    if (outcome === undefined) return;
    this.done = true;
    this.session.close();
    if (outcome.error === undefined) this.resolve();
    else this.reject(outcome.error);
  }

  private write(events: readonly StreamEvent[], others: readonly Uint8Array[], size: number): void {
    const frames = Buffer.allocUnsafe(size);
    let offset = 0;
    let other = 0;
    for (const event of events) {
      const start = offset;
      if (event.kind === 'candle') {
        offset = writeCandleUpdate(frames, start + FRAME_HEADER, event.subscription, event.sequence, event.candle.bytes());
      } else {
        const bytes = others[other++] as Uint8Array;
        frames.set(bytes, start + FRAME_HEADER);
        offset = start + FRAME_HEADER + bytes.length;
      }
      frames[start] = 0;
      frames.writeUInt32BE(offset - start - FRAME_HEADER, start + 1);
    }
    if (!this.call.write(frames)) {
      this.blocked = true;
      void this.call.drained().then(() => {
        this.blocked = false;
        scheduler.add(this);
      });
    } else if (size >= BATCH_BYTES) {
      // More may be waiting: another turn, so other streams get theirs first.
      scheduler.add(this);
    }
  }
}

/** Flushes every signalled writer once per event-loop turn. */
class FlushScheduler {
  private pending = new Set<GrpcStreamWriter>();
  private scheduled = false;

  add(writer: GrpcStreamWriter): void {
    this.pending.add(writer);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.run());
  }

  private run(): void {
    const writers = this.pending;
    this.pending = new Set();
    this.scheduled = false;
    for (const writer of writers) {
      try {
        writer.flush();
      } catch (error) {
        writer.fail(error);
      }
    }
  }
}

const scheduler = new FlushScheduler();
