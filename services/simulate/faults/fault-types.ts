// The faults a test (or the control endpoint) can inject, as one interface so
// the programmatic API and POST /__control/<fault> stay the same list.

export type MalformedKind =
  /** A frame cut off mid-way: not JSON at all. */
  | 'invalid-json'
  /** Valid JSON in the trade event's shape with wrong field types (price as a number, ids and times as strings). */
  | 'wrong-types';

export type RefuseMode =
  /** The WebSocket upgrade is answered `HTTP/1.1 503 Service Unavailable`. */
  | 'http-503'
  /** The TCP connection is closed without an answer. */
  | 'reset';

export interface FaultState {
  readonly delayMs: number;
  /** Wall-clock ms until which connections are stalled; 0 when not stalled. */
  readonly stalledUntil: number;
  /** Wall-clock ms until which new connections are refused; 0 when not refusing. */
  readonly refusingUntil: number;
  readonly refuseMode: RefuseMode;
}

export interface SimulatorFaults {
  /** Drops every open connection now: abruptly (TCP reset, no close frame) unless `abrupt: false` (close frame 1001). Returns how many. */
  dropConnections(options?: { readonly abrupt?: boolean }): number;
  /** Delays every frame sent from now on by `ms` (0 stops delaying; frames already delayed keep their order). */
  delayFrames(ms: number): void;
  /** Sends the serverShutdown event to every open connection and closes each `graceMs` later. Returns how many. */
  serverShutdown(options?: { readonly graceMs?: number }): number;
  /**
   * Sends `count` malformed frames on every subscribed aggTrade/trade stream
   * of every connection (only `symbol`'s when given). Returns how many frames went out.
   */
  sendMalformed(kind: MalformedKind, options?: { readonly count?: number; readonly symbol?: string }): number;
  /** Refuses new WebSocket connections for `ms`. Open connections are not touched. */
  refuseConnections(ms: number, options?: { readonly mode?: RefuseMode }): void;
  /** Stops sending anything (frames and pings) on every connection for `ms`, without closing; frames due meanwhile are lost. */
  stall(ms: number): void;
  /** Ends every timed fault (delay, stall, refusal) now. */
  clear(): void;
  state(): FaultState;
}
