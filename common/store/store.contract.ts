// The one contract every CandleStore implementation passes: PostgreSQL
// (fallback mode), PGlite, and TimescaleDB run this same suite. Each test
// writes under its own random exchange name, so tests share one store (one
// schema, one migration run) without seeing each other's candles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CandleStore, StoreMode } from './candle-store.js';
import { engineContract } from './testing/contract-engine.js';
import { readContract } from './testing/contract-reads.js';
import { rollupContract } from './testing/contract-rollups.js';
import { writeContract } from './testing/contract-writes.js';

export interface ContractSubject {
  readonly store: CandleStore;
  /** Runs SQL in the store's schema, for what the interface does not expose (updated_at, retention settings). */
  sql(text: string): Promise<Record<string, unknown>[]>;
}

export interface ContractTarget {
  readonly name: string;
  readonly mode: StoreMode;
  /** A reason to skip (a missing service), from missingServices(). */
  readonly skip?: string | undefined;
  open(): Promise<ContractSubject & { close(): Promise<void> }>;
}

export function candleStoreContract(target: ContractTarget): void {
  // Generous timeouts: PGlite (WebAssembly) creates its database and runs
  // the rollups several times slower than a PostgreSQL server, and the CI
  // machine has two cores shared with other suites.
  describe.skipIf(target.skip !== undefined)(`CandleStore contract on ${target.name}`, { timeout: 60_000 }, () => {
    let opened: (ContractSubject & { close(): Promise<void> }) | undefined;
    const subject = (): ContractSubject => {
      if (opened === undefined) throw new Error('the store under test did not open');
      return opened;
    };
    beforeAll(async () => {
      opened = await target.open();
    }, 120_000);
    afterAll(async () => {
      await opened?.close();
    }, 60_000);

    it(`reports ${target.mode} mode`, () => {
      expect(subject().store.mode).toBe(target.mode);
    });

    it('answers ping', async () => {
      await expect(subject().store.ping()).resolves.toBeUndefined();
    });

    writeContract(subject);
    readContract(subject);
    rollupContract(subject);
    engineContract(subject);
  });
}
