// One exchange of raw protocol messages on a node-postgres connection,
// answered as bytes (wire-answer.ts) instead of through the driver's parser.
//
// Why: node-postgres decodes every field of every DataRow into a string
// (in binary mode too, as UTF-8, which corrupts binary values), so a page of
// 1,000 candles cost 1,000 strings, arrays and objects, re-encoded to bytes
// afterwards, and its timestamps and integers had to be formatted as text
// by the server. Read raw, the timestamps and integers come in binary and the
// decimals as NUMERIC's exact text, each left where it arrived.
//
// How: the exchange is a Submittable (the driver's documented extension
// point, as pg-cursor), so it runs when the client's queue reaches it, with
// the connection idle. For its duration the driver's 'data' listener on the
// socket (its protocol parser, the only one) is set aside and this one reads
// the answer; at the answer's ReadyForQuery the driver's listener is put
// back and handed the ReadyForQuery itself, so the client completes the
// query, and its state and parser carry on exactly as after one of its own.
import type { Buffer } from 'node:buffer';
import type { Duplex } from 'node:stream';
import type pg from 'pg';
import { AnswerReader, WireProtocolError, type WireAnswer, type WireError } from './wire-answer.js';

type DataListener = (chunk: Buffer) => void;

/** The connection's stream is not what this module expects (another node-postgres version?): nothing was sent. */
export class RawExchangeUnsupported extends Error {
  override readonly name = 'RawExchangeUnsupported';
}

/** An ErrorResponse from PostgreSQL, shaped as the driver's errors (message, SQLSTATE code) for toStoreError. */
export class PgServerError extends Error {
  override readonly name: string = 'PgServerError';
  readonly code: string;

  constructor(error: WireError) {
    super(error.message);
    this.code = error.code;
  }
}

/** Sends `message` (frontend messages ending in Sync) on the client's connection and gives the answer. */
export function exchangeRaw(client: pg.ClientBase, message: Uint8Array): Promise<WireAnswer> {
  const exchange = new RawExchange(message);
  client.query(exchange);
  return exchange.answer;
}

class RawExchange implements pg.Submittable {
  readonly answer: Promise<WireAnswer>;
  private resolve!: (answer: WireAnswer) => void;
  private reject!: (error: unknown) => void;
  private readonly reader = new AnswerReader();
  private stream: Duplex | undefined;
  private driverListener: DataListener | undefined;
  private received: WireAnswer | undefined;
  private settled = false;

  constructor(private readonly message: Uint8Array) {
    this.answer = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  /** Called by the client when its connection is idle; an Error returned is handed back to handleError. */
  submit(connection: pg.Connection): Error | undefined {
    const { stream } = connection;
    const listeners = stream.listeners('data');
    if (listeners.length !== 1) return new RawExchangeUnsupported(`the driver's socket has ${listeners.length} data listeners, not 1`);
    if (!stream.writable) return new Error('Connection terminated: the socket is not writable');
    this.stream = stream;
    this.driverListener = listeners[0] as DataListener;
    stream.removeListener('data', this.driverListener);
    stream.on('data', this.onData);
    stream.write(this.message);
    return undefined;
  }

  private readonly onData = (chunk: Buffer): void => {
    let answer: WireAnswer | undefined;
    try {
      answer = this.reader.push(chunk);
    } catch (error) {
      // The framing is lost, so is the connection: end it, the client and pool see it die.
      this.restore();
      this.settle(error);
      this.stream?.destroy(error instanceof WireProtocolError ? error : new WireProtocolError(String(error)));
      return;
    }
    if (answer === undefined) return;
    this.received = answer;
    const driver = this.restore();
    // The driver parses the ReadyForQuery and calls handleReadyForQuery, synchronously.
    driver?.(answer.rest);
  };

  /** The client has read the exchange's ReadyForQuery: done, and the connection is free. */
  handleReadyForQuery(): void {
    if (this.received === undefined) this.settle(new WireProtocolError('ReadyForQuery reached the driver before the answer ended'));
    else this.settle(undefined, this.received);
  }

  /** The connection failed (or the exchange never started): the driver calls this instead. */
  handleError(error: unknown): void {
    this.restore();
    // A server ending the connection says why first (a FATAL ErrorResponse, e.g. 57P01 admin shutdown): that is the better error.
    const said = this.reader.errorSoFar();
    this.settle(said === undefined ? error : new PgServerError(said));
  }

  /** Puts the driver's listener back, once; returns it. */
  private restore(): DataListener | undefined {
    const { stream, driverListener } = this;
    if (stream === undefined || driverListener === undefined) return undefined;
    stream.removeListener('data', this.onData);
    stream.on('data', driverListener);
    this.driverListener = undefined;
    return driverListener;
  }

  private settle(error: unknown, answer?: WireAnswer): void {
    if (this.settled) return;
    this.settled = true;
    if (answer === undefined) this.reject(error);
    else this.resolve(answer);
  }
}
