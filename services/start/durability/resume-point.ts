// Where a replay resumes after a restart: at the time of the oldest of the
// symbols' last counted trades. The replay streams from there and keeps what
// came before as REST history, so each symbol's remaining trades reach the
// collector either live or through its backfill from its last counted id,
// exactly as after a restart against Binance itself.
import { decodeTradeToDomain } from '../../../common/serde/index.js';
import type { SavedPartition } from './checkpoint-table.js';

/** Milliseconds since the epoch; undefined when nothing was saved (a first start). */
export function resumeTime(saved: readonly SavedPartition[]): number | undefined {
  let oldest: number | undefined;
  for (const row of saved) {
    for (const message of row.tail) {
      const { time } = decodeTradeToDomain(message.value).trade;
      if (oldest === undefined || time < oldest) oldest = time;
    }
  }
  return oldest;
}
