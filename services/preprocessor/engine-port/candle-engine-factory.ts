// The candle engine as the preprocessor's SnapshotEngine: common/candles'
// CandleEngine has the public snapshot/restore API the port needs, so the
// factory only builds one.
import { CandleEngine, type CandleEngineOptions } from '../../../common/candles/engine.js';
import type { SnapshotEngine } from './snapshot-engine.js';

export function createSnapshotEngine(options: CandleEngineOptions): SnapshotEngine {
  return new CandleEngine(options);
}
