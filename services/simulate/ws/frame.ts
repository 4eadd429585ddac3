// One outgoing event, rendered at most once per wire form however many
// connections receive it: the raw payload (/ws), the combined envelope
// {"stream":...,"data":...} (/stream), and each again with times in
// microseconds for connections opened with timeUnit=MICROSECOND.

export type FrameKind = 'aggTrade' | 'trade' | 'kline' | 'serverShutdown' | 'malformed';

export type PayloadRenderer = (timeFactor: 1 | 1000) => string;

export class Frame {
  private rawMs: string | undefined;
  private rawUs: string | undefined;
  private combinedMs: string | undefined;
  private combinedUs: string | undefined;

  constructor(
    /** The stream name the envelope carries (`btcusdt@aggTrade`, `!serverShutdown`). */
    readonly stream: string,
    readonly kind: FrameKind,
    private readonly render: PayloadRenderer,
  ) {}

  /** The frame as a connection receives it. */
  text(combined: boolean, micros: boolean): string {
    if (combined) return micros ? (this.combinedUs ??= this.envelope(true)) : (this.combinedMs ??= this.envelope(false));
    return this.raw(micros);
  }

  raw(micros: boolean): string {
    return micros ? (this.rawUs ??= this.render(1000)) : (this.rawMs ??= this.render(1));
  }

  private envelope(micros: boolean): string {
    return `{"stream":${JSON.stringify(this.stream)},"data":${this.raw(micros)}}`;
  }
}
