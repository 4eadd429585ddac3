// The engine snapshot format the preprocessor checkpoints and rebuilds:
// common/candles/snapshot.ts owns it (versioned, exact, plain JSON).
export {
  SNAPSHOT_VERSION,
  type BaseSnapshot,
  type CandleSnapshot,
  type EngineMetaSnapshot,
  type SeenSnapshot,
  type SlotSnapshot,
  type SymbolSnapshot,
} from '../../../common/candles/snapshot.js';
