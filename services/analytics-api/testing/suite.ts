// What the shared test suites need from a backend: a store and a bus
// (PGlite and the in-process bus in unit tests, PostgreSQL and Kafka in
// integration tests), and which transports to exercise.
import type { Bus } from '../../../common/bus/index.js';
import type { CandleStore } from '../../../common/store/index.js';
import type { TransportName } from './transports.js';

export interface SuiteBackend {
  readonly store: CandleStore;
  readonly bus: Bus;
  close(): Promise<void>;
}

export interface SuiteOptions {
  readonly name: string;
  /** A reason to skip (missing services), from missingServices(). */
  readonly skip?: string | undefined;
  open(): Promise<SuiteBackend>;
  readonly transports: readonly TransportName[];
}

export const MINUTE = 60_000;
/** A minute boundary: 2023-11-14T22:14:00Z. */
export const T0 = 1_700_000_040_000;

export const minute = (index: number): number => T0 + index * MINUTE;
