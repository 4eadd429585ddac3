// An idle partition's clock advance travels as a record in the trade
// partition itself instead of being applied on the spot. Every owner that
// reads the partition applies it at the same offset, so the candles stay a
// function of the partition's log alone: a member that lost the partition
// without knowing it yet (a paused process, a missed rebalance) cannot write
// another history than the new owner's, and a replay after a crash rebuilds
// exactly the state the crashed member had. The wall clock decides only when
// a mark is written, never what a replay computes.
//
// A mark applies only where its writer expected it to land: at the offset
// right after the last record the writer had read. A mark that lands later
// was written on a stale view (records arrived meanwhile, maybe read by
// another owner) and every reader ignores it.
import type { BusMessage, OutgoingMessage } from '../../../common/bus/index.js';

/** Header that marks a record of the trade topic as the preprocessor's own, not a trade. */
export const CONTROL_HEADER = 'wick-control';
const IDLE_MARK_KIND = 'idle-mark';
const WATERMARK_HEADER = 'wick-idle-watermark';
const AFTER_HEADER = 'wick-idle-after';
/** Marks carry no trade, so their key is nobody's exchange:SYMBOL. */
const IDLE_MARK_KEY = 'wick:idle-mark';
const EMPTY = new Uint8Array(0);
const CANONICAL_INTEGER = /^(0|[1-9][0-9]*)$/;

export interface IdleMark {
  /** Event time (ms) the partition's watermark moves to. */
  readonly watermarkMs: number;
  /** The offset the writer expected the mark to get: its next offset to read when it wrote it. */
  readonly expectedOffset: bigint;
}

/** The record that advances `partition` of the trade topic to `mark.watermarkMs`, if it lands at `mark.expectedOffset`. */
export function idleMarkMessage(partition: number, mark: IdleMark): OutgoingMessage {
  return {
    key: IDLE_MARK_KEY,
    value: EMPTY,
    partition,
    headers: {
      [CONTROL_HEADER]: IDLE_MARK_KIND,
      [WATERMARK_HEADER]: String(mark.watermarkMs),
      [AFTER_HEADER]: mark.expectedOffset.toString(),
    },
  };
}

/** A record of the trade topic that is not a trade but a control record (cheap: one property read). */
export function isControlRecord(message: BusMessage): boolean {
  return message.headers[CONTROL_HEADER] !== undefined;
}

/** The mark a control record carries, or why it is not a valid one. */
export function readIdleMark(message: BusMessage): { readonly mark: IdleMark } | { readonly error: string } {
  const { headers } = message;
  const kind = headers[CONTROL_HEADER];
  if (kind !== IDLE_MARK_KIND) return { error: `unknown ${CONTROL_HEADER} ${JSON.stringify(kind?.slice(0, 40))}` };
  const watermark = headers[WATERMARK_HEADER];
  const after = headers[AFTER_HEADER];
  if (watermark === undefined || !CANONICAL_INTEGER.test(watermark) || !Number.isSafeInteger(Number(watermark))) {
    return { error: `${WATERMARK_HEADER} ${JSON.stringify(watermark?.slice(0, 40))} is not a millisecond time` };
  }
  if (after === undefined || !CANONICAL_INTEGER.test(after) || after.length > 19) {
    return { error: `${AFTER_HEADER} ${JSON.stringify(after?.slice(0, 40))} is not an offset` };
  }
  return { mark: { watermarkMs: Number(watermark), expectedOffset: BigInt(after) } };
}

/** Whether a mark applies where it landed: only at the offset its writer expected. */
export function appliesAt(mark: IdleMark, message: BusMessage): boolean {
  return message.offset === mark.expectedOffset;
}
